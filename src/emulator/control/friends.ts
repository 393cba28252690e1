/**
 * `POST /emulator/v1/players/{playerId}/friends` `{ playerId }` → 204: the two players are friends,
 * both ways, and each shares their friends list (so each is on the other's FRIENDS leaderboards
 * and `players.get` shows `friendStatus: FRIEND`). Already friends: 204 again.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ControlApiError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState, PlayerRecord } from '../state.js';

const FriendBody = Type.Object({ playerId: Type.String({ minLength: 1 }) }, { additionalProperties: false });

function requirePlayer(state: EmulatorState, playerId: string): PlayerRecord {
  const player = state.findPlayer(playerId);
  if (!player) throw new ControlApiError(404, `No player with ID ${playerId}.`);
  return player;
}

/** Registers the friends call. */
export function registerControlFriendsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/players/:playerId/friends', { schema: { body: FriendBody }, config: routeConfig('control.players.addFriend') }, (request, reply) => {
    const player = requirePlayer(state, (request.params as { playerId: string }).playerId);
    const friend = requirePlayer(state, (request.body as { playerId: string }).playerId);
    if (friend === player) throw new ControlApiError(400, 'A player cannot be their own friend.');
    state.addFriends(player, friend);
    return reply.code(204).send();
  });
}
