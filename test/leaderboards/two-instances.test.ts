/**
 * Two backend instances on one PostgreSQL drain one score outbox: the store's claim
 * (`FOR UPDATE SKIP LOCKED`) hands each player's scores to one instance at a time, and the
 * emulator's request log proves nothing went out twice: one Google call per player (their best
 * per board, several boards as one submitMultiple), and both instances took part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, startHarness, type Harness, type RunningEmulator } from '../../src/backend/test-support/harness.js';
import { dropSchema, randomTestSchema, testDatabaseUrl } from '../../src/store/test-support/postgres-test-schema.js';

const PLAYERS = 24;
const HIGH = 'CgkIlNDIwqcbEAIQCg';
const FASTEST = 'CgkIlNDIwqcbEAIQCw';
const url = testDatabaseUrl();

(url ? describe : describe.skip)(`two instances on one PostgreSQL, scores${url ? '' : ' (TEST_DATABASE_URL not set)'}`, () => {
  const schema = randomTestSchema();
  let emulator: RunningEmulator;
  let a: Harness;
  let b: Harness;
  const sends = { a: 0, b: 0 };
  beforeAll(async () => {
    emulator = await startEmulator({ requestLogSize: 10_000 });
    const options = (name: 'a' | 'b') => ({
      emulator,
      databaseUrl: url!,
      schema,
      env: { PGS_SIGN_IN_RATE_LIMIT: '100000', PGS_WRITE_SEND_DEADLINE_MS: '100' },
      // One player per claim, so that the two instances take turns on the same outbox.
      deps: {
        leaderboards: {
          backoff: { baseMs: 20, maxMs: 100 },
          worker: { pollIntervalMs: 20, maxPlayers: 1 },
          onGoogleCall: (op: string) => {
            if (op.startsWith('scores.submit')) sends[name]++;
          },
        },
      },
    });
    a = await startHarness(options('a'));
    b = await startHarness(options('b'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    if (url) await dropSchema(url, schema);
  });

  it('sends each player’s best scores once, whichever instance claims them', { timeout: 60_000 }, async () => {
    const [app] = await emulator.control.applications();
    const players: Array<{ playerId: string; token: string; via: Harness }> = [];
    for (let i = 0; i < PLAYERS; i++) {
      const via = i % 2 === 0 ? a : b;
      const { playerId } = await emulator.control.createPlayer({ displayName: `Twin ${i}` });
      const { serverAuthCode: code } = await emulator.control.mintServerAuthCode({ playerId, clientId: app!.webClientId, forceRefreshToken: true });
      const res = await via.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: code } });
      expect(res.statusCode).toBe(200);
      players.push({ playerId, token: res.json<{ session: { accessToken: string } }>().session.accessToken, via });
    }
    for (const h of [a, b]) await h.app.inject({ method: 'GET', url: '/v1/leaderboards', headers: { authorization: `Bearer ${players[0]!.token}` } });

    await emulator.control.addFault({ path: '/games/v1/leaderboards/', method: 'POST', status: 503 });
    for (const [i, p] of players.entries()) {
      const post = (board: string, score: number) =>
        p.via.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${board}/scores`, headers: { authorization: `Bearer ${p.token}` }, payload: { score } });
      expect((await post(HIGH, i + 1)).statusCode).toBe(202);
      expect((await post(HIGH, 1000 + i)).statusCode).toBe(202);
      if (i % 2 === 1) expect((await post(FASTEST, 50_000 + i)).statusCode).toBe(202);
    }
    expect((await a.store.scoreOutboxStats(Date.now())).pending).toBe(PLAYERS * 2 + PLAYERS / 2);

    await emulator.control.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await emulator.control.clearRequests();
    sends.a = 0;
    sends.b = 0;
    a.backend.start();
    b.backend.start();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stats = await a.store.scoreOutboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) break;
      if (Date.now() > deadline) throw new Error(`score outbox did not drain: ${JSON.stringify(stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const log = (await emulator.control.requests()).filter((r) => r.method === 'POST' && r.path.startsWith('/games/v1/leaderboards/'));
    expect(log.every((r) => r.status === 200)).toBe(true);
    expect(log.filter((r) => r.operation === 'games.scores.submit')).toHaveLength(PLAYERS / 2);
    expect(log.filter((r) => r.operation === 'games.scores.submitMultiple')).toHaveLength(PLAYERS / 2);
    expect(log).toHaveLength(PLAYERS);
    // Only the best of each board went out.
    for (const r of log.filter((x) => x.operation === 'games.scores.submit')) expect(Number(new URL(r.path, emulator.url).searchParams.get('score'))).toBeGreaterThanOrEqual(1000);
    expect(sends.a + sends.b).toBe(PLAYERS);
    expect(sends.a).toBeGreaterThan(0);
    expect(sends.b).toBeGreaterThan(0);

    for (const [i, p] of players.entries()) {
      const truth = (await emulator.control.player(p.playerId)).scores[app!.applicationId] ?? [];
      const allTime = Object.fromEntries(truth.filter((s) => s.timeSpan === 'ALL_TIME').map((s) => [s.leaderboardId, s.score]));
      expect(allTime).toEqual({ [HIGH]: 1000 + i, ...(i % 2 === 1 ? { [FASTEST]: 50_000 + i } : {}) });
    }
  });
});
