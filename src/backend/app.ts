/**
 * `createBackend(deps)` builds the backend's Fastify app and never listens: only the CLI calls
 * `listen()`, so tests drive the app in-process with `app.inject()`, without ports.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FetchLike } from '../google/http.js';
import { PACKAGE_VERSION } from '../package-version.js';
import { undiciFetch } from '../google/undici-transport.js';
import type { Store } from '../store/store.js';
import { createAchievementModule, type AchievementModule, type AchievementModuleOptions } from './achievements/index.js';
import { OperatorActions } from './admin/operator-actions.js';
import { createEventModule, type EventModule, type EventModuleOptions } from './events/index.js';
import { PlayerDataService } from './player-data/player-data-service.js';
import { playerDataRoutes } from './player-data/routes.js';
import { adminRoutes } from './admin/routes.js';
import { createLeaderboardModule, type LeaderboardModule, type LeaderboardModuleOptions } from './leaderboards/index.js';
import { ConsoleSessions } from './console/console-sessions.js';
import { consoleRoutes, consoleSessionOf } from './console/routes.js';
import type { BackendConfig } from './config.js';
import { createGoogleClients } from './google-clients.js';
import { googleReachable, healthRoutes, type ReadinessCheck } from './health/routes.js';
import { clientErrorHandler } from './http/client-errors.js';
import { registerCors } from './http/cors.js';
import { frameworkErrors, installErrorHandling } from './http/error-handler.js';
import { acceptEmptyJsonBodies } from './http/json-bodies.js';
import { lazySerializerFactory, lazyValidatorCompiler } from './http/lazy-serializers.js';
import { rateLimitRedis } from './http/rate-limit.js';
import { registerOpenApi } from './http/openapi.js';
import { installRequestMetrics } from './http/request-metrics.js';
import { lazyRequestLogger } from './lazy-request-logger.js';
import { loggerOptions } from './logger.js';
import { createMetrics, type BackendMetrics } from './metrics.js';
import { PlayerService } from './players/player-service.js';
import { playerRoutes } from './players/routes.js';
import { RecallService } from './recall/recall-service.js';
import { RecallValues } from './recall/recall-values.js';
import { recallRoutes } from './recall/routes.js';
import type { BackendServices, GoogleClients } from './services.js';
import { startSessionPruning, type SessionPruning } from './sessions/pruning.js';
import { sessionRoutes } from './sessions/routes.js';
import { SessionService } from './sessions/session-service.js';
import { SessionTokens } from './sessions/session-tokens.js';
import { signInRoutes } from './sign-in/routes.js';
import { withStoreReadCache } from './store-read-cache.js';
import { TokenCipher } from './vault/token-cipher.js';
import { TokenVault } from './vault/token-vault.js';

export interface BackendDeps {
  config: BackendConfig;
  store: Store;
  /** Google clients to use; default: built from `config.google`. */
  google?: GoogleClients;
  /** Transport for the default Google clients (tests put a spy or a tamperer here). */
  fetch?: FetchLike;
  /** A logger to use (tests pass one that captures lines); default: pino at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  metrics?: BackendMetrics;
  /** The backend's clock, epoch ms; default `Date.now`. */
  now?: () => number;
  /** Extra readiness checks besides the store's. */
  readinessChecks?: readonly ReadinessCheck[];
  /** Tuning of the achievement module (tests and benchmarks shorten its timers). */
  achievements?: AchievementModuleOptions;
  /** Score policies in code (with validation functions), and tuning of the leaderboard module. */
  leaderboards?: LeaderboardModuleOptions;
  /** Tuning of the events module (tests shorten its timers). */
  events?: EventModuleOptions;
}

