/**
 * `/v1/me`: the signed-in player, and the deletion of everything the backend holds for them.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.js';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { classifyGoogleFailure, apiErrorForGoogle } from '../google-failures.js';
import { PlayerBody, toPlayerBody } from '../player-view.js';
import type { BackendServices } from '../services.js';
import { errorResponses } from './error-schema.js';

export const meRoutes: FastifyPluginAsyncTypebox<{ services: BackendServices }> = async (app, { services }) => {
  const { store } = services;
  app.addHook('preHandler', requireSession(services.sessions));

  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['player'],
        summary: 'The signed-in player',
        security: [{ session: [] }],
        response: { 200: PlayerBody, ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND') },
      },
    },
    async (request) => {
      const player = await store.findPlayer(sessionOf(request).playerId);
      if (!player) throw new ApiError('PLAYER_NOT_FOUND');
      return toPlayerBody(player);
    },
  );

  app.delete(
    '/v1/me',
    {
      schema: {
        tags: ['player'],
        summary: 'Revoke the player\'s Google grants and delete everything held for them',
        description:
          'Revokes at Google every token held for the player (refresh and access) first; if Google cannot be reached nothing is deleted and the answer is 503, so that ' +
          'a retry can finish the job. Pending achievement writes are dropped with the rest.',
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errorResponses('UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND', 'GOOGLE_UNAVAILABLE') },
      },
    },
    async (request, reply) => {
      const { playerId } = sessionOf(request);
      const tokens = await services.vault.revocableTokens(playerId);
      try {
        // A token Google already considers dead resolves too: its grant is gone either way.
        await Promise.all(tokens.map((token) => services.google.oauth.revoke(token)));
      } catch (error) {
        // Nothing is deleted unless Google took the revocation: a retry can finish the job.
        throw classifyGoogleFailure(error).kind === 'unavailable' ? apiErrorForGoogle(error) : error;
      }
      if (!(await store.deletePlayer(playerId))) throw new ApiError('PLAYER_NOT_FOUND');
      request.log.info('player deleted');
      return reply.code(204).send(null);
    },
  );
};
