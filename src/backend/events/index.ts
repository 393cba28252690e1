/**
 * The events module: reads with a definitions cache and the player's pending updates added in,
 * durable writes through the event outbox, and the worker that drains it.
 *
 * `createEventModule(services)` builds it; the backend registers `routes`, starts and stops
 * `worker` with the server, and calls `onPlayerSignedIn` after every sign-in so that updates
 * parked for a dead grant go out again.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EventDefinition } from '../../google/wire/events.js';
import type { BackoffPolicy } from '../achievements/backoff.js';
import { DefinitionsCache } from '../achievements/definitions-cache.js';
import type { BackendServices } from '../services.js';
import { EventReader, type EventItem } from './event-reader.js';
import { EventSender } from './event-sender.js';
import { EventWorker, type EventWorkerOptions } from './event-worker.js';
import { eventRoutes } from './routes.js';
import { EventWriteService } from './write-service.js';

export interface EventModule {
  routes: FastifyPluginAsync;
  worker: { start(): void; stop(): Promise<void>; runOnce(): Promise<number>; wake(): void };
  onPlayerSignedIn(playerId: string): Promise<void>;
  /** The player's events as `GET /v1/me/events` lists them, for the operators' view of one player. */
  readPlayerEvents(playerId: string): Promise<EventItem[]>;
}

export interface EventModuleOptions {
  worker?: Partial<EventWorkerOptions>;
  backoff?: BackoffPolicy;
  random?: () => number;
}

/** How much longer than its send deadline a claim lasts. */
const LEASE_MARGIN_MS = 5_000;

/** Builds the events module from the backend's services. */
export function createEventModule(services: BackendServices, options: EventModuleOptions = {}): EventModule {
  const { config, store, google, vault, metrics, logger, now, applicationId } = services;
  const log = logger.child({ module: 'events' });
  // Event definitions change only when the studio publishes: the achievement definitions' TTL serves.
  const definitions = new DefinitionsCache<EventDefinition>({
    ttlMs: config.achievements.definitionsTtlSeconds * 1000,
    now,
    fetch: (token, language) => google.games.listAllEventDefinitions(token, language === undefined ? {} : { language }),
    onStaleServed: (key, error) => log.warn({ language: key.language ?? null, err: error }, 'could not refresh event definitions; serving the cached copy'),
  });
  const reader = new EventReader({ store, games: google.games, vault, definitions, applicationId });
  const sender = new EventSender({
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
  const workerDeadlineMs = config.google.timeoutMs;
  const worker = new EventWorker(
    { store, sender, metrics, logger: log, now },
    { sendDeadlineMs: workerDeadlineMs, leaseMs: workerDeadlineMs + LEASE_MARGIN_MS, ...options.worker },
  );
  const writes = new EventWriteService({
    store,
    sender,
    reader,
    sendDeadlineMs: config.achievements.sendDeadlineMs,
    leaseMs: config.achievements.sendDeadlineMs + LEASE_MARGIN_MS,
    wakeWorker: () => worker.wake(),
    metrics,
    logger: log,
  });
  return {
    routes: eventRoutes({ sessions: services.sessions, reader, writes }),
    worker: { start: () => worker.start(), stop: () => worker.stop(), runOnce: () => worker.runOnce(), wake: () => worker.wake() },
    readPlayerEvents: (playerId) => reader.list(playerId),
    async onPlayerSignedIn(playerId) {
      const resumed = await store.resumeEventWritesForPlayer(playerId);
      if (resumed > 0) {
        log.info({ playerRef: playerId, writes: resumed }, 'player signed in again; resuming their pending event updates');
        worker.wake();
      }
    },
  };
}

export type { EventItem } from './event-reader.js';
export type { EventWorkerOptions } from './event-worker.js';
