/**
 * Fault soak for events: many players count events concurrently through the backend while the
 * emulator fails `events.record` at random (seeded, so a run is reproducible): 30% 503s, 10% 429s
 * with Retry-After, 5% dropped connections, 10% answers dropped AFTER Google recorded the update
 * (only the batch's stored requestId keeps those from counting twice), and 200 ms delays. Each
 * game client retries its own failed requests with the same Idempotency-Key. When the faults
 * clear, the emulator's counts must equal the expected totals exactly, for every player.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../src/backend/test-support/each-store.js';
import { EventHarness, type EventPlayer } from '../../src/backend/test-support/event-harness.js';

const PLAYERS = 12;
const UPDATES_PER_PLAYER = 12;

describeEachStore('event fault soak', (database) => {
  let h: EventHarness;
  beforeAll(async () => {
    h = await EventHarness.start(database, { faultSeed: 20260601, startWorker: true, env: { PGS_WRITE_SEND_DEADLINE_MS: '600', PGS_GOOGLE_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts every accepted update exactly once', { timeout: 120_000 }, async () => {
    const players: EventPlayer[] = [];
    for (let i = 0; i < PLAYERS; i++) players.push(await h.signIn());
    // Warm the definitions cache before Google starts failing.
    expect((await h.list(players[0]!)).statusCode).toBe(200);
    const path = '/games/v1/events';
    await h.base.control.addFault({ path, method: 'POST', delayMs: 200, probability: 0.2 });
    await h.base.control.addFault({ path, method: 'POST', status: 503, after: true, probability: 0.1 });
    await h.base.control.addFault({ path, method: 'POST', status: 503, probability: 0.3 });
    await h.base.control.addFault({ path, method: 'POST', status: 429, retryAfterSeconds: 1, probability: 0.1 });
    await h.base.control.addFault({ path, method: 'POST', dropConnection: true, probability: 0.05 });

    const ids = [h.demo.first.id, h.demo.second.id];
    const expected = new Map(players.map((p) => [p.playerId, { [ids[0]!]: 0, [ids[1]!]: 0 }]));
    await Promise.all(
      players.map(async (p, i) => {
        for (let u = 0; u < UPDATES_PER_PLAYER; u++) {
          const updates = [{ eventId: ids[(i + u) % 2]!, count: 1 + ((i * 7 + u) % 5) }];
          if (u % 3 === 0) updates.push({ eventId: ids[(i + u + 1) % 2]!, count: 1 });
          const key = `soak-${i}-${u}`;
          for (let attempt = 0; ; attempt++) {
            const res = await h.record(p, updates, { 'idempotency-key': key });
            if (res.statusCode === 200 || res.statusCode === 202) break;
            if (attempt > 20) throw new Error(`update never accepted: ${res.statusCode} ${res.body}`);
          }
          for (const { eventId, count } of updates) expected.get(p.playerId)![eventId]! += count;
        }
      }),
    );
    await h.base.control.clearFaults();
    await h.drain(60_000);
    for (const p of players) {
      const truth = await h.truth(p);
      expect({ player: p.playerId, counts: { [ids[0]!]: truth[ids[0]!], [ids[1]!]: truth[ids[1]!] } }).toEqual({ player: p.playerId, counts: expected.get(p.playerId) });
    }
    expect((await h.outbox()).failed).toBe(0);
  });
});
