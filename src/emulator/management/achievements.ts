/**
 * Games Management API achievements (docs/google/management-api.md), with the emulator's rules
 * (docs/google/emulator-choices.md, 'Management resets'):
 * - `reset` / `resetAll`: the caller's own progress, tester accounts only (else 403
 *   `forbidden`), published achievements too; back to the initial state with 0 steps.
 * - `resetForAllPlayers` / `resetAllForAllPlayers` / `resetMultipleForAllPlayers`: developer
 *   (console) accounts only (403 `forbidden`), draft achievements only: a published one gets
 *   400 `invalid` FAILED_PRECONDITION; `resetAll…` resets just the drafts. They answer 204.
 * A `games_lite` token is accepted, as on the Games API. The batch variant validates every ID
 * before resetting anything.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AchievementResetAllResponse, AchievementResetResponse } from '../../google/wire/management.js';
import { MANAGEMENT_SERVICE, authHook, authOf } from '../auth.js';
import { failedPreconditionError, forbiddenError, notFoundError } from '../errors.js';
import { RESET_MULTIPLE_FOR_ALL_REQUEST, checkBodyFields } from '../games/json-fields.js';
import { AchievementIdParams } from '../games/schemas.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { AchievementRecord, EmulatorState } from '../state.js';

const ResetMultipleBody = Type.Object({
  kind: Type.Optional(Type.String()),
  achievement_ids: Type.Array(Type.String({ minLength: 1 })),
});

function requireTester(auth: AuthContext): void {
  if (!auth.player.tester) {
    throw forbiddenError(`Player ${auth.player.playerId} is not a tester of application ${auth.application.applicationId}; only tester accounts can reset their achievements.`);
  }
}

function requireDeveloper(auth: AuthContext): void {
  if (!auth.player.developer) {
    throw forbiddenError('Only developer console accounts can reset achievements for all players.');
  }
}

function findAchievement(auth: AuthContext, achievementId: string): AchievementRecord {
  const achievement = auth.application.achievementsById.get(achievementId);
  if (!achievement) throw notFoundError(`The requested achievement with ID ${achievementId} was not found.`);
  return achievement;
}

function requireDraft(achievement: AchievementRecord): void {
  if (achievement.published) {
    throw failedPreconditionError(
      `The achievement with ID ${achievement.config.id} is published; only draft achievements can be reset for all players.`,
    );
  }
}

function resetOwn(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord): AchievementResetResponse {
  const updateOccurred = state.resetProgress(auth.player, auth.application, achievement);
  return {
    kind: 'gamesManagement#achievementResetResponse',
    definitionId: achievement.config.id,
    currentState: achievement.config.initialState,
    updateOccurred,
  };
}

function resetForEveryone(state: EmulatorState, auth: AuthContext, achievements: readonly AchievementRecord[]): void {
  // The one operation that walks every player: rare, and a console action at Google too.
  for (const player of state.players.values()) {
    for (const achievement of achievements) state.resetProgress(player, auth.application, achievement);
  }
}

/** Registers the management achievements methods. */
export function registerManagementAchievementsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, MANAGEMENT_SERVICE);

  app.post(
    '/games/v1management/achievements/:achievementId/reset',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('management.achievements.reset', { response: 'AchievementResetResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      requireTester(auth);
      const achievement = findAchievement(auth, (request.params as { achievementId: string }).achievementId);
      return reply.send(resetOwn(state, auth, achievement));
    },
  );

  app.post(
    '/games/v1management/achievements/reset',
    { onRequest, config: routeConfig('management.achievements.resetAll', { response: 'AchievementResetAllResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      requireTester(auth);
      const body: AchievementResetAllResponse = {
        kind: 'gamesManagement#achievementResetAllResponse',
        results: auth.application.achievements.map((achievement) => resetOwn(state, auth, achievement)),
      };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1management/achievements/:achievementId/resetForAllPlayers',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('management.achievements.resetForAllPlayers', { noContent: true }) },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const achievement = findAchievement(auth, (request.params as { achievementId: string }).achievementId);
      requireDraft(achievement);
      resetForEveryone(state, auth, [achievement]);
      return reply.code(204).send();
    },
  );

  app.post(
    '/games/v1management/achievements/resetAllForAllPlayers',
    { onRequest, config: routeConfig('management.achievements.resetAllForAllPlayers', { noContent: true }) },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      resetForEveryone(state, auth, auth.application.achievements.filter((achievement) => !achievement.published));
      return reply.code(204).send();
    },
  );

  app.post(
    '/games/v1management/achievements/resetMultipleForAllPlayers',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, RESET_MULTIPLE_FOR_ALL_REQUEST),
      schema: { body: ResetMultipleBody },
      config: routeConfig('management.achievements.resetMultipleForAllPlayers', { request: 'AchievementResetMultipleForAllRequest', noContent: true }),
    },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const { achievement_ids: ids } = request.body as { achievement_ids: string[] };
      const achievements = ids.map((id) => findAchievement(auth, id));
      achievements.forEach(requireDraft);
      resetForEveryone(state, auth, achievements);
      return reply.code(204).send();
    },
  );
}
