/**
 * Who is on a leaderboard collection, best first (https://developer.android.com/games/pgs/leaderboards):
 * - `PUBLIC`: players who share their profile publicly (`profileVisible`);
 * - `FRIENDS` (and the obsolete `SOCIAL`, read as FRIENDS): the caller and their friends; it
 *   stays empty until the leaderboard is published, as Google's social boards do;
 * - players hidden with Management `players.hide` are on neither.
 * Only bests of the current DAILY / WEEKLY period count. Ties: see `leaderboard-logic.ts`.
 */
import type { ScoreCollection, ScoreTimeSpan } from '../../google/wire/scores.js';
import { currentBest, rank, type Ranked } from '../leaderboard-logic.js';
import type { ApplicationRecord, EmulatorState, LeaderboardRecord, PlayerRecord } from '../state.js';

/** A ranked collection and where the caller stands in it. */
export interface RankedCollection {
  entries: Array<Ranked<PlayerRecord>>;
  /** The caller's 0-based position, or -1 when they are not on it. */
  callerIndex: number;
}

function onCollection(state: EmulatorState, application: ApplicationRecord, collection: ScoreCollection, caller: PlayerRecord, player: PlayerRecord): boolean {
  if (state.isHidden(application, player)) return false;
  if (collection === 'PUBLIC') return player.profileVisible;
  return player === caller || caller.friends.has(player);
}

/** The collection's current bests in `span`, ranked. */
export function rankedCollection(
  state: EmulatorState,
  application: ApplicationRecord,
  board: LeaderboardRecord,
  collection: ScoreCollection,
  span: ScoreTimeSpan,
  caller: PlayerRecord,
): RankedCollection {
  const entries: Array<Ranked<PlayerRecord>> = [];
  const social = collection !== 'PUBLIC';
  if (!(social && !board.published)) {
    const now = state.clock.now();
    for (const [player, bests] of state.scores.get(board) ?? []) {
      const entry = currentBest(bests, span, now);
      if (entry !== undefined && onCollection(state, application, collection, caller, player)) entries.push({ player, entry });
    }
  }
  rank(entries, board.order, (player) => player.key);
  return { entries, callerIndex: entries.findIndex((ranked) => ranked.player === caller) };
}
