/**
 * Runs `pgs serve` in a child process against an emulator, so that the load generator in the
 * parent never shares its event loop, and samples the child's memory from /proc.
 */
import process from 'node:process';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { URL, fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Starts `node dist/cli.js serve` with `env` and resolves once it prints `backend listening on …`. */
export async function startChildBackend({ env = {}, nodeArgs = [], timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', PGS_LOG_LEVEL: 'warn', ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`backend did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /backend listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
        stdout = '';
      } else if (stdout.length > 1_000_000) {
        stdout = stdout.slice(-10_000);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code} before listening\n${stderr}`));
    });
  });

  async function memory() {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** CPU time the child has used so far (user + system), in ms, from /proc (clock ticks of 10 ms). */
  async function cpuMs() {
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  return {
    baseUrl,
    pid: child.pid,
    memory,
    cpuMs,
    /** Samples RSS every `everyMs` until the returned stop function is called; resolves the peak in MB. */
    sampleRss(everyMs = 100) {
      let peak = 0;
      const timer = setInterval(() => {
        memory().then(({ rssMb }) => (peak = Math.max(peak, rssMb)), () => {});
      }, everyMs);
      return async () => {
        clearInterval(timer);
        const { rssMb } = await memory();
        return Math.max(peak, rssMb);
      };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
