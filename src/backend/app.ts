/**
 * `createBackend(deps)` builds the backend's Fastify app and never listens (STYLE.md practice 1):
 * the CLI listens, tests use `app.inject()`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FetchLike } from '../google/http.js';
import { undiciFetch } from '../google/undici-transport.js';
import { createAchievementModule, type AchievementModule, type AchievementModuleOptions } from './achievements/index.js';
import type { Store } from '../store/store.js';
import type { BackendConfig } from './config.js';
import { createGoogleClients } from './google-clients.js';
import { frameworkErrors, installErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { installRequestMetrics } from './http/request-metrics.js';
import { loggerOptions } from './logger.js';
import { createMetrics, type BackendMetrics } from './metrics.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { meRoutes } from './routes/me.js';
import { SessionTokens } from './security/session-tokens.js';
import { TokenCipher } from './security/token-cipher.js';
import type { BackendServices, GoogleClients } from './services.js';
import { startSessionPruning, type SessionPruning } from './session-pruning.js';
import { SessionService } from './sessions.js';
import { TokenVault } from './token-vault.js';

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
}

/** A built backend: the app (never listening), and what runs beside it. */
export interface Backend {
  app: FastifyInstance;
  services: BackendServices;
  achievements: AchievementModule;
  /** Starts background work (the achievement outbox worker, session pruning). Tests may leave it stopped. */
  start(): void;
  /** Stops background work and closes the app; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/** Builds the backend from its dependencies. */
export async function createBackend(deps: BackendDeps): Promise<Backend> {
  const { config, store } = deps;
  const credentials = config.google.credentials;
  const applicationId = config.google.applicationId;
  if (!credentials || !applicationId) {
    throw new Error('createBackend: config.google.credentials and applicationId must be resolved first (see resolveEmulatorCredentials)');
  }
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Unknown fields are refused, not silently dropped (issue 3, "strict schemas").
    ajv: { customOptions: { removeAdditional: false } },
    // IDs in paths may be 256 characters (the route schemas); Fastify's router default is 100.
    routerOptions: { maxParamLength: 512 },
    // A malformed or over-long path answers in the registry's format too (contracts §4).
    frameworkErrors,
  });
  // TypeBox checks bodies strictly (no coercion: "5" is not a number) and converts only query,
  // params and headers, which always arrive as strings.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  acceptEmptyJsonBodies(app);
  installErrorHandling(app);
  installRequestMetrics(app, metrics);
  await registerOpenApi(app, VERSION);

  const google =
    deps.google ??
    createGoogleClients({
      endpoints: config.google.endpoints,
      credentials,
      extraAudiences: config.google.extraAudiences,
      timeoutMs: config.google.timeoutMs,
      metrics,
      now,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const services: BackendServices = {
    config,
    store,
    google,
    vault: new TokenVault({ store, oauth: google.oauth, cipher: new TokenCipher(config.tokenEncryption), clientId: credentials.clientId, metrics, now }),
    sessions: new SessionService({
      store,
      tokens: new SessionTokens({ secret: config.sessions.signingSecret, accessTokenTtlSeconds: config.sessions.accessTokenTtlSeconds, now }),
      refreshTokenTtlSeconds: config.sessions.refreshTokenTtlSeconds,
      now,
    }),
    metrics,
    logger: app.log,
    now,
    applicationId,
    clientId: credentials.clientId,
  };

  const readinessChecks: ReadinessCheck[] = [
    { name: 'store', check: () => store.ping() },
    { name: 'google', check: () => googleReachable(deps.fetch ?? undiciFetch, config.google.endpoints.certsJwks) },
    ...(deps.readinessChecks ?? []),
  ];
  await app.register(healthRoutes, { metrics, readinessChecks });
  const achievements = createAchievementModule(services, deps.achievements);
  await app.register(authRoutes, { services, onSignedIn: (playerId) => achievements.onPlayerSignedIn(playerId) });
  await app.register(meRoutes, { services });
  await app.register(achievements.routes);

  let sessionPruning: SessionPruning | undefined;
  return {
    app,
    services,
    achievements,
    start: () => {
      achievements.worker.start();
      sessionPruning ??= startSessionPruning({ store, now, logger: app.log });
    },
    close: async () => {
      await achievements.worker.stop();
      await sessionPruning?.stop();
      await app.close();
    },
  };
}

/** Google (or the emulator) answers: its public key set is the cheapest call that needs no token. */
async function googleReachable(fetch: FetchLike, url: string): Promise<void> {
  const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2_000) });
  await response.text();
  if (response.status >= 400) throw new Error(`HTTP ${response.status} from ${url}`);
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
