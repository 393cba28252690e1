/**
 * How a batch of stored event writes becomes the `timePeriods` of one `events.record`: each write
 * falls in the aligned one-minute period of when it was stored, and the counts of one event in one
 * period are summed. The periods depend only on what is stored, so a batch resent after a lost
 * answer is the same request again (with the same requestId, which is what makes Google count it
 * once; docs/google/events-and-player-data.md). One minute is well within any limit a period has
 * (the Android SDK flushes its own buffered events on a similar scale), and a period is never
 * empty, so it is never `TIME_PERIOD_SHORT`.
 */
import type { EventPeriodUpdate } from '../../google/wire/events.js';
import type { EventWrite } from '../../store/store.js';

/** The length of a period, aligned to the epoch. */
export const PERIOD_MS = 60_000;

export interface BatchPeriods {
  timePeriods: EventPeriodUpdate[];
  /** For each period (by index), the IDs of the writes it holds. */
  writeIds: number[][];
}

/** The periods of one batch, oldest first; updates in the order their events first appear. */
export function periodsOf(writes: readonly Pick<EventWrite, 'id' | 'eventId' | 'count' | 'createdAt'>[]): BatchPeriods {
  const byStart = new Map<number, { counts: Map<string, number>; ids: number[] }>();
  for (const write of writes) {
    const start = Math.floor(write.createdAt / PERIOD_MS) * PERIOD_MS;
    let period = byStart.get(start);
    if (!period) {
      period = { counts: new Map(), ids: [] };
      byStart.set(start, period);
    }
    period.counts.set(write.eventId, (period.counts.get(write.eventId) ?? 0) + write.count);
    period.ids.push(write.id);
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  return {
    timePeriods: starts.map((start) => ({
      timePeriod: { periodStartMillis: String(start), periodEndMillis: String(start + PERIOD_MS) },
      updates: [...byStart.get(start)!.counts].map(([definitionId, count]) => ({ definitionId, updateCount: String(count) })),
    })),
    writeIds: starts.map((start) => byStart.get(start)!.ids),
  };
}