/** A built backend: the app (never listening), and what runs beside it. */
export interface Backend {
  app: FastifyInstance;
  services: BackendServices;
  achievements: AchievementModule;
  leaderboards: LeaderboardModule;
  events: EventModule;
  /** Starts background work (the achievement, score and event outbox workers, session pruning). Tests may leave it stopped. */
  start(): void;
  /** Stops background work and closes the app; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

/** Builds the backend from its dependencies. */
export async function createBackend(deps: BackendDeps): Promise<Backend> {
  const { config } = deps;
  const credentials = config.google.credentials;
  const applicationId = config.google.applicationId;
  if (!credentials || !applicationId) {
    throw new Error('createBackend: config.google.credentials and applicationId must be resolved first (see resolveEmulatorCredentials)');
  }
  const now = deps.now ?? Date.now;
  // The session check and the grant read of every request, held for a second (store-read-cache.ts).
  const store = withStoreReadCache(deps.store, { now });
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Unknown fields are refused, not silently dropped: a misspelt field must fail loudly rather
    // than be ignored (docs/API.md, 'Conventions').
    ajv: { customOptions: { removeAdditional: false } },
    // Response serializers compile on first use, not at start-up (http/lazy-serializers.ts).
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } },
    // IDs in paths may be 256 characters (the route schemas); Fastify's router default is 100.
    routerOptions: { maxParamLength: 512 },
    // A malformed or over-long path answers in the one error shape too (docs/API.md, 'Conventions'),
    // and so does a request that is not valid HTTP at all.
    frameworkErrors,
    clientErrorHandler,
  });
  // TypeBox checks bodies strictly (no coercion: "5" is not a number) and converts only query,
  // params and headers, which always arrive as strings.
  app.setValidatorCompiler(lazyValidatorCompiler(TypeBoxValidatorCompiler));
  acceptEmptyJsonBodies(app);
  installErrorHandling(app);
  installRequestMetrics(app, metrics);
  await registerCors(app, config.http.cors);
  await registerOpenApi(app, PACKAGE_VERSION);

  const google =
    deps.google ??
    createGoogleClients({
      endpoints: config.google.endpoints,
      credentials,
      serviceAccount: config.google.serviceAccount,
      extraAudiences: config.google.extraAudiences,
      timeoutMs: config.google.timeoutMs,
      metrics,
      now,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const cipher = new TokenCipher(config.tokenEncryption);
  const services: BackendServices = {
    config,
    store,
    google,
    vault: new TokenVault({ store, oauth: google.oauth, cipher, clientId: credentials.clientId, metrics, now }),
    sessions: new SessionService({
      store,
      tokens: new SessionTokens({ secret: config.sessions.signingSecret, accessTokenTtlSeconds: config.sessions.accessTokenTtlSeconds, now }),
      refreshTokenTtlSeconds: config.sessions.refreshTokenTtlSeconds,
      refreshReuseGraceSeconds: config.sessions.refreshReuseGraceSeconds,
      now,
    }),
    metrics,
    logger: app.log,
    now,
    applicationId,
    clientId: credentials.clientId,
  };

  // Rate limits shared across instances when a Redis is configured (http/rate-limit.ts).
  const redis = config.http.redisUrl === undefined ? undefined : await rateLimitRedis(config.http.redisUrl, app.log);
  const readinessChecks: ReadinessCheck[] = [
    { name: 'store', check: () => store.ping() },
    { name: 'google', check: () => googleReachable(deps.fetch ?? undiciFetch, config.google.endpoints.certsJwks) },
    ...(deps.readinessChecks ?? []),
  ];
  // Each feature is one plugin; nothing but this function composes them.
  await app.register(healthRoutes, { metrics, readinessChecks });
  const achievements = createAchievementModule(services, deps.achievements);
  const leaderboards = createLeaderboardModule(services, deps.leaderboards);
  const events = createEventModule(services, deps.events);
  const onSignedIn = async (playerId: string): Promise<void> => {
    await Promise.all([achievements.onPlayerSignedIn(playerId), leaderboards.onPlayerSignedIn(playerId), events.onPlayerSignedIn(playerId)]);
  };
  const recall = new RecallService({
    store,
    recall: google.recall,
    sessions: services.sessions,
    values: new RecallValues({ signingSecret: config.sessions.signingSecret, cipher }),
  });
  const shared = redis ? { redis } : {};
  await app.register(signInRoutes, { services, recall, onSignedIn, ...shared });
  await app.register(recallRoutes, { services, recall, ...shared });
  await app.register(sessionRoutes, { sessions: services.sessions, refreshesPerMinute: config.http.signInRateLimitPerMinute, ...shared });
  const players = new PlayerService({ store, vault: services.vault, oauth: google.oauth, recall });
  await app.register(playerRoutes, { sessions: services.sessions, players });
  await app.register(achievements.routes);
  await app.register(leaderboards.routes);
  await app.register(events.routes);
  await app.register(playerDataRoutes({ sessions: services.sessions, playerData: new PlayerDataService({ games: google.games, vault: services.vault }) }));
  const consoleSessions = new ConsoleSessions({ serverApiKey: config.serverApiKey, sessionSecret: config.sessions.signingSecret, now });
  await app.register(consoleRoutes, { sessions: consoleSessions, store, signInsPerMinute: config.http.signInRateLimitPerMinute });
  await app.register(adminRoutes, {
    store,
    serverApiKey: config.serverApiKey,
    consoleSessions: {
      sessionOf: (request) => consoleSessionOf(consoleSessions, request),
      csrfValid: (request, session) => {
        const header = request.headers['x-csrf-token'];
        return consoleSessions.csrfMatches(session, typeof header === 'string' ? header : undefined);
      },
    },
    actions: new OperatorActions({ store, vault: services.vault, oauth: google.oauth, wakeWorker: () => achievements.worker.wake(),
      wakeScoreWorker: () => leaderboards.worker.wake(),
      wakeEventWorker: () => events.worker.wake(),
    }),
    metrics,
    readAchievements: (playerId) => achievements.readPlayerAchievements(playerId),
    readScores: (playerId) => leaderboards.readPlayerScores(playerId),
    readEvents: (playerId) => events.readPlayerEvents(playerId),
    now,
    startedAt: now(),
  });

  let sessionPruning: SessionPruning | undefined;
  return {
    app,
    services,
    achievements,
    leaderboards,
    events,
    start: () => {
      achievements.worker.start();
      leaderboards.worker.start();
      events.worker.start();
      sessionPruning ??= startSessionPruning({ store, now, logger: app.log });
    },
    close: async () => {
      await achievements.worker.stop();
      await leaderboards.worker.stop();
      await events.worker.stop();
      await sessionPruning?.stop();
      await app.close();
      redis?.disconnect();
    },
  };
}

