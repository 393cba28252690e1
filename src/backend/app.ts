/**
 * `createBackend(deps)` builds the backend's Fastify app and never listens (STYLE.md practice 1):
 * the CLI listens, tests use `app.inject()`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { BackendConfig } from './config.js';
import { installErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { installRequestMetrics } from './http/request-metrics.js';
import { loggerOptions } from './logger.js';
import { createMetrics, type BackendMetrics } from './metrics.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';

export interface BackendDeps {
  config: BackendConfig;
  /** A logger to use (tests pass one that captures lines); default: pino at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  metrics?: BackendMetrics;
  readinessChecks?: readonly ReadinessCheck[];
}

const VERSION = '0.1.0';

/** Builds the backend app from its dependencies. */
export async function createBackend(deps: BackendDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Unknown fields are refused, not silently dropped (issue 3, "strict schemas").
    ajv: { customOptions: { removeAdditional: false } },
    disableRequestLogging: false,
  });
  // TypeBox checks bodies strictly (no coercion: "5" is not a number) and converts only query,
  // params and headers, which always arrive as strings.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  acceptEmptyJsonBodies(app);
  installErrorHandling(app);
  installRequestMetrics(app, metrics);
  await registerOpenApi(app, VERSION);

  await app.register(healthRoutes, { metrics, readinessChecks: deps.readinessChecks ?? [] });
  return app;
}

/**
 * JSON only. Many game HTTP clients send `Content-Type: application/json` with an empty body on POSTs that
 * take none (unlock, logout). Fastify refuses those by default; we treat them as "no body".
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  // Fastify's own parser guards against prototype poisoning (`__proto__`, `constructor`).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // JSON is the only body this API takes; anything else is answered 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
