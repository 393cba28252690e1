/**
 * Games API players (docs/google/games-api.md, 'Players'): `players.get` (`me` or an ID; anyone
 * else gets the public profile) and `players.getScopedPlayerIds`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ScopedPlayerIds } from '../../google/wire/players.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { notFoundError } from '../errors.js';
import type { EmulatorState, PlayerRecord } from '../state.js';
import { playerResource } from './resources.js';
import { PlayerIdParams } from './schemas.js';
import { routeConfig } from '../request-context.js';

const PlayersGetQuery = Type.Object({
  language: Type.Optional(Type.String()),
  playerIdConsistencyToken: Type.Optional(Type.String()),
});

/** The developer player key: stable per Google account and developer (one developer here). */
export function developerPlayerKey(player: PlayerRecord): string {
  return `dpk_${createHash('sha256').update(`developer-key:${player.googleSub}`).digest('base64url').slice(0, 27)}`;
}

/** Registers the players methods. */
export function registerPlayersRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/players/me/scopedIds',
    { onRequest, config: routeConfig('games.players.getScopedPlayerIds', { response: 'ScopedPlayerIds' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const body: ScopedPlayerIds = { gamePlayerId: state.gamePlayerIdIn(player, application), developerPlayerKey: developerPlayerKey(player) };
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1/players/:playerId',
    { onRequest, schema: { params: PlayerIdParams, querystring: PlayersGetQuery }, config: routeConfig('games.players.get', { response: 'Player' }) },
    (request, reply) => {
      const { player: caller, application } = authOf(request);
      const { playerId } = request.params as { playerId: string };
      const player = playerId === 'me' ? caller : state.findPlayer(playerId);
      if (!player) throw notFoundError(`The requested player with ID ${playerId} was not found.`);
      return reply.send(playerResource(state, player, player === caller, application, caller));
    },
  );
}
