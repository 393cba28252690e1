/**
 * `/v1/me`: the signed-in player, and the deletion of everything the backend holds for them
 * (`player-service.ts`).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { PlayerBody, toPlayerBody } from './player-view.js';
import type { SessionService } from '../sessions/session-service.js';
import type { PlayerService } from './player-service.js';
import { errorResponses } from '../http/error-schema.js';

export interface PlayerRouteOptions {
  sessions: SessionService;
  players: PlayerService;
}

export const playerRoutes: FastifyPluginAsyncTypebox<PlayerRouteOptions> = async (app, { sessions, players }) => {
  app.addHook('preHandler', requireSession(sessions));

  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        tags: ['player'],
        summary: 'The signed-in player',
        security: [{ session: [] }],
        response: { 200: PlayerBody, ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND') },
      },
    },
    async (request) => toPlayerBody(await players.get(sessionOf(request).playerId)),
  );

  app.delete(
    '/v1/me',
    {
      schema: {
        operationId: 'deleteMe',
        tags: ['player'],
        summary: 'Unlink the account from Recall, revoke the player\'s Google grants and delete everything held for them',
        description:
          'Removes the account\'s Recall links at Google first (no new device restores it, POST /v1/auth/recall then answers RECALL_NOT_LINKED), then revokes at Google ' +
          'every token held for the player (refresh and access); if Google cannot be reached the player is not deleted and the answer is 503, so that ' +
          'a retry can finish the job. Pending achievement writes are dropped with the rest.',
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND', 'GOOGLE_UNAVAILABLE', 'GOOGLE_MISCONFIGURED') },
      },
    },
    async (request, reply) => {
      await players.delete(sessionOf(request).playerId);
      request.log.info('player deleted');
      return reply.code(204).send(null);
    },
  );
};
