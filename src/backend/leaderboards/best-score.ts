/**
 * Which of two scores is better on a board, the way Google ranks them: LARGER_IS_BETTER sorts
 * descending, SMALLER_IS_BETTER ascending, and "worse" is strict, so an equal score is not a new
 * best (Google's `scores.submit`: "The submitted score is ignored if it
 * is worse than a previously submitted score",
 * https://developers.google.com/games/services/web/api/rest/v1/scores/submit; docs/google/leaderboards.md).
 */
import type { LeaderboardOrder } from '../../google/wire/leaderboards.js';

/** Whether `candidate` beats `standing` on a board of this order. */
export function beats(order: LeaderboardOrder, candidate: number, standing: number): boolean {
  return order === 'LARGER_IS_BETTER' ? candidate > standing : candidate < standing;
}

/** The best of several scores (the earliest of equals), or undefined for none. */
export function bestOf<T extends { score: number }>(order: LeaderboardOrder, items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || beats(order, item.score, best.score)) best = item;
  return best;
}

/** How far `candidate` is past `standing` in the board's direction (negative when it is worse). */
export function improvement(order: LeaderboardOrder, candidate: number, standing: number): number {
  return order === 'LARGER_IS_BETTER' ? candidate - standing : standing - candidate;
}
