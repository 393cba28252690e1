/**
 * `GET /v1/me/stats` and `GET /v1/me/saved-games` for game clients with a session: what Google
 * knows about the player, read at once with their token (`player-data-service.ts`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ErrorCode } from '../errors.js';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import type { SessionService } from '../sessions/session-service.js';
import type { PlayerDataService } from './player-data-service.js';
import { PlayerStatsExample, SavedGameListExample } from './schemas.js';

const ERRORS: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'SESSION_INVALID',
  'SESSION_EXPIRED',
  'PLAYER_NOT_FOUND',
  'REAUTH_REQUIRED',
  'GRANT_SCOPE_INSUFFICIENT',
  'GOOGLE_UNAVAILABLE',
  'GOOGLE_MISCONFIGURED',
];

/** The stats and saved-games routes, as one plugin. */
export function playerDataRoutes(deps: { sessions: SessionService; playerData: PlayerDataService }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', requireSession(deps.sessions));
    const security = [{ session: [] }];

    app.get(
      '/v1/me/stats',
      {
        schema: {
          operationId: 'getMyStats',
          tags: ['player data'],
          summary: "Play's stats about the signed-in player in this game (stats.get)",
          security,
          response: { 200: PlayerStatsExample, ...errorResponses(...ERRORS) },
        },
      },
      async (request) => deps.playerData.stats(sessionOf(request).playerId),
    );

    app.get(
      '/v1/me/saved-games',
      {
        schema: {
          operationId: 'listMySavedGames',
          tags: ['player data'],
          summary: "The signed-in player's saved games: metadata only (snapshots.list)",
          description: "The bytes stay in the player's Drive application data folder; `driveId` names the file.",
          security,
          response: { 200: SavedGameListExample, ...errorResponses(...ERRORS) },
        },
      },
      async (request) => ({ items: await deps.playerData.savedGames(sessionOf(request).playerId) }),
    );
  };
}
