/**
 * `POST /v1/auth/recall`: restore the account Google's Recall API links to the device's Recall
 * session (docs/API.md, 'Recall'). Rate limited per client address, as sign-in: every call costs
 * Google calls. Linking happens at sign-in (`POST /v1/auth/play-games` with `recallSessionId`),
 * or later for a signed-in player (`POST /v1/me/recall`).
 */
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import { component } from '../http/openapi-components.js';
import { perMinute, registerRateLimit } from '../http/rate-limit.js';
import { PlayerBody, toPlayerBody } from '../players/player-view.js';
import type { BackendServices } from '../services.js';
import { NO_STORE, SessionBody } from '../sessions/schemas.js';
import type { RecallService } from './recall-service.js';
import { RecallSessionId } from './schemas.js';

export interface RecallRouteOptions {
  services: BackendServices;
  recall: RecallService;
  /** Where the rate limit counts, shared by every instance (`REDIS_URL`); default: this process. */
  redis?: Redis;
}

const RestoreBody = Type.Object({ recallSessionId: RecallSessionId }, { additionalProperties: false });

const LinkAnswer = Type.Object(
  { linked: Type.Literal(true), accountId: Type.String({ description: 'The account now linked (the session\'s).' }) },
  component('RecallLinkAnswer'),
);

const RestoreAnswer = Type.Object(
  {
    player: PlayerBody,
    session: SessionBody,
    accountId: Type.String({ description: 'The restored account (the same as player.accountId).' }),
    restored: Type.Literal(true),
  },
  component('RecallRestoreAnswer'),
);

export const recallRoutes: FastifyPluginAsyncTypebox<RecallRouteOptions> = async (app, { services, recall, redis }) => {
  await registerRateLimit(app, redis);

  app.post(
    '/v1/auth/recall',
    {
      config: perMinute(services.config.http.signInRateLimitPerMinute),
      schema: {
        operationId: 'restoreWithRecall',
        tags: ['auth'],
        summary: 'Restore an account on a new device with a Recall session',
        description:
          'Asks Google which account of this game the Recall session\'s player is linked to (a link made by POST /v1/auth/play-games with recallSessionId), ' +
          'and opens a session for it. RECALL_NOT_LINKED when Google holds no link to an account of ours (never linked, or deleted with DELETE /v1/me).',
        body: RestoreBody,
        response: {
          200: RestoreAnswer,
          ...errorResponses(
            'INVALID_REQUEST',
            'INVALID_JSON',
            'BODY_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'RECALL_SESSION_INVALID',
            'RECALL_NOT_LINKED',
            'RATE_LIMITED',
            'GOOGLE_MISCONFIGURED',
            'INTERNAL',
            'RECALL_NOT_CONFIGURED',
            'GOOGLE_UNAVAILABLE',
          ),
        },
      },
    },
    async (request, reply) => {
      const restored = await recall.restore(request.body.recallSessionId);
      request.log.info('account restored with Recall');
      void reply.headers(NO_STORE);
      return { player: toPlayerBody(restored.player), session: restored.session, accountId: restored.accountId, restored: true as const };
    },
  );

  app.post(
    '/v1/me/recall',
    {
      preHandler: requireSession(services.sessions),
      schema: {
        operationId: 'linkMeWithRecall',
        tags: ['player'],
        summary: 'Link the signed-in account with a Recall session',
        description:
          'Links the session\'s account with Google\'s Recall API, as POST /v1/auth/play-games with recallSessionId does at sign-in (a newer link replaces older ones), ' +
          'for a player signed in earlier or whose link at sign-in failed.',
        security: [{ session: [] }],
        body: RestoreBody,
        response: {
          200: LinkAnswer,
          ...errorResponses(
            'INVALID_REQUEST',
            'INVALID_JSON',
            'UNAUTHENTICATED',
            'SESSION_INVALID',
            'SESSION_EXPIRED',
            'RECALL_SESSION_INVALID',
            'GOOGLE_MISCONFIGURED',
            'INTERNAL',
            'RECALL_NOT_CONFIGURED',
            'GOOGLE_UNAVAILABLE',
          ),
        },
      },
    },
    async (request) => {
      const { accountId } = sessionOf(request);
      await recall.link(accountId, request.body.recallSessionId);
      request.log.info('account linked with Recall');
      return { linked: true as const, accountId };
    },
  );
};
