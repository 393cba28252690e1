/**
 * The score and event outboxes' writes as operators see them, as `player-views.ts` shows
 * achievement writes: each named by its player's current Play Games ID (looked up in one call),
 * with its status, attempts, when it is due and the reason of its last failure.
 */
import type { EventWrite, ScoreWrite, Store, WriteStatus } from '../../store/store.js';

interface AdminOutboxWrite {
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

type PlayIds = ReadonlyMap<string, string>;

function common(write: ScoreWrite | EventWrite, playIdOf: PlayIds): AdminOutboxWrite {
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
    ...common(write, playIdOf),
    leaderboardId: write.leaderboardId,
    score: write.score,
    ...(write.scoreTag === null ? {} : { scoreTag: write.scoreTag }),
  };
}

export function adminEventWrite(write: EventWrite, playIdOf: PlayIds): AdminEventWrite {
  return { ...common(write, playIdOf), eventId: write.eventId, count: write.count, batched: write.requestId !== null };
}

async function playIds(store: Pick<Store, 'findPlayers'>, writes: ReadonlyArray<{ playerId: string }>): Promise<PlayIds> {
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
