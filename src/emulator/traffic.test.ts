import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { createEmulator } from './create-emulator.js';
import { ACH, REGULAR, api, call, envelope, exchange, mintCode, progressOf, signIn, startEmulator } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ faultSeed: 42 });
});
let token: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app)).access_token;
});

const fault = async (spec: Record<string, unknown>) => {
  const reply = await call(emulator.app, 'POST', '/emulator/v1/faults', spec);
  expect(reply.status).toBe(201);
  return reply.body.id as string;
};
const me = () => api(emulator.app, 'GET', '/games/v1/players/me', token);
const increment = (steps = 1, extra = '') =>
  api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=${steps}${extra}`, token);

describe('status faults', () => {
  it('answers Google’s envelope with the status and its default reason, then stops after `times`', async () => {
    await fault({ path: '/games/v1/players', status: 503, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const reply = await me();
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual(envelope(503, 'UNAVAILABLE', 'backendError', 'The service is currently unavailable.'));
    }
    expect((await me()).status).toBe(200);
  });

  it('uses the given reason and message, and sends Retry-After on 429 (default 1 s, or retryAfterSeconds)', async () => {
    await fault({ path: '/games/', status: 429, times: 1 });
    const first = await me();
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded', domain: 'global' }] });

    await fault({ path: '/games/', status: 429, reason: 'userRateLimitExceeded', message: 'Slow down.', retryAfterSeconds: 7, times: 1 });
    const second = await me();
    expect(second.headers['retry-after']).toBe('7');
    expect(second.body).toEqual(envelope(429, 'RESOURCE_EXHAUSTED', 'userRateLimitExceeded', 'Slow down.'));
  });

  it('matches by path prefix and method', async () => {
    await fault({ path: '/games/v1/achievements', method: 'post', status: 500 });
    expect((await api(emulator.app, 'GET', '/games/v1/achievements', token)).status).toBe(200);
    expect((await me()).status).toBe(200);
    const write = await increment();
    expect(write.status).toBe(500);
    expect(write.body).toEqual(envelope(500, 'INTERNAL', 'backendError', 'Internal error encountered.'));
  });

  it('fails before applying: the write did not happen', async () => {
    await fault({ path: '/games/v1/achievements', status: 503, times: 1 });
    expect((await increment(2)).status).toBe(503);
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
  });

  it('answers RFC 6749 bodies at the token endpoint', async () => {
    const code = await mintCode(emulator.app);
    await fault({ path: '/token', status: 503, times: 1 });
    const failed = await exchange(emulator.app, code);
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ error: 'temporarily_unavailable', error_description: 'The service is currently unavailable.' });
    // The code was not used up: the fault came first.
    expect((await exchange(emulator.app, code)).status).toBe(200);
    await fault({ path: '/token', status: 429, times: 1 });
    const limited = await exchange(emulator.app, await mintCode(emulator.app));
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toEqual({ error: 'rate_limit_exceeded', error_description: expect.any(String) });
  });

  it('never touches the control API', async () => {
    await fault({ path: '/', status: 500 });
    expect((await call(emulator.app, 'GET', '/emulator/v1/applications')).status).toBe(200);
    expect((await me()).status).toBe(500);
    const refused = await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/emulator/v1/players', status: 500 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: { code: 400, message: 'The control API (/emulator/…) is never subject to faults.', status: 'INVALID_ARGUMENT' } });
  });
});

describe('ordering, delays and probability', () => {
  it('applies faults in registration order: delays add up, the first status ends the request', async () => {
    const delayA = await fault({ path: '/games/', delayMs: 30, times: 1 });
    const status = await fault({ path: '/games/', status: 502, times: 1 });
    const later = await fault({ path: '/games/', status: 404, times: 1 });
    const started = performance.now();
    const reply = await me();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(reply.status).toBe(502);
    const listed = (await call(emulator.app, 'GET', '/emulator/v1/faults')).body.faults;
    expect(listed.map((entry: { id: string; hits: number }) => [entry.id, entry.hits])).toEqual([
      [delayA, 1],
      [status, 1],
      [later, 0],
    ]);
    // The third fault was never consulted, so it still has its one use.
    expect((await me()).status).toBe(404);
    expect((await me()).status).toBe(200);
  });

  it('adds delays of several faults', async () => {
    await fault({ path: '/games/', delayMs: 25, times: 1 });
    await fault({ path: '/games/v1', delayMs: 25, times: 1 });
    const started = performance.now();
    expect((await me()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('rolls probability with the seed (reproducibly), and a miss does not use up times', async () => {
    async function run(): Promise<number[]> {
      emulator.state.reset();
      token = (await signIn(emulator.app)).access_token;
      await fault({ path: '/games/', status: 503, probability: 0.5, times: 3 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await me()).status);
      return statuses;
    }
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.filter((status) => status === 503)).toHaveLength(3);
    expect(first.indexOf(200)).toBeLessThan(first.lastIndexOf(503));
  });
});

describe('after: true', () => {
  it('applies the write once and fails only its answer; the retry with the same requestId counts once', async () => {
    await fault({ path: `/games/v1/achievements/${ACH.incremental.id}/increment`, status: 503, after: true, times: 1 });
    const failed = await increment(3, '&requestId=555');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual(envelope(503, 'UNAVAILABLE', 'backendError', 'The service is currently unavailable.'));
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 3 });
    const retry = await increment(3, '&requestId=555');
    expect(retry.body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 3, newlyUnlocked: false });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 3 });
  });

  it('delays only the answer of an applied request', async () => {
    await fault({ path: '/games/v1/achievements', delayMs: 60, after: true, times: 1 });
    const started = performance.now();
    const pending = increment(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Applied already, though the answer is still on its way.
    expect(emulator.state.findPlayer(REGULAR.playerId)!.progress.get(emulator.state.applications[0]!.applicationId)?.get(ACH.incremental.id)?.steps).toBe(2);
    expect((await pending).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('drops the answer of an applied exchange under inject (the promise rejects)', async () => {
    await fault({ path: '/games/v1/achievements', dropConnection: true, after: true, times: 1 });
    await expect(increment(2)).rejects.toThrow();
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 2 });
  });
});

describe('request log', () => {
  it('records recent requests newest last, with operation, status, fault and redacted secrets; not control calls', async () => {
    await call(emulator.app, 'DELETE', '/emulator/v1/requests');
    const faultId = await fault({ path: '/games/v1/achievements', status: 503, times: 1 });
    await increment(1);
    await call(emulator.app, 'GET', `/games/v1/players/me?access_token=${token}`);
    await api(emulator.app, 'POST', `/revoke?token=${token}`, token);
    const reply = await call(emulator.app, 'GET', '/emulator/v1/requests');
    expect(reply.body.requests).toEqual([
      {
        id: expect.any(String),
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        method: 'POST',
        path: `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=1`,
        operation: 'games.achievements.increment',
        // Named by its bearer token, though the fault answered before the route authenticated it.
        playerId: REGULAR.playerId,
        status: 503,
        durationMs: expect.any(Number),
        fault: faultId,
      },
      expect.objectContaining({ path: '/games/v1/players/me?access_token=REDACTED', operation: 'games.players.get', status: 200 }),
      expect.objectContaining({ path: '/revoke?token=REDACTED', operation: 'oauth.revoke', status: 200 }),
    ]);
    expect(JSON.stringify(reply.body)).not.toContain(token);
    const filtered = await call(emulator.app, 'GET', '/emulator/v1/requests?operation=oauth.revoke');
    expect(filtered.body.requests).toHaveLength(1);
    expect((await call(emulator.app, 'DELETE', '/emulator/v1/requests')).status).toBe(204);
    expect((await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests).toEqual([]);
  });

  it('names token requests by grant', async () => {
    await call(emulator.app, 'DELETE', '/emulator/v1/requests');
    await signIn(emulator.app, { forceRefreshToken: true });
    const reply = await call(emulator.app, 'GET', '/emulator/v1/requests');
    expect(reply.body.requests.map((entry: { operation: string }) => entry.operation)).toEqual(['oauth.token.authorization_code']);
  });
});

describe('dropConnection over a real socket', () => {
  let live: Emulator;
  let base: string;
  beforeAll(async () => {
    live = await createEmulator();
    await live.app.listen({ port: 0, host: '127.0.0.1' });
    const address = live.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await live.app.close();
  });

  it('cuts the socket without an answer, before or after applying', async () => {
    const tokens = (await (
      await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: await mintCode(live.app),
          client_id: live.state.applications[0]!.config.webClientId,
          client_secret: live.state.applications[0]!.config.webClientSecret,
        }),
      })
    ).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    const post = (steps: number) => fetch(`${base}/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=${steps}`, { method: 'POST', headers });
    await fetch(`${base}/emulator/v1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/games/v1/achievements', dropConnection: true, times: 1 }),
    });
    await expect(post(1)).rejects.toThrow(/fetch failed/);
    expect(await progressOf(live.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });

    await fetch(`${base}/emulator/v1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/games/v1/achievements', dropConnection: true, after: true, times: 1 }),
    });
    await expect(post(2)).rejects.toThrow(/fetch failed/);
    expect(await progressOf(live.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 2 });
    const next = await post(1);
    expect(next.status).toBe(200);
    const log = (await (await fetch(`${base}/emulator/v1/requests?operation=games.achievements.increment`)).json()) as { requests: Array<Record<string, unknown>> };
    expect(log.requests.map((entry) => [entry.status, entry.dropped ?? false])).toEqual([
      [0, true],
      [0, true],
      [200, false],
    ]);
  });
});
