/**
 * Configuration API `leaderboardConfigurations.insert|list|get|update|delete` at
 * `games/v1configuration/applications/{applicationId}/leaderboards` and
 * `games/v1configuration/leaderboards/{leaderboardId}` (discovery
 * gamesConfiguration-v1configuration.json). The resources are the same JSON the seed takes
 * (`seed-leaderboards.ts`). Writes go to the `draft` version; `published`, `iconUrl` and
 * `sortRank` are read-only, and a new board goes last in the list. A new board is a draft: the
 * Games API shows it to testers and developer accounts only. The console's rules
 * (https://developer.android.com/games/pgs/leaderboards): at most 70 boards per game; the order is
 * fixed once published (400 FAILED_PRECONDITION; changing a draft's drops its scores); `scoreMin` ≤ `scoreMax` and a currency code for
 * CURRENCY (400); limits apply to the next submission at once; any board, published ones too, can
 * be deleted, and its scores go with it.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LeaderboardConfigurationListResponse } from '../../google/wire/configuration.js';
import { failedPreconditionError, invalidArgumentError, notFoundError } from '../errors.js';
import { checkBodyFields } from '../games/json-fields.js';
import { LeaderboardIdParams } from '../games/leaderboards.js';
import { paginate } from '../games/paging.js';
import { randomSecret } from '../ids.js';
import { routeConfig } from '../request-context.js';
import { MAX_LEADERBOARDS, type LeaderboardDetailConfig } from '../seed-leaderboards.js';
import type { ApplicationRecord, EmulatorState, LeaderboardRecord } from '../state.js';
import { applicationNamed, configurationHooks, freshConfigurationId } from './access.js';
import { LEADERBOARD_CONFIGURATION, LeaderboardConfigurationBody } from './request-schemas.js';
import { leaderboardConfigFromWrite, leaderboardConfiguration } from './resources.js';

const ApplicationParams = Type.Object({ applicationId: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object({ maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), pageToken: Type.Optional(Type.String()) });

interface Body {
  scoreOrder: 'LARGER_IS_BETTER' | 'SMALLER_IS_BETTER';
  scoreMin?: string;
  scoreMax?: string;
  draft: LeaderboardDetailConfig;
}

function findBoard(state: EmulatorState, leaderboardId: string): { application: ApplicationRecord; board: LeaderboardRecord } {
  const found = state.findLeaderboardAnywhere(leaderboardId);
  if (!found) throw notFoundError(`The requested leaderboard with ID ${leaderboardId} was not found.`);
  return found;
}

function checkBody(body: Body): void {
  if (body.scoreMin !== undefined && body.scoreMax !== undefined && BigInt(body.scoreMin) > BigInt(body.scoreMax)) {
    throw invalidArgumentError(`scoreMin (${body.scoreMin}) must not be greater than scoreMax (${body.scoreMax}).`, 'score_min');
  }
  const format = body.draft.scoreFormat;
  if (format?.numberFormatType === 'CURRENCY' && format.currencyCode === undefined) {
    throw invalidArgumentError('A CURRENCY score format needs a currencyCode.', 'draft.score_format.currency_code');
  }
}

/** The sortRank after every board of the game. */
function nextSortRank(application: ApplicationRecord): number {
  return application.leaderboards.reduce((max, board) => Math.max(max, board.detail.sortRank ?? 0), 0) + 1;
}

/** Registers the five leaderboardConfigurations methods. */
export function registerLeaderboardConfigurationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = configurationHooks(state);
  const preValidation = async (request: { body: unknown }) => checkBodyFields(request.body, LEADERBOARD_CONFIGURATION);

  app.post(
    '/games/v1configuration/applications/:applicationId/leaderboards',
    {
      onRequest,
      preValidation,
      schema: { params: ApplicationParams, body: LeaderboardConfigurationBody },
      config: routeConfig('configuration.leaderboardConfigurations.insert', { request: 'LeaderboardConfiguration', response: 'LeaderboardConfiguration' }),
    },
    (request, reply) => {
      const application = applicationNamed(state, (request.params as { applicationId: string }).applicationId);
      const body = request.body as Body;
      checkBody(body);
      if (application.leaderboards.length >= MAX_LEADERBOARDS) {
        throw failedPreconditionError(`The application ${application.applicationId} has ${MAX_LEADERBOARDS} leaderboards, the most a game may have.`);
      }
      const id = freshConfigurationId(state, () => randomSecret('').slice(0, 14));
      const board = state.putLeaderboard(application, leaderboardConfigFromWrite(id, body, undefined, nextSortRank(application)));
      return reply.send(leaderboardConfiguration(board));
    },
  );

  app.get(
    '/games/v1configuration/applications/:applicationId/leaderboards',
    {
      onRequest,
      schema: { params: ApplicationParams, querystring: ListQuery },
      config: routeConfig('configuration.leaderboardConfigurations.list', { response: 'LeaderboardConfigurationListResponse' }),
    },
    (request, reply) => {
      const application = applicationNamed(state, (request.params as { applicationId: string }).applicationId);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const page = paginate(application.leaderboards.map(leaderboardConfiguration), `leaderboardConfigurations:${application.applicationId}`, query.maxResults, query.pageToken);
      const body: LeaderboardConfigurationListResponse = { kind: 'gamesConfiguration#leaderboardConfigurationListResponse', items: page.items };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1configuration/leaderboards/:leaderboardId',
    { onRequest, schema: { params: LeaderboardIdParams }, config: routeConfig('configuration.leaderboardConfigurations.get', { response: 'LeaderboardConfiguration' }) },
    (request, reply) => reply.send(leaderboardConfiguration(findBoard(state, (request.params as { leaderboardId: string }).leaderboardId).board)),
  );

  app.put(
    '/games/v1configuration/leaderboards/:leaderboardId',
    {
      onRequest,
      preValidation,
      schema: { params: LeaderboardIdParams, body: LeaderboardConfigurationBody },
      config: routeConfig('configuration.leaderboardConfigurations.update', { request: 'LeaderboardConfiguration', response: 'LeaderboardConfiguration' }),
    },
    (request, reply) => {
      const { application, board } = findBoard(state, (request.params as { leaderboardId: string }).leaderboardId);
      const body = request.body as Body;
      checkBody(body);
      if (board.published && body.scoreOrder !== board.order) {
        throw failedPreconditionError(`The leaderboard with ID ${board.id} is published; its score order cannot change.`);
      }
      // A draft's bests were kept under its old order: they mean nothing under the new one.
      if (body.scoreOrder !== board.order) state.resetScoresForAll(board);
      const updated = state.putLeaderboard(application, leaderboardConfigFromWrite(board.id, body, board.config, nextSortRank(application)));
      return reply.send(leaderboardConfiguration(updated));
    },
  );

  app.delete(
    '/games/v1configuration/leaderboards/:leaderboardId',
    { onRequest, schema: { params: LeaderboardIdParams }, config: routeConfig('configuration.leaderboardConfigurations.delete', { noContent: true }) },
    (request, reply) => {
      const { application, board } = findBoard(state, (request.params as { leaderboardId: string }).leaderboardId);
      state.deleteLeaderboard(application, board);
      return reply.code(204).send();
    },
  );
}
