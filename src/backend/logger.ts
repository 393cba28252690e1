/**
 * pino, JSON, with secrets redacted by key, because codes and tokens must never reach a log line.
 * Redaction works on property names at any of the first few nesting levels, so a secret logged
 * under a known key is hidden whatever object it sits in.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

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
