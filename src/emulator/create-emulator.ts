/**
 * `createEmulator()`: builds the emulator's Fastify app over one `EmulatorState` and never
 * listens: tests drive it with `app.inject()`, the CLI calls `listen()`.
 * One app serves every Google host the backend talks to, at Google's own paths, plus the control
 * API under `/emulator/v1`.
 */
import Fastify, { type FastifyInstance, type FastifyLoggerOptions } from 'fastify';
import type { LoggerOptions as PinoLoggerOptions } from 'pino';
import { registerBatchRoutes } from './batch.js';
import { installBodyParsers } from './body-parsers.js';
import { EmulatorClock } from './clock.js';
import { registerControlApplicationsRoutes } from './control/applications.js';
import { registerControlClockRoutes } from './control/clock.js';
import { registerControlFaultsRoutes } from './control/faults.js';
import { registerControlFriendsRoutes } from './control/friends.js';
import { registerControlKeysRoutes } from './control/keys.js';
import { registerControlPlayerDataRoutes } from './control/player-data.js';
import { registerControlPlayersRoutes } from './control/players.js';
import { registerRecallSessionsRoutes } from './control/recall-sessions.js';
import { registerControlRequestsRoutes } from './control/requests.js';
import { registerControlResetRoutes } from './control/reset.js';
import { registerServerAuthCodesRoutes } from './control/server-auth-codes.js';
import { DEMO_SEED } from './demo-seed.js';
import { installDiscovery } from './discovery.js';
import { registerAchievementDefinitionsRoutes } from './games/achievement-definitions.js';
import { registerAchievementsRoutes } from './games/achievements.js';
import { registerApplicationsRoutes } from './games/applications.js';
import { registerLeaderboardsRoutes } from './games/leaderboards.js';
import { registerPlayersRoutes } from './games/players.js';
import { registerScoresRoutes } from './games/scores.js';
import { registerEventsRoutes } from './games/events.js';
import { registerRevisionsRoutes } from './games/revisions.js';
import { registerSnapshotsRoutes } from './games/snapshots.js';
import { registerStatsRoutes } from './games/stats.js';
import { installQueryParameterRules } from './games/query-parameters.js';
import { installErrorHandling } from './http-errors.js';
import { KeyRing } from './keys.js';
import { registerManagementAchievementsRoutes } from './management/achievements.js';
import { registerManagementApplicationsRoutes } from './management/applications.js';
import { registerManagementPlayersRoutes } from './management/players.js';
import { registerManagementScoresRoutes } from './management/scores.js';
import { registerManagementEventsRoutes } from './management/events.js';
import { installPartialResponses } from './partial-responses.js';
import { DEFAULT_CERTS_MAX_AGE_SECONDS, registerCertsRoutes } from './oauth/certs.js';
import { registerOpenIdConfigurationRoute } from './oauth/openid-configuration.js';
import { registerRevokeRoute } from './oauth/revoke.js';
import { registerTokenInfoRoute } from './oauth/tokeninfo.js';
import { registerTokenRoute } from './oauth/token-route.js';
import { registerRecallRoutes } from './recall/recall.js';
import { redactUrl } from './request-log.js';
import { validateEmulatorConfig, type EmulatorConfig } from './seed.js';
import { StateDirectory } from './persistence/state-directory.js';
import { importState } from './persistence/state-codec.js';
import { StateImportError } from './persistence/state-part.js';
import { registerControlStateRoutes } from './control/state.js';
import { EmulatorState } from './state.js';
import { installTrafficHooks } from './traffic.js';

export interface EmulatorOptions {
  /** The seed; default the shipped demo seed (`DEMO_SEED`). Validated like a `--config` file. */
  config?: EmulatorConfig;
  /** Seeds the PRNG of `probability` faults, so runs are reproducible. */
  faultSeed?: number;
  /** Fastify/pino logging (pino options, plus `stream`); off by default. Secrets are redacted whatever is passed. */
  logger?: boolean | EmulatorLoggerOptions;
  /** How many recent requests `GET /emulator/v1/requests` keeps (default 1000). */
  requestLogSize?: number;
  /** The wall clock, epoch ms (tests pin it); the emulator clock runs ahead of it by `clock:advance`. */
  now?: () => number;
  /** `max-age` of the certs responses (default 300 s). */
  certsMaxAgeSeconds?: number;
  /** A refresh token unused this long (emulator clock) expires (default 180 days, as Google). */
  refreshTokenIdleSeconds?: number;
  /**
   * Keeps the whole state in this folder (created if missing) and loads it at start: a restart
   * forgets nothing (`persistence/state-directory.ts`). Unset: the state lives in memory only.
   */
  dataDir?: string;
  /** With `dataDir`: how long after a change the state is saved (default 100 ms). */
  saveDelayMs?: number;
}

export type EmulatorLoggerOptions = FastifyLoggerOptions & PinoLoggerOptions;

export interface Emulator {
  app: FastifyInstance;
  state: EmulatorState;
  /** The `dataDir` folder, when given: `flush()` saves now; `app.close()` saves and releases it. */
  stateDirectory: StateDirectory | undefined;
}

const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.code',
  '*.serverAuthCode',
  '*.assertion',
  '*.private_key',
  '*.recallSessionId',
  '*.sessionId',
];

