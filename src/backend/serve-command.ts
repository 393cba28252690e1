/**
 * `pgs serve` (what `npm start` runs): reads the configuration, opens the store, starts the
 * built-in emulator when no Google credentials are configured, builds the backend and listens.
 * The only place besides `pgs emulator` that calls `listen()`.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { parseFlags, UsageError } from '../cli-flags.js';
import { emulatorEndpoints } from '../google/endpoints.js';
import { parseServiceAccountKey, ServiceAccountKeyError } from '../google/service-account.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createBackend, type Backend } from './app.js';
import { localConsoleKey } from './console/local-console-key.js';
import type { EmulatorConfig } from '../emulator/seed.js';
import { ConfigError, loadConfig, type BackendConfig } from './config.js';
import { CONFIG_VARIABLES } from './config-variables.js';
import { createCommandLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { tourAchievement, tourText, type TourAchievement } from './serve-tour.js';

/** Runs the backend until SIGINT/SIGTERM; resolves -1 while serving, or an exit code on failure. */
export async function runServeCommand(args: string[]): Promise<number> {
  let flags: ServeFlags;
  try {
    flags = parseServeArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`pgs serve: ${error.message}\n\n${serveUsage()}`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(serveUsage());
    return 0;
  }
  let config: BackendConfig;
  let seed: EmulatorConfig | undefined;
  try {
    // The flag is the variable, given on the command line: it wins, and its problems name it.
    config = loadConfig(flags.emulatorConfig === undefined ? process.env : { ...process.env, PGS_EMULATOR_CONFIG: flags.emulatorConfig });
    seed = await loadSeed(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(configErrorText(error, flags.emulatorConfig === undefined ? {} : { PGS_EMULATOR_CONFIG: '--emulator-config' }));
      return 2;
    }
    throw error;
  }
  const { logger, warning: logWarning, settle } = await createCommandLogger(config.logLevel, config.logFormat);
  for (const warning of [...config.warnings, ...(logWarning ? [logWarning] : [])]) logger.warn(warning);

  const running: { emulator?: FastifyInstance; backend?: Backend; store?: Store } = {};
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.backend?.close();
    await running.emulator?.close();
    await running.store?.close();
  };
  try {
    running.store = await openStore(config.databaseUrl, {
      logger: { info: (message) => logger.info(message), warn: (message) => logger.warn(message), error: (message) => logger.error(message) },
    });

    let emulatorUrl: string | undefined;
    let consoleKeyFile: string | undefined;
    if (config.google.mode === 'emulator-builtin' && config.serverApiKey === undefined) {
      const local = localConsoleKey(config.dataDir);
      config = { ...config, serverApiKey: local.key };
      consoleKeyFile = local.file;
    }
    if (config.google.mode === 'emulator-builtin') {
      const emulator = await startBuiltInEmulator(config, seed);
      running.emulator = emulator.app;
      emulatorUrl = await listenUrl(emulator.app, '127.0.0.1', config.google.emulatorPort, { port: 'PGS_EMULATOR_PORT' });
      config = { ...config, google: { ...config.google, endpoints: emulatorEndpoints(emulatorUrl) } };
    } else if (config.google.mode === 'emulator-external') {
      emulatorUrl = config.google.endpoints.gamesBaseUrl;
    }
    // The tour unlocks an achievement of the game the backend serves; with credentials of its own,
    // an emulator that cannot list its games only leaves that line out.
    let applications: EmulatorApplication[] = [];
    if (emulatorUrl !== undefined) {
      const listed = readEmulatorApplications(emulatorUrl);
      applications = config.google.credentials === undefined ? await listed : await listed.catch(() => []);
      if (config.google.credentials === undefined) config = resolveEmulatorCredentials(config, applications);
      config = withEmulatorServiceAccount(config, applications);
    }

    // Process metrics (CPU, RSS, heap, event-loop lag) only here: tests build many backends in one process.
    const backend = await createBackend({ config, store: running.store, logger, metrics: createMetrics({ withDefaults: true }) });
    running.backend = backend;
    const backendUrl = await listenUrl(backend.app, config.host, config.port, { port: 'PORT', host: 'HOST' });
    backend.start();

    process.stdout.write(banner({ backendUrl, emulatorUrl, config, applications, consoleKeyFile }));
  } catch (error) {
    await shutdown('start-up failure').catch(() => undefined);
    await settle(LOG_SETTLE_MS);
    if (error instanceof ConfigError) {
      process.stderr.write(configErrorText(error));
      return 2;
    }
    throw error;
  }

  // Shutdown always ends, and within its deadline: a close that hangs (a request that never
  // finishes) is cut off, and the logger is let go so that the exit cannot hang either
  // (stdout-logger.ts: with stdout's reader gone, pino's exit flush would spin forever).
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    void settle(LOG_SETTLE_MS).then(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
        exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      shutdown(signal).then(
        () => exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          exit(1);
        },
      );
    });
  }
  return -1;
}

