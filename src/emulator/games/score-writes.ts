/**
 * Recording a submitted score (scores.submit and each item of scores.submitMultiple): parse the
 * int64, check the board's limits, keep only a better score per span, and answer Google's
 * `PlayerScoreResponse`. A score outside `scoreMin`/`scoreMax` is dropped, as the console's limits
 * promise; Google does not document the answer, so the emulator answers 200 with nothing beaten
 * and the standing bests in `unbeatenScores` (the same answer as a score that beat nothing).
 */
import { SCORE_TIME_SPANS, type PlayerScoreResponse } from '../../google/wire/scores.js';
import { invalidArgumentError } from '../errors.js';
import { currentBest, submitScore, withinLimits } from '../leaderboard-logic.js';
import type { AuthContext } from '../request-context.js';
import type { EmulatorState, LeaderboardRecord } from '../state.js';
import { formatted, playerScoreResource } from './score-resources.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An int64 from a query string or JSON (proto3 JSON takes a decimal string or a number), or
 * Google's 400 `Invalid value at 'score' (TYPE_INT64), "abc"`.
 */
export function parseInt64(value: unknown, wireName: string, location: string): bigint {
  if (typeof value === 'string' && /^-?[0-9]{1,19}$/.test(value)) {
    const number = BigInt(value);
    if (number >= INT64_MIN && number <= INT64_MAX) return number;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw invalidArgumentError(`Invalid value at '${wireName}' (TYPE_INT64), ${JSON.stringify(value)}`, location);
}

/** Records a score for the caller (when it is within limits and better) and answers what changed. */
export function recordScore(
  state: EmulatorState,
  auth: AuthContext,
  board: LeaderboardRecord,
  value: bigint,
  tag: string | undefined,
  language: string | undefined,
): PlayerScoreResponse {
  const now = state.clock.now();
  const bests = state.bestsOf(board, auth.player);
  const response: PlayerScoreResponse = {
    kind: 'games#playerScoreResponse',
    leaderboardId: board.id,
    formattedScore: formatted(board, value, language),
    beatenScoreTimeSpans: [],
    unbeatenScores: [],
  };
  if (tag !== undefined) response.scoreTag = tag;
  if (!withinLimits(value, board.scoreMin, board.scoreMax)) {
    for (const span of SCORE_TIME_SPANS) {
      const entry = currentBest(bests, span, now);
      if (entry) response.unbeatenScores.push(playerScoreResource(board, span, entry, language));
    }
    return response;
  }
  const outcome = submitScore(bests, board.order, value, tag, now);
  if (outcome.beaten.length > 0) state.setBests(board, auth.player, outcome.bests);
  response.beatenScoreTimeSpans = outcome.beaten;
  response.unbeatenScores = outcome.unbeaten.map(({ span, entry }) => playerScoreResource(board, span, entry, language));
  return response;
}
