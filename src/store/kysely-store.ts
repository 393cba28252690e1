/**
 * The one `Store` implementation, over kysely, for SQLite and PostgreSQL alike. Each concern
 * lives in its repository; this class only wires them to the interface.
 */
import { sql, type Kysely } from 'kysely';
import { AccountRepository } from './account-repository.js';
import { AuditRepository } from './audit-repository.js';
import type { Database } from './db-schema.js';
import { EventOutboxRepository } from './event-outbox-repository.js';
import { GrantRepository } from './grant-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { PlayerRepository } from './player-repository.js';
import { ScoreWriteRepository } from './score-write-repository.js';
import { SessionRepository } from './session-repository.js';
import type { StoreContext } from './store-context.js';
import type {
  Account,
  AccountIdentity,
  AchievementWrite,
  AchievementWriteInput,
  AuditEntry,
  AuditEntryInput,
  ClaimOptions,
  ClaimedPlayerScoreWrites,
  ClaimedEventBatch,
  ClaimedPlayerWrites,
  HeldWrites,
  EnqueueResult,
  EventEnqueueResult,
  EventWrite,
  EventWriteInput,
  Grant,
  GrantInput,
  GrantStatus,
  GrantTransaction,
  IdempotencyRecord,
  IdentityProvider,
  JsonValue,
  OutboxStats,
  Player,
  PlayerIdHistoryEntry,
  PlayerSignIn,
  RotateResult,
  ScoreWrite,
  ScoreWriteInput,
  SessionFamily,
  Store,
  StoreDialect,
  WriteListFilter,
} from './store.js';