/** How long closing may take after SIGINT/SIGTERM before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/** How long the last log lines may take to be written at exit. */
const LOG_SETTLE_MS = 500;

interface ServeFlags {
  help: boolean;
  emulatorConfig: string | undefined;
}

function parseServeArgs(args: string[]): ServeFlags {
  const flags = parseFlags(args, {
    help: { type: 'boolean', short: 'h' },
    'emulator-config': { type: 'string', missing: '--emulator-config needs a file path' },
  });
  return { help: flags.help === true, emulatorConfig: flags['emulator-config'] };
}

/** The usage text, with every environment variable from the one list `loadConfig` reads by. */
export function serveUsage(): string {
  const width = Math.max(...CONFIG_VARIABLES.map((variable) => variable.name.length)) + 4;
  const variables = CONFIG_VARIABLES.map(
    (variable) => `  ${variable.name.padEnd(width)}${variable.meaning}\n  ${' '.repeat(width)}default: ${variable.default}\n`,
  ).join('');
  return (
    'Usage: pgs serve [--emulator-config FILE]\n\n' +
    'Runs the backend. With no Google credentials configured it also starts the built-in Play Games\n' +
    'emulator with a demo game, points the backend at it and prints a tour to try.\n\n' +
    'Options:\n' +
    '  --emulator-config FILE   seed the built-in emulator from FILE, as `pgs emulator --config FILE`\n' +
    '                           does (instead of PGS_EMULATOR_CONFIG)\n' +
    '  -h, --help               show this text\n\n' +
    'Environment variables (read once at start-up; see also README.md "Configuration" and .env.example):\n' +
    variables
  );
}

/** Every problem on its own line, each naming its setting (`renamed`: a flag that stood for it). */
function configErrorText(error: ConfigError, renamed: Readonly<Record<string, string>> = {}): string {
  const lines = error.problems.map((problem) => `${renamed[problem.setting] ?? problem.setting}: ${problem.message}`);
  if (lines.length === 1) return `pgs serve: configuration error: ${lines[0]}\n`;
  return `pgs serve: ${lines.length} configuration errors:\n${lines.map((line) => `  ${line}\n`).join('')}`;
}

/** The built-in emulator's seed file, read and checked before anything starts. */
async function loadSeed(config: BackendConfig): Promise<EmulatorConfig | undefined> {
  const file = config.google.emulatorSeedFile;
  if (file === undefined || config.google.mode !== 'emulator-builtin') return undefined;
  const { EmulatorConfigError, loadEmulatorConfig } = await import('../emulator/index.js');
  try {
    return loadEmulatorConfig(file);
  } catch (error) {
    if (error instanceof EmulatorConfigError) throw new ConfigError('PGS_EMULATOR_CONFIG', `${error.message}; examples/emulator-seed.json shows the shape.`);
    throw error;
  }
}

/**
 * The built-in emulator, keeping its state in `PGS_EMULATOR_DATA_DIR` when set. A saved state it
 * cannot load is a setting to fix: the error names the file, the field, and the way out.
 */
async function startBuiltInEmulator(config: BackendConfig, seed: EmulatorConfig | undefined) {
  const { createEmulator, StateDirectoryError, StateImportError } = await import('../emulator/index.js');
  const dataDir = config.google.emulatorDataDir;
  try {
    return await createEmulator({ ...(seed === undefined ? {} : { config: seed }), ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error) {
    if (error instanceof StateImportError || error instanceof StateDirectoryError) {
      throw new ConfigError(
        'PGS_EMULATOR_DATA_DIR',
        `${error.message}; move ${dataDir ?? 'the folder'} away to start the emulator from its seed, or set PGS_EMULATOR_DATA_DIR=off.`,
      );
    }
    throw error;
  }
}

async function listenUrl(app: FastifyInstance, host: string, port: number, settings: { port: string; host?: string }): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    throw listenFailure(error, host, port, settings);
  }
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}

/**
 * A port that cannot be bound is a setting to change: the error names it and the fix, instead of
 * Node's bare `listen EADDRINUSE`. Anything else is rethrown as is.
 */
