import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend } from '../app.js';
import type { Env } from '../config.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

const GAME = 'https://game.example.com';
const STRANGER = 'https://elsewhere.example';
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function backend(env: Env) {
  const store = await openStore('sqlite::memory:');
  stores.push(store);
  const { app } = await createBackend({ config: withCredentials(testConfig(env)), store });
  return app;
}

function preflight(origin: string, url = '/v1/me/achievements/CgkI1/unlock') {
  return {
    method: 'OPTIONS' as const,
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  };
}

function corsHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

describe('CORS', () => {
  it('is off by default: no CORS header for any origin, OPTIONS answers as before', async () => {
    const app = await backend({});
    const res = await app.inject(preflight(GAME, '/v1/me'));
    expect(res.statusCode).toBe(405);
    expect(corsHeaders(res.headers)).toEqual([]);
    const get = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: GAME } });
    expect(corsHeaders(get.headers)).toEqual([]);
  });

  it('answers an allowed origin\'s preflight 204 with the methods and headers the API uses', async () => {
    const app = await backend({ PGS_CORS_ORIGINS: `${GAME}, http://localhost:5173` });
    const res = await app.inject(preflight(GAME));
    expect(res.statusCode).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': GAME,
      'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
      'access-control-allow-headers': 'authorization, content-type, idempotency-key',
      'access-control-max-age': '600',
    });
    expect(res.headers.vary).toContain('Origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const local = await app.inject(preflight('http://localhost:5173'));
    expect([local.statusCode, local.headers['access-control-allow-origin']]).toEqual([204, 'http://localhost:5173']);
  });

  it('gives another origin nothing CORS, neither on the preflight nor on the answer', async () => {
    const app = await backend({ PGS_CORS_ORIGINS: GAME });
    const res = await app.inject(preflight(STRANGER));
    expect(res.statusCode).toBe(405);
    expect(corsHeaders(res.headers)).toEqual([]);
    const unknownPath = await app.inject(preflight(STRANGER, '/v1/nope'));
    expect([unknownPath.statusCode, unknownPath.json().error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    const get = await app.inject({ method: 'GET', url: '/v1/me', headers: { origin: STRANGER } });
    expect(get.statusCode).toBe(401);
    expect(corsHeaders(get.headers)).toEqual([]);
    const noOrigin = await app.inject({ method: 'GET', url: '/v1/me' });
    expect(corsHeaders(noOrigin.headers)).toEqual([]);
  });

  it('lets an allowed page read error answers and their Retry-After and WWW-Authenticate', async () => {
    const app = await backend({ PGS_CORS_ORIGINS: GAME });
    const res = await app.inject({ method: 'GET', url: '/v1/me', headers: { origin: GAME } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    expect(res.headers['access-control-allow-origin']).toBe(GAME);
    expect(res.headers['access-control-expose-headers']).toBe('retry-after, www-authenticate');
  });

  it('with "*", answers every origin with a wildcard and no credentials', async () => {
    const app = await backend({ PGS_CORS_ORIGINS: '*' });
    const res = await app.inject(preflight(STRANGER));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('with PGS_CORS_CREDENTIALS, allows credentials for the listed origins only', async () => {
    const app = await backend({ PGS_CORS_ORIGINS: GAME, PGS_CORS_CREDENTIALS: 'true' });
    const res = await app.inject(preflight(GAME));
    expect(res.headers).toMatchObject({ 'access-control-allow-origin': GAME, 'access-control-allow-credentials': 'true' });
    expect(corsHeaders((await app.inject(preflight(STRANGER))).headers)).toEqual([]);
  });
});
