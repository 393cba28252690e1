/**
 * The default transport of the Google clients: undici's `request`, over one keep-alive agent.
 *
 * Node's global `fetch` is undici too, but wraps every exchange in WHATWG streams, abort
 * machinery and `Response` objects: measured on this project's sign-in path, a fetch costs about
 * 2.3× the CPU of `undici.request` for the same call (docs/BENCHMARKS.md, "Sign-in"), and a sign-in
 * makes four or five. Tests and wrappers still inject a `fetch` (`HttpClientOptions.fetch`).
 */
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import type { FetchLike, HeaderReader, TransportResponse } from './fetch-like.js';

// undici's agent and its `request`, by their own files: undici's index loads every part of it
// (fetch, WebSocket, EventSource, caches, mocks), about 10 MB of RSS the backend never uses
// (docs/BENCHMARKS.md, 'Hot paths'). undici is pinned to one version in package.json, and the
// transport tests (http.test.ts, the emulator tests of the clients) run over these files.
const require = createRequire(import.meta.url);
const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
const dispatch = require('undici/lib/api/api-request.js') as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/** Pooled, keep-alive connections to each Google host (or the emulator). */
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });

/** A `FetchLike` over `undici.request`. It never follows redirects (a bearer token must not travel). */
export const undiciFetch: FetchLike = async (input, init) => {
  const url = new URL(input);
  const response = await dispatch.call(agent, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: (init.method ?? 'GET') as 'GET' | 'POST' | 'DELETE',
    headers: init.headers as Record<string, string> | undefined,
    body: typeof init.body === 'string' ? init.body : undefined,
    signal: init.signal ?? undefined,
  });
  const headers = response.headers;
  const reader: HeaderReader = {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
  return { status: response.statusCode, headers: reader, text: () => response.body.text() } satisfies TransportResponse;
};
