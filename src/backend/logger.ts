/**
 * pino, with secrets redacted by key, because codes and tokens must never reach a log line.
 * Redaction works on property names at any of the first few nesting levels, so a secret logged
 * under a known key is hidden whatever object it sits in.
 *
 * Lines are JSON, for log collectors; on a terminal `pgs serve` writes them through pino-pretty
 * (https://github.com/pinojs/pino-pretty) instead, when that package is installed (a development
 * dependency: a production install has no terminal to read them on). `PGS_LOG_FORMAT` forces
 * either. Redaction happens in pino before any formatting, so both carry the same fields.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { createStdoutLogger, type StdoutLogger } from './stdout-logger.js';

/** Property names whose values are secrets wherever they appear. */
export const SECRET_KEYS = [
  'serverAuthCode',
  'code',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'clientSecret',
  'client_secret',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'signingSecret',
  'sessionSecret',
  'serverApiKey',
  'apiKey',
  'x-api-key',
  // Recall: a session ID vouches for a player; the persona and the assertion are the server's.
  'recallSessionId',
  'sessionId',
  'assertion',
  'privateKey',
  'private_key',
  'persona',
] as const;

const REDACT_DEPTH = 4;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const identifier = /^[A-Za-z_$][\w$]*$/.test(key);
    for (let depth = 0; depth < REDACT_DEPTH; depth++) {
      const wildcards = Array.from({ length: depth }, () => '*');
      // fast-redact syntax: `*.*.code`, or `*.*["set-cookie"]` for names that are not identifiers.
      paths.push(identifier ? [...wildcards, key].join('.') : `${wildcards.join('.')}["${key}"]`);
    }
  }
  return paths;
}

/** The pino options the backend (and its tests) log with. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    serializers: { req: serializeRequest },
  };
}

/**
 * Fastify's default request serializer logs the URL; our API never carries secrets in it, but
 * strip the query anyway so that a mistaken client cannot put one in the logs.
 */
export function serializeRequest(request: { method?: string; url?: string; id?: string }) {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  return { method: request.method, url: queryAt === -1 ? url : url.slice(0, queryAt), id: request.id };
}

/** A logger for the CLI and for tests that capture output (pass a destination stream). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

/** What `PGS_LOG_FORMAT` accepts. */
export const LOG_FORMAT_SETTINGS = ['auto', 'json', 'pretty'] as const;
export type LogFormatSetting = (typeof LOG_FORMAT_SETTINGS)[number];
export type LogFormat = 'json' | 'pretty';

/** The format a setting means where the lines go: `auto` is pretty on a terminal, when pino-pretty can be had. */
export function logFormatFor(setting: LogFormatSetting, where: { isTTY: boolean; prettyAvailable: boolean }): LogFormat {
  if (!where.prettyAvailable) return 'json';
  if (setting === 'auto') return where.isTTY ? 'pretty' : 'json';
  return setting;
}

/** The stream pino-pretty exports, or undefined when the package is not installed. */
async function loadPrettyFactory(): Promise<((options: Record<string, unknown>) => DestinationStream) | undefined> {
  try {
    const module = (await import('pino-pretty')) as unknown as { default: (options: Record<string, unknown>) => DestinationStream };
    return module.default;
  } catch {
    return undefined;
  }
}

/** A command's logger writing to `out` (stdout by default) in the format the setting and `out` call for. */
export async function createCommandLogger(
  level: string,
  setting: LogFormatSetting,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<{ logger: Logger; format: LogFormat; warning?: string; settle: StdoutLogger['settle'] }> {
  // pino-pretty is loaded only where it would be used: `auto` off a terminal is JSON anyway.
  const wantsPretty = setting === 'pretty' || (setting === 'auto' && out.isTTY === true);
  const pretty = wantsPretty ? await loadPrettyFactory() : undefined;
  const format = logFormatFor(setting, { isTTY: out.isTTY === true, prettyAvailable: pretty !== undefined });
  const warning =
    setting === 'pretty' && pretty === undefined ? 'PGS_LOG_FORMAT=pretty needs the pino-pretty package (npm install pino-pretty); logging JSON' : undefined;
  if (format === 'json' || pretty === undefined) {
    // On stdout, the logger that can be let go at exit (stdout-logger.ts: exit must never hang).
    const { logger, settle } = out === process.stdout ? createStdoutLogger(loggerOptions(level)) : { logger: createLogger(level, out), settle: noSettle };
    return { logger, format: 'json', settle, ...(warning ? { warning } : {}) };
  }
  const stream = pretty({
    destination: out,
    colorize: out.isTTY === true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return { logger: createLogger(level, stream), format, settle: noSettle };
}

/** Nothing to let go: a stream of a caller's own, or pino-pretty's synchronous one. */
async function noSettle(): Promise<void> {}
