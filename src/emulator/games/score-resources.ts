/**
 * Renders leaderboards and scores as Google's wire resources (discovery games-v1.json): every
 * `kind`, int64 fields as strings, optional fields omitted rather than null, and Google's
 * inconsistent names copied (`leaderboard_id`, `scoreString`, `writeTimestamp` on
 * PlayerLeaderboardScore).
 */
import type { Leaderboard } from '../../google/wire/leaderboards.js';
import type { LeaderboardEntry, LeaderboardScoreRank, PlayerLeaderboardScore, PlayerScore, ScoreTimeSpan } from '../../google/wire/scores.js';
import type { ScoreEntry } from '../leaderboard-logic.js';
import { formatScore, localized } from '../score-format.js';
import type { ApplicationRecord, EmulatorState, LeaderboardRecord, PlayerRecord } from '../state.js';
import { playerResource } from './resources.js';

const DEFAULT_ICON = 'https://lh3.googleusercontent.com/pgs-emulator/default-leaderboard.png';

/** The Leaderboard resource, its name in `language` when the seed has it. */
export function leaderboardResource(board: LeaderboardRecord, language: string | undefined): Leaderboard {
  const { detail } = board;
  return {
    kind: 'games#leaderboard',
    id: board.id,
    name: localized(detail.name, language),
    iconUrl: detail.iconUrl ?? DEFAULT_ICON,
    isIconUrlDefault: detail.iconUrl === undefined,
    order: board.order,
  };
}

/** A score as the board's format shows it. */
export function formatted(board: LeaderboardRecord, value: bigint, language: string | undefined): string {
  return formatScore(value, board.detail.scoreFormat, language);
}

/** PlayerScore: a best in one span (submit's `unbeatenScores`). */
export function playerScoreResource(board: LeaderboardRecord, span: ScoreTimeSpan, entry: ScoreEntry, language: string | undefined): PlayerScore {
  const resource: PlayerScore = {
    kind: 'games#playerScore',
    score: entry.value.toString(),
    formattedScore: formatted(board, entry.value, language),
    timeSpan: span,
  };
  if (entry.tag !== undefined) resource.scoreTag = entry.tag;
  return resource;
}

/** LeaderboardScoreRank: a 1-based rank among `count` scores. */
export function scoreRankResource(rank: number, count: number): LeaderboardScoreRank {
  return { kind: 'games#leaderboardScoreRank', rank: String(rank), formattedRank: String(rank), numScores: String(count), formattedNumScores: String(count) };
}

/** PlayerLeaderboardScore (scores.get); ranks are added by the caller. */
export function playerLeaderboardScoreResource(
  board: LeaderboardRecord,
  span: ScoreTimeSpan,
  entry: ScoreEntry,
  language: string | undefined,
): PlayerLeaderboardScore {
  const resource: PlayerLeaderboardScore = {
    kind: 'games#playerLeaderboardScore',
    leaderboard_id: board.id,
    scoreValue: entry.value.toString(),
    scoreString: formatted(board, entry.value, language),
    timeSpan: span,
    writeTimestamp: String(entry.writtenAt),
  };
  if (entry.tag !== undefined) resource.scoreTag = entry.tag;
  return resource;
}

export interface EntryContext {
  state: EmulatorState;
  application: ApplicationRecord;
  board: LeaderboardRecord;
  span: ScoreTimeSpan;
  caller: PlayerRecord;
  language: string | undefined;
}

/** LeaderboardEntry (scores.list, listWindow); `rank` is 1-based, absent when off the collection. */
export function leaderboardEntryResource(context: EntryContext, player: PlayerRecord, entry: ScoreEntry, rank: number | undefined): LeaderboardEntry {
  const { state, application, board, span, caller, language } = context;
  const resource: LeaderboardEntry = {
    kind: 'games#leaderboardEntry',
    player: playerResource(state, player, player === caller, application, caller),
    scoreValue: entry.value.toString(),
    formattedScore: formatted(board, entry.value, language),
    timeSpan: span,
    writeTimestampMillis: String(entry.writtenAt),
  };
  if (rank !== undefined) {
    resource.scoreRank = String(rank);
    resource.formattedScoreRank = String(rank);
  }
  if (entry.tag !== undefined) resource.scoreTag = entry.tag;
  return resource;
}
