/**
 * Authentication hooks: game clients present a session access token, the game's own servers
 * the server API key. Both as `Authorization: Bearer …`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ApiError } from '../errors.js';
import type { AuthenticatedSession, SessionService } from '../sessions/session-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession` on routes for game clients. */
    session?: AuthenticatedSession;
  }
}

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
