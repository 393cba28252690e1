import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError } from './errors.js';
import { HttpClient, parseErrorBody, parseRetryAfter, scrub, type CallInfo, type HttpClientOptions, type HttpRequest } from './http.js';
import { connectionRefused, fakeFetch, googleError, hangingFetch, json, type FakeFetch } from './test-support/fake-fetch.js';

const URL_PLAYERS = new URL('https://games.example.test/games/v1/players/me');

function client(fetch: FakeFetch, options: Omit<HttpClientOptions, 'fetch'> = {}) {
  const calls: CallInfo[] = [];
  const sleeps: number[] = [];
  const http = new HttpClient({
    fetch,
    onCall: (info) => calls.push(info),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
  return { http, calls, sleeps };
}

function get(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { operation: 'games.players.get', method: 'GET', url: URL_PLAYERS, retrySafe: true, accessToken: 'ya29.secret-token', ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('HttpClient: outbound requests', () => {
  it('sends the token only as a bearer header, asks for JSON and never follows redirects', async () => {
    const fetch = fakeFetch([json(200, { kind: 'games#player', playerId: 'p1' })]);
    const { http, calls } = client(fetch);

    const res = await http.request(get());

    expect(res).toMatchObject({ status: 200, body: { kind: 'games#player', playerId: 'p1' } });
    expect(fetch.calls).toHaveLength(1);
    const [req] = fetch.calls;
    expect(req?.url).toBe('https://games.example.test/games/v1/players/me');
    expect(req?.url).not.toContain('access_token');
    expect(req?.method).toBe('GET');
    expect(req?.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer ya29.secret-token',
      'user-agent': 'play-games-server',
    });
    expect(req?.body).toBeUndefined();
    expect(req?.redirect).toBe('manual');
    expect(req?.signal).toBeInstanceOf(AbortSignal);
    expect(calls).toEqual([{ operation: 'games.players.get', status: 200, durationMs: expect.any(Number), attempt: 1 }]);
  });

  it('encodes a form body and leaves out undefined fields', async () => {
    const fetch = fakeFetch([json(200, {})]);
    const { http } = client(fetch);

    await http.request({
      operation: 'oauth.token.exchange',
      method: 'POST',
      url: new URL('https://oauth.example.test/token'),
      form: { grant_type: 'authorization_code', code: '4/a b+c', redirect_uri: '', absent: undefined },
      retrySafe: false,
    });

    expect(fetch.calls[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(fetch.calls[0]?.headers.authorization).toBeUndefined();
    expect(fetch.calls[0]?.body).toBe('grant_type=authorization_code&code=4%2Fa+b%2Bc&redirect_uri=');
  });

  it('sends a JSON body as application/json', async () => {
    const fetch = fakeFetch([json(200, { ok: true })]);
    const { http } = client(fetch);

    await http.request(get({ method: 'POST', json: { updates: [] } }));

    expect(fetch.calls[0]?.headers['content-type']).toBe('application/json');
    expect(fetch.calls[0]?.body).toBe('{"updates":[]}');
  });

  it('returns an undefined body for an empty 2xx answer', async () => {
    const { http } = client(fakeFetch([new Response(null, { status: 204 })]));
    expect(await http.request(get())).toMatchObject({ status: 204, body: undefined });
  });

  it('reads every error body to the end, so the connection can be reused (keep-alive)', async () => {
    const first = googleError(503, 'UNAVAILABLE', 'backendError', 'try later');
    const second = json(200, {});
    const { http } = client(fakeFetch([first, second]));

    await http.request(get());

    expect(first.bodyUsed).toBe(true);
    expect(second.bodyUsed).toBe(true);
  });
});

describe('HttpClient: timeouts', () => {
  it('gives up on a fetch that never answers after the per-call timeout', async () => {
    const fetch = hangingFetch();
    const { http, calls } = client(fetch);
    const started = performance.now();

    const error = await rejection(http.request(get({ retrySafe: false, timeoutMs: 50 })));

    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'timeout', attempts: 1, status: undefined });
    expect(String(error)).toContain('no answer from Google within 50 ms');
    expect(elapsed).toBeGreaterThanOrEqual(40);
    expect(elapsed).toBeLessThan(1_000);
    expect(fetch.calls).toHaveLength(1);
    expect(calls.map((c) => c.status)).toEqual(['timeout']);
  });

  it('retries a timed-out safe call, each attempt bounded, and stops at the overall deadline', async () => {
    const fetch = hangingFetch();
    const { http, calls } = client(fetch, { retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1 } });
    const started = performance.now();

    const error = await rejection(http.request(get({ timeoutMs: 40, deadlineMs: 150 })));

    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(elapsed).toBeLessThan(600);
    // 150 ms of deadline hold at most 4 attempts of 40 ms (fewer when timers fire late under load).
    expect(fetch.calls.length).toBeGreaterThanOrEqual(2);
    expect(fetch.calls.length).toBeLessThanOrEqual(4);
    expect(calls.every((c) => c.status === 'timeout')).toBe(true);
  });

  it('uses the client default timeout when the call sets none', async () => {
    const { http } = client(hangingFetch(), { timeoutMs: 30 });
    const error = await rejection(http.request(get({ retrySafe: false })));
    expect(error).toMatchObject({ kind: 'timeout', message: 'games.players.get: no answer from Google within 30 ms' });
  });

  it('rethrows the caller’s abort reason and reports the attempt as aborted', async () => {
    const controller = new AbortController();
    const { http, calls } = client(hangingFetch());
    const pending = rejection(http.request(get({ signal: controller.signal })));
    const reason = new Error('request closed');
    controller.abort(reason);

    expect(await pending).toBe(reason);
    expect(calls.map((c) => c.status)).toEqual(['aborted']);
  });
});

describe('HttpClient: retries', () => {
  it('honours Retry-After in seconds on 429, then succeeds', async () => {
    const fetch = fakeFetch([
      googleError(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Quota exceeded', { 'retry-after': '2' }),
      json(200, { ok: 1 }),
    ]);
    const { http, calls, sleeps } = client(fetch);

    const res = await http.request(get());

    expect(res.body).toEqual({ ok: 1 });
    expect(sleeps).toEqual([2_000]);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const fetch = fakeFetch([
      googleError(503, 'UNAVAILABLE', 'backendError', 'busy', { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }),
      json(200, {}),
    ]);
    const { http, sleeps } = client(fetch, { now: () => now });

    await http.request(get());

    expect(sleeps).toEqual([3_000]);
  });

  it('does not wait out a Retry-After beyond the cap: fails at once and reports it', async () => {
    const fetch = fakeFetch([googleError(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Quota exceeded', { 'retry-after': '120' })]);
    const { http, sleeps } = client(fetch);

    const error = await rejection(http.request(get()));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 429,
      googleStatus: 'RESOURCE_EXHAUSTED',
      reason: 'rateLimitExceeded',
      retryAfterMs: 120_000,
      attempts: 1,
    });
    expect(fetch.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 503 with full-jitter backoff, then succeeds', async () => {
    const fetch = fakeFetch([
      googleError(503, 'UNAVAILABLE', 'backendError', 'busy'),
      googleError(500, 'INTERNAL', 'backendError', 'oops'),
      json(200, { ok: 1 }),
    ]);
    const { http, sleeps } = client(fetch, { retry: { baseDelayMs: 100, maxDelayMs: 1_000 } });

    expect((await http.request(get())).body).toEqual({ ok: 1 });
    // random() = 0.5: half of 100 × 2^0, then half of 100 × 2^1.
    expect(sleeps).toEqual([50, 100]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const fetch = fakeFetch(Array.from({ length: 6 }, () => googleError(503, 'UNAVAILABLE', 'backendError', 'busy')));
    const { http, sleeps } = client(fetch, { random: () => 0.999, retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 } });

    await rejection(http.request(get()));

    expect(sleeps.map(Math.round)).toEqual([100, 200, 300, 300, 300]);
  });

  it('never retries a call that is not safe to retry', async () => {
    const fetch = fakeFetch([googleError(503, 'UNAVAILABLE', 'backendError', 'busy'), json(200, {})]);
    const { http, calls } = client(fetch);

    const error = await rejection(http.request(get({ retrySafe: false })));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'http', status: 503, attempts: 1 });
    expect(fetch.calls).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('never retries a network failure of an unsafe call either', async () => {
    const fetch = fakeFetch([connectionRefused(), json(200, {})]);
    const { http } = client(fetch);

    const error = await rejection(http.request(get({ retrySafe: false })));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ kind: 'network', attempts: 1, message: 'games.players.get: could not reach Google (ECONNREFUSED)' });
    expect(fetch.calls).toHaveLength(1);
  });

  it('retries network errors of a safe call', async () => {
    const fetch = fakeFetch([connectionRefused(), json(200, { ok: 1 })]);
    const { http, calls } = client(fetch);

    expect((await http.request(get())).body).toEqual({ ok: 1 });
    expect(calls.map((c) => c.status)).toEqual(['network', 200]);
  });

  it('bounds the attempts', async () => {
    const fetch = fakeFetch(() => googleError(500, 'INTERNAL', 'backendError', 'oops'));
    const { http } = client(fetch, { retry: { maxAttempts: 3 } });

    const error = await rejection(http.request(get()));

    expect(error).toMatchObject({ kind: 'http', status: 500, googleStatus: 'INTERNAL', reason: 'backendError', attempts: 3 });
    expect(fetch.calls).toHaveLength(3);
  });

  it('lets one call lower its attempts', async () => {
    const fetch = fakeFetch(() => googleError(500, 'INTERNAL', 'backendError', 'oops'));
    const { http } = client(fetch, { retry: { maxAttempts: 5 } });
    await rejection(http.request(get({ maxAttempts: 2 })));
    expect(fetch.calls).toHaveLength(2);
  });

  it('gives up when the next backoff would end past the overall deadline', async () => {
    const fetch = fakeFetch(() => googleError(503, 'UNAVAILABLE', 'backendError', 'busy'));
    const { http, sleeps } = client(fetch, { random: () => 0.99, retry: { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 1_000 } });

    const error = await rejection(http.request(get({ deadlineMs: 300 })));

    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('retries a legacy 403 rateLimitExceeded but not a 403 forbidden', async () => {
    const limited = fakeFetch([googleError(403, 'PERMISSION_DENIED', 'userRateLimitExceeded', 'slow down'), json(200, {})]);
    await client(limited).http.request(get());
    expect(limited.calls).toHaveLength(2);

    const forbidden = fakeFetch([googleError(403, 'PERMISSION_DENIED', 'forbidden', 'not a tester'), json(200, {})]);
    const error = await rejection(client(forbidden).http.request(get()));
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(forbidden.calls).toHaveLength(1);
  });

  it('does not retry a 501', async () => {
    const fetch = fakeFetch([googleError(501, 'UNIMPLEMENTED', 'notImplemented', 'no'), json(200, {})]);
    const error = await rejection(client(fetch).http.request(get()));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 501, googleStatus: 'UNIMPLEMENTED' });
    expect(fetch.calls).toHaveLength(1);
  });

  it('keeps working when the onCall hook throws', async () => {
    const http = new HttpClient({
      fetch: fakeFetch([json(200, { ok: 1 })]),
      onCall: () => {
        throw new Error('metrics down');
      },
    });
    expect((await http.request(get())).body).toEqual({ ok: 1 });
  });
});

describe('HttpClient: error answers', () => {
  it('parses Google’s envelope into a GoogleApiError and does not retry it', async () => {
    const fetch = fakeFetch([
      googleError(404, 'NOT_FOUND', 'notFound', 'The requested application with ID 571707973781 was not found.'),
    ]);
    const error = await rejection(client(fetch).http.request(get()));

    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({
      name: 'GoogleApiError',
      code: 'ERR_GOOGLE_API',
      operation: 'games.players.get',
      status: 404,
      googleStatus: 'NOT_FOUND',
      reason: 'notFound',
      retryAfterMs: undefined,
      message: 'games.players.get: Google answered HTTP 404 NOT_FOUND (notFound): The requested application with ID 571707973781 was not found.',
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('maps a proxy’s non-JSON 502 to GoogleUnavailableError without quoting the body', async () => {
    const html = '<html><body>502 Bad Gateway nginx</body></html>';
    const fetch = fakeFetch(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await rejection(client(fetch, { retry: { maxAttempts: 2 } }).http.request(get()));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 502,
      // Outside Google's HTTP mapping: read as gax-nodejs does (see src/google/wire/errors.ts).
      googleStatus: 'INTERNAL',
      reason: undefined,
      attempts: 2,
      message: 'games.players.get: Google answered HTTP 502 without a JSON body',
    });
  });

  it('maps a non-JSON 4xx to GoogleApiError with the status-derived Google status', async () => {
    const fetch = fakeFetch([new Response('Not Found', { status: 404 })]);
    const error = await rejection(client(fetch).http.request(get()));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 404, googleStatus: 'NOT_FOUND', reason: undefined });
  });

  it('maps a 2xx that is not JSON to an invalid_response GoogleUnavailableError, not retried', async () => {
    const fetch = fakeFetch([new Response('<html>captive portal</html>', { status: 200, headers: { 'content-type': 'text/html' } })]);
    const error = await rejection(client(fetch).http.request(get()));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200, attempts: 1 });
    expect(String(error)).not.toContain('captive');
    expect(fetch.calls).toHaveLength(1);
  });

  it('surfaces a redirect as an error instead of following it with the token', async () => {
    const fetch = fakeFetch([new Response(null, { status: 302, headers: { location: 'https://evil.example/' } })]);
    const error = await rejection(client(fetch).http.request(get()));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 302 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('parses an RFC 6749 body into a GoogleOAuthError for OAuth endpoints', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_grant', error_description: 'Bad Request' })]);
    const error = await rejection(
      client(fetch).http.request({
        operation: 'oauth.token.exchange',
        method: 'POST',
        url: new URL('https://oauth.example.test/token'),
        retrySafe: false,
        errorFormat: 'oauth',
      }),
    );
    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect(error).toMatchObject({
      code: 'ERR_GOOGLE_OAUTH',
      error: 'invalid_grant',
      description: 'Bad Request',
      status: 400,
      message: 'oauth.token.exchange: Google answered HTTP 400 invalid_grant: Bad Request',
    });
  });

  it('scrubs every secret the request carried from messages Google echoes', async () => {
    const token = 'ya29.a0AfH6SMBx-very-secret';
    const code = '4/0AX4XfWh/secret+code';
    const fetch = fakeFetch([
      googleError(401, 'UNAUTHENTICATED', 'authError', `Invalid Credentials ${token} for ${encodeURIComponent(code)} and ${code}`),
    ]);
    const error = await rejection(client(fetch).http.request(get({ accessToken: token, secrets: [code, undefined] })));

    for (const text of [String(error), JSON.stringify(error), (error as Error).message]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(code);
      expect(text).not.toContain(encodeURIComponent(code));
      expect(text).not.toContain('very-secret');
    }
    expect((error as Error).message).toContain('Invalid Credentials [REDACTED] for [REDACTED] and [REDACTED]');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'GoogleApiError',
      operation: 'games.players.get',
      code: 'ERR_GOOGLE_API',
      status: 401,
      googleStatus: 'UNAUTHENTICATED',
      reason: 'authError',
    });
  });
});

describe('parseErrorBody', () => {
  it('reads the ErrorInfo reason when errors[] is absent', () => {
    const body = JSON.stringify({
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
      },
    });
    expect(parseErrorBody(body)).toEqual({
      json: true,
      googleStatus: 'PERMISSION_DENIED',
      reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
      message: 'Request had insufficient authentication scopes.',
    });
  });

  it('reads the flattened legacy form {code, errors[]}', () => {
    const body = JSON.stringify({ code: 404, errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }] });
    expect(parseErrorBody(body)).toEqual({ json: true, googleStatus: undefined, reason: 'notFound', message: 'Not Found' });
  });

  it('tolerates a null message (seen on PGS 500s)', () => {
    const body = JSON.stringify({ error: { code: 500, message: null, status: 'INTERNAL' } });
    expect(parseErrorBody(body)).toEqual({ json: true, googleStatus: 'INTERNAL', reason: undefined, message: undefined });
  });

  it('marks non-JSON bodies', () => {
    expect(parseErrorBody('<html>')).toEqual({ json: false });
    expect(parseErrorBody('null')).toEqual({ json: true });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [null, undefined],
    ['0', 0],
    ['7', 7_000],
    [' 12 ', 12_000],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
    ['1.5', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('scrub', () => {
  it('caps long messages', () => {
    expect(scrub('x'.repeat(2_000), [])).toHaveLength(501);
  });

  it('redacts the form-encoded spelling of a secret too (spaces as +)', () => {
    expect(scrub('got a b/c and a+b%2Fc', ['a b/c'])).toBe('got [REDACTED] and [REDACTED]');
  });

  // Regression: encodeURIComponent throws URIError on a lone surrogate, so a client sending
  // "\ud800" as its server auth code turned Google's invalid_grant into a 500.
  it('never throws on a secret that is not well-formed UTF-16', () => {
    expect(scrub('invalid_grant: \ud800 %EF%BF%BD', ['\ud800'])).toBe('invalid_grant: [REDACTED] [REDACTED]');
  });
});

describe('HttpClient: OAuth error codes', () => {
  // Regression: the `error` code was scrubbed of the request's secrets, so a client sending "a"
  // as its server auth code got "inv[REDACTED]lid_gr[REDACTED]nt", which sign-in could not
  // recognise as invalid_grant: it answered 500 GOOGLE_MISCONFIGURED.
  it('keeps the RFC 6749 error code intact when a short secret is part of it', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' })]);
    const error = await rejection(
      client(fetch).http.request({
        operation: 'oauth.token.exchange',
        method: 'POST',
        url: new URL('https://oauth.example.test/token'),
        form: { code: 'a' },
        retrySafe: false,
        errorFormat: 'oauth',
        secrets: ['a'],
      }),
    );
    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400, description: 'M[REDACTED]lformed [REDACTED]uth code.' });
  });

  it('scrubs an error that is not an RFC 6749 code, as it would a message', async () => {
    const fetch = fakeFetch([json(400, { error: 'bad 4/secret-code', error_description: 'x' })]);
    const error = await rejection(
      client(fetch).http.request({
        operation: 'oauth.token.exchange',
        method: 'POST',
        url: new URL('https://oauth.example.test/token'),
        retrySafe: false,
        errorFormat: 'oauth',
        secrets: ['4/secret-code'],
      }),
    );
    expect(error).toMatchObject({ error: 'bad [REDACTED]' });
  });
});

