/**
 * Games Management API scores (discovery gamesManagement-v1management.json), with the same rules
 * as the achievement resets (`achievements.ts` here):
 * - `reset` / `resetAll`: the caller's own scores, tester accounts only (else 403 `forbidden`),
 *   published leaderboards too; `resetScoreTimeSpans` names the spans that had a current score.
 *   `resetAll` reports every leaderboard of the game.
 * - `resetForAllPlayers` / `resetAllForAllPlayers` / `resetMultipleForAllPlayers`: developer
 *   (console) accounts only (403 `forbidden`), draft leaderboards only ("Only draft leaderboards
 *   can be reset", https://developer.android.com/games/pgs/leaderboards): a published one gets 400
 *   `invalid` FAILED_PRECONDITION; `resetAll…` resets just the drafts. They answer 204.
 * The batch variant checks every ID before resetting anything.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PlayerScoreResetAllResponse, PlayerScoreResetResponse } from '../../google/wire/management.js';
import { MANAGEMENT_SERVICE, authHook, authOf } from '../auth.js';
import { failedPreconditionError, forbiddenError } from '../errors.js';
import { type MessageSpec, checkBodyFields } from '../games/json-fields.js';
import { LeaderboardIdParams, leaderboardNotFound } from '../games/leaderboards.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { EmulatorState, LeaderboardRecord } from '../state.js';

/** `ScoresResetMultipleForAllRequest`: its JSON name is `leaderboard_ids`. */
const RESET_MULTIPLE_REQUEST: MessageSpec = { kind: { alias: 'kind' }, leaderboard_ids: { alias: 'leaderboardIds' } };

const ResetMultipleBody = Type.Object({
  kind: Type.Optional(Type.String()),
  leaderboard_ids: Type.Array(Type.String({ minLength: 1 })),
});

function requireTester(auth: AuthContext): void {
  if (!auth.player.tester) {
    throw forbiddenError(`Player ${auth.player.playerId} is not a tester of application ${auth.application.applicationId}; only tester accounts can reset their scores.`);
  }
}

function requireDeveloper(auth: AuthContext): void {
  if (!auth.player.developer) throw forbiddenError('Only developer console accounts can reset scores for all players.');
}

/** Any leaderboard of the game, drafts too (testers and developers see them). */
function findBoard(auth: AuthContext, leaderboardId: string): LeaderboardRecord {
  const board = auth.application.leaderboardsById.get(leaderboardId);
  if (!board) throw leaderboardNotFound(leaderboardId);
  return board;
}

function requireDraft(board: LeaderboardRecord): void {
  if (board.published) {
    throw failedPreconditionError(`The leaderboard with ID ${board.id} is published; only draft leaderboards can be reset for all players.`);
  }
}

function resetOwn(state: EmulatorState, auth: AuthContext, board: LeaderboardRecord): PlayerScoreResetResponse {
  return { kind: 'gamesManagement#playerScoreResetResponse', definitionId: board.id, resetScoreTimeSpans: state.resetScores(board, auth.player) };
}

/** Registers the management scores methods. */
export function registerManagementScoresRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, MANAGEMENT_SERVICE);

  app.post(
    '/games/v1management/leaderboards/:leaderboardId/scores/reset',
    { onRequest, schema: { params: LeaderboardIdParams }, config: routeConfig('management.scores.reset', { response: 'PlayerScoreResetResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      requireTester(auth);
      const board = findBoard(auth, (request.params as { leaderboardId: string }).leaderboardId);
      return reply.send(resetOwn(state, auth, board));
    },
  );

  app.post('/games/v1management/scores/reset', { onRequest, config: routeConfig('management.scores.resetAll', { response: 'PlayerScoreResetAllResponse' }) }, (request, reply) => {
    const auth = authOf(request);
    requireTester(auth);
    const body: PlayerScoreResetAllResponse = {
      kind: 'gamesManagement#playerScoreResetAllResponse',
      results: auth.application.leaderboards.map((board) => resetOwn(state, auth, board)),
    };
    return reply.send(body);
  });

  app.post(
    '/games/v1management/leaderboards/:leaderboardId/scores/resetForAllPlayers',
    { onRequest, schema: { params: LeaderboardIdParams }, config: routeConfig('management.scores.resetForAllPlayers', { noContent: true }) },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const board = findBoard(auth, (request.params as { leaderboardId: string }).leaderboardId);
      requireDraft(board);
      state.resetScoresForAll(board);
      return reply.code(204).send();
    },
  );

  app.post('/games/v1management/scores/resetAllForAllPlayers', { onRequest, config: routeConfig('management.scores.resetAllForAllPlayers', { noContent: true }) }, (request, reply) => {
    const auth = authOf(request);
    requireDeveloper(auth);
    for (const board of auth.application.leaderboards) if (!board.published) state.resetScoresForAll(board);
    return reply.code(204).send();
  });

  app.post(
    '/games/v1management/scores/resetMultipleForAllPlayers',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, RESET_MULTIPLE_REQUEST),
      schema: { body: ResetMultipleBody },
      config: routeConfig('management.scores.resetMultipleForAllPlayers', { request: 'ScoresResetMultipleForAllRequest', noContent: true }),
    },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const { leaderboard_ids: ids } = request.body as { leaderboard_ids: string[] };
      const boards = ids.map((id) => findBoard(auth, id));
      boards.forEach(requireDraft);
      for (const board of boards) state.resetScoresForAll(board);
      return reply.code(204).send();
    },
  );
}
