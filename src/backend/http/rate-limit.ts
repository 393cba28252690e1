/**
 * Per-client-address rate limits, in the registry's error format. Each route that opts in gets
 * its own bucket (`perMinute` in the route's `config`), so that one route's traffic never uses
 * up another's: session refreshes (every player, every 15 minutes) must not starve sign-ins.
 *
 * Where the counts live: in the process by default, so with several instances each counts alone
 * (N instances let N times the limit through). With `REDIS_URL`, every instance counts in the one
 * Redis (@fastify/rate-limit's Redis store, https://github.com/fastify/fastify-rate-limit), so the
 * limit holds across all of them. Redis only ever holds these counters: if it is unreachable, a
 * request is let through (the limit is skipped, logged) rather than refused, and nothing is lost.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError } from '../errors.js';

/** The counters' key prefix in Redis: shared by every instance of the backend. */
const REDIS_NAMESPACE = 'pgs-rate-limit:';

/** Registers the limiter in `app`'s scope; only routes with `perMinute` config are limited. */
export async function registerRateLimit(app: FastifyInstance, redis?: Redis): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ApiError('RATE_LIMITED', { retryAfterMs: context.ttl }),
    ...(redis ? { redis, nameSpace: REDIS_NAMESPACE, skipOnError: true } : {}),
  });
}

/** Route config: at most `max` requests a minute from one client address. */
export function perMinute(max: number) {
  return { rateLimit: { max, timeWindow: '1 minute' } };
}

/**
 * The Redis client of the rate limits, connected (or found unreachable: then the limits are
 * skipped until it comes back). A request never waits for a Redis that is away: no offline
 * queue, one try per command, a short connect timeout; it reconnects in the background. The URL
 * is never logged (it may hold a password).
 */
export async function rateLimitRedis(url: string, logger: FastifyBaseLogger): Promise<Redis> {
  // Loaded only with REDIS_URL: ioredis costs about 19 MB of RSS to load (docs/BENCHMARKS.md, 'Hot paths').
  const { Redis: RedisClient } = await import('ioredis');
  const redis = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let down = false;
  redis.on('error', (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    logger.warn({ errorCode: error.code ?? 'REDIS_ERROR' }, 'Redis of the rate limits unreachable; limits are skipped until it is back');
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis of the rate limits is back');
    down = false;
  });
  // Start counting in Redis from the first request: wait for the connection, or its failure.
  await new Promise<void>((resolve) => {
    const settled = () => {
      clearTimeout(timer);
      redis.off('ready', settled);
      redis.off('error', settled);
      resolve();
    };
    const timer = setTimeout(settled, 2_000);
    redis.once('ready', settled);
    redis.once('error', settled);
  });
  return redis;
}
