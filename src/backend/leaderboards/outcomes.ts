/**
 * What a submitted score came to, in the backend's shape (docs/API.md, 'Leaderboards'): Google's
 * `PlayerScoreResponse` with its int64 strings turned into JSON numbers. A score merged into a
 * better one of the same send (`mergedInto`) is answered as Google would have answered it, sent
 * right after the better one: nothing beaten, the better one standing where it won.
 */
import type { PlayerScoreResponse, ScoreTimeSpan } from '../../google/wire/scores.js';
import { SCORE_TIME_SPANS } from '../../google/wire/scores.js';
import type { JsonValue } from '../../store/store.js';

export interface ScoreOutcome {
  beatenScoreTimeSpans: ScoreTimeSpan[];
  unbeatenScores: { timeSpan: ScoreTimeSpan; score: number }[];
  /** The stored score that went to Google in this one's place (a better one of the same board). */
  mergedInto?: number;
}

/** Google's answer, with numbers. */
export function outcomeOf(response: PlayerScoreResponse): ScoreOutcome {
  return {
    beatenScoreTimeSpans: SCORE_TIME_SPANS.filter((span) => response.beatenScoreTimeSpans.includes(span)),
    unbeatenScores: response.unbeatenScores.map((s) => ({ timeSpan: s.timeSpan, score: Number(s.score) })),
  };
}

/** The answer for a worse score of the same board, merged into `best` (sent as `bestId`). */
export function mergedOutcome(best: ScoreOutcome, bestScore: number, bestId: number): ScoreOutcome {
  const standing = new Map(best.unbeatenScores.map((s) => [s.timeSpan, s.score]));
  for (const span of best.beatenScoreTimeSpans) standing.set(span, bestScore);
  return {
    beatenScoreTimeSpans: [],
    unbeatenScores: SCORE_TIME_SPANS.filter((span) => standing.has(span)).map((timeSpan) => ({ timeSpan, score: standing.get(timeSpan)! })),
    mergedInto: bestId,
  };
}

/** What the route answers. */
export type ScoreAnswer = Pick<ScoreOutcome, 'beatenScoreTimeSpans' | 'unbeatenScores'>;

/** The outcome without the outbox's bookkeeping. */
export function answerOf(outcome: ScoreOutcome): ScoreAnswer {
  return { beatenScoreTimeSpans: outcome.beatenScoreTimeSpans, unbeatenScores: outcome.unbeatenScores };
}

/** The outcome as the store keeps it. */
export function outcomeJson(outcome: ScoreOutcome): JsonValue {
  return { ...(answerOf(outcome) as unknown as Record<string, JsonValue>), ...(outcome.mergedInto === undefined ? {} : { mergedInto: outcome.mergedInto }) };
}
