#!/usr/bin/env node
/**
 * Start-up time: how long from launching a command until the backend prints
 * `backend listening on …` (the built-in emulator is up by then too). Runs each command
 * `--runs` times on free ports with a fresh SQLite file and prints min, median and max.
 *
 * Compares `npm start` on a built tree (the rebuild check, then the CLI) with `node dist/cli.js
 * serve` alone, so the difference is what npm and the staleness check add. `--baseline DIR` adds
 * `node DIR/cli.js serve`, another build's dist/ inside this checkout, to compare a change before
 * and after in one run. For the `node` commands, the RSS of the process when it printed the line.
 *
 *   npm run build && node bench/start-up.mjs [--runs 7] [--baseline DIR]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import { markdownTable } from './lib/table.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, baseline: { type: 'string' } } });
const runs = Number(values.runs);

const COMMANDS = [
  { name: 'npm start (built tree)', argv: ['npm', 'start', '--silent'] },
  { name: 'node dist/cli.js serve', argv: [process.execPath, 'dist/cli.js', 'serve'], rss: true },
  ...(values.baseline === undefined ? [] : [{ name: `node ${values.baseline}/cli.js serve`, argv: [process.execPath, path.join(values.baseline, 'cli.js'), 'serve'], rss: true }]),
];

/** VmRSS of `pid` in MB. */
function rssMb(pid) {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
}

/** `{ ms, rssMb }`: milliseconds until the listening line and the RSS then; then the process is stopped. */
function timeToListen(argv) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgs-start-'));
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), {
    env: {
      ...process.env,
      PORT: '0',
      PGS_EMULATOR_PORT: '0',
      DATABASE_URL: `sqlite:${path.join(dir, 'pgs.sqlite')}`,
      // The built-in emulator's saved state goes beside that database, not into the repository's ./data.
      PGS_EMULATOR_DATA_DIR: path.join(dir, 'emulator'),
      PGS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => finish(new Error(`no listening line within 60 s:\n${out}`)), 60_000);
    function finish(result) {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      child.once('exit', () => (result instanceof Error ? reject(result) : resolve(result)));
    }
    const onData = (chunk) => {
      out += chunk;
      if (/backend listening on http/.test(out)) finish({ ms: performance.now() - started, rssMb: rssMb(child.pid) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = new Map(COMMANDS.map((c) => [c.name, []]));
await timeToListen(COMMANDS[0].argv); // warm-up: file cache, and a build if the tree was stale
for (let i = 0; i < runs; i++) {
  for (const command of COMMANDS) samples.get(command.name).push(await timeToListen(command.argv));
}
const rows = COMMANDS.map(({ name, rss }) => {
  const xs = samples.get(name).map((s) => s.ms);
  return [name, Math.min(...xs).toFixed(0), median(xs).toFixed(0), Math.max(...xs).toFixed(0), rss ? median(samples.get(name).map((s) => s.rssMb)).toFixed(0) : '–'];
});
process.stdout.write(`start-up to "backend listening", ${runs} runs each, interleaved (Node ${process.version})\n\n`);
process.stdout.write(`${markdownTable(['command', 'min ms', 'median ms', 'max ms', 'median RSS MB at listening'], rows)}\n`);
