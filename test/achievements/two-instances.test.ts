/**
 * Two backend instances on one PostgreSQL drain one outbox: the store's claim
 * (`FOR UPDATE SKIP LOCKED`) hands each player's writes to one instance at a time, and the
 * emulator's request log proves that nothing was sent twice: one Google call per player, each
 * increment's requestId exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, startHarness, type Harness, type RunningEmulator } from '../../src/backend/test-support/harness.js';
import { dropSchema, randomTestSchema, testDatabaseUrl } from '../../src/store/test-support/postgres-test-schema.js';

const PLAYERS = 24;
const url = testDatabaseUrl();

(url ? describe : describe.skip)(`two instances on one PostgreSQL${url ? '' : ' (TEST_DATABASE_URL not set)'}`, () => {
  const schema = randomTestSchema();
  let emulator: RunningEmulator;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    emulator = await startEmulator({ requestLogSize: 10_000 });
    const options = {
      emulator,
      databaseUrl: url!,
      schema,
      env: { PGS_SIGN_IN_RATE_LIMIT: '100000', PGS_WRITE_SEND_DEADLINE_MS: '100' },
      // One player per claim, so that the two instances take turns on the same outbox.
      deps: { achievements: { backoff: { baseMs: 20, maxMs: 100 }, worker: { pollIntervalMs: 20, maxPlayers: 1 } } },
    };
    a = await startHarness(options);
    b = await startHarness(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    if (url) await dropSchema(url, schema);
  });

  it('sends each player’s writes once, whichever instance claims them', { timeout: 60_000 }, async () => {
    const [app] = await emulator.control.applications();
    const seed = (await (await fetch(`${emulator.url}/emulator/v1/applications`)).json()) as {
      applications: Array<{ achievements: Array<{ id: string; achievementType: string; initialState: string; totalSteps?: number; published: boolean }> }>;
    };
    const published = seed.applications[0]!.achievements.filter((x) => x.published);
    const big = published.filter((x) => x.achievementType === 'INCREMENTAL').sort((x, y) => (y.totalSteps ?? 0) - (x.totalSteps ?? 0))[0]!;
    const standard = published.find((x) => x.achievementType === 'STANDARD' && x.initialState === 'REVEALED')!;

    const players: Array<{ playerId: string; token: string; via: Harness }> = [];
    for (let i = 0; i < PLAYERS; i++) {
      const via = i % 2 === 0 ? a : b;
      const { playerId } = await emulator.control.createPlayer({ displayName: `Twin ${i}` });
      const { serverAuthCode: code } = await emulator.control.mintServerAuthCode({ playerId, clientId: app!.webClientId, forceRefreshToken: true });
      const res = await via.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: code } });
      expect(res.statusCode).toBe(200);
      players.push({ playerId, token: res.json<{ session: { accessToken: string } }>().session.accessToken, via });
    }
    for (const h of [a, b]) {
      await h.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: { authorization: `Bearer ${players[0]!.token}` } });
    }

    // Google fails: every write is accepted (202) and left in the shared outbox.
    await emulator.control.addFault({ path: '/games/v1/achievements/', status: 503 });
    const expected = new Map<string, number>();
    for (const [i, p] of players.entries()) {
      const headers = { authorization: `Bearer ${p.token}` };
      const post = (path: string, payload?: unknown) =>
        p.via.app.inject({ method: 'POST', url: `/v1/me/achievements${path}`, headers, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
      const first = await post(`/${big.id}/increment`, { steps: i + 1 });
      expect(first.statusCode).toBe(202);
      expected.set(p.playerId, i + 1);
      if (i % 2 === 1) {
        // Odd players write three times: the worker sends those as one updateMultiple.
        expect((await post(`/${big.id}/increment`, { steps: 100 })).statusCode).toBe(202);
        expect((await post(`/${standard.id}/unlock`)).statusCode).toBe(202);
        expected.set(p.playerId, i + 101);
      }
    }
    const stored = (await a.store.findWrites(Array.from({ length: 500 }, (_, k) => k + 1))).filter((w) => w.status === 'pending');
    expect(stored).toHaveLength(PLAYERS + PLAYERS);

    // Google is back; every write is due; both workers start at once.
    await emulator.control.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await emulator.control.clearRequests();
    a.backend.start();
    b.backend.start();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stats = await a.store.outboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) break;
      if (Date.now() > deadline) throw new Error(`outbox did not drain: ${JSON.stringify(stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const log = (await emulator.control.requests()).filter((r) => r.path.startsWith('/games/v1/achievements/'));
    const increments = log.filter((r) => r.operation === 'games.achievements.increment');
    const batches = log.filter((r) => r.operation === 'games.achievements.updateMultiple');
    expect(log.every((r) => r.status === 200)).toBe(true);
    expect(increments).toHaveLength(PLAYERS / 2);
    expect(batches).toHaveLength(PLAYERS / 2);
    expect(log).toHaveLength(PLAYERS);
    // Each single increment carried its stored requestId, and no requestId went out twice.
    const sentIds = increments.map((r) => new URL(r.path, emulator.url).searchParams.get('requestId'));
    expect(new Set(sentIds).size).toBe(PLAYERS / 2);
    const storedIds = new Set(stored.filter((w) => w.op === 'INCREMENT').map((w) => w.requestId));
    for (const id of sentIds) expect(storedIds.has(id)).toBe(true);

    // Both instances took part.
    const sends = async (h: Harness) => {
      const text = await h.backend.services.metrics.registry.getSingleMetricAsString('pgs_achievement_write_batch_size');
      return Number(/pgs_achievement_write_batch_size_count (\d+)/.exec(text)?.[1] ?? 0);
    };
    const [byA, byB] = [await sends(a), await sends(b)];
    expect(byA + byB).toBe(PLAYERS);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);

    for (const p of players) {
      const truth = await emulator.control.player(p.playerId);
      const steps = truth.achievements[app!.applicationId]?.find((x) => x.id === big.id)?.currentSteps;
      expect({ player: p.playerId, steps }).toEqual({ player: p.playerId, steps: expected.get(p.playerId) });
    }
  });
});
