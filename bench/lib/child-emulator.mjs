/**
 * Runs `pgs emulator` in a child process, so that the load generator in the parent never shares
 * its event loop, and reads the child's memory from /proc.
 */
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { URL, fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * Starts `node dist/cli.js emulator --port 0 [...args]` and resolves once it prints
 * `listening on http://HOST:PORT` (contracts §1). `nodeArgs` go to node itself (e.g. --cpu-prof);
 * `script` runs another server that prints the same line instead (the null-server baseline).
 */
export async function startChildEmulator({ args = [], nodeArgs = [], timeoutMs = 20_000, script } = {}) {
  const argv = script === undefined ? [CLI, 'emulator', '--port', '0', ...args] : [script, ...args];
  const child = spawn(process.execPath, [...nodeArgs, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not print "listening on" within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
        // Keep draining stdout so a chatty child never blocks on a full pipe.
        stdout = '';
      } else if (stdout.length > 1_000_000) {
        stdout = stdout.slice(-10_000);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before listening\n${stderr}`));
    });
  });
  return {
    baseUrl,
    pid: child.pid,
    /** The child's memory in MB: VmRSS now and VmHWM (peak). */
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    /** Stops the child with SIGINT (so --cpu-prof writes its profile) and waits for it. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
