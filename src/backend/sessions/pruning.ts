/**
 * Session housekeeping: every refresh stores a new refresh-token row and keeps the used one (reuse
 * detection needs it until it expires), so without pruning the session tables only ever grow.
 * At start and then every `intervalMs`, refresh tokens past their expiry and session families
 * nobody can use any more (revoked, or left without a token) are deleted (`Store.pruneSessions`).
 * No live session is touched: an expired or revoked refresh token is refused either way, and an
 * access token of a deleted family is refused like one of a revoked family. Several instances
 * may prune at once; the deletes are idempotent.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/store.js';

export const SESSION_PRUNE_INTERVAL_MS = 10 * 60_000;

export interface SessionPruningOptions {
  store: Pick<Store, 'pruneSessions'>;
  now: () => number;
  logger: FastifyBaseLogger;
  intervalMs?: number;
}

/** A running pruner; `stop()` waits for a pass in progress. */
export interface SessionPruning {
  stop(): Promise<void>;
}

/** Prunes dead sessions now and every `intervalMs` until stopped. */
export function startSessionPruning(options: SessionPruningOptions): SessionPruning {
  const { store, now, logger } = options;
  let running: Promise<void> | undefined;
  const pass = (): void => {
    if (running) return;
    running = store
      .pruneSessions(now())
      .then(
        (pruned) => {
          if (pruned.refreshTokens + pruned.families > 0) logger.info(pruned, 'pruned expired sessions');
        },
        (error: unknown) => logger.warn({ err: error }, 'could not prune expired sessions'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  pass();
  const timer = setInterval(pass, options.intervalMs ?? SESSION_PRUNE_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
