/**
 * Per-client-address rate limits, in the registry's error format. Each route that opts in gets
 * its own bucket (`perMinute` in the route's `config`), so that one route's traffic never uses
 * up another's: session refreshes (every player, every 15 minutes) must not starve sign-ins.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/** Registers the limiter in `app`'s scope; only routes with `perMinute` config are limited. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ApiError('RATE_LIMITED', { retryAfterMs: context.ttl }),
  });
}

/** Route config: at most `max` requests a minute from one client address. */
export function perMinute(max: number) {
  return { rateLimit: { max, timeWindow: '1 minute' } };
}
