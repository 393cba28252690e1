/**
 * `pgs emulator` in a child process (see child-server.mjs).
 */
import { URL, fileURLToPath } from 'node:url';
import { startChildServer } from './child-server.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * Starts `node dist/cli.js emulator --port 0 [...args]` and resolves once it prints
 * `listening on http://HOST:PORT` (src/emulator/README.md, 'Running it'). `nodeArgs` go to node
 * itself (e.g. --cpu-prof); `script` runs another server that prints the same line instead (the
 * null-server baseline).
 */
export async function startChildEmulator({ args = [], nodeArgs = [], timeoutMs = 20_000, script } = {}) {
  return startChildServer({
    name: 'emulator',
    argv: script === undefined ? [CLI, 'emulator', '--port', '0', ...args] : [script, ...args],
    nodeArgs,
    ready: /listening on (http:\/\/[^\s]+)/,
    stopSignal: 'SIGINT',
    timeoutMs,
  });
}
