/**
 * The event outbox as operators see it, as `outbox-view.ts` shows the achievement outbox: how many
 * updates are pending, in flight and failed, and the updates Google refused for good (inside its
 * 200: an event it does not know, a period too old), each named by the player's current Play
 * Games ID.
 */
import type { OutboxStats, Store } from '../../store/store.js';

/** An event update Google refused for good. */
export interface FailedEventWriteView {
  id: number;
  /** The player's current Play Games ID, or null when the player was deleted meanwhile. */
  playerId: string | null;
  eventId: string;
  count: number;
  attempts: number;
  error: string;
  createdAt: number;
  failedAt: number;
}

export type EventOutboxView = OutboxStats & { failedWrites: FailedEventWriteView[] };

/** The event outbox's counts and its newest `limit` failed updates. */
export async function eventOutboxView(
  store: Pick<Store, 'eventOutboxStats' | 'listFailedEventWrites' | 'findPlayers'>,
  now: number,
  limit: number,
): Promise<EventOutboxView> {
  const [stats, failed] = await Promise.all([store.eventOutboxStats(now), store.listFailedEventWrites(limit)]);
  const players = await store.findPlayers(failed.map((w) => w.playerId));
  const playIdOf = new Map(players.map((p) => [p.id, p.playerId]));
  return {
    ...stats,
    failedWrites: failed.map((w) => ({
      id: w.id,
      playerId: playIdOf.get(w.playerId) ?? null,
      eventId: w.eventId,
      count: w.count,
      attempts: w.attempts,
      error: w.lastError ?? 'unknown',
      createdAt: w.createdAt,
      failedAt: w.updatedAt,
    })),
  };
}
