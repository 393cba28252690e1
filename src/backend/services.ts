/**
 * What the backend's routes and workers are built from: one object, assembled once by
 * `createBackend`, passed to route plugins and workers. Nothing in here reads the environment.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { GamesClient } from '../google/games-client.js';
import type { IdTokenVerifier } from '../google/id-token-verifier.js';
import type { ManagementClient } from '../google/management-client.js';
import type { OAuthClient } from '../google/oauth-client.js';
import type { RecallClient } from '../google/recall-client.js';
import type { Store } from '../store/store.js';
import type { BackendConfig } from './config.js';
import type { BackendMetrics } from './metrics.js';
import type { SessionService } from './sessions/session-service.js';
import type { TokenVault } from './vault/token-vault.js';

/** The backend's clients for Google, all pointed at the configured endpoints. */
export interface GoogleClients {
  oauth: OAuthClient;
  games: GamesClient;
  management: ManagementClient;
  idTokens: IdTokenVerifier;
  /** Google's Recall API with the game's service account; absent when none is configured. */
  recall?: RecallClient;
}

export interface BackendServices {
  config: BackendConfig;
  store: Store;
  google: GoogleClients;
  vault: TokenVault;
  sessions: SessionService;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  /** The backend's clock, epoch ms (tests move it). */
  now: () => number;
  /** The Play Games application ID this backend serves. */
  applicationId: string;
  /** The game server's OAuth web client ID. */
  clientId: string;
}
