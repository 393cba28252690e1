/**
 * The answers of the leaderboard reads (docs/API.md, 'Leaderboards'): Google's entries with their
 * int64 strings as JSON numbers, and the player's own scores not yet on Google's copy laid over
 * them (`pending: true`), so a player sees what they just did. A number beyond 2^53 (a score
 * submitted some other way) loses its last digits; `formattedScore` keeps Google's exact text.
 */
import type { LeaderboardOrder } from '../../google/wire/leaderboards.js';
import type { LeaderboardEntry, PlayerLeaderboardScore, ScoreTimeSpan } from '../../google/wire/scores.js';
import { SCORE_TIME_SPANS } from '../../google/wire/scores.js';
import { beats } from './best-score.js';

export interface BoardEntry {
  /** The Play Games player ID. */
  playerId: string;
  displayName: string;
  rank: number;
  score: number;
  formattedScore: string;
  scoreTag?: string;
  avatarImageUrl?: string;
  /** The player's own score, stored here and not yet on Google's copy of the page. */
  pending?: true;
}

export interface MyStanding {
  /** Null when the player's newest score is not on Google's copy yet and its rank is unknown. */
  rank: number | null;
  score: number;
  pending?: true;
}

export interface BoardPage {
  items: BoardEntry[];
  me: MyStanding | null;
  nextPageToken?: string;
}

export interface OwnScore {
  timeSpan: ScoreTimeSpan;
  score: number;
  rank?: number;
  formattedScore: string;
  scoreTag?: string;
  pending?: true;
}

/** The player laid over a page: who they are, and their best score Google's copy lacks. */
export interface PageOverlay {
  playerId: string;
  displayName: string;
  avatarImageUrl?: string;
  score: number;
  scoreTag?: string;
}

/** Google's rows, as numbers; a row without a rank (never seen) follows the one above it. */
export function entriesOf(rows: readonly LeaderboardEntry[]): BoardEntry[] {
  const entries: BoardEntry[] = [];
  for (const row of rows) {
    const rank = row.scoreRank === undefined ? (entries.at(-1)?.rank ?? 0) + 1 : Number(row.scoreRank);
    entries.push({
      playerId: row.player.playerId,
      displayName: row.player.displayName,
      rank,
      score: Number(row.scoreValue),
      formattedScore: row.formattedScore,
      ...(row.scoreTag ? { scoreTag: row.scoreTag } : {}),
      ...(row.player.avatarImageUrl ? { avatarImageUrl: row.player.avatarImageUrl } : {}),
    });
  }
  return entries;
}

/**
 * Lays the player's newer best over a page: their row moves (or enters) where the score ranks,
 * the rows it passes move down one rank. A score that would rank below a full page (more pages
 * follow) leaves the items alone and shows in `me` with an unknown rank.
 */
export function overlayPage(page: BoardPage, order: LeaderboardOrder, overlay: PageOverlay | undefined, complete: boolean): BoardPage {
  if (!overlay) return page;
  const items = [...page.items];
  const oldIndex = items.findIndex((e) => e.playerId === overlay.playerId);
  const current = oldIndex === -1 ? page.me?.score : items[oldIndex]!.score;
  if (current !== undefined && !beats(order, overlay.score, current)) return page;
  const others = oldIndex === -1 ? items : items.filter((_, i) => i !== oldIndex);
  let at = others.findIndex((e) => beats(order, overlay.score, e.score));
  if (at === -1) at = others.length;
  if (at === others.length && !complete) {
    // Past this page: the page stands, without the player's old row if it was on it.
    const shifted = oldIndex === -1 ? others : others.map((e, i) => (i >= oldIndex ? { ...e, rank: e.rank - 1 } : e));
    return { ...page, items: shifted, me: { rank: null, score: overlay.score, pending: true } };
  }
  const rank = at < others.length ? others[at]!.rank : (others.at(-1)?.rank ?? 0) + 1;
  const row: BoardEntry = {
    playerId: overlay.playerId,
    displayName: overlay.displayName,
    rank,
    score: overlay.score,
    formattedScore: String(overlay.score),
    ...(overlay.scoreTag ? { scoreTag: overlay.scoreTag } : {}),
    ...(overlay.avatarImageUrl ? { avatarImageUrl: overlay.avatarImageUrl } : {}),
    pending: true,
  };
  // Rows the player passes move down one: all below them when they were not on the page, those
  // between the new and the old place when they were.
  const end = oldIndex === -1 ? others.length : oldIndex;
  const moved = others.map((e, i) => (i >= at && i < end ? { ...e, rank: e.rank + 1 } : e));
  moved.splice(at, 0, row);
  return { ...page, items: moved, me: { rank, score: overlay.score, pending: true } };
}

/** `scores.get` items as the player's own scores, one per span in span order. */
export function ownScoresOf(items: readonly PlayerLeaderboardScore[]): OwnScore[] {
  return SCORE_TIME_SPANS.flatMap((span) => {
    const item = items.find((i) => i.timeSpan === span);
    if (!item) return [];
    const rank = item.publicRank?.rank;
    return [
      {
        timeSpan: span,
        score: Number(item.scoreValue),
        formattedScore: item.scoreString,
        ...(rank === undefined ? {} : { rank: Number(rank) }),
        ...(item.scoreTag ? { scoreTag: item.scoreTag } : {}),
      },
    ];
  });
}

/** A pending best laid over the player's own scores: every span it beats (or has none) shows it. */
export function overlayOwnScores(scores: readonly OwnScore[], order: LeaderboardOrder, pending: { score: number; scoreTag?: string } | undefined): OwnScore[] {
  if (!pending) return [...scores];
  return SCORE_TIME_SPANS.map((span) => {
    const standing = scores.find((s) => s.timeSpan === span);
    if (standing && !beats(order, pending.score, standing.score)) return standing;
    return { timeSpan: span, score: pending.score, formattedScore: String(pending.score), ...(pending.scoreTag ? { scoreTag: pending.scoreTag } : {}), pending: true as const };
  });
}