function listenFailure(error: unknown, host: string, port: number, settings: { port: string; host?: string }): unknown {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(
        settings.port,
        `port ${port} on ${host} is already in use; stop what listens there or set ${settings.port} to a free port (0 picks one).`,
      );
    case 'EACCES':
      return new ConfigError(settings.port, `port ${port} needs privileges this process lacks; use a port above 1023.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return settings.host === undefined
        ? error
        : new ConfigError(settings.host, `"${host}" is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for every interface.`);
    default:
      return error;
  }
}

interface EmulatorApplication {
  applicationId: string;
  name: string;
  webClientId: string;
  webClientSecret: string;
  achievements: TourAchievement[];
  /** The game's service-account key file (emulators from before Recall have none). */
  serviceAccountKey?: unknown;
}

/** The emulator's applications, from its control API (`GET /emulator/v1/applications`). */
async function readEmulatorApplications(emulatorUrl: string): Promise<EmulatorApplication[]> {
  const url = new URL('emulator/v1/applications', emulatorUrl.endsWith('/') ? emulatorUrl : `${emulatorUrl}/`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return ((await response.json()) as { applications: EmulatorApplication[] }).applications;
  } catch (error) {
    throw new ConfigError(
      'PGS_EMULATOR_URL',
      `cannot read the emulator's applications at ${url.href} (${error instanceof Error ? error.message : String(error)}); is \`pgs emulator\` running there?`,
    );
  }
}

/**
 * In emulator modes with no `client_secret.json`, the game server's client is the emulator's
 * first application (the demo game), read from its control API.
 */
export function resolveEmulatorCredentials(config: BackendConfig, applications: readonly EmulatorApplication[]): BackendConfig {
  const demo = applications[0];
  if (!demo) throw new ConfigError('PGS_EMULATOR_URL', 'the emulator has no application; start it with a config that defines one.');
  return {
    ...config,
    google: {
      ...config.google,
      credentials: { clientId: demo.webClientId, clientSecret: demo.webClientSecret },
      applicationId: config.google.applicationId ?? demo.applicationId,
    },
  };
}

/**
 * In emulator modes without `PGS_SERVICE_ACCOUNT_FILE`, the Recall API is called with the
 * emulator's own service-account key for the game the backend serves (none: Recall stays off).
 */
export function withEmulatorServiceAccount(config: BackendConfig, applications: readonly EmulatorApplication[]): BackendConfig {
  if (config.google.serviceAccount !== undefined) return config;
  const game = applications.find((application) => application.webClientId === config.google.credentials?.clientId);
  if (game?.serviceAccountKey === undefined) return config;
  try {
    return { ...config, google: { ...config.google, serviceAccount: parseServiceAccountKey(game.serviceAccountKey) } };
  } catch (error) {
    if (error instanceof ServiceAccountKeyError) return config;
    throw error;
  }
}

function banner(options: {
  backendUrl: string;
  emulatorUrl: string | undefined;
  config: BackendConfig;
  applications: readonly EmulatorApplication[];
  consoleKeyFile: string | undefined;
}): string {
  const { backendUrl, emulatorUrl, config } = options;
  const consoleKey =
    options.consoleKeyFile !== undefined
      ? `sign in with the key in ${options.consoleKeyFile}, made for the built-in emulator since PGS_SERVER_API_KEY is unset`
      : config.serverApiKey === undefined
        ? 'set PGS_SERVER_API_KEY to sign in'
        : 'sign in with PGS_SERVER_API_KEY';
  const lines = [
    '',
    `backend listening on ${backendUrl}`,
    `API docs: ${backendUrl}/docs (OpenAPI: ${backendUrl}/openapi.json)`,
    `console: ${backendUrl}/console (${consoleKey})`,
    `store: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'PostgreSQL'}`,
  ];
  if (emulatorUrl === undefined) {
    lines.push(`Google: the real Play Games Services (application ${config.google.applicationId ?? '?'})`, '');
    return `${lines.join('\n')}\n`;
  }
  const emulator = emulatorUrl.replace(/\/$/, '');
  const clientId = config.google.credentials?.clientId ?? '';
  const game = options.applications.find((application) => application.webClientId === clientId);
  lines.push(
    `emulator: ${emulator} (${config.google.mode === 'emulator-builtin' ? 'built in, demo game' : 'external'}); control API under ${emulator}/emulator/v1`,
    `emulator UI: ${emulator}/?backend=${encodeURIComponent(backendUrl)}`,
    ...(config.google.mode === 'emulator-builtin'
      ? [`emulator state: ${config.google.emulatorDataDir ?? 'in memory, forgotten on exit'}`]
      : []),
    '',
  );
  return `${lines.join('\n')}\n${tourText({ backendUrl, emulatorUrl: emulator, clientId, achievement: tourAchievement(game?.achievements ?? []) })}`;
}
