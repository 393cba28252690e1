/**
 * `POST /v1/auth/refresh` and `POST /v1/auth/logout`: the backend's own sessions (docs/API.md).
 * Refresh is rate limited per client address, in a bucket of its own: it takes guesses at a
 * secret, and must not use up the address's sign-ins, nor the reverse. Logout needs a session.
 */
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import { component } from '../http/openapi-components.js';
import { perMinute, registerRateLimit } from '../http/rate-limit.js';
import type { SessionService } from './session-service.js';
import { NO_STORE, SessionBody } from './schemas.js';

export interface SessionRouteOptions {
  sessions: SessionService;
  /** Refreshes a minute per client address (the sign-in limit's setting). */
  refreshesPerMinute: number;
  /** Where the limit counts, shared by every instance (`REDIS_URL`); default: this process. */
  redis?: Redis;
}

const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRouteOptions> = async (app, { sessions, refreshesPerMinute, redis }) => {
  await registerRateLimit(app, redis);

  app.post(
    '/v1/auth/refresh',
    {
      config: perMinute(refreshesPerMinute),
      schema: {
        operationId: 'refreshSession',
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new session (the refresh token rotates)',
        body: RefreshBody,
        response: { 200: Type.Object({ session: SessionBody }, component('RefreshAnswer')), ...errorResponses(
          'INVALID_REQUEST',
          'INVALID_JSON',
          'BODY_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
          'REFRESH_TOKEN_INVALID',
          'REFRESH_TOKEN_REUSED',
          'RATE_LIMITED',
        ) },
      },
    },
    async (request, reply) => {
      const session = await sessions.refresh(request.body.refreshToken);
      void reply.headers(NO_STORE);
      return { session };
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      preHandler: requireSession(sessions),
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End this session (its refresh token stops working at once)',
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED') },
      },
    },
    async (request, reply) => {
      await sessions.logout(sessionOf(request));
      return reply.code(204).send(null);
    },
  );
};
