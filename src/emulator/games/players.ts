/**
 * Games API players (docs/google/games-api.md, 'Players'): `players.get` (`me` or an ID; anyone
 * else gets the public profile), `players.getScopedPlayerIds`,
 * `players.getMultipleApplicationPlayerIds` (the caller's ID in each named game they have played:
 * the token's own game, or one they signed in to; other games are left out, as Google leaves out a
 * game with no ID for the player) and `players.list`: `FRIENDS_ALL` the caller's friends in
 * alphabetical order; the deprecated `VISIBLE` the same friends, and `CONNECTED` those of them
 * who have played this game, most recent first (docs/google/emulator-choices.md).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ApplicationPlayerId, GetMultipleApplicationPlayerIdsResponse, PlayerListResponse, ScopedPlayerIds } from '../../google/wire/players.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { notFoundError } from '../errors.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';
import { paginate } from './paging.js';
import { playerResource } from './resources.js';
import { ListQuery, PlayerIdParams } from './schemas.js';
import { routeConfig } from '../request-context.js';

const PlayersGetQuery = Type.Object({
  language: Type.Optional(Type.String()),
  playerIdConsistencyToken: Type.Optional(Type.String()),
});

/** `players.list` collections, as the discovery document has them (the first two deprecated). */
export const PLAYER_COLLECTIONS = ['CONNECTED', 'VISIBLE', 'FRIENDS_ALL'] as const;
type PlayerCollection = (typeof PLAYER_COLLECTIONS)[number];

const ListParams = Type.Object({ collection: Type.Enum([...PLAYER_COLLECTIONS]) });

const MultipleIdsQuery = Type.Object({ applicationIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) });

/** When the player last signed in to the game (their newest grant's creation), if ever. */
function lastPlayed(player: PlayerRecord, application: ApplicationRecord): number | undefined {
  let last: number | undefined;
  for (const grant of player.grants) {
    if (grant.client.application === application && (last === undefined || grant.createdAt > last)) last = grant.createdAt;
  }
  return last;
}

/** The players of a `players.list` collection, in its order. */
function collectionMembers(caller: PlayerRecord, application: ApplicationRecord, collection: PlayerCollection): PlayerRecord[] {
  const friends = [...caller.friends];
  if (collection !== 'CONNECTED') {
    return friends.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en') || a.playerId.localeCompare(b.playerId));
  }
  return friends
    .map((friend) => ({ friend, played: lastPlayed(friend, application) }))
    .filter((entry): entry is { friend: PlayerRecord; played: number } => entry.played !== undefined)
    .sort((a, b) => b.played - a.played)
    .map((entry) => entry.friend);
}

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
    '/games/v1/players/me/multipleApplicationPlayerIds',
    {
      onRequest,
      // One `applicationIds=` is a string to the query parser; the schema wants the repeated list.
      preValidation: (request, _reply, done) => {
        const query = request.query as Record<string, unknown>;
        if (typeof query.applicationIds === 'string') query.applicationIds = [query.applicationIds];
        done();
      },
      schema: { querystring: MultipleIdsQuery },
      config: routeConfig('games.players.getMultipleApplicationPlayerIds', { response: 'GetMultipleApplicationPlayerIdsResponse' }),
    },
    (request, reply) => {
      const { player, application: own } = authOf(request);
      const { applicationIds } = request.query as { applicationIds: string[] };
      const playerIds: ApplicationPlayerId[] = [];
      for (const applicationId of new Set(applicationIds)) {
        const application = state.applicationsById.get(applicationId);
        if (!application || (application !== own && lastPlayed(player, application) === undefined)) continue;
        playerIds.push({ applicationId, playerId: state.gamePlayerIdIn(player, application) });
      }
      const body: GetMultipleApplicationPlayerIdsResponse = { playerIds };
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1/players/me/players/:collection',
    { onRequest, schema: { params: ListParams, querystring: ListQuery }, config: routeConfig('games.players.list', { response: 'PlayerListResponse' }) },
    (request, reply) => {
      const { player: caller, application } = authOf(request);
      const { collection } = request.params as { collection: PlayerCollection };
      const query = request.query as { maxResults?: number; pageToken?: string };
      const members = collectionMembers(caller, application, collection);
      const page = paginate(members, `players:${caller.key}:${application.applicationId}:${collection}`, query.maxResults, query.pageToken);
      const body: PlayerListResponse = { kind: 'games#playerListResponse', items: page.items.map((friend) => playerResource(state, friend, false, application, caller)) };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
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
