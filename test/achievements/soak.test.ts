/**
 * Fault soak: many players write concurrently through the backend while the
 * emulator fails writes at random (seeded, so a run is reproducible): 30% 503s, 10% 429s with
 * Retry-After, 5% dropped connections, 5% answers dropped AFTER the write was applied (only the
 * stored requestId and per-player ordering keep those from counting twice), and 300 ms delays.
 * Each game client retries its own failed requests with the same Idempotency-Key, as a client
 * should. When the faults clear, the emulator's ground truth must equal the expected totals
 * exactly, for every player.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness, type SignedInPlayer } from '../../src/backend/test-support/achievement-harness.js';
import { describeEachStore } from '../../src/backend/test-support/each-store.js';

const PLAYERS = 16;
const WRITES_PER_PLAYER = 14;

/** A small seeded PRNG (mulberry32) for the writes each player makes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Write = { path: string; body?: { steps: number } };

interface Expected {
  big: number;
  small: number;
  unlocked: Set<string>;
}

describeEachStore('fault soak', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({
      database,
      faultSeed: 20240529,
      startWorker: true,
      env: { PGS_WRITE_SEND_DEADLINE_MS: '600', PGS_GOOGLE_TIMEOUT_MS: '1000' },
      module: { backoff: { baseMs: 50, maxMs: 800 }, worker: { pollIntervalMs: 50 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ends with the exact expected ground truth for every player', { timeout: 90_000 }, async () => {
    const { big, incremental: small, standard, standard2 } = h.demo;
    const players: SignedInPlayer[] = [];
    for (let i = 0; i < PLAYERS; i++) players.push(await h.signIn());
    // Warm the definitions cache before Google starts failing (writes are validated against it).
    await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: players[0]!.headers });

    const writes = `/games/v1/achievements/`;
    await h.control.addFault({ path: writes, delayMs: 300, probability: 0.25 });
    await h.control.addFault({ path: writes, status: 503, probability: 0.3 });
    await h.control.addFault({ path: writes, status: 429, retryAfterSeconds: 1, probability: 0.1 });
    await h.control.addFault({ path: writes, dropConnection: true, probability: 0.05 });
    await h.control.addFault({ path: writes, dropConnection: true, after: true, probability: 0.05 });

    const expected = new Map<string, Expected>();
    const answers = { 200: 0, 202: 0, retried: 0 };
    await Promise.all(
      players.map(async (player, p) => {
        const rnd = random(1000 + p);
        const mine: Expected = { big: 0, small: 0, unlocked: new Set() };
        expected.set(player.playerId, mine);
        for (let w = 0; w < WRITES_PER_PLAYER; w++) {
          const roll = rnd();
          let write: Write;
          if (roll < 0.55) {
            const steps = 1 + Math.floor(rnd() * 5);
            write = { path: `/${big.id}/increment`, body: { steps } };
            mine.big += steps;
          } else if (roll < 0.7) {
            // Order matters: set-steps then increment does not commute with the reverse.
            const steps = mine.big + Math.floor(rnd() * 6) - 2;
            if (steps < 1) continue;
            write = { path: `/${big.id}/set-steps-at-least`, body: { steps } };
            mine.big = Math.max(mine.big, steps);
          } else if (roll < 0.9) {
            const steps = 1 + Math.floor(rnd() * 3);
            write = { path: `/${small.id}/increment`, body: { steps } };
            mine.small = Math.min(small.totalSteps!, mine.small + steps);
          } else {
            const target = rnd() < 0.5 ? standard : standard2;
            write = { path: `/${target.id}/unlock` };
            mine.unlocked.add(target.id);
          }
          const key = `soak-${p}-${w}`;
          for (let attempt = 0; ; attempt++) {
            const res = await h.backend.app.inject({
              method: 'POST',
              url: `/v1/me/achievements${write.path}`,
              headers: { ...player.headers, 'idempotency-key': key },
              ...(write.body ? { payload: write.body } : {}),
            });
            if (res.statusCode === 200 || res.statusCode === 202) {
              answers[res.statusCode]++;
              break;
            }
            // Anything else must be the "come back later" kind, never a refusal of a valid write.
            expect([500, 503]).toContain(res.statusCode);
            answers.retried++;
            if (attempt > 20) throw new Error(`write ${key} kept failing: ${res.statusCode} ${res.body}`);
          }
        }
      }),
    );
    // The faults must really have bitten: plenty of writes were left to the worker.
    expect(answers[202]).toBeGreaterThan(PLAYERS * 2);
    expect(answers[200]).toBeGreaterThan(0);

    await h.control.clearFaults();
    const deadline = Date.now() + 45_000;
    for (;;) {
      const stats = await h.store.outboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) {
        expect(stats.failed).toBe(0);
        break;
      }
      if (Date.now() > deadline) throw new Error(`outbox did not drain: ${JSON.stringify(stats)}`);
      h.module.worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (const player of players) {
      const mine = expected.get(player.playerId)!;
      const truth = await h.control.player(player.playerId);
      const byId = new Map(truth.achievements[h.demoApp.applicationId]!.map((a) => [a.id, a]));
      expect({ player: player.playerId, big: byId.get(big.id)?.currentSteps ?? 0 }).toEqual({ player: player.playerId, big: mine.big });
      expect({ player: player.playerId, small: byId.get(small.id)?.currentSteps ?? 0 }).toEqual({ player: player.playerId, small: mine.small });
      for (const id of [standard.id, standard2.id]) {
        expect({ player: player.playerId, id, unlocked: byId.get(id)?.achievementState === 'UNLOCKED' }).toEqual({
          player: player.playerId,
          id,
          unlocked: mine.unlocked.has(id),
        });
      }
    }
  });
});
