/**
 * `pgs serve` in a child process against an emulator (see child-server.mjs).
 */
import { URL, fileURLToPath } from 'node:url';
import { startChildServer } from './child-server.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Starts `node dist/cli.js serve` with `env` and resolves once it prints `backend listening on …`. */
export async function startChildBackend({ env = {}, nodeArgs = [], timeoutMs = 30_000 } = {}) {
  return startChildServer({
    name: 'backend',
    argv: [CLI, 'serve'],
    nodeArgs,
    env: { PORT: '0', PGS_LOG_LEVEL: 'warn', ...env },
    ready: /backend listening on (http:\/\/[^\s]+)/,
    stopSignal: 'SIGTERM',
    timeoutMs,
  });
}
