/**
 * `/v1/auth/*`: sign-in with a Play Games server auth code, session refresh and logout
 * (contracts §4). Sign-in and refresh are rate limited per client address, each on its own:
 * sign-in costs Google calls, and refresh takes guesses at a secret.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { ApiError } from '../errors.js';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { PlayerBody, toPlayerBody } from '../player-view.js';
import type { BackendServices } from '../services.js';
import { signInWithPlayGames } from '../sign-in/pipeline.js';
import { errorResponses } from './error-schema.js';

export interface AuthRouteOptions {
  services: BackendServices;
  /** Called once the player's grant is stored (the achievement outbox resumes their writes). */
  onSignedIn?: (playerId: string) => Promise<void>;
}

const SessionBody = Type.Object({
  accessToken: Type.String({ description: 'Send as "Authorization: Bearer <accessToken>".' }),
  refreshToken: Type.String({ description: 'Single use: each refresh returns the next one.' }),
  expiresIn: Type.Integer({ description: 'Seconds until accessToken expires.' }),
});

const SignInBody = Type.Object(
  {
    serverAuthCode: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'The one-time code from requestServerSideAccess(webClientId, forceRefreshToken).',
    }),
    playerId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The player the game believes signed in; checked when sent.' })),
  },
  { additionalProperties: false },
);

const SignInAnswer = Type.Object({
  player: PlayerBody,
  session: SessionBody,
  created: Type.Boolean({ description: 'True on the player\'s first sign-in.' }),
  grantedScopes: Type.Array(Type.String(), { description: 'Full scope URLs Google granted.' }),
  offlineAccess: Type.Boolean({
    description:
      'Whether the server holds a refresh token. When false, ask for the next code with forceRefreshToken=true. ' +
      'A refresh token the player revoked at Google is found at its next use: the calls that need it answer REAUTH_REQUIRED.',
  }),
});

/** Answers that carry session tokens must not be kept by any cache (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, { services, onSignedIn }) => {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError('RATE_LIMITED', { retryAfterMs: context.ttl }),
  });
  // One bucket per route and client address: session refreshes (every player, every 15 minutes)
  // must not use up the sign-ins of the same address, nor the reverse. Logout needs a session.
  const perMinute = () => ({ rateLimit: { max: services.config.http.signInRateLimitPerMinute, timeWindow: '1 minute' } });

  app.post(
    '/v1/auth/play-games',
    {
      config: perMinute(),
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a Play Games server auth code',
        description:
          'Exchanges the code with Google, verifies the player, stores their Google grant encrypted, and opens a session.',
        body: SignInBody,
        response: { 200: SignInAnswer, ...errorResponses(
          'INVALID_REQUEST',
          'INVALID_JSON',
          'BODY_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
          'AUTH_CODE_INVALID',
          'ID_TOKEN_INVALID',
          'PLAYER_MISMATCH',
          'APPLICATION_MISMATCH',
          'RATE_LIMITED',
          'GOOGLE_MISCONFIGURED',
          'INTERNAL',
          'GOOGLE_UNAVAILABLE',
        ) },
      },
    },
    async (request, reply) => {
      try {
        const result = await signInWithPlayGames(services, request.body, onSignedIn ? { onSignedIn } : {});
        services.metrics.signIns.inc({ outcome: result.created ? 'created' : 'returning' });
        request.log.info({ created: result.created, offlineAccess: result.offlineAccess }, 'player signed in');
        void reply.headers(NO_STORE);
        return {
          player: toPlayerBody(result.player),
          session: result.session,
          created: result.created,
          grantedScopes: result.grantedScopes,
          offlineAccess: result.offlineAccess,
        };
      } catch (error) {
        services.metrics.signIns.inc({ outcome: error instanceof ApiError ? error.code : 'INTERNAL' });
        if (error instanceof ApiError && error.code === 'GOOGLE_MISCONFIGURED') {
          request.log.error({ detail: error.detail }, 'sign-in failed: the server is misconfigured');
        }
        throw error;
      }
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      config: perMinute(),
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new session (the refresh token rotates)',
        body: RefreshBody,
        response: { 200: Type.Object({ session: SessionBody }), ...errorResponses(
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
      const session = await services.sessions.refresh(request.body.refreshToken);
      void reply.headers(NO_STORE);
      return { session };
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      preHandler: requireSession(services.sessions),
      schema: {
        tags: ['auth'],
        summary: 'End this session (its refresh token stops working at once)',
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED') },
      },
    },
    async (request, reply) => {
      await services.sessions.logout(sessionOf(request));
      return reply.code(204).send(null);
    },
  );
};
