import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createBackend } from './app.js';
import { ApiError } from './errors.js';
import { createLogger } from './logger.js';
import { testConfig, withCredentials } from './test-support/test-config.js';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function appWithProbeRoute() {
  const store = await openStore('sqlite::memory:');
  stores.push(store);
  const { app } = await createBackend({
    config: withCredentials(testConfig({ PGS_BODY_LIMIT_BYTES: '2048' })),
    store,
    // Google is unreachable: the readiness check must say so without the reason.
    fetch: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    },
  });
  app.post(
    '/probe',
    { schema: { body: Type.Object({ steps: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } },
    (request) => ({ got: request.body }),
  );
  app.post('/no-body', () => ({ ok: true }));
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.get('/refused', () => {
    throw new ApiError('GOOGLE_UNAVAILABLE', { retryAfterMs: 3000, detail: 'ECONNRESET' });
  });
  return app;
}

describe('backend plumbing', () => {
  it('answers unknown routes with the registry format', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'GET', url: '/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
  });

  // Regression: with TypeBox 1.x the answer read `body.stepz schema is false.`: the ajv-shaped
  // branches never matched, so the message did not say what to do.
  // Regression: METHOD_NOT_ALLOWED was in the registry and docs/ERRORS.md, but a known path asked
  // with another method answered 404 ROUTE_NOT_FOUND.
  it('answers a known path with another method 405 METHOD_NOT_ALLOWED, naming the methods', async () => {
    const app = await appWithProbeRoute();
    const put = await app.inject({ method: 'PUT', url: '/v1/me?x=1' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD, DELETE');
    expect(put.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String) } });
    const get = await app.inject({ method: 'GET', url: '/v1/me/achievements/abc/unlock' });
    expect([get.statusCode, get.headers.allow]).toEqual([405, 'POST']);
    const batch = await app.inject({ method: 'GET', url: '/v1/me/achievements:batch' });
    expect([batch.statusCode, batch.headers.allow]).toEqual([405, 'POST']);
    const unknown = await app.inject({ method: 'PUT', url: '/v1/nope' });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses unknown fields, naming them and saying what to do', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'POST', url: '/probe', payload: { steps: 1, stepz: 2 } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: 'body has an unknown field "stepz"; remove it.' } });
  });

  it('names a missing required field', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'POST', url: '/probe', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: 'body is missing the required field "steps".' } });
  });

  it('does not coerce body types: "5" is not an integer', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'POST', url: '/probe', payload: { steps: '5' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_REQUEST');
    expect(res.json().error.message).toContain('steps');
  });

  it('treats an empty JSON body as no body', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'POST', url: '/no-body', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('answers INVALID_JSON for a broken body and refuses prototype poisoning', async () => {
    const app = await appWithProbeRoute();
    const broken = await app.inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'application/json' }, payload: '{"steps":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('INVALID_JSON');
    const poisoned = await app.inject({
      method: 'POST',
      url: '/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"steps":1,"__proto__":{"admin":true}}',
    });
    expect(poisoned.statusCode).toBe(400);
  });

  it('answers BODY_TOO_LARGE over the limit and UNSUPPORTED_MEDIA_TYPE for non-JSON', async () => {
    const app = await appWithProbeRoute();
    const large = await app.inject({ method: 'POST', url: '/probe', payload: { steps: 1, pad: 'x'.repeat(4096) } });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('BODY_TOO_LARGE');
    const text = await app.inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'text/plain' }, payload: 'steps=1' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  // Regression: the router answered these itself, in Fastify's {error, code, message, statusCode}
  // body (and 414 for a long parameter), not the registry's { error: { code, message } }.
  it('answers a malformed or over-long URL with INVALID_REQUEST in the registry format', async () => {
    const app = await appWithProbeRoute();
    const malformed = await app.inject({ method: 'GET', url: '/v1/me/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('percent-encoding') } });
    const long = await app.inject({ method: 'POST', url: `/v1/me/achievements/${'a'.repeat(600)}/unlock` });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('too long') } });
  });

  // Regression: Fastify's 100-character router limit cut IDs the schemas allow (256) with a 414.
  it('lets a 256-character achievement ID reach the route, which then needs a session', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'POST', url: `/v1/me/achievements/${'a'.repeat(256)}/unlock` });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(res.body).not.toContain('hunter2');
  });

  // Regression: the error code was logged under `code`, a key the logger redacts, so every
  // "request failed" and "request refused" line read `"code":"[redacted]"`.
  it('logs the error code of a failed request where the operator can read it', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const store = await openStore('sqlite::memory:');
    stores.push(store);
    const { app } = await createBackend({ config: withCredentials(testConfig()), store, logger: createLogger('info', stream) });
    app.get('/refused', () => {
      throw new ApiError('GOOGLE_UNAVAILABLE', { detail: 'ECONNRESET' });
    });
    expect((await app.inject({ method: 'GET', url: '/refused' })).statusCode).toBe(503);
    const failed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'request failed');
    expect(failed).toMatchObject({ errorCode: 'GOOGLE_UNAVAILABLE', detail: 'ECONNRESET' });
  });

  it('sends an ApiError with its status and headers', async () => {
    const app = await appWithProbeRoute();
    const res = await app.inject({ method: 'GET', url: '/refused' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json().error.code).toBe('GOOGLE_UNAVAILABLE');
    expect(res.body).not.toContain('ECONNRESET');
  });

  it('healthz is alive; readyz names the failing dependency without its reason', async () => {
    const app = await appWithProbeRoute();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: 'unavailable',
      checks: [
        { name: 'store', ok: true },
        { name: 'google', ok: false, error: 'unavailable' },
      ],
    });
  });

  it('serves Prometheus metrics that count requests by route pattern', async () => {
    const app = await appWithProbeRoute();
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/pgs_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
  });

  it('serves the OpenAPI document and its rendering', async () => {
    const app = await appWithProbeRoute();
    const doc = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    // The version is package.json's, as `pgs --version` prints it, not a copy that drifts.
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(doc.json().info.version).toBe(version);
    expect(Object.keys(doc.json().paths)).toContain('/readyz');
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('documents, per status, which registry codes a route can answer', async () => {
    const app = await appWithProbeRoute();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const signIn = doc.paths['/v1/auth/play-games'].post.responses;
    expect(signIn['401'].description).toBe('AUTH_CODE_INVALID, ID_TOKEN_INVALID');
    expect(signIn['403'].description).toBe('ID_TOKEN_MISMATCH, PLAYER_MISMATCH, APPLICATION_MISMATCH, PLAY_GAMES_ACCESS_DENIED');
    expect(signIn['409'].description).toBe('PLAYER_DELETED_DURING_SIGN_IN, GOOGLE_ACCOUNT_CONFLICT');
    expect(signIn['503'].description).toBe('GOOGLE_UNAVAILABLE');
    expect(signIn['413'].description).toBe('BODY_TOO_LARGE');
    expect(signIn['415'].description).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(doc.paths['/v1/auth/refresh'].post.responses['415'].description).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(doc.paths['/v1/me'].delete.responses['503'].description).toBe('GOOGLE_UNAVAILABLE');
    // Codes of one status from two lists (session and Google grant) are listed together.
    const reads = doc.paths['/v1/me/achievements'].get.responses;
    expect(reads['401'].description).toBe('REAUTH_REQUIRED, UNAUTHENTICATED, SESSION_INVALID, SESSION_EXPIRED');
    expect(reads['500'].description).toBe('GOOGLE_MISCONFIGURED');
    expect(reads['404'].description).toBe('PLAYER_NOT_FOUND');
  });
});
