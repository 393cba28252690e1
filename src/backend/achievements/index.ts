/**
 * The achievement module: reads with a definitions cache and the player's pending writes
 * overlaid, durable writes through the outbox, tester resets, and the outbox worker.
 *
 * `createAchievementModule(services)` builds it; the backend registers `routes`, starts and stops
 * `worker` with the server, and calls `onPlayerSignedIn` after every sign-in so that writes parked
 * for a dead grant go out again.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { BackendServices } from '../services.js';
import { AchievementReader } from './achievement-reader.js';
import type { AchievementItem } from './read-model.js';
import type { BackoffPolicy } from './backoff.js';
import { DefinitionsCache } from './definitions-cache.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker.js';
import { PlayerVisibility } from './player-visibility.js';
import { ResetService } from './reset-service.js';
import { achievementRoutes } from './routes.js';
import { WriteSender } from './write-sender.js';
import { WriteService } from './write-service.js';

export interface AchievementModule {
  /** Registers every achievement route (`/v1/me/achievements…`, `/v1/players/:playerId/achievements…`). */
  routes: FastifyPluginAsync;
  worker: {
    start(): void;
    stop(): Promise<void>;
    /** One pass over due writes; resolves how many were settled (done or failed for good). */
    runOnce(): Promise<number>;
    wake(): void;
  };
  /** Resumes the player's writes parked while their grant was dead, and wakes the worker. */
  onPlayerSignedIn(playerId: string): Promise<void>;
  /** The player's achievements as `GET /v1/me/achievements` answers them, for operators (the admin API). */
  readPlayerAchievements(playerId: string): Promise<AchievementItem[]>;
}

/**
 * What Google showed a player counts for an hour (a tester removed from the testers stops seeing
 * drafts), for at most this many players at once (`player-visibility.ts`).
 */
const VISIBILITY_MAX_AGE_MS = 60 * 60 * 1000;
const VISIBILITY_PLAYERS = 10_000;

/** How much longer than its send deadline a claim lasts. */
const LEASE_MARGIN_MS = 5_000;

/** Tuning knobs, mostly for tests and benchmarks; production uses the defaults. */
export interface AchievementModuleOptions {
  worker?: Partial<OutboxWorkerOptions>;
  backoff?: BackoffPolicy;
  /** Randomness for backoff jitter. */
  random?: () => number;
}

/** Builds the achievement module from the backend's services. */
export function createAchievementModule(services: BackendServices, options: AchievementModuleOptions = {}): AchievementModule {
  const { config, store, google, vault, metrics, logger, now, applicationId } = services;
  const log = logger.child({ module: 'achievements' });

  const definitions = new DefinitionsCache({
    ttlMs: config.achievements.definitionsTtlSeconds * 1000,
    now,
    fetch: (token, language) => google.games.listAllAchievementDefinitions(token, language === undefined ? {} : { language }),
    onStaleServed: (key, error) =>
      log.warn({ language: key.language ?? null, err: error }, 'could not refresh achievement definitions; serving the cached copy'),
  });
  const reader = new AchievementReader({
    store,
    games: google.games,
    vault,
    definitions,
    visibility: new PlayerVisibility({ now, maxAgeMs: VISIBILITY_MAX_AGE_MS, capacity: VISIBILITY_PLAYERS }),
    applicationId,
    revealHiddenDetails: config.achievements.revealHiddenDetails,
    now,
  });
  const sender = new WriteSender({
    store,
    games: google.games,
    vault,
    metrics,
    logger: log,
    now,
    googleTimeoutMs: config.google.timeoutMs,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  // The worker gives each player one Google call's time per pass (it retries through the outbox,
  // not in-process); a claim outlives that by a margin for the token refresh before the call. A
  // crashed instance's claims come back after the lease, so it is kept short.
  const workerDeadlineMs = config.google.timeoutMs;
  const worker = new OutboxWorker(
    { store, sender, metrics, logger: log, now },
    { sendDeadlineMs: workerDeadlineMs, leaseMs: workerDeadlineMs + LEASE_MARGIN_MS, ...options.worker },
  );
  const writes = new WriteService({
    store,
    sender,
    definitions: (playerId, achievementIds) => reader.definitions(playerId, { including: achievementIds }),
    policy: config.achievements.clientWrites,
    sendDeadlineMs: config.achievements.sendDeadlineMs,
    leaseMs: config.achievements.sendDeadlineMs + LEASE_MARGIN_MS,
    wakeWorker: () => worker.wake(),
    metrics,
    logger: log,
  });
  const resets = new ResetService({
    management: google.management,
    vault,
    store,
    now,
    // A write being sent settles within its sender's deadline: the worker's, or the request's.
    inFlightWaitMs: Math.max(workerDeadlineMs, config.achievements.sendDeadlineMs) + LEASE_MARGIN_MS,
    resetCallMs: config.google.timeoutMs * 2,
  });

  return {
    routes: achievementRoutes({
      store,
      sessions: services.sessions,
      serverApiKey: config.serverApiKey,
      applicationId,
      reader,
      writes,
      resets,
    }),
    worker: {
      start: () => worker.start(),
      stop: () => worker.stop(),
      runOnce: () => worker.runOnce(),
      wake: () => worker.wake(),
    },
    readPlayerAchievements: (playerId) => reader.list(playerId),
    async onPlayerSignedIn(playerId) {
      const resumed = await store.resumeWritesForPlayer(playerId);
      if (resumed > 0) {
        log.info({ playerRef: playerId, writes: resumed }, 'player signed in again; resuming their pending achievement writes');
        worker.wake();
      }
    },
  };
}

export type { AchievementItem } from './read-model.js';
export type { OutboxWorkerOptions } from './outbox-worker.js';
