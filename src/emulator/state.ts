/**
 * Everything the emulator knows, in one object, so that reset is one call (firebase-tools'
 * auth emulator `state.ts`): clock, keys, applications and their clients, players, server auth
 * codes, grants and tokens, achievement progress, increment dedup, leaderboard scores, hidden
 * players and friendships, event counters (and `events.record` dedup), player stats, saved-game
 * metadata, service accounts and their tokens, Recall sessions and links, faults and the request log.
 * Handlers are functions over it. Every lookup is a Map: nothing scans all players per request.
 * `reset()` returns to the seed (keys are kept: clients may have cached them).
 */
import type { AchievementDefinition } from '../google/wire/achievements.js';
import type { EventDefinition } from '../google/wire/events.js';
import type { StatsValues } from '../google/wire/stats.js';
import type { LeaderboardOrder } from '../google/wire/leaderboards.js';
import { SCORE_TIME_SPANS, type ScoreTimeSpan } from '../google/wire/scores.js';
import { DEFAULT_SCOPES, OPTIONAL_SCOPE_URLS, type OptionalScope } from '../google/wire/scopes.js';
import { initialProgress, type ProgressSnapshot, type WriteOutcome } from './achievement-logic.js';
import type { EmulatorClock } from './clock.js';
import { ControlApiError } from './errors.js';
import { FaultRegistry } from './faults.js';
import {
  ACCESS_TOKEN_PREFIX,
  AUTH_CODE_PREFIX,
  RECALL_SESSION_PREFIX,
  REFRESH_TOKEN_PREFIX,
  derivedDigits,
  randomDigits,
  randomSecret,
  shortId,
} from './ids.js';
import type { KeyRing } from './keys.js';
import { currentBest, type PlayerBests } from './leaderboard-logic.js';
import { RequestLog } from './request-log.js';
import type { AchievementConfig, ApplicationConfig, EmulatorConfig, PlayerConfig } from './seed.js';
import type { EventConfig } from './seed-events.js';
import type { LeaderboardConfig, LeaderboardDetailConfig } from './seed-leaderboards.js';
import { createServiceAccount, type ServiceAccountRecord } from './service-accounts.js';

/** Server auth codes live 10 minutes on the emulator clock (Google does not say; docs/google/emulator-choices.md, 'OAuth and ID tokens'). */
export const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
/** `expires_in` of every access token (docs/google/emulator-choices.md, 'OAuth and ID tokens'). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;
/** Google expires refresh tokens left unused for six months. */
export const DEFAULT_REFRESH_TOKEN_IDLE_SECONDS = 180 * 24 * 3600;
/**
 * Recall session IDs live an hour on the emulator clock (Google does not say;
 * docs/google/emulator-choices.md, 'Recall').
 */
export const RECALL_SESSION_LIFETIME_MS = 60 * 60 * 1000;
/** Dedup results kept per player (oldest forgotten first). */
const REQUEST_RESULTS_PER_PLAYER = 10_000;
/** `events.record` requestIds remembered per player (oldest forgotten first). */
const EVENT_REQUEST_IDS_PER_PLAYER = 10_000;

export interface AchievementRecord {
  config: AchievementConfig;
  /** The wire definition, built once. */
  definition: AchievementDefinition;
  published: boolean;
}

export interface LeaderboardRecord {
  config: LeaderboardConfig;
  id: string;
  order: LeaderboardOrder;
  scoreMin: bigint | undefined;
  scoreMax: bigint | undefined;
  /** false for a draft: visible to testers and developers only, resettable for all players. */
  published: boolean;
  /** The version the Games API shows: the published one when there is one. */
  detail: LeaderboardDetailConfig;
}

export interface EventRecord {
  config: EventConfig;
  /** The wire definition, built once. */
  definition: EventDefinition;
  /** false for a draft: visible to testers and developers only, resettable for all players. */
  published: boolean;
}

/** One saved game's metadata (the bytes would live in the player's Drive; the emulator keeps none). */
export interface SnapshotRecord {
  id: string;
  uniqueName: string;
  title: string;
  description: string;
  durationMillis: number;
  progressValue: number;
  lastModifiedMillis: number;
  coverImage: { url: string; width: number; height: number; mimeType: string } | undefined;
  driveId: string;
}

export interface ApplicationRecord {
  config: ApplicationConfig;
  applicationId: string;
  achievements: readonly AchievementRecord[];
  publishedAchievements: readonly AchievementRecord[];
  achievementsById: ReadonlyMap<string, AchievementRecord>;
  /** In the console's list order (`sortRank`, then seed order). */
  leaderboards: readonly LeaderboardRecord[];
  publishedLeaderboards: readonly LeaderboardRecord[];
  leaderboardsById: ReadonlyMap<string, LeaderboardRecord>;
  /** In seed order. */
  events: readonly EventRecord[];
  publishedEvents: readonly EventRecord[];
  eventsById: ReadonlyMap<string, EventRecord>;
}

