/**
 * The pure rules of `events.record` (docs/google/events-and-player-data.md; the limits Google
 * does not publish are the emulator's, docs/google/emulator-choices.md, 'Events'):
 * - a request seen before (same `requestId`) records nothing: `ALREADY_UPDATED`, request-wide;
 * - more than `maxUpdates` updates in all: `TOO_LARGE`, request-wide, nothing recorded;
 * - each time period, read on the sender's clock (`currentTimeMillis` says how far it is from
 *   ours), must end after it starts and last at least `minPeriodMs` (`TIME_PERIOD_SHORT`), at
 *   most `maxPeriodMs` (`TIME_PERIOD_LONG`), and end no longer than `expiryMs` ago
 *   (`TIME_PERIOD_EXPIRED`); a refused period is skipped, the others are recorded;
 * - within a period, an event the caller cannot see is `NOT_FOUND`, a count below 1
 *   `INVALID_UPDATE_VALUE` (the REST reference calls non-positive counts invalid), and only that
 *   update is skipped.
 */
import type { EventBatchFailureCause, EventFailureCause } from '../google/wire/events.js';

export interface EventRecordLimits {
  maxUpdates: number;
  minPeriodMs: number;
  maxPeriodMs: number;
  expiryMs: number;
}

/** The emulator's choices where Google is silent. */
export const DEFAULT_EVENT_RECORD_LIMITS: EventRecordLimits = {
  maxUpdates: 100,
  minPeriodMs: 1,
  maxPeriodMs: 24 * 3_600_000,
  expiryMs: 7 * 24 * 3_600_000,
};

export interface PlannedPeriod {
  startMillis: bigint;
  endMillis: bigint;
  updates: Array<{ eventId: string; count: bigint }>;
}

export interface RecordPlan {
  /** Set when the whole request is refused: nothing is recorded. */
  requestFailure?: EventBatchFailureCause;
  /** Periods refused, by index in the request. */
  periodFailures: Array<{ index: number; cause: EventBatchFailureCause }>;
  eventFailures: Array<{ eventId: string; cause: EventFailureCause }>;
  /** What to add, summed per event. */
  increments: Map<string, number>;
}

export interface RecordContext {
  now: number;
  /** The sender's clock when it sent, if it said. */
  senderNow: bigint | undefined;
  /** Whether the requestId was applied before. */
  seen: boolean;
  /** Whether the caller may record this event. */
  knows: (eventId: string) => boolean;
  limits: EventRecordLimits;
}

/** Decides what an `events.record` request records and what it refuses. */
export function planEventRecord(periods: readonly PlannedPeriod[], context: RecordContext): RecordPlan {
  const plan: RecordPlan = { periodFailures: [], eventFailures: [], increments: new Map() };
  if (context.seen) return { ...plan, requestFailure: 'ALREADY_UPDATED' };
  const total = periods.reduce((sum, period) => sum + period.updates.length, 0);
  if (total > context.limits.maxUpdates) return { ...plan, requestFailure: 'TOO_LARGE' };
  const now = BigInt(context.now);
  // The sender's times, moved onto our clock.
  const skew = context.senderNow === undefined ? 0n : now - context.senderNow;
  const { minPeriodMs, maxPeriodMs, expiryMs } = context.limits;
  periods.forEach((period, index) => {
    const length = period.endMillis - period.startMillis;
    let cause: EventBatchFailureCause | undefined;
    if (length < BigInt(minPeriodMs)) cause = 'TIME_PERIOD_SHORT';
    else if (length > BigInt(maxPeriodMs)) cause = 'TIME_PERIOD_LONG';
    else if (period.endMillis + skew < now - BigInt(expiryMs)) cause = 'TIME_PERIOD_EXPIRED';
    if (cause) {
      plan.periodFailures.push({ index, cause });
      return;
    }
    for (const { eventId, count } of period.updates) {
      if (!context.knows(eventId)) plan.eventFailures.push({ eventId, cause: 'NOT_FOUND' });
      else if (count < 1n || count > BigInt(Number.MAX_SAFE_INTEGER)) plan.eventFailures.push({ eventId, cause: 'INVALID_UPDATE_VALUE' });
      else plan.increments.set(eventId, (plan.increments.get(eventId) ?? 0) + Number(count));
    }
  });
  return plan;
}
