/**
 * The store: everything the backend persists, behind one interface, so that SQLite and PostgreSQL
 * pass the same conformance suite.
 *
 * Records are plain objects in camelCase; timestamps are epoch milliseconds everywhere. Secrets
 * never reach the store in clear: Google tokens arrive already encrypted (opaque ciphertext
 * strings, the backend owns the keys) and session refresh tokens arrive as hashes.
 *
 * Naming: `Player.playerId` (and the ID history) is Google's Play Games player ID. Everywhere
 * else, a `playerId` argument or field is our internal `Player.id`, the one that never changes.
 *
 * One implementation (`kysely-store.ts`) serves SQLite and PostgreSQL; `openStore()` picks the
 * dialect from `DATABASE_URL`. Everything that must hold across several backend instances
 * (sign-in races, one refresher per grant, outbox claims) is enforced by the database, never by
 * in-process state alone.
 */
import type { AchievementUpdateType } from '../google/wire/achievements.js';
import type { LeaderboardOrder } from '../google/wire/leaderboards.js';

/** Which database a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Any value JSON can carry; what the store keeps in its JSON text columns. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Players

/** How a player ID relates to the player (docs/google/oauth.md, 'Next-generation player IDs'). */
export const PLAYER_ID_KINDS = ['current', 'original', 'alternate', 'previous'] as const;
export type PlayerIdKind = (typeof PLAYER_ID_KINDS)[number];

/** A player of one application, as the backend knows them. */
export interface Player {
  /** Internal ID (UUID), stable forever; the Play Games player ID can change. */
  id: string;
  /** The account this player is the Play Games identity of (see `Account`). */
  accountId: string;
  applicationId: string;
  /** The current Play Games player ID, unique per application. */
  playerId: string;
  gamePlayerId: string | null;
  developerPlayerKey: string | null;
  displayName: string;
  avatarImageUrl: string | null;
  title: string | null;
  /** The ID token's `sub`: THE key for account lookups (never the email). Unique per application. */
  googleSub: string | null;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  picture: string | null;
  givenName: string | null;
  familyName: string | null;
  locale: string | null;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number;
}

/** Claims of a verified ID token; each one is stored only when present. */
export interface IdTokenClaims {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  picture?: string;
  givenName?: string;
  familyName?: string;
  locale?: string;
}

/** What a sign-in learned about the player. */
export interface PlayerSignIn {
  applicationId: string;
  /** The player ID Google names now (`players.get('me').playerId`). */
  playerId: string;
  /** `players.get('me').originalPlayerId`: the ID the player had first, when it changed. */
  originalPlayerId?: string;
  /** `applications.verify().alternate_player_id`: an older ID once used for the player. */
  alternatePlayerId?: string;
  /** From `players.getScopedPlayerIds`; kept when absent. */
  gamePlayerId?: string;
  developerPlayerKey?: string;
  /** Profile fields: they overwrite what is stored (an absent avatar or title is cleared). */
  displayName: string;
  avatarImageUrl?: string;
  title?: string;
  /** Present when the player granted `openid`; its fields update only when provided. */
  idToken?: IdTokenClaims;
  /** Sign-in time; the store's clock when absent. */
  now?: number;
}

/** One player ID ever seen for a player. */
export interface PlayerIdHistoryEntry {
  applicationId: string;
  playerId: string;
  kind: PlayerIdKind;
  firstSeenAt: number;
}

// ---------------------------------------------------------------------------------------------
// Accounts: the game's own identity of a person, with the identities linked to it

/**
 * Who can vouch for an account:
 * - `play-games`: a Play Games player of the application; its subject is the player's internal
 *   `Player.id` (stable through next-generation player-ID remaps). Sign-in links it, and it
 *   leaves with its player (`deletePlayer`), never through `unlinkIdentity`.
 * - `recall`: a link held by Google's Recall API, which restores the account on a new device
 *   (https://developer.android.com/games/pgs/recall); its subject is what Recall names.
 */