export interface ClientRecord {
  clientId: string;
  /** Undefined for an Android client: it has no secret and cannot use the token endpoint. */
  clientSecret: string | undefined;
  kind: 'web' | 'android';
  application: ApplicationRecord;
}

export interface AchievementProgress extends ProgressSnapshot {
  /** Emulator time of the last change, epoch ms. */
  updatedAt: number;
}

export interface PlayerRecord {
  /** Internal, never changes (the player ID can). */
  readonly key: number;
  playerId: string;
  /** Earlier player IDs, oldest first. */
  previousPlayerIds: string[];
  displayName: string;
  email: string;
  tester: boolean;
  developer: boolean;
  /** Shares their profile publicly: only such players appear on PUBLIC leaderboards. */
  profileVisible: boolean;
  /** Friends (both ways, each sharing their friends list): the FRIENDS collection. */
  friends: Set<PlayerRecord>;
  googleSub: string;
  /** The game-scoped player ID in the first application (`gamePlayerIdIn` gives any game's). */
  gamePlayerId: string;
  avatarImageUrl: string | undefined;
  locale: string | undefined;
  givenName: string | undefined;
  familyName: string | undefined;
  /** applicationId → achievementId → progress; only achievements the player has changed. */
  progress: Map<string, Map<string, AchievementProgress>>;
  /** (applicationId, achievementId, requestId) → the first result of that increment. */
  requestResults: Map<string, WriteOutcome> | undefined;
  /** applicationId → eventId → count; only events the player has recorded. */
  eventCounts: Map<string, Map<string, number>>;
  /** `applicationId\u0000requestId` of every `events.record` applied (dedup), oldest first. */
  eventRequestIds: Set<string>;
  /** applicationId → what `stats.get` answers (set through the control API). */
  stats: Map<string, StatsValues>;
  /** applicationId → uniqueName → saved-game metadata (set through the control API). */
  snapshots: Map<string, Map<string, SnapshotRecord>>;
  /** applicationId → when `applications.played` was last called, epoch ms (emulator clock). */
  playedAt: Map<string, number>;
  grants: GrantRecord[];
}

export interface GrantRecord {
  id: string;
  player: PlayerRecord;
  client: ClientRecord;
  /** Full scope URLs. */
  scopes: readonly string[];
  createdAt: number;
  revoked: boolean;
  refreshToken: string | undefined;
  refreshTokenLastUsedAt: number;
  accessTokens: Set<string>;
}

export interface AccessTokenRecord {
  grant: GrantRecord;
  issuedAt: number;
  expiresAt: number;
}

export interface CodeRecord {
  player: PlayerRecord;
  client: ClientRecord;
  /** Full scope URLs. */
  scopes: readonly string[];
  forceRefreshToken: boolean;
  expiresAt: number;
}

/** A saved game's metadata as the control API (and a seed) sets it; numbers are JSON numbers. */
export interface SnapshotInput {
  title?: string | undefined;
  description?: string | undefined;
  durationMillis?: number | undefined;
  progressValue?: number | undefined;
  lastModifiedMillis?: number | undefined;
  coverImage?: { url: string; width: number; height: number; mimeType: string } | undefined;
}

/** An access token issued to a service account (the JWT-bearer grant): no player, one application. */
export interface ServiceAccountTokenRecord {
  account: ServiceAccountRecord;
  application: ApplicationRecord;
  /** Full scope URLs the assertion asked for. */
  scopes: readonly string[];
  issuedAt: number;
  expiresAt: number;
}

/** What the device SDK's `requestRecallAccess` hands the game: names a player in one application. */
export interface RecallSessionRecord {
  player: PlayerRecord;
  application: ApplicationRecord;
  expiresAt: number;
}

/** One Recall link (`recall.linkPersona`): a persona of the game's own account and a player. */
export interface RecallLinkRecord {
  player: PlayerRecord;
  persona: string;
  token: string;
  /** Emulator time, epoch ms. */
  linkedAt: number;
  /** Emulator time, epoch ms; undefined: the link never expires. */
  expiresAt: number | undefined;
}

/** What `POST /emulator/v1/players` (and a seed) may say about a new player. */
export interface NewPlayer {
  displayName: string;
  email?: string | undefined;
  tester?: boolean | undefined;
  developer?: boolean | undefined;
  profileVisible?: boolean | undefined;
  playerId?: string | undefined;
  gamePlayerId?: string | undefined;
  googleSub?: string | undefined;
  avatarImageUrl?: string | undefined;
  locale?: string | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
}

export interface EmulatorStateOptions {
  config: EmulatorConfig;
  clock: EmulatorClock;
  keys: KeyRing;
  faultSeed?: number | undefined;
  requestLogSize?: number | undefined;
  refreshTokenIdleSeconds?: number | undefined;
}

