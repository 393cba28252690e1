/**
 * The pure rules of leaderboards, apart from HTTP and state (as `achievement-logic.ts` is for
 * achievements): when the DAILY and WEEKLY spans restart, which of two scores is better, what a
 * submission changes, and how a collection ranks.
 *
 * Google's rules (https://developer.android.com/games/pgs/leaderboards): only the player's best
 * score counts; daily boards reset at midnight UTC-7 all year (no daylight-saving switch), weekly
 * boards at the midnight between Saturday and Sunday, UTC-7. So a day starts at 07:00 UTC and a
 * week on Sunday at 07:00 UTC. Choices where Google is silent: "better" is strict (an equal score
 * is not a new best), and ties rank by who got there first.
 */
import type { LeaderboardOrder } from '../google/wire/leaderboards.js';
import { SCORE_TIME_SPANS, type ScoreTimeSpan } from '../google/wire/scores.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** UTC-7: a day starts at 07:00 UTC. */
const DAY_OFFSET_MS = 7 * HOUR_MS;
/** 1970-01-04, the first Sunday after the epoch, at 07:00 UTC: a week boundary. */
const WEEK_OFFSET_MS = 3 * DAY_MS + DAY_OFFSET_MS;

/** The start (epoch ms) of the period of `span` that holds `now`; 0 for ALL_TIME. */
export function periodStart(span: ScoreTimeSpan, now: number): number {
  switch (span) {
    case 'ALL_TIME':
      return 0;
    case 'DAILY':
      return Math.floor((now - DAY_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_OFFSET_MS;
    case 'WEEKLY':
      return Math.floor((now - WEEK_OFFSET_MS) / WEEK_MS) * WEEK_MS + WEEK_OFFSET_MS;
  }
}

/** When the next period of a DAILY or WEEKLY span starts after `now` (epoch ms): its board's next reset. */
export function nextPeriodStart(span: 'DAILY' | 'WEEKLY', now: number): number {
  return periodStart(span, now) + (span === 'DAILY' ? DAY_MS : WEEK_MS);
}

/** A recorded best score. */
export interface ScoreEntry {
  value: bigint;
  tag: string | undefined;
  /** When it was submitted (emulator clock, epoch ms). */
  writtenAt: number;
  /** `periodStart` of its span when it was submitted: a DAILY or WEEKLY best of an earlier period no longer counts. */
  period: number;
}

/** A player's bests on one leaderboard, per span (stale DAILY/WEEKLY entries may linger). */
export type PlayerBests = Partial<Record<ScoreTimeSpan, ScoreEntry>>;

/** True if `candidate` beats `current` (strictly) on a board of this order. */
export function isBetter(order: LeaderboardOrder, candidate: bigint, current: bigint): boolean {
  return order === 'LARGER_IS_BETTER' ? candidate > current : candidate < current;
}

/** The player's best in `span` for the period holding `now`, if any. */
export function currentBest(bests: PlayerBests | undefined, span: ScoreTimeSpan, now: number): ScoreEntry | undefined {
  const entry = bests?.[span];
  return entry !== undefined && entry.period === periodStart(span, now) ? entry : undefined;
}

/** Whether a score lies inside the board's limits (Google drops one outside them). */
export function withinLimits(value: bigint, min: bigint | undefined, max: bigint | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

export interface SubmissionOutcome {
  /** The bests after the submission. */
  bests: PlayerBests;
  /** Spans where the score is the new best, in ALL_TIME, WEEKLY, DAILY order. */
  beaten: ScoreTimeSpan[];
  /** Spans not beaten, with the best that still stands there. */
  unbeaten: Array<{ span: ScoreTimeSpan; entry: ScoreEntry }>;
}

/** What submitting `value` does to a player's bests. Nothing is mutated. */
export function submitScore(
  bests: PlayerBests | undefined,
  order: LeaderboardOrder,
  value: bigint,
  tag: string | undefined,
  now: number,
): SubmissionOutcome {
  const next: PlayerBests = { ...bests };
  const beaten: ScoreTimeSpan[] = [];
  const unbeaten: SubmissionOutcome['unbeaten'] = [];
  for (const span of SCORE_TIME_SPANS) {
    const current = currentBest(bests, span, now);
    if (current === undefined || isBetter(order, value, current.value)) {
      next[span] = { value, tag, writtenAt: now, period: periodStart(span, now) };
      beaten.push(span);
    } else {
      unbeaten.push({ span, entry: current });
    }
  }
  return { bests: next, beaten, unbeaten };
}

/** What `rank` sorts: an entry and who holds it. */
export interface Ranked<P> {
  player: P;
  entry: ScoreEntry;
}

/**
 * Sorts a collection best first: by score in the board's order, then by who submitted first,
 * then by `tieBreak` (a stable per-player number) so the order never depends on Map order.
 */
export function rank<P>(entries: Array<Ranked<P>>, order: LeaderboardOrder, tieBreak: (player: P) => number): Array<Ranked<P>> {
  return entries.sort((a, b) => {
    if (a.entry.value !== b.entry.value) return isBetter(order, a.entry.value, b.entry.value) ? -1 : 1;
    if (a.entry.writtenAt !== b.entry.writtenAt) return a.entry.writtenAt - b.entry.writtenAt;
    return tieBreak(a.player) - tieBreak(b.player);
  });
}
