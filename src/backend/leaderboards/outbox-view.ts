/**
 * The score outbox as operators see it (`GET /v1/admin/leaderboards/outbox`): how many scores are
 * pending, in flight and failed, and the scores Google refused for good, each named by the
 * player's current Play Games ID. One store query per part, whatever the number of players.
 */
import type { OutboxStats, Store } from '../../store/store.js';

export interface FailedScoreView {
  id: number;
  /** The player's current Play Games ID, or null when the player was deleted meanwhile. */
  playerId: string | null;
  leaderboardId: string;
  score: number;
  scoreTag?: string;
  attempts: number;
  error: string;
  createdAt: number;
  failedAt: number;
}

export type ScoreOutboxView = OutboxStats & { failedScores: FailedScoreView[] };

/** The score outbox's counts and its newest `limit` failed scores. */
export async function scoreOutboxView(
  store: Pick<Store, 'scoreOutboxStats' | 'listFailedScoreWrites' | 'findPlayers'>,
  now: number,
  limit: number,
): Promise<ScoreOutboxView> {
  const [stats, failed] = await Promise.all([store.scoreOutboxStats(now), store.listFailedScoreWrites(limit)]);
  const players = await store.findPlayers(failed.map((w) => w.playerId));
  const playIdOf = new Map(players.map((p) => [p.id, p.playerId]));
  return {
    ...stats,
    failedScores: failed.map((w) => ({
      id: w.id,
      playerId: playIdOf.get(w.playerId) ?? null,
      leaderboardId: w.leaderboardId,
      score: w.score,
      ...(w.scoreTag === null ? {} : { scoreTag: w.scoreTag }),
      attempts: w.attempts,
      error: w.lastError ?? 'unknown',
      createdAt: w.createdAt,
      failedAt: w.updatedAt,
    })),
  };
}
