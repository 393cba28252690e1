#!/usr/bin/env node
/**
 * Builds the two web UIs (the emulator's at `/`, the backend's console at `/console`) from
 * src/ui/ into dist/ui/: one esbuild bundle per UI (Preact, minified, no source maps shipped to
 * browsers), its stylesheet, and its HTML page. No CDN: everything a page loads is in dist/ui/,
 * so both UIs work offline. Prints each file's size (raw and gzip) with `--sizes`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const UIS = ['emulator', 'console'];
const OUT = 'dist/ui';

for (const ui of UIS) {
  const outdir = join(OUT, ui);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: `src/ui/${ui}/main.tsx` },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of readdirSync(`src/ui/${ui}`)) {
    if (file.endsWith('.html')) copyFileSync(join(`src/ui/${ui}`, file), join(outdir, file));
  }
}

if (process.argv.includes('--sizes')) {
  for (const ui of UIS) {
    for (const file of readdirSync(join(OUT, ui))) {
      const path = join(OUT, ui, file);
      const raw = statSync(path).size;
      const gzip = gzipSync(readFileSync(path), { level: 9 }).length;
      process.stdout.write(`${path}\t${raw} B\t${gzip} B gzip\n`);
    }
  }
}
