/**
 * Games Management API `players.hide` (POST) and `players.unhide` (DELETE) at
 * `applications/{applicationId}/players/hidden/{playerId}` (discovery
 * gamesManagement-v1management.json): a hidden player's scores leave every leaderboard of the
 * game, PUBLIC and FRIENDS alike; they still see their own score. Developer (console) accounts
 * only (403 `forbidden`); `playerId` may be `me`. Both answer 204 and are idempotent. The
 * emulator's developer account owns every seeded game, so any known application ID is taken.
 * Google says unhiding "may take up to a day"; the emulator applies it at once.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MANAGEMENT_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';

const HiddenPlayerParams = Type.Object({ applicationId: Type.String({ minLength: 1 }), playerId: Type.String({ minLength: 1 }) });

function resolve(state: EmulatorState, auth: AuthContext, params: { applicationId: string; playerId: string }): { application: ApplicationRecord; player: PlayerRecord } {
  if (!auth.player.developer) throw forbiddenError('Only developer console accounts can hide or unhide players.');
  const application = state.applicationsById.get(params.applicationId);
  if (!application) throw notFoundError(`The requested application with ID ${params.applicationId} was not found.`);
  const player = params.playerId === 'me' ? auth.player : state.findPlayer(params.playerId);
  if (!player) throw notFoundError(`The requested player with ID ${params.playerId} was not found.`);
  return { application, player };
}

/** Registers players.hide and players.unhide. */
export function registerManagementPlayersRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, MANAGEMENT_SERVICE);
  const path = '/games/v1management/applications/:applicationId/players/hidden/:playerId';

  app.post(path, { onRequest, schema: { params: HiddenPlayerParams }, config: routeConfig('management.players.hide', { noContent: true }) }, (request, reply) => {
    const { application, player } = resolve(state, authOf(request), request.params as { applicationId: string; playerId: string });
    state.hidePlayer(application, player);
    return reply.code(204).send();
  });

  app.delete(path, { onRequest, schema: { params: HiddenPlayerParams }, config: routeConfig('management.players.unhide', { noContent: true }) }, (request, reply) => {
    const { application, player } = resolve(state, authOf(request), request.params as { applicationId: string; playerId: string });
    state.unhidePlayer(application, player);
    return reply.code(204).send();
  });
}
