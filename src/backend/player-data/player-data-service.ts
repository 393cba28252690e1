/**
 * What Google knows about the player that the game may read: Play's stats (`stats.get`) and the
 * metadata of their saved games (`snapshots.list`, every page), each one Google call with the
 * player's token, nothing stored. Google's int64 strings become JSON numbers, its snake_case stats
 * camelCase, and every timestamp epoch milliseconds (docs/API.md, 'Stats and saved games').
 */
import { STATS_FLOAT_FIELDS, STATS_INT_FIELDS, type StatsField, type StatsResponse } from '../../google/wire/stats.js';
import type { Snapshot } from '../../google/wire/snapshots.js';
import type { GamesClient } from '../../google/games-client.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';

export type PlayerDataGames = Pick<GamesClient, 'getStats' | 'listAllSnapshots'>;

/** `GET /v1/me/stats`: each field only when Google has enough data. */
export type PlayerStats = Partial<Record<CamelStatsField, number>>;

type CamelStatsField =
  | 'avgSessionLengthMinutes'
  | 'churnProbability'
  | 'daysSinceLastPlayed'
  | 'highSpenderProbability'
  | 'numPurchases'
  | 'numSessions'
  | 'numSessionsPercentile'
  | 'spendPercentile'
  | 'spendProbability'
  | 'totalSpendNext28Days';

/** Google's field name → ours. */
const STATS_NAMES: Record<StatsField, CamelStatsField> = {
  avg_session_length_minutes: 'avgSessionLengthMinutes',
  churn_probability: 'churnProbability',
  days_since_last_played: 'daysSinceLastPlayed',
  high_spender_probability: 'highSpenderProbability',
  num_purchases: 'numPurchases',
  num_sessions: 'numSessions',
  num_sessions_percentile: 'numSessionsPercentile',
  spend_percentile: 'spendPercentile',
  spend_probability: 'spendProbability',
  total_spend_next_28_days: 'totalSpendNext28Days',
};

/** One saved game of `GET /v1/me/saved-games`. */
export interface SavedGame {
  id: string;
  uniqueName: string;
  title: string;
  description: string;
  /** Played time, ms. */
  durationMillis: number;
  /** Epoch ms. */
  lastModifiedMillis: number;
  progressValue: number;
  /** The Drive file of the save's bytes (the Drive API reads it with the player's `drive.appdata` grant). */
  driveId?: string;
  coverImage?: { url: string; width: number; height: number; mimeType: string };
}

export interface PlayerDataServiceDeps {
  games: PlayerDataGames;
  vault: Pick<TokenVault, 'withAccessToken'>;
}

/** Reads the player's stats and saved games from Google. */
export class PlayerDataService {
  readonly #deps: PlayerDataServiceDeps;

  constructor(deps: PlayerDataServiceDeps) {
    this.#deps = deps;
  }

  async stats(playerId: string): Promise<PlayerStats> {
    let answer: StatsResponse;
    try {
      answer = await this.#deps.vault.withAccessToken(playerId, (token) => this.#deps.games.getStats(token));
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    const stats: PlayerStats = {};
    for (const field of [...STATS_FLOAT_FIELDS, ...STATS_INT_FIELDS]) {
      const value = answer[field];
      if (typeof value === 'number' && Number.isFinite(value)) stats[STATS_NAMES[field]] = value;
    }
    return stats;
  }

  async savedGames(playerId: string): Promise<SavedGame[]> {
    let snapshots: Snapshot[];
    try {
      snapshots = await this.#deps.vault.withAccessToken(playerId, (token) => this.#deps.games.listAllSnapshots(token));
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    return snapshots.map(savedGameOf);
  }
}

function numberOf(value: string | undefined): number {
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? number : 0;
}

function savedGameOf(snapshot: Snapshot): SavedGame {
  const game: SavedGame = {
    id: snapshot.id,
    uniqueName: snapshot.uniqueName,
    title: snapshot.title ?? '',
    description: snapshot.description ?? '',
    durationMillis: numberOf(snapshot.durationMillis),
    lastModifiedMillis: numberOf(snapshot.lastModifiedMillis),
    progressValue: numberOf(snapshot.progressValue),
  };
  if (snapshot.driveId !== undefined) game.driveId = snapshot.driveId;
  if (snapshot.coverImage) {
    const { url, width, height, mime_type } = snapshot.coverImage;
    game.coverImage = { url, width, height, mimeType: mime_type };
  }
  return game;
}