export const IDENTITY_PROVIDERS = ['play-games', 'recall'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

/**
 * The game's own account of a person. Google asks games not to make the Play Games identity
 * their primary one (https://developer.android.com/games/pgs/recall): the account is ours, and
 * Play Games is one identity linked to it.
 */
export interface Account {
  /** Our own stable ID, `acc_` and 32 hex digits (see `newAccountId`); never a Google ID. */
  id: string;
  createdAt: number;
}

/** One identity linked to an account. `(provider, subject)` belongs to one account at a time. */
export interface AccountIdentity {
  accountId: string;
  provider: IdentityProvider;
  subject: string;
  linkedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Google grants

export const GRANT_STATUSES = ['active', 'revoked', 'needs_consent'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** The player's Google grant: the encrypted tokens the backend calls Google with. */
export interface Grant {
  playerId: string;
  clientId: string;
  scopes: string[];
  accessTokenCiphertext: string;
  accessTokenExpiresAt: number;
  refreshTokenCiphertext: string | null;
  /** Encryption key of the access token ciphertext. */
  keyId: string;
  /**
   * Encryption key of the refresh token ciphertext. It differs from `keyId` when a later grant
   * without a refresh token kept an earlier one encrypted under an older key.
   */
  refreshTokenKeyId: string | null;
  status: GrantStatus;
  lastRefreshAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A grant to save: from a code exchange or a refresh. */
export interface GrantInput {
  clientId: string;
  scopes: readonly string[];
  accessTokenCiphertext: string;
  accessTokenExpiresAt: number;
  /**
   * `null` keeps the refresh token stored earlier (Google sends one only with `forceRefreshToken`),
   * unless the earlier grant is `revoked`: Google refused that token, so none is kept.
   */
  refreshTokenCiphertext: string | null;
  keyId: string;
  /** Defaults to `active`. */
  status?: GrantStatus;
  /** Defaults to `null` (cleared). */
  lastRefreshAt?: number | null;
  /** Defaults to `null` (cleared). */
  lastError?: string | null;
}

/** The grant of the one player locked by `withGrantRefreshLock`. */
export interface GrantTransaction {
  getGrant(): Promise<Grant | undefined>;
  saveGrant(grant: GrantInput): Promise<Grant>;
  updateGrantStatus(status: GrantStatus, lastError?: string | null): Promise<Grant | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Sessions

/** A chain of rotating refresh tokens opened by one sign-in. */
export interface SessionFamily {
  id: string;
  playerId: string;
  createdAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
}

/** The outcome of presenting a refresh token. */
export type RotateResult =
  /**
   * `repeated`: the token had just been rotated, within the reuse grace, to exactly `newHash`,
   * which is still unused: the same rotation answered again (nothing new stored).
   */
  | { outcome: 'rotated'; familyId: string; playerId: string; accountId: string; repeated?: boolean }
  /** The token had been used already: the whole family is now revoked. */
  | { outcome: 'reused'; familyId: string }
  /** Unknown, expired, or its family is revoked. */
  | { outcome: 'invalid' };

// ---------------------------------------------------------------------------------------------
// Achievement outbox: writes stored before they are sent, so none is lost or applied twice

/**
 * `cancelled`: a tester reset the achievement after the write was recorded and before it was
 * sent; final, never sent (`cancelWrites`), pruned like `done`.
 */
export const WRITE_STATUSES = ['pending', 'in_flight', 'done', 'failed', 'cancelled'] as const;
export type WriteStatus = (typeof WRITE_STATUSES)[number];

/** One achievement write to send to Google. */
export interface AchievementWriteInput {
  achievementId: string;
  op: AchievementUpdateType;
  /** Required for INCREMENT and SET_STEPS_AT_LEAST, absent otherwise. */
  steps?: number;
  /** INCREMENT only; generated at enqueue when absent (a random positive int64). */
  requestId?: string;
}

/** A stored write. `id` orders a player's writes. */
export interface AchievementWrite {
  id: number;
  playerId: string;
  achievementId: string;
  op: AchievementUpdateType;
  steps: number | null;
  /** int64 as a decimal string; set for every INCREMENT. */
  requestId: string | null;
  status: WriteStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  result: JsonValue | null;
  createdAt: number;
  updatedAt: number;
}

/** What a request with an `Idempotency-Key` left behind. */
export interface IdempotencyRecord {
  playerId: string;
  key: string;
  requestHash: string;
  /** `null` while the first request is still being answered (or crashed before answering). */
  statusCode: number | null;
  responseBody: JsonValue | null;
  /** The writes the first request stored. */
  writeIds: number[];
  createdAt: number;
}

export type EnqueueResult = { writes: AchievementWrite[] } | { replay: IdempotencyRecord };

/** One player's claimed writes, in id order. */
export interface ClaimedPlayerWrites {
  playerId: string;
  writes: AchievementWrite[];
}

export interface ClaimOptions {
  now: number;
  leaseMs: number;
  maxPlayers: number;
  maxWritesPerPlayer: number;
}

/** What `holdWritesForReset` took, and what it could not. */
export interface HeldWrites {
  /** The pending writes now leased to the caller (in flight, in id order). */
  held: AchievementWrite[];
  /** How many of the player's writes for those achievements are in flight under another lease (being sent). */
  inFlightElsewhere: number;
}

export interface OutboxStats {
  pending: number;
  inFlight: number;
  failed: number;
  /** Age of the oldest write not yet done or failed; 0 when there is none. */
  oldestPendingAgeMs: number;
}

/** Narrows `listWrites`. */
export interface WriteListFilter {
  status: 'pending' | 'in_flight' | 'failed';
  /** Only this player's writes (internal ID). */
  playerId?: string;
  limit: number;
}

// ---------------------------------------------------------------------------------------------
// Audit log: every operator action

export const AUDIT_OUTCOMES = ['ok', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** An operator action to record. */
export interface AuditEntryInput {
  /** Who acted: `console` (a console session) or `server-api-key` (the admin API with the key), with a session tag when there is one. */
  actor: string;
  /** What was done, e.g. `player.revoke`, `outbox.retry`, `console.sign_in`. */
  action: string;
  /** What it was done to (a player's internal ID, a write's ID), when anything. */
  target?: string | null;
  outcome: AuditOutcome;
  sourceIp?: string | null;
  /** What the action changed or why it was refused; never a secret. */
  detail?: JsonValue;
  /** When; the store's clock when absent. */
  at?: number;
}

/** A recorded operator action. `id` grows with every entry. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  sourceIp: string | null;
  detail: JsonValue | null;
}

// ---------------------------------------------------------------------------------------------
// Score outbox: leaderboard scores stored before they are sent, leased like achievement writes

/** One score to send to Google. */
export interface ScoreWriteInput {
  leaderboardId: string;
  /** An integer within ±(2^53 − 1): the range a JSON number carries exactly. */
  score: number;
  scoreTag?: string;
  /** The board's sort order when the score was accepted, so the best of several is known offline. */
  order: LeaderboardOrder;
}

/** A stored score. `id` orders a player's scores. */
export interface ScoreWrite {
  id: number;
  playerId: string;
  leaderboardId: string;
  score: number;
  scoreTag: string | null;
  order: LeaderboardOrder;
  status: WriteStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  result: JsonValue | null;
  createdAt: number;
  updatedAt: number;
}

/** One player's claimed scores, in id order. */
export interface ClaimedPlayerScoreWrites {
  playerId: string;
  writes: ScoreWrite[];
}

// ---------------------------------------------------------------------------------------------
// Event outbox: event counts stored before they are sent, batched into one `events.record` per
// player whose requestId is kept until the batch is settled, so none is lost or counted twice

/** One event update to send to Google. */
export interface EventWriteInput {
  eventId: string;
  /** How many times the event occurred: a positive safe integer. */
  count: number;
}

/** A stored event update. `id` orders a player's writes; `createdAt` places it in a time period. */
export interface EventWrite {
  id: number;
  playerId: string;
  eventId: string;
  count: number;
  /** The requestId (int64, decimal) of the `events.record` batch the write is in; null until batched. */
  requestId: string | null;
  status: WriteStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export type EventEnqueueResult = { writes: EventWrite[] } | { replay: IdempotencyRecord };

/** One player's claimed batch: writes in id order, all with the same `requestId`. */
export interface ClaimedEventBatch {
  playerId: string;
  requestId: string;
  writes: EventWrite[];
}

// ---------------------------------------------------------------------------------------------

/** Everything the backend persists. */
export interface Store {
  readonly dialect: StoreDialect;

  /** Round trip to the database (for /readyz); rejects when it is unreachable. */
  ping(): Promise<void>;
  /** Releases the connection(s); the store is unusable afterwards. */
  close(): Promise<void>;

  // Players ------------------------------------------------------------------------------------

  /**
   * Creates or updates the player on sign-in. Race-safe: concurrent first sign-ins all succeed
   * and exactly one reports `created`. ID-remap aware: a player known under `originalPlayerId` or
   * `alternatePlayerId` is moved to the new ID, never duplicated. A player known by the same
   * `idToken.sub` alone is not moved: that rejects with `IDENTITY_MISMATCH`, changing nothing.
   */
  upsertPlayerOnSignIn(input: PlayerSignIn): Promise<{ player: Player; created: boolean }>;
  findPlayer(id: string): Promise<Player | undefined>;
  /** The players with these internal IDs, in one query (unknown IDs are left out; order unspecified). */
  findPlayers(ids: readonly string[]): Promise<Player[]>;
  /** Finds a player by any player ID ever seen for them (current or in history). */
  findPlayerByPlayerId(applicationId: string, anyKnownPlayerId: string): Promise<Player | undefined>;
  /** Finds a player by their ID token `sub`. */
  findPlayerByGoogleSub(applicationId: string, sub: string): Promise<Player | undefined>;
  /** Every player ID seen for the player, oldest first. */
  listPlayerIdHistory(id: string): Promise<PlayerIdHistoryEntry[]>;
  /**
   * Removes the player and everything of theirs in one transaction; false when unknown. Their
   * Play Games identity goes with them, and so does their account when it was its last identity.
   */
  deletePlayer(id: string): Promise<boolean>;
  countPlayers(): Promise<number>;
  /**
   * For operators: players whose display name contains `query` (case-insensitive), or whose
   * internal ID, any Play Games player ID ever seen, account ID, ID-token `sub` or email is
   * `query` exactly; the most recently signed in first. An empty query lists the most recent.
   */
  searchPlayers(query: string, limit: number): Promise<Player[]>;

  // Accounts -----------------------------------------------------------------------------------
  // A first sign-in creates the player's account and its `play-games` link with the player.

  findAccount(accountId: string): Promise<Account | undefined>;
  /** The account `(provider, subject)` is linked to. */
  findAccountByIdentity(provider: IdentityProvider, subject: string): Promise<Account | undefined>;
  /** The account's identities, oldest link first. */
  listAccountIdentities(accountId: string): Promise<AccountIdentity[]>;
  /**
   * Links another identity to the account. ACCOUNT_NOT_FOUND for an unknown account, CONFLICT
   * when the identity is linked already (to this account or another), INVALID_ARGUMENT for
   * `play-games` (sign-in links those, with their player).
   */
  linkIdentity(accountId: string, provider: IdentityProvider, subject: string): Promise<AccountIdentity>;
  /**
   * Unlinks an identity; false when it was not linked to the account. LAST_IDENTITY when it is
   * the account's last one (an account nobody can sign in to is never left behind; the account
   * goes with its last player, `deletePlayer`), INVALID_ARGUMENT for `play-games`.
   */
  unlinkIdentity(accountId: string, provider: IdentityProvider, subject: string): Promise<boolean>;
  /** Removes the account, every player linked to it (as `deletePlayer` would) and every link; false when unknown. */
  deleteAccount(accountId: string): Promise<boolean>;
  countAccounts(): Promise<number>;

  // Google grants ------------------------------------------------------------------------------

  /** Saves the player's grant, keeping the earlier refresh token when the new one has none (and the old grant is not revoked). */
  saveGrant(playerId: string, grant: GrantInput): Promise<Grant>;
  getGrant(playerId: string): Promise<Grant | undefined>;
  updateGrantStatus(playerId: string, status: GrantStatus, lastError?: string | null): Promise<Grant | undefined>;
  /**
   * Runs `fn` as the only refresher of the player's grant. PostgreSQL: `fn` runs inside a
   * transaction holding the grant row `FOR UPDATE`, so one refresher per player across every
   * instance. SQLite (one process by design): an in-process per-player lock, and no write
   * transaction is held across `fn`. On both, what `fn` saved through `tx` is kept even if `fn`
   * then throws. Inside `fn`, reach the store only through `tx`: on PostgreSQL `fn` holds a pooled
   * connection, and other store calls would need another. Keep `fn` bounded (a Google call with a
   * timeout).
   */
  withGrantRefreshLock<T>(playerId: string, fn: (tx: GrantTransaction) => Promise<T>): Promise<T>;

  // Sessions -----------------------------------------------------------------------------------

  /** Opens a session family with its first refresh token (stored only as its hash). */
  createSessionFamily(playerId: string, firstTokenHash: string, expiresAt: number): Promise<SessionFamily>;
  /**
   * Exchanges a refresh token for the next one, atomically; reuse revokes the whole family.
   * Except within `reuseGraceMs` of the token's first use, when its successor is `newHash` and
   * still unused: that is the same rotation asked again (a client retrying a lost answer), and
   * it answers `rotated` with `repeated: true`, changing nothing.
   */
  rotateRefreshToken(oldHash: string, newHash: string, newExpiresAt: number, now: number, reuseGraceMs?: number): Promise<RotateResult>;
  /** Revokes the family; false when it was unknown or already revoked. */
  revokeSessionFamily(familyId: string, reason: string): Promise<boolean>;
  isSessionFamilyActive(familyId: string): Promise<boolean>;
  findSessionFamily(familyId: string): Promise<SessionFamily | undefined>;
  /** The player's session families, newest first (revoked ones too, until pruned). */
  listSessionFamilies(playerId: string, limit: number): Promise<SessionFamily[]>;
  /** Revokes every active session family of the player; returns how many. */
  revokeAllSessions(playerId: string, reason?: string): Promise<number>;
  /** Deletes refresh tokens expired before `before`, and families (created before it) that are revoked or have no token left. */
  pruneSessions(before: number): Promise<{ refreshTokens: number; families: number }>;

  // Achievement outbox -------------------------------------------------------------------------

  /**
   * Stores the writes in one transaction, due now. With an idempotency key already used by the
   * player, stores nothing and returns the earlier record (`replay`); the caller compares its
   * `requestHash` and answers with its response.
   *
   * With `claimLeaseMs` (the send-at-once path), the same transaction also leases the new writes
   * to the caller when nothing else of the player is open: they come back `in_flight`, leased
   * for `claimLeaseMs`; otherwise (earlier writes still open: order first) they stay `pending`
   * for the worker (`mayClaimOnEnqueue` in `outbox-claim-rule.ts`).
   */
  enqueueAchievementWrites(
    playerId: string,
    writes: readonly AchievementWriteInput[],
    idempotency?: { key: string; requestHash: string },
    options?: { claimLeaseMs?: number },
  ): Promise<EnqueueResult>;
  /** Records the answer given to the first request with this idempotency key. */
  saveIdempotencyResponse(playerId: string, key: string, statusCode: number, body: JsonValue): Promise<void>;
  getIdempotencyRecord(playerId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Leases due writes for sending, grouped per player in id order. A player's writes are claimed
   * as an in-order prefix, never while they have a live lease; expired leases are claimable
   * again. On PostgreSQL, instances share players with `FOR UPDATE SKIP LOCKED`.
   */
  claimDueWrites(options: ClaimOptions): Promise<ClaimedPlayerWrites[]>;
  /** Marks writes done, with Google's result for each (`results[i]` belongs to `ids[i]`). */
  completeWrites(ids: readonly number[], results?: readonly JsonValue[]): Promise<void>;
  /** Back to pending after a transient failure: attempts + 1, due at `nextAttemptAt`. */
  retryWrites(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void>;
  /** Permanent failure: recorded and visible, never retried. */
  failWrites(ids: readonly number[], error: string): Promise<void>;
  /** The writes with these IDs, whatever their status, in id order (unknown IDs are left out). */
  findWrites(ids: readonly number[]): Promise<AchievementWrite[]>;
  /** The player's writes not yet done (pending and in flight), in id order: for read overlays. */
  pendingWritesForPlayer(playerId: string): Promise<AchievementWrite[]>;
  outboxStats(now: number): Promise<OutboxStats>;
  /** Failed writes, newest first. */
  listFailedWrites(limit: number): Promise<AchievementWrite[]>;
  /**
   * Writes of one status for operators: pending and in-flight ones in queue order (oldest
   * first), failed ones newest first.
   */
  listWrites(filter: WriteListFilter): Promise<AchievementWrite[]>;
  /**
   * An operator's retry of a failed write: back to pending, due now, attempts from 0. Undefined
   * when the write is unknown or not failed (nothing changes).
   */
  retryFailedWrite(id: number): Promise<AchievementWrite | undefined>;
  /**
   * An operator's cancel: a pending or failed write becomes `cancelled` (final, never sent,
   * pruned like done), with `reason` as its last error; answers it so. Undefined when the write
   * is unknown, in flight (a sender holds it), done or cancelled already (nothing changes).
   */
  cancelWrite(id: number, reason: string): Promise<AchievementWrite | undefined>;
  /** Parks the player's open writes until `until` (their grant is dead); they stay pending. */
  deferWritesForPlayer(playerId: string, until: number, reason: string): Promise<number>;
  /** Makes the player's pending writes due now (after they signed in again). */
  resumeWritesForPlayer(playerId: string): Promise<number>;
  /**
   * For a tester reset: leases the player's pending writes of `achievementIds` (all their
   * achievements when undefined) to the caller until `leaseUntil`, so no sender takes them while
   * the reset runs (a live lease also keeps the player's other writes back, as any claim does),
   * and counts those already in flight under another lease (not among `alreadyHeld`, what
   * earlier calls of the same reset took). The caller then cancels what it holds
   * (`cancelWrites`) once Google has reset, or releases it (`releaseWrites`) if not.
   */
  holdWritesForReset(
    playerId: string,
    achievementIds: readonly string[] | undefined,
    hold: { now: number; leaseUntil: number; alreadyHeld?: readonly number[] },
  ): Promise<HeldWrites>;
  /** In-flight writes to `cancelled` (final, never sent), with the reason; others are left alone. */
  cancelWrites(ids: readonly number[], reason: string): Promise<void>;
  /** In-flight writes back to pending, due now, attempts unchanged (a hold that was not needed). */
  releaseWrites(ids: readonly number[]): Promise<void>;
  /** Deletes done and cancelled writes last updated, and idempotency records created, before `before`. */
  pruneOutbox(before: number): Promise<{ writes: number; idempotencyRecords: number }>;

  // Audit log ----------------------------------------------------------------------------------

  /** Records an operator action. */
  appendAuditEntry(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Recorded actions, newest first; `before` pages back (entries with a smaller id); `target` narrows to one target. */
  listAuditEntries(options: { limit: number; before?: number; target?: string }): Promise<AuditEntry[]>;

  // Score outbox --------------------------------------------------------------------------------
  // The same lease rule as the achievement outbox (`outbox-claim-rule.ts`), on its own table.

  /**
   * Stores the scores in one transaction, due now. With `claimLeaseMs` (the send-at-once path),
   * the same transaction leases them to the caller when nothing else of the player's scores is
   * open; otherwise they stay `pending` for the worker. INVALID_ARGUMENT for a score that is not
   * a safe integer, an unknown order or an empty leaderboard ID; PLAYER_NOT_FOUND for an unknown player.
   */
  enqueueScoreWrites(playerId: string, writes: readonly ScoreWriteInput[], options?: { claimLeaseMs?: number }): Promise<ScoreWrite[]>;
  /** Leases due scores for sending, grouped per player in id order (as `claimDueWrites`). */
  claimDueScoreWrites(options: ClaimOptions): Promise<ClaimedPlayerScoreWrites[]>;
  /** Marks scores done, with Google's answer for each (`results[i]` belongs to `ids[i]`). */
  completeScoreWrites(ids: readonly number[], results?: readonly JsonValue[]): Promise<void>;
  /** Back to pending after a transient failure: attempts + 1, due at `nextAttemptAt`. */
  retryScoreWrites(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void>;
  /** Permanent failure: recorded and visible, never retried. */
  failScoreWrites(ids: readonly number[], error: string): Promise<void>;
  /** The scores with these IDs, whatever their status, in id order. */
  findScoreWrites(ids: readonly number[]): Promise<ScoreWrite[]>;
  /** The player's scores not yet done (pending and in flight), in id order: for read overlays. */
  openScoreWritesForPlayer(playerId: string): Promise<ScoreWrite[]>;
  /**
   * The player's scores on one board that were not refused or cancelled (pending, in flight or done), created
   * at or after `since`, in id order: the history a score policy's improvement window reads.
   */
  scoreHistory(playerId: string, leaderboardId: string, since: number): Promise<ScoreWrite[]>;
  scoreOutboxStats(now: number): Promise<OutboxStats>;
  /** Failed scores, newest first. */
  listFailedScoreWrites(limit: number): Promise<ScoreWrite[]>;
  /** Parks the player's open scores until `until` (their grant is dead); they stay pending. */
  deferScoreWritesForPlayer(playerId: string, until: number, reason: string): Promise<number>;
  /** Makes the player's pending scores due now (after they signed in again). */
  resumeScoreWritesForPlayer(playerId: string): Promise<number>;
  /** Scores of one status for operators, ordered as `listWrites`. */
  listScoreWrites(filter: WriteListFilter): Promise<ScoreWrite[]>;
  /** An operator's retry of a failed score, as `retryFailedWrite`. */
  retryFailedScoreWrite(id: number): Promise<ScoreWrite | undefined>;
  /** An operator's cancel of a pending or failed score, as `cancelWrite`. */
  cancelScoreWrite(id: number, reason: string): Promise<ScoreWrite | undefined>;
  /** Deletes done and cancelled scores last updated before `before`. */
  pruneScoreWrites(before: number): Promise<number>;
  // Event outbox -------------------------------------------------------------------------------
  // The same rules as the achievement outbox (`outbox-claim-rule.ts`), plus batches: the writes
  // sent in one `events.record` share its requestId until they are settled.

  /**
   * Stores the event writes in one transaction, due now (the idempotency key as
   * `enqueueAchievementWrites`; records are shared with it). With `claimLeaseMs`, and nothing of
   * the player's events open, they are also leased to the caller as one batch with a new
   * requestId.
   */
  enqueueEventWrites(
    playerId: string,
    writes: readonly EventWriteInput[],
    idempotency?: { key: string; requestHash: string },
    options?: { claimLeaseMs?: number },
  ): Promise<EventEnqueueResult>;
  /**
   * Leases one batch per player: the in-order prefix of their due writes, never while they hold
   * a live lease. A batch sent before and not settled is claimed again as it was (same writes,
   * same requestId); otherwise up to `maxWritesPerPlayer` unbatched writes get a new requestId.
   */
  claimDueEventBatches(options: ClaimOptions): Promise<ClaimedEventBatch[]>;
  /** Marks event writes done. */
  completeEventWrites(ids: readonly number[]): Promise<void>;
  /**
   * Back to pending after a failure: attempts + 1, due at `nextAttemptAt`. `releaseBatch` when
   * Google refused the whole request unapplied, so the next send forms a new batch and ID.
   */
  retryEventWrites(ids: readonly number[], nextAttemptAt: number, error: string, options?: { releaseBatch?: boolean }): Promise<void>;
  /** Permanent failure: recorded and visible, never retried. */
  failEventWrites(ids: readonly number[], error: string): Promise<void>;
  /** The player's event writes not yet done (pending and in flight), in id order. */
  pendingEventWritesForPlayer(playerId: string): Promise<EventWrite[]>;
  /** Parks the player's open event writes until `until` (their grant is dead). */
  deferEventWritesForPlayer(playerId: string, until: number, reason: string): Promise<number>;
  /** Makes the player's pending event writes due now (after they signed in again). */
  resumeEventWritesForPlayer(playerId: string): Promise<number>;
  /** The event writes with these IDs, whatever their status, in id order. */
  findEventWrites(ids: readonly number[]): Promise<EventWrite[]>;
  /** Event writes of one status for operators, ordered as `listWrites`. */
  listEventWrites(filter: WriteListFilter): Promise<EventWrite[]>;
  /**
   * An operator's retry of a failed event write, as `retryFailedWrite`; it leaves the batch it
   * was refused in (its requestId is cleared), so it is sent in a new one.
   */
  retryFailedEventWrite(id: number): Promise<EventWrite | undefined>;
  /**
   * An operator's cancel, as `cancelWrite`, of a failed event write or a pending one not in a
   * batch yet. Undefined also for a pending write holding a batch's requestId: that batch was
   * sent and its answer lost, so Google may have counted it; it is resent as it was.
   */
  cancelEventWrite(id: number, reason: string): Promise<EventWrite | undefined>;
  /** Deletes done and cancelled event writes last updated before `before`. */
  pruneEventOutbox(before: number): Promise<number>;
  /** Event writes not done, and failed ones, for the worker's gauges and the operators' view. */
  eventOutboxStats(now: number): Promise<OutboxStats>;
  /** Failed event writes, newest first. */
  listFailedEventWrites(limit: number): Promise<EventWrite[]>;
}
