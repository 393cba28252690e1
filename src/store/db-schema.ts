/**
 * The tables as kysely sees them: snake_case columns, one interface per table. Rows are mapped to
 * the camelCase records of `store.ts` in each repository; nothing outside `src/store/` sees these.
 *
 * Column conventions, the same on both dialects:
 * - timestamps are BIGINT epoch milliseconds (pg's int8 parsed to a JS number per pool, see
 *   `postgres-pool.ts`);
 * - `player_ref` is the internal player ID (`players.id`), and every table that has one cascades
 *   on the player's deletion;
 * - booleans are BOOLEAN (bound as 1/0, which both databases accept; read back as 1/0 on SQLite
 *   and true/false on PostgreSQL);
 * - JSON travels as TEXT.
 */
import type { ColumnType, Generated } from 'kysely';

/** A BOOLEAN column: written as 1/0, read as a number (SQLite) or a boolean (PostgreSQL). */
type BooleanColumn = ColumnType<number | boolean | null, number | null, number | null>;

export interface PlayersTable {
  id: string;
  application_id: string;
  player_id: string;
  game_player_id: string | null;
  developer_player_key: string | null;
  display_name: string;
  avatar_image_url: string | null;
  title: string | null;
  google_sub: string | null;
  email: string | null;
  email_verified: BooleanColumn;
  name: string | null;
  picture: string | null;
  given_name: string | null;
  family_name: string | null;
  locale: string | null;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number;
}

export interface PlayerIdHistoryTable {
  application_id: string;
  player_id: string;
  player_ref: string;
  kind: string;
  first_seen_at: number;
}

export interface AccountsTable {
  id: string;
  created_at: number;
}

/** `player_ref` is set for `play-games` identities only (their subject is that same player ID). */
export interface AccountIdentitiesTable {
  provider: string;
  subject: string;
  account_ref: string;
  player_ref: string | null;
  linked_at: number;
}

export interface GoogleGrantsTable {
  player_ref: string;
  client_id: string;
  /** JSON array of scope URLs. */
  scopes: string;
  access_token_ciphertext: string;
  access_token_expires_at: number;
  refresh_token_ciphertext: string | null;
  key_id: string;
  refresh_token_key_id: string | null;
  status: string;
  last_refresh_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface SessionFamiliesTable {
  id: string;
  player_ref: string;
  created_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AchievementWritesTable {
  id: Generated<number>;
  player_ref: string;
  achievement_id: string;
  op: string;
  steps: number | null;
  request_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  /** JSON text. */
  result: string | null;
  created_at: number;
  updated_at: number;
}

export interface IdempotencyRecordsTable {
  player_ref: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  /** JSON text. */
  response_body: string | null;
  /** JSON array of write IDs. */
  write_ids: string;
  created_at: number;
}

export interface ScoreWritesTable {
  id: Generated<number>;
  player_ref: string;
  leaderboard_id: string;
  score: number;
  score_tag: string | null;
  score_order: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  /** JSON text. */
  result: string | null;
  created_at: number;
  updated_at: number;
}

export interface EventWritesTable {
  id: Generated<number>;
  player_ref: string;
  event_id: string;
  count: number;
  /** The requestId of the `events.record` batch the write is in; null until batched. */
  request_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  players: PlayersTable;
  player_id_history: PlayerIdHistoryTable;
  accounts: AccountsTable;
  account_identities: AccountIdentitiesTable;
  google_grants: GoogleGrantsTable;
  session_families: SessionFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  achievement_writes: AchievementWritesTable;
  idempotency_records: IdempotencyRecordsTable;
  score_writes: ScoreWritesTable;
  event_writes: EventWritesTable;
}
