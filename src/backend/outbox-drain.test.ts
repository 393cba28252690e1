import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { ClaimOptions } from '../store/store.js';
import { OutboxDrain, type OutboxDrainSteps } from './outbox-drain.js';

interface Claim {
  playerId: string;
  writes: { id: number }[];
}

function recordingLogger(): { logger: FastifyBaseLogger; lines: { level: string; msg: string; obj: unknown }[] } {
  const lines: { level: string; msg: string; obj: unknown }[] = [];
  const at = (level: string) => (obj: unknown, msg: string) => lines.push({ level, msg, obj });
  const logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } as unknown as FastifyBaseLogger;
  return { logger, lines };
}

const claims: Claim[] = [
  { playerId: 'a', writes: [{ id: 1 }, { id: 2 }] },
  { playerId: 'b', writes: [{ id: 3 }] },
  { playerId: 'c', writes: [{ id: 4 }, { id: 5 }, { id: 6 }] },
];

function gauges() {
  const registers = [new Registry()];
  return {
    pending: new Gauge({ name: 'test_pending', help: 'h', registers }),
    failed: new Gauge({ name: 'test_failed', help: 'h', registers }),
    oldestPendingAgeSeconds: new Gauge({ name: 'test_oldest', help: 'h', registers }),
  };
}

function steps(overrides: Partial<OutboxDrainSteps<Claim>> = {}): OutboxDrainSteps<Claim> {
  return {
    noun: 'test',
    claim: () => Promise.resolve(claims),
    // Settles after a delay that differs per claim, so lanes finish out of order.
    settle: async (claim) => {
      await new Promise((resolve) => setTimeout(resolve, claim.writes.length * 3));
      return claim.writes.length;
    },
    stats: () => Promise.resolve({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 }),
    gauges: gauges(),
    prune: () => Promise.resolve({ writes: 0 }),
    ...overrides,
  };
}

const options = { pollIntervalMs: 10_000, leaseMs: 5_000, maxPlayers: 50, maxWritesPerPlayer: 50, concurrency: 3, pruneIntervalMs: 60_000, retentionMs: 1_000 };

describe('OutboxDrain', () => {
  it('claims with its limits, and counts what every lane settled when lanes settle side by side', async () => {
    const { logger } = recordingLogger();
    const asked: ClaimOptions[] = [];
    const drain = new OutboxDrain(
      steps({ claim: (claim) => (asked.push(claim), Promise.resolve(claims)) }),
      options,
      { logger, now: () => 1234 },
    );
    expect(await drain.runOnce()).toBe(6);
    expect(asked).toEqual([{ now: 1234, leaseMs: 5_000, maxPlayers: 50, maxWritesPerPlayer: 50 }]);
  });

  it('logs a claim that could not be settled, by player and write IDs, and settles the others', async () => {
    const { logger, lines } = recordingLogger();
    const failing = steps({ settle: (claim) => (claim.playerId === 'b' ? Promise.reject(new Error('store down')) : Promise.resolve(claim.writes.length)) });
    const drain = new OutboxDrain(failing, options, { logger, now: () => 0 });
    expect(await drain.runOnce()).toBe(5);
    expect(lines).toEqual([{ level: 'error', msg: 'could not settle test writes', obj: expect.objectContaining({ playerRef: 'b', writeIds: [3] }) }]);
  });

  it('sets the gauges from the stats after a pass, and keeps passing when they cannot be read', async () => {
    const { logger, lines } = recordingLogger();
    const g = gauges();
    const counted = steps({ gauges: g, stats: () => Promise.resolve({ pending: 4, inFlight: 3, failed: 2, oldestPendingAgeMs: 1500 }) });
    await new OutboxDrain(counted, options, { logger, now: () => 0 }).runOnce();
    expect((await g.pending.get()).values[0]?.value).toBe(7);
    expect((await g.failed.get()).values[0]?.value).toBe(2);
    expect((await g.oldestPendingAgeSeconds.get()).values[0]?.value).toBe(1.5);

    const broken = new OutboxDrain(steps({ stats: () => Promise.reject(new Error('no stats')) }), options, { logger, now: () => 0 });
    expect(await broken.runOnce()).toBe(6);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['warn', 'could not read test outbox stats']]);
  });

  it('passes again at once while a claim limit is reached, and prunes on its first pass, then once per interval', async () => {
    const { logger, lines } = recordingLogger();
    let now = 100_000;
    const prunedBefore: number[] = [];
    let passes = 0;
    const counting = steps({
      // Three players, the claim limit, twice: the drain passes again at once; then less, and it sleeps.
      claim: () => Promise.resolve(++passes < 3 ? claims : claims.slice(0, 1)),
      prune: (before) => {
        prunedBefore.push(before);
        now += 30_000;
        return Promise.resolve({ writes: 2, records: 1 });
      },
    });
    const drain = new OutboxDrain(counting, { ...options, maxPlayers: 3 }, { logger, now: () => now });
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await drain.stop();
    expect(passes).toBe(3);
    // At 100 000 (pruned), at 130 000 (too soon), at 130 000 again (too soon): one prune.
    expect(prunedBefore).toEqual([99_000]);
    expect(lines.filter((l) => l.level === 'info')).toEqual([{ level: 'info', msg: 'pruned the test outbox', obj: { writes: 2, records: 1 } }]);
  });
});
