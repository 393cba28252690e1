/**
 * `pgs emulator [--port N] [--host H] [--config FILE] [--fault-seed N] [--data DIR] [--import FILE]
 * [--export-on-exit FILE]` (src/emulator/README.md, 'Running it' and 'State that lasts'): runs the
 * emulator alone, default 127.0.0.1:8090, and prints
 * `listening on http://HOST:PORT` once it accepts requests (with `--port 0`, the real port). A bad
 * flag or config file prints a message naming the problem and exits 2, without a stack trace.
 * SIGINT/SIGTERM close it cleanly. Resolves -1 while serving (the CLI keeps the process alive), a
 * positive code on error.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseFlags, UsageError, type FlagSpec } from '../cli-flags.js';
import { LOG_FORMAT_SETTINGS, loadPrettyStreamFactory, logFormatFor, prettyWanted, PRETTY_UNAVAILABLE_WARNING, type LogFormatSetting } from '../log-format.js';
import { createEmulator, type Emulator } from './create-emulator.js';
import { writeFileDurably } from './persistence/durable-file.js';
import { encodeState, importState } from './persistence/state-codec.js';
import { StateDirectoryError } from './persistence/state-directory.js';
import { StateImportError } from './persistence/state-part.js';
import { EmulatorConfigError, loadEmulatorConfig, type EmulatorConfig } from './seed.js';

export const DEFAULT_EMULATOR_PORT = 8090;
export const DEFAULT_EMULATOR_HOST = '127.0.0.1';

const USAGE = `Usage: pgs emulator [--port N] [--host H] [--config FILE] [--fault-seed N]
                    [--data DIR] [--import FILE] [--export-on-exit FILE] [--quiet]

  --port N               port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --host H               interface to listen on (default ${DEFAULT_EMULATOR_HOST})
  --config FILE          seed JSON (applications, achievements, players); default: the demo seed
  --fault-seed N         seed for random (probability) faults, for reproducible runs
  --data DIR             keep the whole state in DIR (created if missing) and load it at start:
                         a restart forgets nothing; without it the emulator starts from the seed
  --import FILE          replace the state at start with FILE (what GET /emulator/v1/state exports)
  --export-on-exit FILE  write the state to FILE when the emulator stops (SIGINT, SIGTERM)
  --quiet                do not log requests

  Request logs are JSON lines, or readable lines on a terminal; PGS_LOG_FORMAT=json|pretty|auto
  (default auto) chooses, as for pgs serve.
`;

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  configPath: string | undefined;
  faultSeed: number | undefined;
  dataDir: string | undefined;
  importPath: string | undefined;
  exportOnExitPath: string | undefined;
  quiet: boolean;
}

export { UsageError };

function integerFlag(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^-?[0-9]+$/.test(value)) throw new UsageError(`${name} needs an integer, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${value}`);
  return number;
}

const FLAGS = {
  port: { type: 'string', missing: '--port needs an integer, got nothing' },
  host: { type: 'string', missing: '--host needs a value' },
  config: { type: 'string', missing: '--config needs a file path' },
  'fault-seed': { type: 'string', missing: '--fault-seed needs an integer, got nothing' },
  data: { type: 'string', missing: '--data needs a path' },
  import: { type: 'string', missing: '--import needs a path' },
  'export-on-exit': { type: 'string', missing: '--export-on-exit needs a path' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, FlagSpec>;

/** Parses the flags (`--flag value` or `--flag=value`); a mistake throws `UsageError`. */
export function parseEmulatorArgs(args: readonly string[]): EmulatorCommandOptions | 'help' {
  const flags = parseFlags(args, FLAGS);
  if (flags.help === true) return 'help';
  if (flags.host === '') throw new UsageError('--host needs a value');
  if (flags.config === '') throw new UsageError('--config needs a file path');
  for (const name of ['data', 'import', 'export-on-exit'] as const) {
    if (flags[name] === '') throw new UsageError(`--${name} needs a path`);
  }
  return {
    port: flags.port === undefined ? DEFAULT_EMULATOR_PORT : integerFlag('--port', flags.port, 0, 65535),
    host: flags.host ?? DEFAULT_EMULATOR_HOST,
    configPath: flags.config,
    faultSeed: flags['fault-seed'] === undefined ? undefined : integerFlag('--fault-seed', flags['fault-seed'], 0, 2 ** 32 - 1),
    dataDir: flags.data,
    importPath: flags.import,
    exportOnExitPath: flags['export-on-exit'],
    quiet: flags.quiet === true,
  };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Where the command writes (the process's streams, or a test's buffers). */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A started emulator server. */
export interface RunningEmulatorServer {
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** `PGS_LOG_FORMAT`, read as `pgs serve` reads it; another value is a `UsageError`. */
function logFormatSetting(env: NodeJS.ProcessEnv): LogFormatSetting {
  const value = env.PGS_LOG_FORMAT?.trim() || 'auto';
  if (!(LOG_FORMAT_SETTINGS as readonly string[]).includes(value)) {
    throw new UsageError(`PGS_LOG_FORMAT must be one of ${LOG_FORMAT_SETTINGS.join(', ')}, got "${value}"`);
  }
  return value as LogFormatSetting;
}

/** The request logger's options: pino's JSON on stdout, or pino-pretty's lines on a terminal. */
async function requestLogger(setting: LogFormatSetting, output: CommandOutput): Promise<{ level: string; stream?: NodeJS.WritableStream }> {
  const pretty = prettyWanted(setting, process.stdout.isTTY === true) ? await loadPrettyStreamFactory() : undefined;
  if (setting === 'pretty' && pretty === undefined) output.stderr(`pgs emulator: ${PRETTY_UNAVAILABLE_WARNING}\n`);
  const format = logFormatFor(setting, { isTTY: process.stdout.isTTY === true, prettyAvailable: pretty !== undefined });
  return format === 'pretty' && pretty ? { level: 'info', stream: pretty(process.stdout) as unknown as NodeJS.WritableStream } : { level: 'info' };
}

/** Parses the flags, loads the seed and listens; a number is the exit code of a failure. */
export async function startEmulatorServer(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningEmulatorServer | number> {
  let options: EmulatorCommandOptions | 'help';
  let config: EmulatorConfig | undefined;
  let logFormat: LogFormatSetting;
  try {
    options = parseEmulatorArgs(args);
    if (options === 'help') {
      output.stdout(USAGE);
      return 0;
    }
    logFormat = logFormatSetting(env);
    config = options.configPath === undefined ? undefined : loadEmulatorConfig(options.configPath);
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`pgs emulator: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof EmulatorConfigError) {
      output.stderr(`pgs emulator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  let imported: unknown;
  let emulator: Emulator;
  try {
    imported = options.importPath === undefined ? undefined : readStateFile(options.importPath);
    emulator = await createEmulator({
      ...(config === undefined ? {} : { config }),
      ...(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed }),
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      logger: options.quiet ? false : await requestLogger(logFormat, output),
    });
  } catch (error) {
    if (error instanceof StateImportError || error instanceof StateDirectoryError) {
      output.stderr(`pgs emulator: ${options.dataDir === undefined ? '' : `--data ${options.dataDir}: `}${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      output.stderr(`pgs emulator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { app, state } = emulator;
  if (imported !== undefined) {
    try {
      importState(state, imported);
      await emulator.stateDirectory?.flush();
    } catch (error) {
      await app.close().catch(() => undefined);
      if (error instanceof StateImportError) {
        output.stderr(`pgs emulator: --import ${options.importPath}: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  }
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${options.port} is already in use on ${options.host}`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `cannot listen on host ${options.host}`
          : code === 'EACCES'
            ? `no permission to listen on port ${options.port}`
            : (error as Error).message;
    output.stderr(`pgs emulator: ${reason}\n`);
    await app.close().catch(() => undefined);
    return 1;
  }

  const address = app.server.address() as AddressInfo;
  const url = `http://${urlHost(options.host)}:${address.port}`;
  const demo = state.applications[0];
  output.stdout(`pgs emulator listening on ${url}\n`);
  if (demo) {
    output.stdout(
      `  game ${demo.applicationId} "${demo.config.name}", web client ${demo.config.webClientId}\n` +
        `  control API ${url}/emulator/v1 (GET /emulator/v1/applications lists clients and achievements)\n`,
    );
  }
  if (emulator.stateDirectory) output.stdout(`  state kept in ${emulator.stateDirectory.dir}\n`);
  const exportPath = options.exportOnExitPath === undefined ? undefined : resolve(options.exportOnExitPath);
  if (exportPath !== undefined) output.stdout(`  state exported to ${exportPath} on exit\n`);
  return {
    url,
    emulator,
    close: async () => {
      // Written before the app closes, while the state is whole; a failure still closes the app.
      try {
        if (exportPath !== undefined) await writeFileDurably(exportPath, `${JSON.stringify(encodeState(state), null, 2)}\n`);
      } finally {
        await app.close();
      }
    },
  };
}

/** `--import FILE`, parsed: a missing or non-JSON file is a `UsageError` naming it. */
function readStateFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--import ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--import ${path}: not JSON (${(error as Error).message})`);
  }
}

/** Runs `pgs emulator`: -1 while serving, an exit code on failure. */
export async function runEmulatorCommand(args: string[]): Promise<number> {
  const started = await startEmulatorServer(args, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  if (typeof started === 'number') return started;

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    started.emulator.app.log.info({ signal }, 'pgs emulator shutting down');
    // A client holding a connection open must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    started.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`pgs emulator: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return -1;
}