/** A `Store` over an open kysely database whose migrations are applied. */
export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<Database>;
  readonly #players: PlayerRepository;
  readonly #accounts: AccountRepository;
  readonly #grants: GrantRepository;
  readonly #sessions: SessionRepository;
  readonly #outbox: OutboxRepository;
  readonly #audit: AuditRepository;
  readonly #scores: ScoreWriteRepository;
  readonly #events: EventOutboxRepository;
  #closed: Promise<void> | undefined;

  constructor(db: Kysely<Database>, dialect: StoreDialect, clock: () => number = Date.now) {
    const ctx: StoreContext = { db, dialect, now: clock };
    this.dialect = dialect;
    this.#db = db;
    this.#players = new PlayerRepository(ctx);
    this.#accounts = new AccountRepository(ctx);
    this.#grants = new GrantRepository(ctx);
    this.#sessions = new SessionRepository(ctx);
    this.#outbox = new OutboxRepository(ctx);
    this.#audit = new AuditRepository(ctx);
    this.#scores = new ScoreWriteRepository(ctx);
    this.#events = new EventOutboxRepository(ctx, this.#outbox);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  close(): Promise<void> {
    this.#closed ??= this.#db.destroy();
    return this.#closed;
  }

  // Players

  upsertPlayerOnSignIn(input: PlayerSignIn): Promise<{ player: Player; created: boolean }> {
    return this.#players.upsertOnSignIn(input);
  }

  findPlayer(id: string): Promise<Player | undefined> {
    return this.#players.find(id);
  }

  findPlayers(ids: readonly string[]): Promise<Player[]> {
    return this.#players.findMany(ids);
  }

  findPlayerByPlayerId(applicationId: string, anyKnownPlayerId: string): Promise<Player | undefined> {
    return this.#players.findByPlayerId(applicationId, anyKnownPlayerId);
  }

  findPlayerByGoogleSub(applicationId: string, sub: string): Promise<Player | undefined> {
    return this.#players.findByGoogleSub(applicationId, sub);
  }

  listPlayerIdHistory(id: string): Promise<PlayerIdHistoryEntry[]> {
    return this.#players.listIdHistory(id);
  }

  deletePlayer(id: string): Promise<boolean> {
    return this.#players.delete(id);
  }

  countPlayers(): Promise<number> {
    return this.#players.count();
  }

  // Accounts

  findAccount(accountId: string): Promise<Account | undefined> {
    return this.#accounts.find(accountId);
  }

  findAccountByIdentity(provider: IdentityProvider, subject: string): Promise<Account | undefined> {
    return this.#accounts.findByIdentity(provider, subject);
  }

  listAccountIdentities(accountId: string): Promise<AccountIdentity[]> {
    return this.#accounts.listIdentities(accountId);
  }

  linkIdentity(accountId: string, provider: IdentityProvider, subject: string): Promise<AccountIdentity> {
    return this.#accounts.link(accountId, provider, subject);
  }

  unlinkIdentity(accountId: string, provider: IdentityProvider, subject: string): Promise<boolean> {
    return this.#accounts.unlink(accountId, provider, subject);
  }

  deleteAccount(accountId: string): Promise<boolean> {
    return this.#accounts.delete(accountId);
  }

  countAccounts(): Promise<number> {
    return this.#accounts.count();
  }

  // Google grants

  saveGrant(playerId: string, grant: GrantInput): Promise<Grant> {
    return this.#grants.save(this.#db, playerId, grant);
  }

  getGrant(playerId: string): Promise<Grant | undefined> {
    return this.#grants.get(this.#db, playerId);
  }

  updateGrantStatus(playerId: string, status: GrantStatus, lastError?: string | null): Promise<Grant | undefined> {
    return this.#grants.updateStatus(this.#db, playerId, status, lastError);
  }

  withGrantRefreshLock<T>(playerId: string, fn: (tx: GrantTransaction) => Promise<T>): Promise<T> {
    return this.#grants.withRefreshLock(playerId, fn);
  }

  // Sessions

  createSessionFamily(playerId: string, firstTokenHash: string, expiresAt: number): Promise<SessionFamily> {
    return this.#sessions.createFamily(playerId, firstTokenHash, expiresAt);
  }

  rotateRefreshToken(oldHash: string, newHash: string, newExpiresAt: number, now: number, reuseGraceMs = 0): Promise<RotateResult> {
    return this.#sessions.rotate(oldHash, newHash, newExpiresAt, now, reuseGraceMs);
  }

  revokeSessionFamily(familyId: string, reason: string): Promise<boolean> {
    return this.#sessions.revokeFamily(familyId, reason);
  }

  isSessionFamilyActive(familyId: string): Promise<boolean> {
    return this.#sessions.isFamilyActive(familyId);
  }

  findSessionFamily(familyId: string): Promise<SessionFamily | undefined> {
    return this.#sessions.findFamily(familyId);
  }

  revokeAllSessions(playerId: string, reason = 'revoked'): Promise<number> {
    return this.#sessions.revokeAll(playerId, reason);
  }

  pruneSessions(before: number): Promise<{ refreshTokens: number; families: number }> {
    return this.#sessions.prune(before);
  }

  // Achievement outbox

  enqueueAchievementWrites(
    playerId: string,
    writes: readonly AchievementWriteInput[],
    idempotency?: { key: string; requestHash: string },
    options?: { claimLeaseMs?: number },
  ): Promise<EnqueueResult> {
    return this.#outbox.enqueue(playerId, writes, idempotency, options?.claimLeaseMs);
  }

  saveIdempotencyResponse(playerId: string, key: string, statusCode: number, body: JsonValue): Promise<void> {
    return this.#outbox.saveIdempotencyResponse(playerId, key, statusCode, body);
  }

  getIdempotencyRecord(playerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.#outbox.getIdempotencyRecord(playerId, key);
  }

  claimDueWrites(options: ClaimOptions): Promise<ClaimedPlayerWrites[]> {
    return this.#outbox.claimDue(options);
  }

  completeWrites(ids: readonly number[], results?: readonly JsonValue[]): Promise<void> {
    return this.#outbox.complete(ids, results);
  }

  retryWrites(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void> {
    return this.#outbox.retry(ids, nextAttemptAt, error);
  }

  failWrites(ids: readonly number[], error: string): Promise<void> {
    return this.#outbox.fail(ids, error);
  }

  findWrites(ids: readonly number[]): Promise<AchievementWrite[]> {
    return this.#outbox.find(ids);
  }

  pendingWritesForPlayer(playerId: string): Promise<AchievementWrite[]> {
    return this.#outbox.openForPlayer(playerId);
  }

  outboxStats(now: number): Promise<OutboxStats> {
    return this.#outbox.stats(now);
  }

  listFailedWrites(limit: number): Promise<AchievementWrite[]> {
    return this.#outbox.listFailed(limit);
  }

  deferWritesForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#outbox.deferForPlayer(playerId, until, reason);
  }

  resumeWritesForPlayer(playerId: string): Promise<number> {
    return this.#outbox.resumeForPlayer(playerId);
  }

  holdWritesForReset(
    playerId: string,
    achievementIds: readonly string[] | undefined,
    hold: { now: number; leaseUntil: number; alreadyHeld?: readonly number[] },
  ): Promise<HeldWrites> {
    return this.#outbox.holdForReset(playerId, achievementIds, hold);
  }

  cancelWrites(ids: readonly number[], reason: string): Promise<void> {
    return this.#outbox.cancel(ids, reason);
  }

  releaseWrites(ids: readonly number[]): Promise<void> {
    return this.#outbox.release(ids);
  }

  pruneOutbox(before: number): Promise<{ writes: number; idempotencyRecords: number }> {
    return this.#outbox.prune(before);
  }

  // Operators

  searchPlayers(query: string, limit: number): Promise<Player[]> {
    return this.#players.search(query, limit);
  }

  listSessionFamilies(playerId: string, limit: number): Promise<SessionFamily[]> {
    return this.#sessions.listForPlayer(playerId, limit);
  }

  listWrites(filter: WriteListFilter): Promise<AchievementWrite[]> {
    return this.#outbox.list(filter);
  }

  retryFailedWrite(id: number): Promise<AchievementWrite | undefined> {
    return this.#outbox.retryFailed(id);
  }

  cancelWrite(id: number, reason: string): Promise<AchievementWrite | undefined> {
    return this.#outbox.cancelByOperator(id, reason);
  }

  appendAuditEntry(entry: AuditEntryInput): Promise<AuditEntry> {
    return this.#audit.append(entry);
  }

  listAuditEntries(options: { limit: number; before?: number; target?: string }): Promise<AuditEntry[]> {
    return this.#audit.list(options);
  }

  // Score outbox

  enqueueScoreWrites(playerId: string, writes: readonly ScoreWriteInput[], options?: { claimLeaseMs?: number }): Promise<ScoreWrite[]> {
    return this.#scores.enqueue(playerId, writes, options?.claimLeaseMs);
  }

  claimDueScoreWrites(options: ClaimOptions): Promise<ClaimedPlayerScoreWrites[]> {
    return this.#scores.claimDue(options);
  }

  completeScoreWrites(ids: readonly number[], results?: readonly JsonValue[]): Promise<void> {
    return this.#scores.complete(ids, results);
  }

  retryScoreWrites(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void> {
    return this.#scores.retry(ids, nextAttemptAt, error);
  }

  failScoreWrites(ids: readonly number[], error: string): Promise<void> {
    return this.#scores.fail(ids, error);
  }

  findScoreWrites(ids: readonly number[]): Promise<ScoreWrite[]> {
    return this.#scores.find(ids);
  }

  openScoreWritesForPlayer(playerId: string): Promise<ScoreWrite[]> {
    return this.#scores.openForPlayer(playerId);
  }

  scoreHistory(playerId: string, leaderboardId: string, since: number): Promise<ScoreWrite[]> {
    return this.#scores.history(playerId, leaderboardId, since);
  }

  scoreOutboxStats(now: number): Promise<OutboxStats> {
    return this.#scores.stats(now);
  }

  listFailedScoreWrites(limit: number): Promise<ScoreWrite[]> {
    return this.#scores.listFailed(limit);
  }

  deferScoreWritesForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#scores.deferForPlayer(playerId, until, reason);
  }

  resumeScoreWritesForPlayer(playerId: string): Promise<number> {
    return this.#scores.resumeForPlayer(playerId);
  }

  listScoreWrites(filter: WriteListFilter): Promise<ScoreWrite[]> {
    return this.#scores.list(filter);
  }

  retryFailedScoreWrite(id: number): Promise<ScoreWrite | undefined> {
    return this.#scores.retryFailed(id);
  }

  cancelScoreWrite(id: number, reason: string): Promise<ScoreWrite | undefined> {
    return this.#scores.cancelByOperator(id, reason);
  }

  pruneScoreWrites(before: number): Promise<number> {
    return this.#scores.prune(before);
  }

  // Event outbox

  enqueueEventWrites(
    playerId: string,
    writes: readonly EventWriteInput[],
    idempotency?: { key: string; requestHash: string },
    options: { claimLeaseMs?: number } = {},
  ): Promise<EventEnqueueResult> {
    return this.#events.enqueue(playerId, writes, idempotency, options.claimLeaseMs);
  }

  claimDueEventBatches(options: ClaimOptions): Promise<ClaimedEventBatch[]> {
    return this.#events.claimDue(options);
  }

  completeEventWrites(ids: readonly number[]): Promise<void> {
    return this.#events.complete(ids);
  }

  retryEventWrites(ids: readonly number[], nextAttemptAt: number, error: string, options: { releaseBatch?: boolean } = {}): Promise<void> {
    return this.#events.retry(ids, nextAttemptAt, error, options.releaseBatch ?? false);
  }

  failEventWrites(ids: readonly number[], error: string): Promise<void> {
    return this.#events.fail(ids, error);
  }

  pendingEventWritesForPlayer(playerId: string): Promise<EventWrite[]> {
    return this.#events.openForPlayer(playerId);
  }

  deferEventWritesForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#events.deferForPlayer(playerId, until, reason);
  }

  resumeEventWritesForPlayer(playerId: string): Promise<number> {
    return this.#events.resumeForPlayer(playerId);
  }

  findEventWrites(ids: readonly number[]): Promise<EventWrite[]> {
    return this.#events.find(ids);
  }

  listEventWrites(filter: WriteListFilter): Promise<EventWrite[]> {
    return this.#events.list(filter);
  }

  retryFailedEventWrite(id: number): Promise<EventWrite | undefined> {
    return this.#events.retryFailed(id);
  }

  cancelEventWrite(id: number, reason: string): Promise<EventWrite | undefined> {
    return this.#events.cancelByOperator(id, reason);
  }

  pruneEventOutbox(before: number): Promise<number> {
    return this.#events.prune(before);
  }

  eventOutboxStats(now: number): Promise<OutboxStats> {
    return this.#events.stats(now);
  }

  listFailedEventWrites(limit: number): Promise<EventWrite[]> {
    return this.#events.listFailed(limit);
  }
}
