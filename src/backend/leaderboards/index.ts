/**
 * The leaderboard module: the list of boards and their pages (cached, with the player's own
 * pending scores laid over them), durable score submissions through the score outbox with the
 * game's score policy in front, the worker that drains the outbox, and hiding players.
 *
 * `createLeaderboardModule(services, options?)` builds it; the backend registers `routes`, starts
 * and stops `worker` with the server, and calls `onPlayerSignedIn` after every sign-in so that
 * scores parked for a dead grant go out again.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { BackoffPolicy } from '../achievements/backoff.js';
import type { BackendServices } from '../services.js';
import { LeaderboardCatalog } from './leaderboard-catalog.js';
import { ModerationService } from './moderation-service.js';
import { leaderboardRoutes } from './routes.js';
import { longestWindowMs, policyFor, type ScorePolicies } from './score-policy.js';
import type { OwnScore } from './read-model.js';
import { ScoreReader } from './score-reader.js';
import { ScoreSender } from './score-sender.js';
import { DEFAULT_SCORE_WORKER_OPTIONS, ScoreWorker, type ScoreWorkerOptions } from './score-worker.js';
import { SubmitService } from './submit-service.js';

export interface LeaderboardModule {
  /** Registers every leaderboard route. */
  routes: FastifyPluginAsync;
  worker: {
    start(): void;
    stop(): Promise<void>;
    /** One pass over due scores; resolves how many were settled (done or failed for good). */
    runOnce(): Promise<number>;
    wake(): void;
  };
  /** Resumes the player's scores parked while their grant was dead, and wakes the worker. */
  onPlayerSignedIn(playerId: string): Promise<void>;
  /** For operators (the admin API): the player's own scores on every leaderboard, as `GET /v1/me/leaderboards/{id}/scores` answers each. */
  readPlayerScores(playerId: string): Promise<Array<{ leaderboardId: string; name: string; items: OwnScore[] }>>;
}

/** How much longer than its send deadline a claim lasts. */
const LEASE_MARGIN_MS = 5_000;

/** Options for library users (policies in code) and tests (timers). */
export interface LeaderboardModuleOptions {
  /**
   * Score policies in code, laid over `PGS_SCORE_POLICY` field by field; only here can a policy
   * carry a `validate` function.
   */
  policies?: ScorePolicies;
  worker?: Partial<ScoreWorkerOptions>;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Told of every Google read and send the module makes (tests and benchmarks count calls). */
  onGoogleCall?: (operation: string) => void;
}

/** Builds the leaderboard module from the backend's services. */
export function createLeaderboardModule(services: BackendServices, options: LeaderboardModuleOptions = {}): LeaderboardModule {
  const { config, store, google, vault, metrics, logger, now, applicationId } = services;
  const log = logger.child({ module: 'leaderboards' });
  const ttlMs = config.leaderboards.cacheTtlSeconds * 1000;
  const onGoogleCall = options.onGoogleCall;

  const catalog = new LeaderboardCatalog({
    games: {
      listAllLeaderboards: (token, opts) => {
        onGoogleCall?.('leaderboards.list');
        return google.games.listAllLeaderboards(token, opts);
      },
    },
    vault,
    ttlMs,
    now,
    onStaleServed: (error) => log.warn({ err: error }, 'could not refresh the leaderboards; serving the cached copy'),
  });
  const reader = new ScoreReader({
    store,
    games: google.games,
    vault,
    catalog,
    ttlMs,
    now,
    ...(onGoogleCall ? { onGoogleRead: (op: string) => onGoogleCall(`scores.${op}`) } : {}),
  });
  const sender = new ScoreSender({
    store,
    games: google.games,
    vault,
    metrics,
    logger: log,
    now,
    googleTimeoutMs: config.google.timeoutMs,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(onGoogleCall ? { onSend: (boards: number) => onGoogleCall(boards === 1 ? 'scores.submit' : 'scores.submitMultiple') } : {}),
  });
  const workerDeadlineMs = config.google.timeoutMs;
  const worker = new ScoreWorker(
    { store, sender, logger: log, metrics, now },
    {
      sendDeadlineMs: workerDeadlineMs,
      leaseMs: workerDeadlineMs + LEASE_MARGIN_MS,
      // The improvement window reads the history: keep done scores at least that long.
      retentionMs: Math.max(DEFAULT_SCORE_WORKER_OPTIONS.retentionMs, longestWindowMs(config.leaderboards.policies, options.policies)),
      ...options.worker,
    },
  );
  const submits = new SubmitService({
    store,
    catalog,
    sender,
    policyFor: (leaderboardId) => policyFor(leaderboardId, config.leaderboards.policies, options.policies),
    sendDeadlineMs: config.achievements.sendDeadlineMs,
    leaseMs: config.achievements.sendDeadlineMs + LEASE_MARGIN_MS,
    wakeWorker: () => worker.wake(),
    onStored: (playerId, leaderboardId) => reader.forget(playerId, leaderboardId),
    logger: log,
    metrics,
    now,
  });
  const moderation = new ModerationService({
    store,
    management: google.management,
    vault,
    applicationId,
    defaultModerator: config.leaderboards.moderatorPlayerId,
    onChanged: () => reader.clearPages(),
  });

  return {
    routes: leaderboardRoutes({ store, sessions: services.sessions, serverApiKey: config.serverApiKey, applicationId, catalog, reader, submits, moderation, now }),
    worker: {
      start: () => worker.start(),
      stop: () => worker.stop(),
      runOnce: () => worker.runOnce(),
      wake: () => worker.wake(),
    },
    async readPlayerScores(playerId) {
      const boards = await catalog.list(playerId);
      return Promise.all(boards.map(async (board) => ({ leaderboardId: board.id, name: board.name, items: await reader.own(playerId, board.id) })));
    },
    async onPlayerSignedIn(playerId) {
      const resumed = await store.resumeScoreWritesForPlayer(playerId);
      if (resumed > 0) {
        log.info({ playerRef: playerId, scores: resumed }, 'player signed in again; resuming their pending scores');
        worker.wake();
      }
    },
  };
}

export type { ScorePolicies, ScorePolicy, ScoreSubmissionContext, ScoreVerdict } from './score-policy.js';
export type { ScoreWorkerOptions } from './score-worker.js';
