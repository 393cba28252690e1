/**
 * The outboxes' writes as operators see them (achievement writes, scores, event updates): each
 * named by its player's current Play Games ID (looked up in one call), with its status,
 * attempts, when it is due and the reason of its last failure, then the fields of its kind.
 */
import type { AchievementWrite, EventWrite, ScoreWrite, Store, WriteStatus } from '../../store/store.js';

/** What every outbox's write shows. */
export interface AdminOutboxWrite {
  id: number;
  /** The player's current Play Games ID, or null once the player is gone. */
  playerId: string | null;
  internalPlayerId: string;
  status: WriteStatus;
  attempts: number;
  nextAttemptAt: number;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AdminScoreWrite extends AdminOutboxWrite {
  leaderboardId: string;
  score: number;
  scoreTag?: string;
}

export interface AdminEventWrite extends AdminOutboxWrite {
  eventId: string;
  count: number;
  /** Sent in a batch whose answer is not settled yet: resent as it was, so it cannot be cancelled while pending. */
  batched: boolean;
}

/** Internal player ID → current Play Games ID. */
export type PlayIds = ReadonlyMap<string, string>;

/** The fields every outbox's write shows, whatever its kind. */
export function outboxWriteFields(write: AchievementWrite | ScoreWrite | EventWrite, playIdOf: PlayIds): AdminOutboxWrite {
  return {
    id: write.id,
    playerId: playIdOf.get(write.playerId) ?? null,
    internalPlayerId: write.playerId,
    status: write.status,
    attempts: write.attempts,
    nextAttemptAt: write.nextAttemptAt,
    reason: write.lastError,
    createdAt: write.createdAt,
    updatedAt: write.updatedAt,
  };
}

export function adminScoreWrite(write: ScoreWrite, playIdOf: PlayIds): AdminScoreWrite {
  return {
    ...outboxWriteFields(write, playIdOf),
    leaderboardId: write.leaderboardId,
    score: write.score,
    ...(write.scoreTag === null ? {} : { scoreTag: write.scoreTag }),
  };
}

export function adminEventWrite(write: EventWrite, playIdOf: PlayIds): AdminEventWrite {
  return { ...outboxWriteFields(write, playIdOf), eventId: write.eventId, count: write.count, batched: write.requestId !== null };
}

/** The current Play Games IDs of the writes' players, in one lookup. */
export async function playIds(store: Pick<Store, 'findPlayers'>, writes: ReadonlyArray<{ playerId: string }>): Promise<PlayIds> {
  const players = await store.findPlayers([...new Set(writes.map((w) => w.playerId))]);
  return new Map(players.map((p) => [p.id, p.playerId]));
}

export async function adminScoreWrites(store: Pick<Store, 'findPlayers'>, writes: readonly ScoreWrite[]): Promise<AdminScoreWrite[]> {
  const playIdOf = await playIds(store, writes);
  return writes.map((w) => adminScoreWrite(w, playIdOf));
}

export async function adminEventWrites(store: Pick<Store, 'findPlayers'>, writes: readonly EventWrite[]): Promise<AdminEventWrite[]> {
  const playIdOf = await playIds(store, writes);
  return writes.map((w) => adminEventWrite(w, playIdOf));
}
