/**
 * Authentication hooks: game clients present a session access token, the game's own servers
 * the server API key. Both as `Authorization: Bearer …`. Operators reach the admin routes with
 * the key too, or from the console with its session cookie, whose writes must also carry the
 * page's CSRF token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ApiError } from '../errors.js';
import type { AuthenticatedSession, SessionService } from '../sessions/session-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession` on routes for game clients. */
    session?: AuthenticatedSession;
    /** Set by `requireOperator` on the admin routes: who is acting, for the audit log. */
    operator?: Operator;
  }
}

/** Who called an admin route. */
export interface Operator {
  via: 'server-api-key' | 'console';
  /** How the audit log names them: `server-api-key`, or `console:<session tag>`. */
  actor: string;
}

/** What `requireOperator` needs of console sessions (`console/console-sessions.ts`). */
export interface ConsoleSessionCheck<S extends { tag: string } = { tag: string; csrfToken: string; expiresAt: number }> {
  /** The session of the request's console cookie, if it carries a valid one. */
  sessionOf(request: FastifyRequest): S | undefined;
  /** Whether the request carries that session's CSRF token. */
  csrfValid(request: FastifyRequest, session: S): boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The bearer credential of the request, or undefined when there is none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** A preHandler that admits only requests with a valid session; sets `request.session`. */
export function requireSession(sessions: SessionService): preHandlerAsyncHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (!token) throw new ApiError('UNAUTHENTICATED');
    request.session = await sessions.authenticate(token);
  };
}

/** The session `requireSession` established; for handlers behind it. */
export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.session) throw new Error('route is missing the requireSession preHandler');
  return request.session;
}

/**
 * A preHandler for the admin routes: the server API key as a bearer token, or a console session
 * cookie. A write (any method but GET/HEAD/OPTIONS) by cookie needs the session's CSRF token,
 * else CSRF_TOKEN_INVALID: the cookie is `SameSite=Strict` already, and the token holds even in
 * a browser that ignores that. Sets `request.operator`.
 */
export function requireOperator(serverApiKey: string | undefined, consoleSessions: ConsoleSessionCheck): preHandlerAsyncHookHandler {
  const requireKey = requireServerApiKey(serverApiKey);
  return async function checkOperator(this: unknown, request, reply) {
    if (bearerToken(request) === undefined) {
      const session = consoleSessions.sessionOf(request);
      if (session !== undefined) {
        if (!SAFE_METHODS.has(request.method) && !consoleSessions.csrfValid(request, session)) throw new ApiError('CSRF_TOKEN_INVALID');
        request.operator = { via: 'console', actor: `console:${session.tag}` };
        return;
      }
    }
    await requireKey.call(this as never, request, reply);
    request.operator = { via: 'server-api-key', actor: 'server-api-key' };
  };
}

/** The operator `requireOperator` admitted; for handlers behind it. */
export function operatorOf(request: FastifyRequest): Operator {
  if (!request.operator) throw new Error('route is missing the requireOperator preHandler');
  return request.operator;
}

/** A preHandler that admits only the game's own servers (the configured server API key). */
export function requireServerApiKey(serverApiKey: string | undefined): preHandlerAsyncHookHandler {
  const expected = serverApiKey === undefined ? undefined : Buffer.from(serverApiKey, 'utf8');
  return async (request) => {
    const token = bearerToken(request);
    if (!expected || !token) throw new ApiError('SERVER_API_KEY_INVALID');
    const given = Buffer.from(token, 'utf8');
    // Constant-time comparison: the key is a long-lived secret.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiError('SERVER_API_KEY_INVALID');
  };
}
