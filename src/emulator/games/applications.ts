/**
 * Games API applications (docs/google/games-api.md, 'Applications').
 *
 * `applications.get`: any seeded game (one developer owns them all), its counts as the caller
 * sees them (drafts count for testers and developer accounts), an ANDROID instance when the seed
 * names a `packageName`; `platformType` keeps only that platform's instances;
 * `lastUpdatedTimestamp` the last Configuration API change (none while the game is as seeded). An unknown ID is
 * the same 404 as verify's.
 *
 * `applications.getEndPoint`: a URL for the player's browser, the same for both types and every
 * game (docs/google/emulator-choices.md, 'Players and applications'); an unknown
 * `applicationId` is a 404, a missing `endPointType` a 400.
 *
 * `applications.verify`: tells a game server whose token it holds
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
import type { Application, ApplicationVerifyResponse, EndPoint, Instance } from '../../google/wire/applications.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError, requiredParameterError } from '../errors.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';
import { routeConfig } from '../request-context.js';

const VerifyParams = Type.Object({ applicationId: Type.String({ minLength: 1 }) });
const ApplicationParams = VerifyParams;

export const PLATFORM_TYPES = ['ANDROID', 'IOS', 'WEB_APP'] as const;
export const END_POINT_TYPES = ['PROFILE_CREATION', 'PROFILE_SETTINGS'] as const;

const GetQuery = Type.Object({
  language: Type.Optional(Type.String()),
  platformType: Type.Optional(Type.Enum([...PLATFORM_TYPES])),
});

const GetEndPointQuery = Type.Object({
  applicationId: Type.Optional(Type.String({ minLength: 1 })),
  endPointType: Type.Optional(Type.Enum([...END_POINT_TYPES])),
});

/**
 * Where a player creates or edits their Play Games profile: the Play Games app's store page
 * (Google does not document the URLs it answers; docs/google/emulator-choices.md).
 */
export const PROFILE_END_POINT_URL = 'https://play.google.com/store/apps/details?id=com.google.android.play.games';

function applicationNotFound(applicationId: string): Error {
  return notFoundError(`The requested application with ID ${applicationId} was not found.`);
}

function instancesOf(application: ApplicationRecord): Instance[] {
  const { packageName, name } = application.config;
  if (packageName === undefined) return [];
  return [
    {
      kind: 'games#instance',
      platformType: 'ANDROID',
      name,
      androidInstance: { kind: 'games#instanceAndroidDetails', packageName, enablePiracyCheck: false, preferred: true },
      realtimePlay: false,
      turnBasedPlay: false,
    },
  ];
}

/** The `Application` resource as `caller` sees it. */
export function applicationResource(state: EmulatorState, application: ApplicationRecord, caller: PlayerRecord, platformType?: string): Application {
  const instances = instancesOf(application).filter((instance) => platformType === undefined || instance.platformType === platformType);
  const resource: Application = {
    kind: 'games#application',
    id: application.applicationId,
    name: application.config.name,
    instances,
    achievement_count: state.visibleAchievements(caller, application).length,
    leaderboard_count: state.visibleLeaderboards(caller, application).length,
  };
  if (application.updatedAt !== undefined) resource.lastUpdatedTimestamp = String(application.updatedAt);
  if (application.config.category !== undefined) resource.category = { kind: 'games#applicationCategory', primary: application.config.category };
  return resource;
}

/** Registers applications.get, applications.getEndPoint, applications.verify and applications.played. */
export function registerApplicationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1/applications/:applicationId',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { params: ApplicationParams, querystring: GetQuery }, config: routeConfig('games.applications.get', { response: 'Application' }) },
    (request, reply) => {
      const { player } = authOf(request);
      const { applicationId } = request.params as { applicationId: string };
      const application = state.applicationsById.get(applicationId);
      if (!application) throw applicationNotFound(applicationId);
      return reply.send(applicationResource(state, application, player, (request.query as { platformType?: string }).platformType));
    },
  );

  app.post(
    '/games/v1/applications/getEndPoint',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { querystring: GetEndPointQuery }, config: routeConfig('games.applications.getEndPoint', { response: 'EndPoint' }) },
    (request, reply) => {
      const { applicationId, endPointType } = request.query as { applicationId?: string; endPointType?: string };
      // Optional in the discovery document, but an end point of no type names no page.
      if (endPointType === undefined) throw requiredParameterError('endPointType');
      if (applicationId !== undefined && !state.applicationsById.has(applicationId)) throw applicationNotFound(applicationId);
      const body: EndPoint = { url: PROFILE_END_POINT_URL };
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1/applications/:applicationId/verify',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { params: VerifyParams }, config: routeConfig('games.applications.verify', { response: 'ApplicationVerifyResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { applicationId } = request.params as { applicationId: string };
      if (!state.applicationsById.has(applicationId)) throw applicationNotFound(applicationId);
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
