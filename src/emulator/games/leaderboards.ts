/**
 * Games API `leaderboards.get` and `leaderboards.list` (discovery games-v1.json): the token's
 * application's leaderboards in the console's order, drafts included for testers and developer
 * accounts only (a draft is a 404 for anyone else), names in `language` when the seed has it.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LeaderboardListResponse } from '../../google/wire/leaderboards.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { notFoundError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState } from '../state.js';
import { paginate } from './paging.js';
import { leaderboardResource } from './score-resources.js';
import { ListQuery } from './schemas.js';

export const LeaderboardIdParams = Type.Object({ leaderboardId: Type.String({ minLength: 1 }) });

const GetQuery = Type.Object({ language: Type.Optional(Type.String()) });

/** The 404 for an unknown leaderboard, another game's, or a draft the caller may not see. */
export function leaderboardNotFound(leaderboardId: string) {
  return notFoundError(`The requested leaderboard with ID ${leaderboardId} was not found.`);
}

/** Registers leaderboards.get and leaderboards.list. */
export function registerLeaderboardsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/leaderboards/:leaderboardId',
    { onRequest, schema: { params: LeaderboardIdParams, querystring: GetQuery }, config: routeConfig('games.leaderboards.get', { response: 'Leaderboard' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { leaderboardId } = request.params as { leaderboardId: string };
      const board = state.visibleLeaderboard(player, application, leaderboardId);
      if (!board) throw leaderboardNotFound(leaderboardId);
      return reply.send(leaderboardResource(board, (request.query as { language?: string }).language));
    },
  );

  app.get(
    '/games/v1/leaderboards',
    { onRequest, schema: { querystring: ListQuery }, config: routeConfig('games.leaderboards.list', { response: 'LeaderboardListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const query = request.query as { language?: string; maxResults?: number; pageToken?: string };
      const list = `leaderboards:${application.applicationId}:${state.seesDrafts(player) ? 'drafts' : 'published'}`;
      const page = paginate(state.visibleLeaderboards(player, application), list, query.maxResults, query.pageToken);
      const body: LeaderboardListResponse = {
        kind: 'games#leaderboardListResponse',
        items: page.items.map((board) => leaderboardResource(board, query.language)),
      };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );
}
