/**
 * Games Management API `applications.listHidden` (discovery gamesManagement-v1management.json):
 * the players hidden from an application's leaderboards (`players.hide`), oldest first, each with
 * when and the Management API's smaller copy of the player. Developer (console) accounts only
 * (403 `forbidden`); an unknown application is a 404.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { HiddenPlayer, HiddenPlayerList, ManagementPlayer } from '../../google/wire/management.js';
import { MANAGEMENT_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import { paginate } from '../games/paging.js';
import { experienceInfo } from '../games/resources.js';
import { ListQuery } from '../games/schemas.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState, PlayerRecord } from '../state.js';

const ApplicationIdParams = Type.Object({ applicationId: Type.String({ minLength: 1 }) });
const ListHiddenQuery = Type.Object({ maxResults: ListQuery.properties.maxResults, pageToken: ListQuery.properties.pageToken });

/** The Management `Player`: the Games one without `friendStatus` and `gamePlayerId`, levels without `kind`. */
function managementPlayer(state: EmulatorState, player: PlayerRecord): ManagementPlayer {
  const { currentExperiencePoints, currentLevel, nextLevel } = experienceInfo(state, player);
  const level = ({ level, minExperiencePoints, maxExperiencePoints }: typeof currentLevel) => ({ level, minExperiencePoints, maxExperiencePoints });
  const resource: ManagementPlayer = {
    kind: 'gamesManagement#player',
    playerId: player.playerId,
    displayName: player.displayName,
    experienceInfo: { currentExperiencePoints, currentLevel: level(currentLevel), nextLevel: level(nextLevel) },
    profileSettings: { kind: 'gamesManagement#profileSettings', profileVisible: player.profileVisible },
  };
  if (player.avatarImageUrl !== undefined) resource.avatarImageUrl = player.avatarImageUrl;
  return resource;
}

/** Registers applications.listHidden. */
export function registerManagementApplicationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1management/applications/:applicationId/players/hidden',
    {
      onRequest: authHook(state, MANAGEMENT_SERVICE),
      schema: { params: ApplicationIdParams, querystring: ListHiddenQuery },
      config: routeConfig('management.applications.listHidden', { response: 'HiddenPlayerList' }),
    },
    (request, reply) => {
      const auth = authOf(request);
      if (!auth.player.developer) throw forbiddenError('Only developer console accounts can list hidden players.');
      const { applicationId } = request.params as { applicationId: string };
      const application = state.applicationsById.get(applicationId);
      if (!application) throw notFoundError(`The requested application with ID ${applicationId} was not found.`);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const hidden: HiddenPlayer[] = [...(state.hiddenPlayers.get(application) ?? [])].map(([player, hiddenAt]) => ({
        kind: 'gamesManagement#hiddenPlayer',
        hiddenTimeMillis: String(hiddenAt),
        player: managementPlayer(state, player),
      }));
      const page = paginate(hidden, `hidden:${applicationId}`, query.maxResults, query.pageToken);
      const body: HiddenPlayerList = { kind: 'gamesManagement#hiddenPlayerList', items: page.items };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );
}
