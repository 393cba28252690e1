/**
 * Google's wire shape of the Games API v1 `stats.get` answer (discovery games-v1.json rev
 * 20240529): Play's predictions and counts about the player in this game. Every field is "not
 * populated if there is not enough information". The names are snake_case, unlike the rest of the
 * API, and every value is a JSON number (floats and int32s, no int64).
 */

/** The fields that are floats (probabilities, percentiles, minutes, money). */
export const STATS_FLOAT_FIELDS = [
  'avg_session_length_minutes',
  'churn_probability',
  'high_spender_probability',
  'num_sessions_percentile',
  'spend_percentile',
  'spend_probability',
  'total_spend_next_28_days',
] as const;

/** The fields that are int32 counts. */
export const STATS_INT_FIELDS = ['days_since_last_played', 'num_purchases', 'num_sessions'] as const;

export type StatsField = (typeof STATS_FLOAT_FIELDS)[number] | (typeof STATS_INT_FIELDS)[number];

/** The values of a `StatsResponse`, each present only when Google has enough data. */
export type StatsValues = Partial<Record<StatsField, number>>;

export interface StatsResponse extends StatsValues {
  kind: 'games#statsResponse';
}
