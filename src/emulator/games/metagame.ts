/**
 * Games API `metagame` (discovery games-v1.json): `getMetagameConfig`, the player level table
 * every `experienceInfo` is computed from (the emulator's is linear, `resources.ts`; its version
 * is 1 as it never changes), and `listCategoriesByPlayer`, the XP a player earned per game
 * category: each seeded game with a `category` where they earned XP counts towards it, in
 * category name order. `collection` is `ALL` (older documents spelled it `all`, which is taken
 * too). Another player's categories are a 403 `forbidden`, as their achievements are, and an
 * unknown player a 404 (docs/google/emulator-choices.md, 'Players and applications').
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Category, CategoryListResponse, MetagameConfig } from '../../google/wire/metagame.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState, PlayerRecord } from '../state.js';
import { paginate } from './paging.js';
import { PLAYER_LEVEL_COUNT, experienceIn, level } from './resources.js';
import { ListQuery } from './schemas.js';

const CategoriesParams = Type.Object({ playerId: Type.String({ minLength: 1 }), collection: Type.Enum(['ALL', 'all']) });

/** The categories a player earned XP in, by name. */
export function categoriesOf(state: EmulatorState, player: PlayerRecord): Category[] {
  const xpByCategory = new Map<string, number>();
  for (const application of state.applications) {
    const category = application.config.category;
    const xp = experienceIn(player, application);
    if (category === undefined || xp === 0) continue;
    xpByCategory.set(category, (xpByCategory.get(category) ?? 0) + xp);
  }
  return [...xpByCategory]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([category, xp]) => ({ kind: 'games#category', category, experiencePoints: String(xp) }));
}

/** Registers metagame.getMetagameConfig and metagame.listCategoriesByPlayer. */
export function registerMetagameRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get('/games/v1/metagameConfig', { onRequest, config: routeConfig('games.metagame.getMetagameConfig', { response: 'MetagameConfig' }) }, (_request, reply) => {
    const body: MetagameConfig = {
      kind: 'games#metagameConfig',
      currentVersion: 1,
      playerLevels: Array.from({ length: PLAYER_LEVEL_COUNT }, (_unused, index) => level(index + 1)),
    };
    return reply.send(body);
  });

  app.get(
    '/games/v1/players/:playerId/categories/:collection',
    { onRequest, schema: { params: CategoriesParams, querystring: ListQuery }, config: routeConfig('games.metagame.listCategoriesByPlayer', { response: 'CategoryListResponse' }) },
    (request, reply) => {
      const { player: caller } = authOf(request);
      const { playerId } = request.params as { playerId: string };
      const query = request.query as { maxResults?: number; pageToken?: string };
      const player = playerId === 'me' ? caller : state.findPlayer(playerId);
      if (!player) throw notFoundError(`The requested player with ID ${playerId} was not found.`);
      if (player !== caller) throw forbiddenError(`The caller may not list the categories of player ${playerId}.`);
      const page = paginate(categoriesOf(state, player), `categories:${player.key}`, query.maxResults, query.pageToken);
      const body: CategoryListResponse = { kind: 'games#categoryListResponse', items: page.items };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );
}
