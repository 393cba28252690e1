/**
 * The console's key when `pgs serve` runs on its built-in emulator and `PGS_SERVER_API_KEY` is
 * not set: a random key kept in `<data dir>/console-key` (mode 0600, made once), so that a new
 * user can sign in to the console from `npm start` alone. Its path is printed, never the key.
 * Only for that local mode: with real Google credentials the operator sets the variable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The key, and the file that holds it. */
export function localConsoleKey(dataDir: string): { key: string; file: string } {
  const file = path.join(dataDir, 'console-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 24) throw new Error(`${file} holds no usable key; delete it and start again.`);
  return { key, file };
}
