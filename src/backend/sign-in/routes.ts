/**
 * `POST /v1/auth/play-games`: sign-in with a Play Games server auth code (docs/API.md). Rate
 * limited per client address: every sign-in costs Google calls.
 */
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.js';
import { errorResponses } from '../http/error-schema.js';
import { component } from '../http/openapi-components.js';
import { playerIdSchema } from '../http/player-id-schema.js';
import { perMinute, registerRateLimit } from '../http/rate-limit.js';
import { PlayerBody, toPlayerBody } from '../players/player-view.js';
import type { BackendServices } from '../services.js';
import { NO_STORE, SessionBody } from '../sessions/schemas.js';
import { signInWithPlayGames } from './pipeline.js';

export interface SignInRouteOptions {
  services: BackendServices;
  /** Called once the player's grant is stored (the achievement outbox resumes their writes). */
  onSignedIn?: (playerId: string) => Promise<void>;
  /** Where the rate limit counts, shared by every instance (`REDIS_URL`); default: this process. */
  redis?: Redis;
}

const SignInBody = Type.Object(
  {
    serverAuthCode: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'The one-time code from requestServerSideAccess(webClientId, forceRefreshToken).',
    }),
    playerId: Type.Optional(playerIdSchema('The player the game believes signed in; checked when sent.')),
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
}, component('SignInAnswer'));

export const signInRoutes: FastifyPluginAsyncTypebox<SignInRouteOptions> = async (app, { services, onSignedIn, redis }) => {
  await registerRateLimit(app, redis);

  app.post(
    '/v1/auth/play-games',
    {
      config: perMinute(services.config.http.signInRateLimitPerMinute),
      schema: {
        operationId: 'signInWithPlayGames',
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
          'PLAY_GAMES_ACCESS_DENIED',
          'PLAY_GAMES_PROFILE_NOT_FOUND',
          'PLAYER_DELETED_DURING_SIGN_IN',
          'GOOGLE_ACCOUNT_CONFLICT',
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
};
