/**
 * A recording `fetch` for unit tests: every outbound request is captured (URL, method, headers,
 * body) so tests assert exactly what would have gone to Google, and nothing reaches the network.
 */
import type { FetchLike } from '../http.js';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  redirect: RequestInit['redirect'];
  signal: AbortSignal | undefined;
}

export type FakeHandler = (req: RecordedRequest, index: number) => Response | Promise<Response>;

export type FakeFetch = FetchLike & { calls: RecordedRequest[] };

/** A fetch that records each request and answers with `handler` (or the next entry of a list). */
export function fakeFetch(handler: FakeHandler | Array<Response | (() => Response | Promise<Response>) | Error>): FakeFetch {
  const calls: RecordedRequest[] = [];
  const fn = async (input: string, init: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const req: RecordedRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      redirect: init.redirect,
      signal: init.signal ?? undefined,
    };
    const index = calls.length;
    calls.push(req);
    if (typeof handler === 'function') return handler(req, index);
    const next = handler[index];
    if (next === undefined) throw new Error(`fake fetch: no answer scripted for request #${index + 1}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return Object.assign(fn, { calls });
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
  });
}

/** Google's error envelope (docs/google/errors.md, 'Envelope'). */
export function googleError(
  status: number,
  googleStatus: string,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    status,
    { error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: googleStatus } },
    headers,
  );
}

/** A fetch that never answers until its signal aborts, as a hung Google would. */
export function hangingFetch(): FakeFetch {
  return fakeFetch(
    (req) =>
      new Promise<Response>((_resolve, reject) => {
        req.signal?.addEventListener('abort', () => reject(req.signal?.reason as Error), { once: true });
      }),
  );
}

/** The error undici throws when a connection is refused. */
export function connectionRefused(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
}

/** Parses a recorded form body into a plain object. */
export function formOf(req: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req?.body ?? ''));
}