describe('HttpClient: secrets that are not well-formed UTF-16', () => {
  it('still maps the answer to a typed error (regression: URIError from scrubbing a lone surrogate)', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' })]);
    const error = await rejection(
      client(fetch).http.request({
        operation: 'oauth.token.exchange',
        method: 'POST',
        url: new URL('https://oauth.example.test/token'),
        form: { code: '\ud800' },
        retrySafe: false,
        errorFormat: 'oauth',
        secrets: ['\ud800'],
      }),
    );
    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400, description: 'Malformed auth code.' });
  });
});

describe('HttpClient: configuration', () => {
  it('refuses nonsensical bounds', () => {
    expect(() => new HttpClient({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new HttpClient({ retry: { maxAttempts: 0 } })).toThrow(RangeError);
  });

  it('defaults to undici over a keep-alive agent (not the global fetch), and never follows a redirect', async () => {
    const seen: Array<{ url?: string; authorization?: string }> = [];
    const server = createServer((request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: 1 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const client = new HttpClient();
      const res = await client.request(get({ url: new URL(`${base}/games/v1/players/me`), accessToken: 'ya29.token' }));
      expect(res.body).toEqual({ ok: 1 });
      await expect(client.request(get({ url: new URL(`${base}/moved`) }))).rejects.toBeInstanceOf(GoogleApiError);
      expect(seen.map((r) => r.url)).toEqual(['/games/v1/players/me', '/moved']);
      expect(seen[0]?.authorization).toBe('Bearer ya29.token');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
