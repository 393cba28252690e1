/**
 * The two web UIs' built files (scripts/build-ui.mjs writes them to dist/ui/<ui>/), read into
 * memory once and served with an ETag. Both UIs are a handful of small files (docs/BENCHMARKS.md,
 * 'Web UI bundles'), so a static-file plugin would add a dependency for nothing: this serves
 * them offline, from the package itself, with no CDN.
 *
 * dist/ui/ sits one folder above this file in `dist/` (the built package) and two above it in
 * `src/` (tests, which run the sources against a built tree).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type WebUiName = 'emulator' | 'console';

/** One built file, in memory. */
export interface WebUiFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function builtDirectory(name: WebUiName): string | undefined {
  const candidates = [new URL(`./ui/${name}/`, import.meta.url), new URL(`../dist/ui/${name}/`, import.meta.url)];
  // The built folder has the bundle; src/ui/<ui>/ (the sources, in a source checkout) has only the page.
  return candidates.map((url) => fileURLToPath(url)).find((path) => existsSync(join(path, 'app.js')));
}

/** The built files of a UI by file name (`index.html`, `app.js`, `app.css`), or undefined when it was not built. */
export function loadWebUi(name: WebUiName): Map<string, WebUiFile> | undefined {
  const directory = builtDirectory(name);
  if (directory === undefined) return undefined;
  const files = new Map<string, WebUiFile>();
  for (const file of readdirSync(directory)) {
    const contentType = CONTENT_TYPES[extname(file)];
    if (contentType === undefined) continue;
    const body = readFileSync(join(directory, file));
    files.set(file, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return files;
}

/** The page served when a UI was not built (a source checkout before `npm run build`). */
export function notBuiltPage(name: WebUiName): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Web UI not built</title><body><main><h1>The ${name} web UI is not built</h1><p>Run <code>npm run build</code> (or <code>npm ci</code>, which builds it), then reload.</p></main></body></html>`;
}

/**
 * Sends a built file: `no-cache` (browsers revalidate, so a rebuilt UI shows at once) with an
 * ETag (revalidation answers 304 without the body), and headers that keep the page to itself:
 * no framing, no MIME sniffing, scripts and styles from this origin only.
 */
export function sendWebUiFile(request: FastifyRequest, reply: FastifyReply, file: WebUiFile): FastifyReply {
  reply
    .header('cache-control', 'no-cache')
    .header('etag', file.etag)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
  if (file.contentType.startsWith('text/html')) {
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  }
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.contentType).send(file.body);
}
