/**
 * `achievementDefinitions.list` (docs/google/games-api.md, 'Achievement definitions'): the
 * definitions of the token's application, drafts included for testers and developer accounts
 * only, paged. `language` is accepted; the seed has one language.
 */
import type { FastifyInstance } from 'fastify';
import type { AchievementDefinitionsListResponse } from '../../google/wire/achievements.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import type { EmulatorState } from '../state.js';
import { paginate } from './paging.js';
import { ListQuery } from './schemas.js';
import { routeConfig } from '../request-context.js';

/** Registers achievementDefinitions.list. */
export function registerAchievementDefinitionsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1/achievements',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { querystring: ListQuery }, config: routeConfig('games.achievementDefinitions.list', { response: 'AchievementDefinitionsListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const visible = state.visibleAchievements(player, application);
      const list = `definitions:${application.applicationId}:${state.seesDrafts(player) ? 'drafts' : 'published'}`;
      const page = paginate(visible, list, query.maxResults, query.pageToken);
      const body: AchievementDefinitionsListResponse = {
        kind: 'games#achievementDefinitionsListResponse',
        items: page.items.map((achievement) => achievement.definition),
      };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );
}
