import { describe, expect, it, vi } from 'vitest';
import type { AchievementWrite, Player } from '../../store/store.js';
import { outboxView } from './outbox-view.js';

function failedWrite(id: number, playerId: string, overrides: Partial<AchievementWrite> = {}): AchievementWrite {
  return {
    id,
    playerId,
    achievementId: `ach-${id}`,
    op: 'UNLOCK',
    steps: null,
    requestId: null,
    status: 'failed',
    attempts: 2,
    nextAttemptAt: 0,
    leaseUntil: null,
    lastError: 'google refused the write: HTTP 404',
    result: null,
    createdAt: 1_000 + id,
    updatedAt: 2_000 + id,
    ...overrides,
  };
}

describe('outboxView', () => {
  it('names each failed write by its player’s current Play Games ID, looking players up in one call', async () => {
    const store = {
      outboxStats: vi.fn(async () => ({ pending: 3, inFlight: 1, failed: 3, oldestPendingAgeMs: 50 })),
      listFailedWrites: vi.fn(async () => [
        failedWrite(3, 'internal-a'),
        failedWrite(2, 'internal-gone', { op: 'INCREMENT', steps: 4, lastError: null }),
        failedWrite(1, 'internal-a'),
      ]),
      findPlayers: vi.fn(async (ids: readonly string[]) => (ids.includes('internal-a') ? [{ id: 'internal-a', playerId: 'g-current' } as Player] : [])),
    };
    const view = await outboxView(store, 10_000, 25);

    expect(store.listFailedWrites).toHaveBeenCalledWith(25);
    expect(store.findPlayers).toHaveBeenCalledTimes(1);
    expect(view).toEqual({
      pending: 3,
      inFlight: 1,
      failed: 3,
      oldestPendingAgeMs: 50,
      failedWrites: [
        { id: 3, playerId: 'g-current', achievementId: 'ach-3', type: 'UNLOCK', attempts: 2, error: 'google refused the write: HTTP 404', createdAt: 1_003, failedAt: 2_003 },
        // A player deleted since: the write stays listed, without a Play Games ID.
        { id: 2, playerId: null, achievementId: 'ach-2', type: 'INCREMENT', steps: 4, attempts: 2, error: 'unknown', createdAt: 1_002, failedAt: 2_002 },
        { id: 1, playerId: 'g-current', achievementId: 'ach-1', type: 'UNLOCK', attempts: 2, error: 'google refused the write: HTTP 404', createdAt: 1_001, failedAt: 2_001 },
      ],
    });
  });
});