const DEFAULT_ICON = 'https://lh3.googleusercontent.com/pgs-emulator/default-achievement.png';

function buildDefinition(config: AchievementConfig): AchievementDefinition {
  const definition: AchievementDefinition = {
    kind: 'games#achievementDefinition',
    id: config.id,
    name: config.name,
    description: config.description,
    achievementType: config.achievementType,
    revealedIconUrl: config.revealedIconUrl ?? DEFAULT_ICON,
    unlockedIconUrl: config.unlockedIconUrl ?? DEFAULT_ICON,
    isRevealedIconUrlDefault: config.revealedIconUrl === undefined,
    isUnlockedIconUrlDefault: config.unlockedIconUrl === undefined,
    initialState: config.initialState,
    experiencePoints: String(config.experiencePoints),
  };
  if (config.achievementType === 'INCREMENTAL' && config.totalSteps !== undefined) {
    definition.totalSteps = config.totalSteps;
    definition.formattedTotalSteps = String(config.totalSteps);
  }
  return definition;
}

function buildLeaderboard(config: LeaderboardConfig): LeaderboardRecord {
  return {
    config,
    id: config.id,
    order: config.scoreOrder,
    scoreMin: config.scoreMin === undefined ? undefined : BigInt(config.scoreMin),
    scoreMax: config.scoreMax === undefined ? undefined : BigInt(config.scoreMax),
    published: config.published !== undefined,
    // The seed check guarantees one of the two.
    detail: (config.published ?? config.draft)!,
  };
}

const DEFAULT_EVENT_IMAGE = 'https://lh3.googleusercontent.com/pgs-emulator/default-event.png';

function buildEventDefinition(config: EventConfig): EventDefinition {
  const definition: EventDefinition = {
    kind: 'games#eventDefinition',
    id: config.id,
    displayName: config.displayName,
    imageUrl: config.imageUrl ?? DEFAULT_EVENT_IMAGE,
    isDefaultImageUrl: config.isDefaultImageUrl ?? config.imageUrl === undefined,
    visibility: config.visibility,
  };
  if (config.description !== undefined) definition.description = config.description;
  if (config.childEvents && config.childEvents.length > 0) {
    definition.childEvents = config.childEvents.map(({ childId }) => ({ kind: 'games#eventChild', childId }));
  }
  return definition;
}

function buildApplication(config: ApplicationConfig): ApplicationRecord {
  const achievements = config.achievements.map((achievement) => ({
    config: achievement,
    definition: buildDefinition(achievement),
    published: achievement.published,
  }));
  const seedOrder = (config.leaderboards ?? []).map(buildLeaderboard);
  const sortRank = (board: LeaderboardRecord) => board.detail.sortRank ?? Number.MAX_SAFE_INTEGER;
  const leaderboards = [...seedOrder].sort((a, b) => sortRank(a) - sortRank(b));
  const events = (config.events ?? []).map((event) => ({ config: event, definition: buildEventDefinition(event), published: event.published }));
  return {
    events,
    publishedEvents: events.filter((event) => event.published),
    eventsById: new Map(events.map((event) => [event.config.id, event])),
    leaderboards,
    publishedLeaderboards: leaderboards.filter((board) => board.published),
    leaderboardsById: new Map(leaderboards.map((board) => [board.id, board])),
    config,
    applicationId: config.applicationId,
    achievements,
    publishedAchievements: achievements.filter((achievement) => achievement.published),
    achievementsById: new Map(achievements.map((achievement) => [achievement.config.id, achievement])),
  };
}

/** Short scope names (`email`, `profile`, `openid`) → the full list a grant carries. */
export function grantedScopeUrls(optional: readonly OptionalScope[]): string[] {
  const urls: string[] = [...DEFAULT_SCOPES];
  for (const name of ['email', 'profile', 'openid'] as const) {
    if (optional.includes(name)) urls.push(OPTIONAL_SCOPE_URLS[name]);
  }
  return urls;
}

