#!/usr/bin/env node
/**
 * The checks `npm test` runs before the tests, at once instead of one after the other: the type
 * check (src, tests, benchmarks), the typed lint, and the build the CLI tests run (`dist/`). Each
 * is one single-threaded process, so on a machine with two cores or more they take about as long
 * as the slowest of them (docs/BENCHMARKS.md, 'The test loop').
 *
 * The build is `scripts/build-if-stale.mjs`: nothing when `dist/` is newer than its sources, as
 * on a fresh clone, where `npm ci` built it; else a build that skips type checking
 * (`tsc --noCheck`, https://www.typescriptlang.org/tsconfig/#noCheck), because the type check
 * beside it covers the same sources with the same options. `npm run build` alone still checks.
 *
 * Each check's output is printed whole when it ends, under its name; the script fails when any
 * check fails, after all have ended.
 */
import { spawn } from 'node:child_process';
import process from 'node:process';

const CHECKS = [
  { name: 'typecheck', argv: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', argv: ['node_modules/eslint/bin/eslint.js', '--cache', '--cache-location', 'node_modules/.cache/eslint/', '.'] },
  { name: 'build', argv: ['scripts/build-if-stale.mjs', '--no-check'] },
];

function run({ name, argv }) {
  const started = Date.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ name, ok: false, output: `${output}${error.message}\n`, seconds: 0 }));
    child.once('close', (code) => resolve({ name, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  }).then((result) => {
    const verdict = result.ok ? 'ok' : 'FAILED';
    process.stdout.write(`checks: ${result.name} ${verdict} in ${result.seconds.toFixed(1)} s\n${result.output}`);
    return result;
  });
}

const results = await Promise.all(CHECKS.map(run));
const failed = results.filter((result) => !result.ok).map((result) => result.name);
if (failed.length > 0) {
  process.stderr.write(`checks: ${failed.join(', ')} failed\n`);
  process.exit(1);
}
