/**
 * Liveness, readiness and metrics: what an orchestrator and a Prometheus scraper call.
 * `/readyz` checks the store and that Google (or the emulator) answers, each with a short timeout.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FetchLike } from '../../google/fetch-like.js';
import { component } from '../http/openapi-components.js';
import type { BackendMetrics } from '../metrics.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HealthRouteOptions {
  metrics: BackendMetrics;
  readinessChecks: readonly ReadinessCheck[];
  readinessTimeoutMs?: number;
}

const CheckResult = Type.Object({ name: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }, component('ReadinessCheck'));

/** `GET /healthz`, `GET /readyz`, `GET /metrics`. */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, options) => {
  const timeoutMs = options.readinessTimeoutMs ?? 2_000;

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['operations'],
        summary: 'The store and Google are reachable',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Type.Array(CheckResult) }),
          503: Type.Object({ status: Type.Literal('unavailable'), checks: Type.Array(CheckResult) }),
        },
      },
    },
    async (request, reply) => {
      const checks = await Promise.all(
        options.readinessChecks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), timeoutMs);
            return { name, ok: true };
          } catch (error) {
            request.log.warn({ check: name, err: error }, 'readiness check failed');
            // The reason stays in the log; the answer only says which dependency is down.
            return { name, ok: false, error: 'unavailable' };
          }
        }),
      );
      const ready = checks.every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    },
  );

  app.get('/metrics', { schema: { operationId: 'getMetrics', tags: ['operations'], summary: 'Prometheus metrics (text format)' } }, async (_request, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
};

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Google (or the emulator) answers: its public key set is the cheapest call that needs no token. */
export async function googleReachable(fetch: FetchLike, url: string): Promise<void> {
  const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2_000) });
  await response.text();
  if (response.status >= 400) throw new Error(`HTTP ${response.status} from ${url}`);
}
