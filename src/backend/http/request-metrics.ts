/**
 * Counts every answered request by method, route pattern (never the raw URL, whose IDs would
 * explode the label set) and status, and times it.
 */
import type { FastifyInstance } from 'fastify';
import type { BackendMetrics } from '../metrics.js';

/** Adds the request counter and duration histogram hooks to `app`. */
export function installRequestMetrics(app: FastifyInstance, metrics: BackendMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