function loggerOption(logger: EmulatorOptions['logger']): EmulatorLoggerOptions | false {
  if (!logger) return false;
  const base: EmulatorLoggerOptions = logger === true ? { level: 'info' } : logger;
  return {
    ...base,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: {
      ...base.serializers,
      // Query strings may carry `access_token` or `token`: log URLs redacted.
      req: (request: { method?: string; url?: string; ip?: string }) => ({
        method: request.method,
        url: redactUrl(request.url ?? ''),
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * Opens the `dataDir` folder and loads its state into `state`. A saved state that cannot be loaded
 * throws a `StateImportError` naming the file and the bad field, and leaves the folder as it was.
 */
function openStateDirectory(state: EmulatorState, options: EmulatorOptions): StateDirectory | undefined {
  if (options.dataDir === undefined) return undefined;
  const directory = StateDirectory.open(options.dataDir, { saveDelayMs: options.saveDelayMs });
  try {
    if (directory.saved !== undefined) importState(state, directory.saved);
  } catch (error) {
    void directory.close();
    if (error instanceof StateImportError) throw new StateImportError(`${directory.file}: ${error.message}`);
    throw error;
  }
  return directory;
}

/** Builds an emulator (keys generated once, here). The caller decides whether to listen. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = options.config === undefined ? DEMO_SEED : validateEmulatorConfig(options.config);
  const wallNow = options.now ?? Date.now;
  const clock = new EmulatorClock(wallNow);
  const keys = await KeyRing.create(wallNow);
  const state = new EmulatorState({
    config,
    clock,
    keys,
    faultSeed: options.faultSeed,
    requestLogSize: options.requestLogSize,
    refreshTokenIdleSeconds: options.refreshTokenIdleSeconds,
  });
  const stateDirectory = openStateDirectory(state, options);

  const app = Fastify({
    logger: loggerOption(options.logger),
    // Query strings arrive as strings and must coerce to integers; a JSON scalar must not
    // silently become an array (Fastify's default 'array' coercion would). A schema that refuses
    // unknown fields must refuse them, not strip them (Fastify's default removeAdditional would).
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
    // Achievement IDs may be up to 128 characters (seed.ts); Fastify's default limit is 100.
    routerOptions: { maxParamLength: 512 },
  });
  installBodyParsers(app);
  if (stateDirectory) installStateSaving(app, state, stateDirectory);
  installTrafficHooks(app, state);
  installErrorHandling(app);
  installQueryParameterRules(app);
  installPartialResponses(app);
  installDiscovery(app);

  registerTokenRoute(app, state);
  registerRevokeRoute(app, state);
  registerTokenInfoRoute(app, state);
  registerCertsRoutes(app, state, options.certsMaxAgeSeconds ?? DEFAULT_CERTS_MAX_AGE_SECONDS);
  registerOpenIdConfigurationRoute(app);

  registerPlayersRoutes(app, state);
  registerApplicationsRoutes(app, state);
  registerAchievementDefinitionsRoutes(app, state);
  registerAchievementsRoutes(app, state);
  registerManagementAchievementsRoutes(app, state);
  registerLeaderboardsRoutes(app, state);
  registerScoresRoutes(app, state);
  registerManagementScoresRoutes(app, state);
  registerManagementPlayersRoutes(app, state);
  registerManagementApplicationsRoutes(app, state);
  registerEventsRoutes(app, state);
  registerManagementEventsRoutes(app, state);
  registerStatsRoutes(app, state);
  registerSnapshotsRoutes(app, state);
  registerRevisionsRoutes(app, state);
  registerRecallRoutes(app, state);
  registerBatchRoutes(app);

  registerControlApplicationsRoutes(app, state);
  registerControlPlayersRoutes(app, state);
  registerControlFriendsRoutes(app, state);
  registerControlPlayerDataRoutes(app, state);
  registerServerAuthCodesRoutes(app, state);
  registerRecallSessionsRoutes(app, state);
  registerControlFaultsRoutes(app, state);
  registerControlClockRoutes(app, state);
  registerControlResetRoutes(app, state);
  registerControlKeysRoutes(app, state);
  registerControlRequestsRoutes(app, state);
  registerControlStateRoutes(app, state);

  return { app, state, stateDirectory };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Saves after every request that may change the state. Marked when it arrives, before it is
 * answered, and once answered: a save that starts while a slow request runs is followed by
 * another. Registered before the traffic hooks, so a fault that drops the connection after the
 * write still counts. Closing the app saves what is pending and releases the folder.
 */
function installStateSaving(app: FastifyInstance, state: EmulatorState, directory: StateDirectory): void {
  // The message only: an error of the file system names paths, never the state's tokens.
  directory.bind(state, (error) => app.log.error({ file: directory.file, reason: error.message }, 'saving the emulator state failed'));
  const mark = (request: { method: string }) => {
    if (!READS.has(request.method)) directory.changed();
  };
  app.addHook('onRequest', async (request) => mark(request));
  app.addHook('onSend', async (request, _reply, payload) => {
    mark(request);
    return payload;
  });
  app.addHook('onResponse', async (request) => mark(request));
  app.addHook('onClose', async () => directory.close());
}
