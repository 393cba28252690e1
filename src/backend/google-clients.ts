/**
 * Builds the backend's Google clients from the configuration: one shared transport (one
 * connection pool, one timeout policy), every call counted in Prometheus by operation and status.
 */
import type { GoogleEndpoints } from '../google/endpoints.js';
import { GamesClient } from '../google/games-client.js';
import { HttpClient, type FetchLike } from '../google/http.js';
import { IdTokenVerifier } from '../google/id-token-verifier.js';
import { ManagementClient } from '../google/management-client.js';
import { OAuthClient } from '../google/oauth-client.js';
import { RecallClient } from '../google/recall-client.js';
import { ServiceAccountTokenSource, type ServiceAccountKey } from '../google/service-account.js';
import { RECALL_SCOPE } from '../google/wire/scopes.js';
import type { OAuthClientCredentials } from './config.js';
import type { BackendMetrics } from './metrics.js';
import type { GoogleClients } from './services.js';

export interface GoogleClientsOptions {
  endpoints: GoogleEndpoints;
  credentials: OAuthClientCredentials;
  /** The game's service account; without one there is no Recall client. */
  serviceAccount?: ServiceAccountKey | undefined;
  /** Client IDs besides the web client that an ID token's `aud` may name. */
  extraAudiences?: readonly string[];
  timeoutMs: number;
  metrics?: BackendMetrics;
  /**
   * Tests inject a transport; default: `undiciFetch` over a keep-alive agent
   * (`src/google/undici-transport.ts`).
   */
  fetch?: FetchLike;
  now?: () => number;
}

/** The OAuth, Games, Management, ID-token and (with a service account) Recall clients, sharing one transport. */
export function createGoogleClients(options: GoogleClientsOptions): GoogleClients {
  const { metrics } = options;
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    // A request to the backend should not wait on Google much longer than one slow call.
    deadlineMs: options.timeoutMs * 3,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    onCall: ({ operation, status, durationMs, attempt }) => {
      if (!metrics) return;
      metrics.googleCalls.inc({ operation, status: String(status) });
      metrics.googleCallDuration.observe({ operation }, durationMs / 1000);
      if (attempt > 1) metrics.googleRetries.inc({ operation });
    },
  });
  const { endpoints, credentials } = options;
  return {
    oauth: new OAuthClient({ ...credentials, endpoints, http, ...(options.now ? { now: options.now } : {}) }),
    games: new GamesClient({ endpoints, http }),
    management: new ManagementClient({ endpoints, http }),
    ...(options.serviceAccount
      ? {
          recall: new RecallClient({
            endpoints,
            http,
            // The assertion's `aud` is the token URL it is posted to: Google's, or the emulator's own.
            tokens: new ServiceAccountTokenSource({ key: options.serviceAccount, scopes: [RECALL_SCOPE], tokenUrl: endpoints.token, http, ...(options.now ? { now: options.now } : {}) }),
          }),
        }
      : {}),
    idTokens: new IdTokenVerifier({
      endpoints,
      http,
      audience: [credentials.clientId, ...(options.extraAudiences ?? [])],
      ...(options.now ? { now: options.now } : {}),
    }),
  };
}
