import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
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

function steps(overrides: Partial<OutboxDrainSteps<Claim>> = {}): OutboxDrainSteps<Claim> {
  return {
    noun: 'test',
    claim: () => Promise.resolve(claims),
    // Settles after a delay that differs per claim, so lanes finish out of order.
    settle: async (claim) => {
      await new Promise((resolve) => setTimeout(resolve, claim.writes.length * 3));
      return claim.writes.length;
    },
    full: () => false,
    describe: (claim) => ({ playerRef: claim.playerId, writeIds: claim.writes.map((w) => w.id) }),
    updateGauges: () => Promise.resolve(),
    prune: () => Promise.resolve({ writes: 0 }),
    ...overrides,
  };
}

const pacing = { pollIntervalMs: 10_000, concurrency: 3, pruneIntervalMs: 60_000, retentionMs: 1_000 };

describe('OutboxDrain', () => {
  it('counts what every lane settled, when lanes settle side by side', async () => {
    const { logger } = recordingLogger();
    const drain = new OutboxDrain(steps(), pacing, { logger, now: () => 0 });
    expect(await drain.runOnce()).toBe(6);
  });

  it('logs a claim that could not be settled, by player and write IDs, and settles the others', async () => {
    const { logger, lines } = recordingLogger();
    const failing = steps({ settle: (claim) => (claim.playerId === 'b' ? Promise.reject(new Error('store down')) : Promise.resolve(claim.writes.length)) });
    const drain = new OutboxDrain(failing, pacing, { logger, now: () => 0 });
    expect(await drain.runOnce()).toBe(5);
    expect(lines).toEqual([{ level: 'error', msg: 'could not settle test writes', obj: expect.objectContaining({ playerRef: 'b', writeIds: [3] }) }]);
  });

  it('keeps passing when the gauges cannot be read', async () => {
    const { logger, lines } = recordingLogger();
    const drain = new OutboxDrain(steps({ updateGauges: () => Promise.reject(new Error('no stats')) }), pacing, { logger, now: () => 0 });
    expect(await drain.runOnce()).toBe(6);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['warn', 'could not read test outbox stats']]);
  });

  it('prunes on its first pass and then once per interval, before now minus the retention', async () => {
    const { logger, lines } = recordingLogger();
    let now = 100_000;
    const prunedBefore: number[] = [];
    let passes = 0;
    const counting = steps({
      // Three passes in a row (the first two say more is due), then the loop sleeps.
      claim: () => Promise.resolve(claims),
      full: () => ++passes < 3,
      prune: (before) => {
        prunedBefore.push(before);
        now += 30_000;
        return Promise.resolve({ writes: 2, records: 1 });
      },
    });
    const drain = new OutboxDrain(counting, pacing, { logger, now: () => now });
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await drain.stop();
    expect(passes).toBe(3);
    // At 100 000 (pruned), at 130 000 (too soon), at 130 000 again (too soon): one prune.
    expect(prunedBefore).toEqual([99_000]);
    expect(lines.filter((l) => l.level === 'info')).toEqual([{ level: 'info', msg: 'pruned the test outbox', obj: { writes: 2, records: 1 } }]);
  });
});
