#!/usr/bin/env node
/**
 * The backend's memory once started: `pgs serve` in a child process against an external emulator
 * (so the emulator's own memory is not counted), VmRSS two seconds after it prints `backend
 * listening on …`, with no request served. `--baseline DIR` (another build's dist/, inside this
 * checkout) starts that build too, alternating which goes first, to measure a change before and
 * after in one run.
 *
 *   npm run build && node bench/backend-memory.mjs [--runs 5] [--store sqlite|postgres] [--baseline DIR]
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withBenchStore } from './lib/bench-store.mjs';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { startChildServer } from './lib/child-server.mjs';
import { markdownTable } from './lib/table.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, store: { type: 'string', default: 'sqlite' }, baseline: { type: 'string' } },
});
const runs = Number(args.runs);
const KEY = randomBytes(32).toString('base64');
const builds = [
  { name: 'dist/', cli: fileURLToPath(new URL('../dist/cli.js', import.meta.url)) },
  ...(args.baseline === undefined ? [] : [{ name: args.baseline, cli: join(args.baseline, 'cli.js') }]),
];

const emulator = await startChildEmulator({ args: ['--quiet'] });
const figures = new Map(builds.map((b) => [b.name, []]));
try {
  for (let run = 0; run < runs; run++) {
    for (const build of run % 2 === 0 ? builds : [...builds].reverse()) {
      await withBenchStore(args.store, async (store) => {
        const child = await startChildServer({
          name: build.name,
          argv: [build.cli, 'serve'],
          env: { ...store, PORT: '0', PGS_LOG_LEVEL: 'warn', PGS_EMULATOR_URL: emulator.baseUrl, PGS_SESSION_SECRET: KEY, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`, PGS_SERVER_API_KEY: randomBytes(24).toString('base64url') },
          ready: /backend listening on (http:\/\/[^\s]+)/,
          stopSignal: 'SIGTERM',
        });
        try {
          await sleep(2000);
          figures.get(build.name).push((await child.memory()).rssMb);
        } finally {
          await child.stop();
        }
      });
    }
  }
} finally {
  await emulator.stop();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(
  `${markdownTable(
    ['build', `store`, 'VmRSS MB at listening + 2 s, median', 'min – max'],
    builds.map((b) => {
      const xs = figures.get(b.name);
      return [b.name, args.store, median(xs).toFixed(1), `${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)}`];
    }),
  )}\n`,
);
