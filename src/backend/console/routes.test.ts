/**
 * The console's sign-in and what it guards, over HTTP: nothing of the console or the admin API
 * without a session; the session cookie's flags; CSRF refusal of a cookie's writes; a wrong key,
 * a forged cookie and a cross-origin form refused; every sign-in audited.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AchievementHarness, SERVER_API_KEY } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachStore('console sign-in', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  const inject = (options: InjectOptions) => h.backend.app.inject(options);
  const signIn = async (key = SERVER_API_KEY) => {
    const res = await inject({ method: 'POST', url: '/console/sign-in', headers: FORM, payload: `key=${encodeURIComponent(key)}` });
    const setCookie = res.headers['set-cookie'];
    const cookie = typeof setCookie === 'string' ? setCookie.split(';')[0]! : undefined;
    return { res, setCookie, cookie };
  };
  const csrfOf = async (cookie: string) => {
    const page = await inject({ method: 'GET', url: '/console', headers: { cookie } });
    return /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1];
  };

  it('serves nothing of the console without a session: the sign-in page only, with no app script; the app and the admin API answer 401', async () => {
    const page = await inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<form method="post" action="/console/sign-in"');
    expect(page.body).not.toContain('app.js');
    expect(page.body).not.toContain('csrf-token');

    const script = await inject({ method: 'GET', url: '/console/assets/app.js' });
    expect({ status: script.statusCode, code: script.json().error.code }).toEqual({ status: 401, code: 'SERVER_API_KEY_INVALID' });
    for (const url of ['/v1/admin/players', '/v1/admin/outbox/writes?status=pending', '/v1/admin/metrics', '/v1/admin/audit-log']) {
      const res = await inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, code: res.json().error.code }).toEqual({ url, status: 401, code: 'SERVER_API_KEY_INVALID' });
    }
    // The sign-in page's stylesheet is the one file served before sign-in.
    expect((await inject({ method: 'GET', url: '/console/assets/app.css' })).statusCode).toBe(200);
  });

  it('refuses a wrong key: 401, the sign-in page again, no cookie, and an audit entry', async () => {
    const { res, setCookie } = await signIn('not-the-server-api-key-at-all');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('That is not the server API key.');
    expect(setCookie).toBeUndefined();
    const [entry] = await h.store.listAuditEntries({ limit: 1 });
    expect(entry).toMatchObject({ action: 'console.sign_in', outcome: 'refused', actor: 'console', detail: { reason: 'wrong key' } });
    expect(JSON.stringify(entry)).not.toContain('not-the-server-api-key-at-all');
  });

  it('signs in with the key into an HttpOnly, SameSite=Strict cookie, then serves the app with its CSRF token', async () => {
    const { res, setCookie, cookie } = await signIn();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console');
    expect(setCookie).toMatch(/^pgs_console=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(setCookie).not.toContain(SERVER_API_KEY);
    const page = await inject({ method: 'GET', url: '/console', headers: { cookie: cookie! } });
    expect(page.body).toContain('/console/assets/app.js');
    expect(page.body).toMatch(/<meta name="csrf-token" content="[A-Za-z0-9_-]{43}">/);
    const script = await inject({ method: 'GET', url: '/console/assets/app.js', headers: { cookie: cookie! } });
    expect({ status: script.statusCode, type: script.headers['content-type'] }).toEqual({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect((await inject({ method: 'GET', url: '/v1/admin/players', headers: { cookie: cookie! } })).statusCode).toBe(200);
    const [entry] = await h.store.listAuditEntries({ limit: 1 });
    expect(entry).toMatchObject({ action: 'console.sign_in', outcome: 'ok', actor: expect.stringMatching(/^console:[A-Za-z0-9_-]{8}$/) });
  });

  it('refuses a cookie’s write without the page’s CSRF token, or with another session’s, and changes nothing', async () => {
    const p = await h.signIn();
    const { cookie } = await signIn();
    const { cookie: other } = await signIn();
    const url = `/v1/admin/players/${p.ref}/revoke`;
    for (const headers of [{ cookie: cookie! }, { cookie: cookie!, 'x-csrf-token': (await csrfOf(other!))! }, { cookie: cookie!, 'x-csrf-token': 'forged' }]) {
      const res = await inject({ method: 'POST', url, headers });
      expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    }
    expect((await inject({ method: 'GET', url: '/v1/me', headers: p.headers })).statusCode).toBe(200);
    expect(await h.store.getGrant(p.ref)).toMatchObject({ status: 'active' });

    const res = await inject({ method: 'POST', url, headers: { cookie: cookie!, 'x-csrf-token': (await csrfOf(cookie!))! } });
    expect(res.statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/v1/me', headers: p.headers })).statusCode).toBe(401);
  });

  it('refuses a forged or tampered cookie as no session at all', async () => {
    const { cookie } = await signIn();
    const [name, value] = cookie!.split('=') as [string, string];
    const [expires, nonce] = value.split('.');
    for (const forged of [`${name}=${expires}.${nonce}.AAAA`, `${name}=${Number(expires) + 1000}.${nonce}.${value.split('.')[2]}`, `${name}=garbage`]) {
      const page = await inject({ method: 'GET', url: '/console', headers: { cookie: forged } });
      expect(page.body).toContain('action="/console/sign-in"');
      expect((await inject({ method: 'GET', url: '/v1/admin/players', headers: { cookie: forged } })).statusCode).toBe(401);
    }
  });

  it('refuses a sign-in form posted from another origin (login CSRF), setting no cookie', async () => {
    const res = await inject({ method: 'POST', url: '/console/sign-in', headers: { ...FORM, origin: 'https://evil.example' }, payload: `key=${SERVER_API_KEY}` });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('signs out: the cookie is cleared (with the page’s CSRF token), and the sign-out is audited', async () => {
    const { cookie } = await signIn();
    const refused = await inject({ method: 'POST', url: '/console/sign-out', headers: { ...FORM, cookie: cookie! }, payload: 'csrf=wrong' });
    expect(refused.statusCode).toBe(403);
    const res = await inject({ method: 'POST', url: '/console/sign-out', headers: { ...FORM, cookie: cookie! }, payload: `csrf=${(await csrfOf(cookie!))!}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers['set-cookie']).toMatch(/^pgs_console=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect((await h.store.listAuditEntries({ limit: 1 }))[0]).toMatchObject({ action: 'console.sign_out', outcome: 'ok' });
  });
});

describe('console without a server API key', () => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ env: { PGS_SERVER_API_KEY: '' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says how to enable it, and lets nobody in', async () => {
    const page = await h.backend.app.inject({ method: 'GET', url: '/console' });
    expect(page.body).toContain('PGS_SERVER_API_KEY');
    const res = await h.backend.app.inject({ method: 'POST', url: '/console/sign-in', headers: FORM, payload: 'key=anything-at-all-long-enough-0123' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