/** The emulator's whole state. */
export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly keys: KeyRing;
  readonly faults: FaultRegistry;
  readonly requestLog: RequestLog;
  readonly refreshTokenIdleMs: number;
  readonly seed: EmulatorConfig;

  applications: ApplicationRecord[] = [];
  applicationsById = new Map<string, ApplicationRecord>();
  clients = new Map<string, ClientRecord>();
  /** Current player ID → player. */
  players = new Map<string, PlayerRecord>();
  /** Earlier player ID → player (after `:changeId`). */
  playerAliases = new Map<string, PlayerRecord>();
  playersByEmail = new Map<string, PlayerRecord>();
  playersBySub = new Map<string, PlayerRecord>();
  codes = new Map<string, CodeRecord>();
  accessTokens = new Map<string, AccessTokenRecord>();
  refreshTokens = new Map<string, GrantRecord>();
  /** Each leaderboard's bests, per player (only players who submitted). */
  scores = new Map<LeaderboardRecord, Map<PlayerRecord, PlayerBests>>();
  /** Players hidden with Management `players.hide`, per application, with when (epoch ms). */
  hiddenPlayers = new Map<ApplicationRecord, Map<PlayerRecord, number>>();
  /** Service accounts by application ID; generated on first use, kept across `reset()` (keys, like the signing keys). */
  serviceAccounts = new Map<string, ServiceAccountRecord>();
  /** Access tokens issued to service accounts (`/token`, JWT-bearer grant). */
  serviceAccountTokens = new Map<string, ServiceAccountTokenRecord>();
  /** Recall session ID → session (`POST /emulator/v1/recallSessions`). */
  recallSessions = new Map<string, RecallSessionRecord>();
  /** Recall links per application, oldest first (`recall/links.ts` keeps the rules). */
  recallLinks = new Map<ApplicationRecord, RecallLinkRecord[]>();
  /** The internal key the next player gets (public so that a saved state can restore it). */
  nextPlayerKey = 1;

  constructor(options: EmulatorStateOptions) {
    this.seed = options.config;
    this.clock = options.clock;
    this.keys = options.keys;
    this.faults = new FaultRegistry(options.faultSeed);
    this.requestLog = new RequestLog(options.requestLogSize ?? 1000);
    this.refreshTokenIdleMs = (options.refreshTokenIdleSeconds ?? DEFAULT_REFRESH_TOKEN_IDLE_SECONDS) * 1000;
    this.#load();
  }

  /** Back to the seed: players, progress, codes, tokens, faults, clock offset, request log. */
  reset(): void {
    this.clock.reset();
    this.faults.reset();
    this.requestLog.clear();
    this.#load();
  }

  #load(): void {
    this.applications = this.seed.applications.map(buildApplication);
    this.applicationsById = new Map(this.applications.map((app) => [app.applicationId, app]));
    this.clients = new Map();
    for (const application of this.applications) {
      const { config } = application;
      this.clients.set(config.webClientId, { clientId: config.webClientId, clientSecret: config.webClientSecret, kind: 'web', application });
      if (config.secondWebClient) {
        const { clientId, clientSecret } = config.secondWebClient;
        this.clients.set(clientId, { clientId, clientSecret, kind: 'web', application });
      }
      if (config.androidClientId !== undefined) {
        this.clients.set(config.androidClientId, { clientId: config.androidClientId, clientSecret: undefined, kind: 'android', application });
      }
    }
    this.players = new Map();
    this.playerAliases = new Map();
    this.playersByEmail = new Map();
    this.playersBySub = new Map();
    this.codes = new Map();
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.scores = new Map();
    this.hiddenPlayers = new Map();
    this.serviceAccountTokens = new Map();
    this.recallSessions = new Map();
    this.recallLinks = new Map();
    this.nextPlayerKey = 1;
    for (const player of this.seed.players ?? []) this.createPlayer(seedPlayer(player));
    for (const { playerId, friends, stats, snapshots } of this.seed.players ?? []) {
      const player = this.players.get(playerId)!;
      for (const friendId of friends ?? []) this.addFriends(player, this.players.get(friendId)!);
      for (const [applicationId, values] of Object.entries(stats ?? {})) player.stats.set(applicationId, { ...values });
      for (const { applicationId, uniqueName, ...fields } of snapshots ?? []) {
        const application = applicationId === undefined ? this.applications[0]! : this.applicationsById.get(applicationId)!;
        // Seeded saves keep their IDs from run to run, as seeded players do.
        const stable = `snapshot:${playerId}:${application.applicationId}:${uniqueName}`;
        this.putSnapshot(player, application, uniqueName, fields, { id: derivedDigits(stable, 21), driveId: `1emu${derivedDigits(`drive:${stable}`, 29)}` });
      }
    }
  }

  /**
   * Creates or replaces a saved game's metadata, as the device SDK's commit of a save named
   * `uniqueName` would; a replaced save keeps its ID and Drive file.
   */
  putSnapshot(player: PlayerRecord, application: ApplicationRecord, uniqueName: string, input: SnapshotInput, ids?: { id: string; driveId: string }): SnapshotRecord {
    let saves = player.snapshots.get(application.applicationId);
    if (!saves) {
      saves = new Map();
      player.snapshots.set(application.applicationId, saves);
    }
    const earlier = saves.get(uniqueName);
    const record: SnapshotRecord = {
      id: earlier?.id ?? ids?.id ?? randomDigits(21),
      uniqueName,
      title: input.title ?? uniqueName,
      description: input.description ?? '',
      durationMillis: input.durationMillis ?? 0,
      progressValue: input.progressValue ?? 0,
      lastModifiedMillis: input.lastModifiedMillis ?? this.clock.now(),
      coverImage: input.coverImage ? { ...input.coverImage } : undefined,
      driveId: earlier?.driveId ?? ids?.driveId ?? randomSecret('1emu').slice(0, 33),
    };
    saves.set(uniqueName, record);
    return record;
  }

  // -------------------------------------------------------------------------------------------
  // Players

  /** Finds a player by current or earlier player ID. */
  findPlayer(playerId: string): PlayerRecord | undefined {
    return this.players.get(playerId) ?? this.playerAliases.get(playerId);
  }

  /** Creates a player; 409 when its player ID, email or Google account is taken. */
  createPlayer(input: NewPlayer): PlayerRecord {
    const playerId = input.playerId ?? this.#freshPlayerId('g', 20);
    if (this.findPlayer(playerId)) throw new ControlApiError(409, `A player with ID ${playerId} already exists.`);
    const email = input.email ?? `player.${playerId.toLowerCase()}@example.com`;
    if (this.playersByEmail.has(email.toLowerCase())) throw new ControlApiError(409, `A player with email ${email} already exists.`);
    let googleSub = input.googleSub;
    if (googleSub === undefined) {
      do googleSub = randomDigits(21, '1');
      while (this.playersBySub.has(googleSub));
    } else if (this.playersBySub.has(googleSub)) {
      throw new ControlApiError(409, `A player with googleSub ${googleSub} already exists.`);
    }
    const player: PlayerRecord = {
      key: this.nextPlayerKey++,
      playerId,
      previousPlayerIds: [],
      displayName: input.displayName,
      email,
      tester: input.tester ?? false,
      developer: input.developer ?? false,
      profileVisible: input.profileVisible ?? true,
      friends: new Set(),
      googleSub,
      gamePlayerId: input.gamePlayerId ?? `a_${randomDigits(19)}`,
      // A Google account always has a picture and a locale, and usually a name split in parts:
      // give the player what a real account would carry in its ID token and profile.
      avatarImageUrl: input.avatarImageUrl ?? DEFAULT_AVATAR_URL,
      locale: input.locale ?? 'en',
      givenName: input.givenName ?? nameParts(input.displayName).given,
      familyName: input.familyName ?? nameParts(input.displayName).family,
      progress: new Map(),
      requestResults: undefined,
      eventCounts: new Map(),
      eventRequestIds: new Set(),
      stats: new Map(),
      snapshots: new Map(),
      playedAt: new Map(),
      grants: [],
    };
    this.players.set(playerId, player);
    this.playersByEmail.set(email.toLowerCase(), player);
    this.playersBySub.set(googleSub, player);
    return player;
  }

  /**
   * Gives the player a new (next-generation style) player ID; the old one is kept as an alias,
   * reported as `originalPlayerId` by players.get('me') and `alternate_player_id` by
   * applications.verify. Tokens keep working: they belong to the account, not to the ID.
   */
  changePlayerId(player: PlayerRecord, newPlayerId?: string): PlayerRecord {
    const next = newPlayerId ?? this.#freshPlayerId('a_', 19);
    if (next === player.playerId || this.findPlayer(next)) throw new ControlApiError(409, `A player with ID ${next} already exists.`);
    this.players.delete(player.playerId);
    this.playerAliases.set(player.playerId, player);
    player.previousPlayerIds.push(player.playerId);
    player.playerId = next;
    this.players.set(next, player);
    return player;
  }

  #freshPlayerId(prefix: string, digits: number): string {
    let id: string;
    do id = prefix + randomDigits(digits, prefix === 'g' ? '0' : undefined);
    while (this.findPlayer(id));
    return id;
  }

  // -------------------------------------------------------------------------------------------
  // Codes, grants and tokens

  /** Mints a server auth code, as the device SDK's `requestServerSideAccess` would. */
  issueCode(player: PlayerRecord, client: ClientRecord, scopes: readonly string[], forceRefreshToken: boolean): string {
    const code = randomSecret(AUTH_CODE_PREFIX);
    this.codes.set(code, { player, client, scopes, forceRefreshToken, expiresAt: this.clock.now() + AUTH_CODE_LIFETIME_MS });
    return code;
  }

  /** A live (unused, unexpired) code; expired ones are forgotten on the way. */
  findCode(code: string): CodeRecord | undefined {
    const record = this.codes.get(code);
    if (!record) return undefined;
    if (this.clock.now() >= record.expiresAt) {
      this.codes.delete(code);
      return undefined;
    }
    return record;
  }

  /** Uses a code up. */
  consumeCode(code: string): void {
    this.codes.delete(code);
  }

  /** Records the grant a code exchange creates, with a refresh token when the code asked for one. */
  createGrant(code: CodeRecord): GrantRecord {
    const now = this.clock.now();
    const grant: GrantRecord = {
      id: shortId('grant'),
      player: code.player,
      client: code.client,
      scopes: code.scopes,
      createdAt: now,
      revoked: false,
      refreshToken: undefined,
      refreshTokenLastUsedAt: now,
      accessTokens: new Set(),
    };
    if (code.forceRefreshToken) {
      grant.refreshToken = randomSecret(REFRESH_TOKEN_PREFIX);
      this.refreshTokens.set(grant.refreshToken, grant);
    }
    code.player.grants.push(grant);
    return grant;
  }

  /** Mints an access token for a live grant. */
  issueAccessToken(grant: GrantRecord): string {
    const token = randomSecret(ACCESS_TOKEN_PREFIX);
    const now = this.clock.now();
    this.accessTokens.set(token, { grant, issuedAt: now, expiresAt: now + ACCESS_TOKEN_LIFETIME_SECONDS * 1000 });
    grant.accessTokens.add(token);
    return token;
  }

  /** A live access token: known, unexpired on the emulator clock, its grant not revoked. */
  findAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(token);
    if (!record) return undefined;
    if (record.grant.revoked || this.clock.now() >= record.expiresAt) {
      this.accessTokens.delete(token);
      record.grant.accessTokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** The grant of a live refresh token (not revoked, used within the idle window). */
  findRefreshToken(token: string): GrantRecord | undefined {
    const grant = this.refreshTokens.get(token);
    if (!grant) return undefined;
    if (grant.revoked || this.clock.now() - grant.refreshTokenLastUsedAt >= this.refreshTokenIdleMs) return undefined;
    return grant;
  }

  /**
   * Revokes a whole grant: its refresh token and every access token issued from it. Google
   * revokes the grant whichever of its tokens is revoked (docs/google/oauth.md, 'Revoke').
   */
  revokeGrant(grant: GrantRecord): void {
    if (grant.revoked) return;
    grant.revoked = true;
    for (const token of grant.accessTokens) this.accessTokens.delete(token);
    grant.accessTokens.clear();
    if (grant.refreshToken !== undefined) this.refreshTokens.delete(grant.refreshToken);
  }

  /** The player removed the game's access: every grant of theirs dies. Returns how many were live. */
  revokePlayerGrants(player: PlayerRecord): number {
    let count = 0;
    for (const grant of player.grants) {
      if (!grant.revoked) count += 1;
      this.revokeGrant(grant);
    }
    return count;
  }

  // -------------------------------------------------------------------------------------------
  // Service accounts and Recall sessions

  /** The application's service account, its key generated on first use. */
  serviceAccountOf(application: ApplicationRecord): ServiceAccountRecord {
    let account = this.serviceAccounts.get(application.applicationId);
    if (!account) {
      account = createServiceAccount(application.applicationId);
      this.serviceAccounts.set(application.applicationId, account);
    }
    return account;
  }

  /** The application whose service account has this `client_email`. */
  findServiceAccountApplication(clientEmail: string): ApplicationRecord | undefined {
    return this.applications.find((application) => this.serviceAccountOf(application).clientEmail === clientEmail);
  }

  /** Mints an access token for a service account (scopes as full URLs). */
  issueServiceAccountToken(application: ApplicationRecord, scopes: readonly string[]): string {
    const token = randomSecret(ACCESS_TOKEN_PREFIX);
    const now = this.clock.now();
    const account = this.serviceAccountOf(application);
    this.serviceAccountTokens.set(token, { account, application, scopes, issuedAt: now, expiresAt: now + ACCESS_TOKEN_LIFETIME_SECONDS * 1000 });
    return token;
  }

  /** A live service-account token (unexpired on the emulator clock). */
  findServiceAccountToken(token: string): ServiceAccountTokenRecord | undefined {
    const record = this.serviceAccountTokens.get(token);
    if (!record) return undefined;
    if (this.clock.now() >= record.expiresAt) {
      this.serviceAccountTokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** Mints a Recall session ID for a player in an application, as `requestRecallAccess` would. */
  createRecallSession(player: PlayerRecord, application: ApplicationRecord): string {
    const sessionId = randomSecret(RECALL_SESSION_PREFIX);
    this.recallSessions.set(sessionId, { player, application, expiresAt: this.clock.now() + RECALL_SESSION_LIFETIME_MS });
    return sessionId;
  }

  /** A live Recall session; expired ones are forgotten on the way. */
  findRecallSession(sessionId: string): RecallSessionRecord | undefined {
    const record = this.recallSessions.get(sessionId);
    if (!record) return undefined;
    if (this.clock.now() >= record.expiresAt) {
      this.recallSessions.delete(sessionId);
      return undefined;
    }
    return record;
  }

  // -------------------------------------------------------------------------------------------
  // Achievement progress

  /** The player's progress on one achievement (the initial state when untouched). */
  progressOf(player: PlayerRecord, application: ApplicationRecord, achievement: AchievementRecord): ProgressSnapshot & { updatedAt?: number } {
    return player.progress.get(application.applicationId)?.get(achievement.config.id) ?? initialProgress(achievement.config);
  }

  /** Stores a changed progress, stamped with the emulator clock. */
  setProgress(player: PlayerRecord, application: ApplicationRecord, achievement: AchievementRecord, next: ProgressSnapshot): void {
    let perApp = player.progress.get(application.applicationId);
    if (!perApp) {
      perApp = new Map();
      player.progress.set(application.applicationId, perApp);
    }
    perApp.set(achievement.config.id, { state: next.state, steps: next.steps, updatedAt: this.clock.now() });
  }

  /** Forgets a player's progress on one achievement (back to its initial state). True if there was any. */
  resetProgress(player: PlayerRecord, application: ApplicationRecord, achievement: AchievementRecord): boolean {
    return player.progress.get(application.applicationId)?.delete(achievement.config.id) ?? false;
  }

  /** The first result of an increment with this requestId, if it ran before. */
  findRequestResult(player: PlayerRecord, application: ApplicationRecord, achievementId: string, requestId: string): WriteOutcome | undefined {
    return player.requestResults?.get(`${application.applicationId}\u0000${achievementId}\u0000${requestId}`);
  }

  /** Remembers the result of an increment with a requestId, so a retry returns it unapplied. */
  rememberRequestResult(
    player: PlayerRecord,
    application: ApplicationRecord,
    achievementId: string,
    requestId: string,
    outcome: WriteOutcome,
  ): void {
    player.requestResults ??= new Map();
    const results = player.requestResults;
    if (results.size >= REQUEST_RESULTS_PER_PLAYER) {
      const oldest = results.keys().next().value;
      if (oldest !== undefined) results.delete(oldest);
    }
    results.set(`${application.applicationId}\u0000${achievementId}\u0000${requestId}`, outcome);
  }

  /**
   * The player's game-scoped ID in an application (docs/google/oauth.md,
   * 'Next-generation player IDs': they are per game). The seeded or given `gamePlayerId` is the one
   * in the first application; every other application derives a stable one from the Google account.
   */
  gamePlayerIdIn(player: PlayerRecord, application: ApplicationRecord): string {
    if (application === this.applications[0]) return player.gamePlayerId;
    return `a_${derivedDigits(`game:${player.googleSub}:${application.applicationId}`, 19)}`;
  }

  // -------------------------------------------------------------------------------------------
  // Leaderboards and scores

  /** Testers and developer accounts see drafts of every kind. */
  seesDrafts(player: PlayerRecord): boolean {
    return player.tester || player.developer;
  }

  /** Leaderboards the player can see in an application, in list order. */
  visibleLeaderboards(player: PlayerRecord, application: ApplicationRecord): readonly LeaderboardRecord[] {
    return this.seesDrafts(player) ? application.leaderboards : application.publishedLeaderboards;
  }

  /** One leaderboard as the player may see it; undefined if unknown or a draft they cannot see. */
  visibleLeaderboard(player: PlayerRecord, application: ApplicationRecord, leaderboardId: string): LeaderboardRecord | undefined {
    const board = application.leaderboardsById.get(leaderboardId);
    if (!board || (!board.published && !this.seesDrafts(player))) return undefined;
    return board;
  }

  /** The player's bests on a board (stale DAILY/WEEKLY periods included; see `currentBest`). */
  bestsOf(board: LeaderboardRecord, player: PlayerRecord): PlayerBests | undefined {
    return this.scores.get(board)?.get(player);
  }

  /** Stores a player's bests on a board. */
  setBests(board: LeaderboardRecord, player: PlayerRecord, bests: PlayerBests): void {
    let perBoard = this.scores.get(board);
    if (!perBoard) {
      perBoard = new Map();
      this.scores.set(board, perBoard);
    }
    perBoard.set(player, bests);
  }

  /** Forgets a player's scores on a board; returns the spans that had a current score. */
  resetScores(board: LeaderboardRecord, player: PlayerRecord): ScoreTimeSpan[] {
    const bests = this.bestsOf(board, player);
    if (!bests) return [];
    const now = this.clock.now();
    const spans = SCORE_TIME_SPANS.filter((span) => currentBest(bests, span, now) !== undefined);
    this.scores.get(board)?.delete(player);
    return spans;
  }

  /** Forgets every player's scores on a board. */
  resetScoresForAll(board: LeaderboardRecord): void {
    this.scores.delete(board);
  }

  /** Whether the player's scores are hidden from the application's leaderboards. */
  isHidden(application: ApplicationRecord, player: PlayerRecord): boolean {
    return this.hiddenPlayers.get(application)?.has(player) ?? false;
  }

  /** Hides a player's scores from every leaderboard of the application (again: no change). */
  hidePlayer(application: ApplicationRecord, player: PlayerRecord): void {
    let hidden = this.hiddenPlayers.get(application);
    if (!hidden) {
      hidden = new Map();
      this.hiddenPlayers.set(application, hidden);
    }
    if (!hidden.has(player)) hidden.set(player, this.clock.now());
  }

  /** Shows a hidden player's scores again. */
  unhidePlayer(application: ApplicationRecord, player: PlayerRecord): void {
    this.hiddenPlayers.get(application)?.delete(player);
  }

  /** Makes two players friends, both ways. */
  addFriends(a: PlayerRecord, b: PlayerRecord): void {
    a.friends.add(b);
    b.friends.add(a);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /** Events the player can see in an application, in seed order: testers and developers see drafts too. */
  visibleEvents(player: PlayerRecord, application: ApplicationRecord): readonly EventRecord[] {
    return this.seesDrafts(player) ? application.events : application.publishedEvents;
  }

  /** One event as the player may see it; undefined if unknown or a draft they cannot see. */
  visibleEvent(player: PlayerRecord, application: ApplicationRecord, eventId: string): EventRecord | undefined {
    const event = application.eventsById.get(eventId);
    if (!event || (!event.published && !this.seesDrafts(player))) return undefined;
    return event;
  }

  /** The player's count of an event (0 when never recorded). */
  eventCount(player: PlayerRecord, application: ApplicationRecord, eventId: string): number {
    return player.eventCounts.get(application.applicationId)?.get(eventId) ?? 0;
  }

  /** Adds to the player's count of an event. */
  addEventCount(player: PlayerRecord, application: ApplicationRecord, eventId: string, count: number): void {
    let perApp = player.eventCounts.get(application.applicationId);
    if (!perApp) {
      perApp = new Map();
      player.eventCounts.set(application.applicationId, perApp);
    }
    perApp.set(eventId, (perApp.get(eventId) ?? 0) + count);
  }

  /** Forgets the player's count of an event; true if there was one. */
  resetEventCount(player: PlayerRecord, application: ApplicationRecord, eventId: string): boolean {
    return player.eventCounts.get(application.applicationId)?.delete(eventId) ?? false;
  }

  /** Forgets every player's count of an event. */
  resetEventForAll(application: ApplicationRecord, eventId: string): void {
    for (const player of this.players.values()) this.resetEventCount(player, application, eventId);
  }

  /** Whether an `events.record` with this requestId was applied for the player before. */
  seenEventRequest(player: PlayerRecord, application: ApplicationRecord, requestId: string): boolean {
    return player.eventRequestIds.has(`${application.applicationId}\u0000${requestId}`);
  }

  /** Remembers an applied `events.record` requestId, so a retry of it records nothing. */
  rememberEventRequest(player: PlayerRecord, application: ApplicationRecord, requestId: string): void {
    const ids = player.eventRequestIds;
    if (ids.size >= EVENT_REQUEST_IDS_PER_PLAYER) {
      const oldest = ids.values().next().value;
      if (oldest !== undefined) ids.delete(oldest);
    }
    ids.add(`${application.applicationId}\u0000${requestId}`);
  }

  /** Achievements the player can see in an application: testers and developers see drafts too. */
  visibleAchievements(player: PlayerRecord, application: ApplicationRecord): readonly AchievementRecord[] {
    return this.seesDrafts(player) ? application.achievements : application.publishedAchievements;
  }

  /** One achievement as the player may see it; undefined if unknown or a draft they cannot see. */
  visibleAchievement(player: PlayerRecord, application: ApplicationRecord, achievementId: string): AchievementRecord | undefined {
    const achievement = application.achievementsById.get(achievementId);
    if (!achievement || (!achievement.published && !this.seesDrafts(player))) return undefined;
    return achievement;
  }
}

function seedPlayer({ friends: _friends, stats: _stats, snapshots: _snapshots, ...config }: PlayerConfig): NewPlayer {
  return {
    ...config,
    // Seed players get stable accounts and game IDs, so ID tokens and scoped IDs are the same each run.
    googleSub: config.googleSub ?? derivedDigits(`sub:${config.playerId}`, 21),
    gamePlayerId: config.gamePlayerId ?? `a_${derivedDigits(`game:${config.playerId}`, 19)}`,
  };
}

/** What Google shows for an account without a photo of its own. */
const DEFAULT_AVATAR_URL = 'https://lh3.googleusercontent.com/a/default-user=s96-c';

/** "Ada Lovelace" → given "Ada", family "Lovelace"; a single word is a given name only. */
function nameParts(displayName: string): { given: string | undefined; family: string | undefined } {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { given: undefined, family: undefined };
  return { given: words[0], family: words.length > 1 ? words.slice(1).join(' ') : undefined };
}
