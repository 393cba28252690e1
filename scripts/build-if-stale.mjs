#!/usr/bin/env node
/**
 * Builds dist/ only when it is older than what it is built from, so that `npm start` on a built
 * tree starts at once instead of running the TypeScript compiler every time (a full build takes
 * several seconds). A build is the TypeScript compiler for the server code, then
 * scripts/build-ui.mjs for the two web UIs (src/ui/ → dist/ui/). A build that changes nothing
 * still refreshes the stamp, so the next start skips it. `npm ci` runs it too (`prepare`), so
 * the first `npm test` of a fresh clone finds `dist/` built.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const STAMP = 'dist/.build-stamp';
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtimeMs(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

const builtAt = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changedAt = Math.max(...INPUTS.map(newestMtimeMs));
if (changedAt > builtAt) {
  // `--no-check`: emit without type checking, for `npm test`, whose type check covers the same sources.
  const check = process.argv.includes('--no-check') ? ['--noCheck'] : [];
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', ...check], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  const ui = spawnSync(process.execPath, ['scripts/build-ui.mjs'], { stdio: 'inherit' });
  if (ui.status !== 0) process.exit(ui.status ?? 1);
  closeSync(openSync(STAMP, 'a'));
  const now = new Date();
  utimesSync(STAMP, now, now);
}
