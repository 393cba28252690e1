/**
 * pino, with secrets redacted by key, because codes and tokens must never reach a log line.
 * Redaction works on property names at any of the first few nesting levels, so a secret logged
 * under a known key is hidden whatever object it sits in.
 *
 * Lines are JSON, or pretty on a terminal (../log-format.ts says when). Redaction happens in
 * pino before any formatting, so both carry the same fields.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { loadPrettyStreamFactory, logFormatFor, prettyWanted, PRETTY_UNAVAILABLE_WARNING, type LogFormat, type LogFormatSetting } from '../log-format.js';
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

/** A command's logger writing to `out` (stdout by default) in the format the setting and `out` call for. */
export async function createCommandLogger(
  level: string,
  setting: LogFormatSetting,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<{ logger: Logger; format: LogFormat; warning?: string; settle: StdoutLogger['settle'] }> {
  const pretty = prettyWanted(setting, out.isTTY === true) ? await loadPrettyStreamFactory() : undefined;
  const format = logFormatFor(setting, { isTTY: out.isTTY === true, prettyAvailable: pretty !== undefined });
  const warning = setting === 'pretty' && pretty === undefined ? PRETTY_UNAVAILABLE_WARNING : undefined;
  if (format === 'json' || pretty === undefined) {
    // On stdout, the logger that can be let go at exit (stdout-logger.ts: exit must never hang).
    const { logger, settle } = out === process.stdout ? createStdoutLogger(loggerOptions(level)) : { logger: createLogger(level, out), settle: noSettle };
    return { logger, format: 'json', settle, ...(warning ? { warning } : {}) };
  }
  return { logger: createLogger(level, pretty(out)), format, settle: noSettle };
}

/** Nothing to let go: a stream of a caller's own, or pino-pretty's synchronous one. */
async function noSettle(): Promise<void> {}
