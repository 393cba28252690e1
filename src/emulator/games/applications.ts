/**
 * `applications.verify` (docs/google/games-api.md, 'Applications'): tells a game server whose token it holds
 * (`player_id`, and `alternate_player_id` once the player's ID has changed). Note the
 * snake_case fields. Decisions where Google's docs are silent:
 * - an unknown application ID → 404 `notFound` "The requested application with ID X was not found."
 *   (observed wording);
 * - a valid token issued for another application → 403 `forbidden` PERMISSION_DENIED: the
 *   caller is authenticated, but its token grants nothing in that game.
 * `applications.played` (`POST games/v1/applications/played`, no body either way) records that the
 * caller played the token's game now (emulator clock; the control API's ground truth shows it) and
 * answers 204.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ApplicationVerifyResponse } from '../../google/wire/applications.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

const VerifyParams = Type.Object({ applicationId: Type.String({ minLength: 1 }) });

/** Registers applications.verify and applications.played. */
export function registerApplicationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1/applications/:applicationId/verify',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { params: VerifyParams }, config: routeConfig('games.applications.verify', { response: 'ApplicationVerifyResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { applicationId } = request.params as { applicationId: string };
      if (!state.applicationsById.has(applicationId)) throw notFoundError(`The requested application with ID ${applicationId} was not found.`);
      if (application.applicationId !== applicationId) {
        throw forbiddenError(`The access token was not issued for application ${applicationId}.`);
      }
      const body: ApplicationVerifyResponse = { kind: 'games#applicationVerifyResponse', player_id: player.playerId };
      const previous = player.previousPlayerIds[player.previousPlayerIds.length - 1];
      if (previous !== undefined) body.alternate_player_id = previous;
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/applications/played',
    { onRequest: authHook(state, GAMES_SERVICE), config: routeConfig('games.applications.played', { noContent: true }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      player.playedAt.set(application.applicationId, state.clock.now());
      return reply.code(204).send();
    },
  );
}
