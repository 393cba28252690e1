/**
 * Fault soak for scores: many players submit concurrently while the emulator fails submissions
 * at random (seeded, so a run is reproducible): 30% 503s, 10% 429s with Retry-After, 5% dropped
 * connections, 5% answers dropped after the score was recorded, and 300 ms delays. A client
 * retries what was not answered 200 or 202. When the faults clear, every player's best on each
 * board at the emulator must be exactly the best they submitted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../src/backend/test-support/each-store.js';
import { startEmulator, type RunningEmulator } from '../../src/backend/test-support/harness.js';
import { LeaderboardHarness, type ScorePlayer } from '../../src/backend/test-support/leaderboard-harness.js';

const PLAYERS = 16;
const SCORES_PER_PLAYER = 14;

/** mulberry32: a small seeded PRNG. */
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

describeEachStore('score fault soak', (store) => {
  let emulator: RunningEmulator;
  let h: LeaderboardHarness;
  beforeAll(async () => {
    emulator = await startEmulator({ faultSeed: 20240529 });
    h = await LeaderboardHarness.start({
      store,
      emulator,
      env: { PGS_WRITE_SEND_DEADLINE_MS: '600', PGS_GOOGLE_TIMEOUT_MS: '1000' },
      module: { backoff: { baseMs: 50, maxMs: 800 }, worker: { pollIntervalMs: 50 } },
    });
    h.backend.start();
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
  });

  it('ends with each player’s best score on each board at Google', { timeout: 90_000 }, async () => {
    const { high, fastest } = h.boards;
    const players: ScorePlayer[] = [];
    for (let i = 0; i < PLAYERS; i++) players.push(await h.signIn());
    await h.get(players[0]!, '/v1/leaderboards'); // the list of boards, before Google starts failing

    const submits = '/games/v1/leaderboards/';
    await h.control.addFault({ path: submits, method: 'POST', delayMs: 300, probability: 0.25 });
    await h.control.addFault({ path: submits, method: 'POST', status: 503, probability: 0.3 });
    await h.control.addFault({ path: submits, method: 'POST', status: 429, retryAfterSeconds: 1, probability: 0.1 });
    await h.control.addFault({ path: submits, method: 'POST', dropConnection: true, probability: 0.05 });
    await h.control.addFault({ path: submits, method: 'POST', dropConnection: true, after: true, probability: 0.05 });

    const expected = new Map<string, Record<string, number>>();
    const answers = { 200: 0, 202: 0, retried: 0 };
    await Promise.all(
      players.map(async (player, p) => {
        const rnd = random(1000 + p);
        const mine: Record<string, number> = {};
        expected.set(player.playerId, mine);
        for (let s = 0; s < SCORES_PER_PLAYER; s++) {
          const board = rnd() < 0.6 ? high : fastest;
          const score = board === high ? Math.floor(rnd() * 100_000) : 30_000 + Math.floor(rnd() * 60_000);
          const best = mine[board.id];
          if (best === undefined || (board === high ? score > best : score < best)) mine[board.id] = score;
          for (let attempt = 0; ; attempt++) {
            const res = await h.submit(player, board.id, { score });
            if (res.statusCode === 200 || res.statusCode === 202) {
              answers[res.statusCode]++;
              break;
            }
            // Anything else must be the "come back later" kind, never a refusal of a valid score.
            expect([500, 503]).toContain(res.statusCode);
            answers.retried++;
            if (attempt > 20) throw new Error(`score kept failing: ${res.statusCode} ${res.body}`);
          }
        }
      }),
    );
    expect(answers[202]).toBeGreaterThan(PLAYERS * 2);
    expect(answers[200]).toBeGreaterThan(0);

    await h.control.clearFaults();
    const deadline = Date.now() + 45_000;
    for (;;) {
      const stats = await h.store.scoreOutboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) {
        expect(stats.failed).toBe(0);
        break;
      }
      if (Date.now() > deadline) throw new Error(`score outbox did not drain: ${JSON.stringify(stats)}`);
      h.module.worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (const player of players) {
      const truth = (await h.control.player(player.playerId)).scores[h.app.applicationId] ?? [];
      const allTime = Object.fromEntries(truth.filter((s) => s.timeSpan === 'ALL_TIME').map((s) => [s.leaderboardId, s.score]));
      expect({ player: player.playerId, bests: allTime }).toEqual({ player: player.playerId, bests: expected.get(player.playerId) });
    }
  });
});
