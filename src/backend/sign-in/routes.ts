/**
 * `POST /v1/auth/play-games`: sign-in with a Play Games server auth code (docs/API.md). Rate
 * limited per client address: every sign-in costs Google calls.
 */
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, type ErrorCode } from '../errors.js';
import { errorResponses } from '../http/error-schema.js';
import { component } from '../http/openapi-components.js';
import { withExample } from '../http/openapi-examples.js';
import { playerIdSchema } from '../http/id-schemas.js';
import { perMinute, registerRateLimit } from '../http/rate-limit.js';
import { PlayerBody, toPlayerBody } from '../players/player-view.js';
import type { RecallService } from '../recall/recall-service.js';
import { RecallSessionId } from '../recall/schemas.js';
import type { BackendServices } from '../services.js';
import { NO_STORE, SessionBody } from '../sessions/schemas.js';
import { signInWithPlayGames } from './pipeline.js';

export interface SignInRouteOptions {
  services: BackendServices;
  /** Links the account with Recall when the body carries `recallSessionId`. */
  recall?: RecallService;
  /** Called once the player's grant is stored (the achievement outbox resumes their writes). */
  onSignedIn?: (playerId: string) => Promise<void>;
  /** Where the rate limit counts, shared by every instance (`REDIS_URL`); default: this process. */
  redis?: Redis;
}

// The example is the body the /docs page prefills: a code alone. A made-up `playerId` there
// would answer 403 PLAYER_MISMATCH and spend the code a user pasted beside it.
const SignInBody = withExample(
  Type.Object(
    {
      serverAuthCode: Type.String({
        minLength: 1,
        maxLength: 2048,
        description: 'The one-time code from requestServerSideAccess(webClientId, forceRefreshToken).',
      }),
      playerId: Type.Optional(playerIdSchema('The player the game believes signed in; checked when sent.')),
      recallSessionId: Type.Optional({
        ...RecallSessionId,
        description: 'Link the account with Google\'s Recall API, so that a new device restores it (POST /v1/auth/recall): the Recall session ID from requestRecallAccess().',
      }),
    },
    { additionalProperties: false },
  ),
  { serverAuthCode: '4/0AVG7fiQ-paste-the-server-auth-code-here' },
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
  recall: Type.Optional(
    Type.Object(
      {
        linked: Type.Boolean({ description: 'Whether the account is now linked with Recall.' }),
        error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'Why it is not: the sign-in itself succeeded.' })),
      },
      { description: 'Only with recallSessionId: the Recall link. A failed link does not fail the sign-in (the server auth code is spent); send a new recallSessionId with the next sign-in.' },
    ),
  ),
}, component('SignInAnswer'));

/** The Recall link after a sign-in: a failure is reported, not thrown (the sign-in succeeded). */
async function linkWithRecall(recall: RecallService, accountId: string, recallSessionId: string): Promise<{ linked: boolean; error?: { code: ErrorCode; message: string } }> {
  try {
    await recall.link(accountId, recallSessionId);
    return { linked: true };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { linked: false, error: { code: error.code, message: error.message } };
  }
}

function missingRecall(): never {
  throw new ApiError('RECALL_NOT_CONFIGURED', { detail: 'the sign-in routes were registered without a Recall service' });
}

export const signInRoutes: FastifyPluginAsyncTypebox<SignInRouteOptions> = async (app, { services, recall, onSignedIn, redis }) => {
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
          'Exchanges the code with Google, verifies the player, stores their Google grant encrypted, and opens a session. With recallSessionId it then links the ' +
          'account with Google\'s Recall API (a newer link replaces older ones: docs/API.md, \'Recall\').',
        body: SignInBody,
        response: { 200: SignInAnswer, ...errorResponses(
          'INVALID_REQUEST',
          'INVALID_JSON',
          'BODY_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
          'AUTH_CODE_INVALID',
          'ID_TOKEN_INVALID',
          'ID_TOKEN_MISMATCH',
          'PLAYER_MISMATCH',
          'APPLICATION_MISMATCH',
          'PLAY_GAMES_ACCESS_DENIED',
          'PLAY_GAMES_PROFILE_NOT_FOUND',
          'PLAYER_DELETED_DURING_SIGN_IN',
          'GOOGLE_ACCOUNT_CONFLICT',
          'RATE_LIMITED',
          'GOOGLE_MISCONFIGURED',
          'INTERNAL',
          'RECALL_NOT_CONFIGURED',
          'GOOGLE_UNAVAILABLE',
        ) },
      },
    },
    async (request, reply) => {
      const { recallSessionId, ...signIn } = request.body;
      // Refused before the code is spent: a server that cannot link must say so while the client can still retry.
      if (recallSessionId !== undefined) (recall ?? missingRecall()).requireConfigured();
      try {
        const result = await signInWithPlayGames(services, signIn, onSignedIn ? { onSignedIn } : {});
        services.metrics.signIns.inc({ outcome: result.created ? 'created' : 'returning' });
        request.log.info({ created: result.created, offlineAccess: result.offlineAccess }, 'player signed in');
        const recallLink = recallSessionId === undefined || !recall ? undefined : await linkWithRecall(recall, result.player.accountId, recallSessionId);
        if (recallLink) request.log.info({ recallLinked: recallLink.linked, recallError: recallLink.error?.code }, 'recall link after sign-in');
        void reply.headers(NO_STORE);
        return {
          player: toPlayerBody(result.player),
          session: result.session,
          created: result.created,
          grantedScopes: result.grantedScopes,
          offlineAccess: result.offlineAccess,
          ...(recallLink ? { recall: recallLink } : {}),
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
