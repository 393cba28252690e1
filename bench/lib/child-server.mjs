/**
 * Runs a server of ours (`pgs emulator`, `pgs serve`, or a plain script) in a child process, so
 * that the load generator in the parent never shares its event loop, and reads the child's
 * memory and CPU time from /proc.
 */
import process from 'node:process';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Starts `node [...nodeArgs] [...argv]` with `env` added to this process's, and resolves once its
 * stdout matches `ready` (a regexp whose first group is the server's URL). `stopSignal` is sent
 * by `stop()` (SIGINT lets --cpu-prof write its profile).
 */
export async function startChildServer({ name, argv, nodeArgs = [], env = {}, ready, stopSignal = 'SIGINT', timeoutMs = 30_000 }) {
  const child = spawn(process.execPath, [...nodeArgs, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = ready.exec(stdout);
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
      reject(new Error(`${name} exited with ${code} before it was ready\n${stderr}`));
    });
  });

  /** The child's memory in MB: VmRSS now and VmHWM (peak). */
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
    /** Stops the child and waits for it (SIGKILL after 10 s). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
