/**
 * The achievement outbox as operators see it: how many writes are pending, in flight and failed,
 * and the writes Google refused for good, each named by the player's current Play Games ID (the
 * store keys writes by our internal player ID). One store query per part, whatever the number of
 * players.
 */
import type { AchievementUpdateType } from '../../google/wire/achievements.js';
import type { OutboxStats, Store } from '../../store/store.js';

/** A write Google refused for good. */
export interface FailedWriteView {
  id: number;
  /** The player's current Play Games ID, or null when the player was deleted meanwhile. */
  playerId: string | null;
  achievementId: string;
  type: AchievementUpdateType;
  steps?: number;
  attempts: number;
  error: string;
  createdAt: number;
  failedAt: number;
}

export type OutboxView = OutboxStats & { failedWrites: FailedWriteView[] };

/** The outbox's counts and its newest `limit` failed writes. */
export async function outboxView(store: Pick<Store, 'outboxStats' | 'listFailedWrites' | 'findPlayers'>, now: number, limit: number): Promise<OutboxView> {
  const [stats, failed] = await Promise.all([store.outboxStats(now), store.listFailedWrites(limit)]);
  const players = await store.findPlayers(failed.map((w) => w.playerId));
  const playIdOf = new Map(players.map((p) => [p.id, p.playerId]));
  return {
    ...stats,
    failedWrites: failed.map((w) => ({
      id: w.id,
      playerId: playIdOf.get(w.playerId) ?? null,
      achievementId: w.achievementId,
      type: w.op,
      ...(w.steps === null ? {} : { steps: w.steps }),
      attempts: w.attempts,
      error: w.lastError ?? 'unknown',
      createdAt: w.createdAt,
      failedAt: w.updatedAt,
    })),
  };
}
