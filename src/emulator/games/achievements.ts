/**
 * Games API per-player achievements (docs/google/games-api.md, 'Per-player achievements'): list,
 * unlock, increment, reveal, setStepsAtLeast and updateMultiple. `updateMultiple` validates the
 * whole batch (every ID, type and payload) before applying any of it, then applies the updates in
 * order.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AchievementIncrementResponse, AchievementRevealResponse, AchievementSetStepsAtLeastResponse, AchievementUnlockResponse, AchievementUpdateMultipleResponse, AchievementUpdateResponse, PlayerAchievementListResponse } from '../../google/wire/achievements.js';
import { ACHIEVEMENT_UPDATE_TYPES } from '../../google/wire/achievements.js';
import type { WriteOutcome } from '../achievement-logic.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, invalidArgumentError, notFoundError, requiredParameterError } from '../errors.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { AchievementRecord, EmulatorState } from '../state.js';
import {
  findWritableAchievement,
  requireIncremental,
  writeIncrement,
  writeReveal,
  writeSetStepsAtLeast,
  writeUnlock,
} from './achievement-writes.js';
import { UPDATE_MULTIPLE_REQUEST, checkBodyFields } from './json-fields.js';
import { paginate } from './paging.js';
import { playerAchievementResource } from './resources.js';
import { AchievementIdParams, INT32_MAX, Int64String, ListQuery, PlayerIdParams } from './schemas.js';

const Steps = Type.Integer({ minimum: 1, maximum: INT32_MAX });

const ListAchievementsQuery = Type.Object({
  ...ListQuery.properties,
  state: Type.Optional(Type.Enum(['ALL', 'HIDDEN', 'REVEALED', 'UNLOCKED'])),
});

const IncrementQuery = Type.Object({ stepsToIncrement: Steps, requestId: Type.Optional(Int64String) });
const SetStepsQuery = Type.Object({ steps: Steps });

const UpdateMultipleBody = Type.Object({
  kind: Type.Optional(Type.String()),
  updates: Type.Array(
    Type.Object({
      kind: Type.Optional(Type.String()),
      achievementId: Type.String({ minLength: 1 }),
      updateType: Type.Enum([...ACHIEVEMENT_UPDATE_TYPES]),
      incrementPayload: Type.Optional(
        Type.Object({ kind: Type.Optional(Type.String()), steps: Type.Optional(Steps), requestId: Type.Optional(Int64String) }),
      ),
      setStepsAtLeastPayload: Type.Optional(Type.Object({ kind: Type.Optional(Type.String()), steps: Type.Optional(Steps) })),
    }),
  ),
});

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An int64 the schema's pattern let through (up to 19 digits) may still be out of range: Google's 400. */
function requireInt64(value: string | undefined, wireName: string, location: string): void {
  if (value === undefined) return;
  const number = BigInt(value);
  if (number < INT64_MIN || number > INT64_MAX) {
    throw invalidArgumentError(`Invalid value at '${wireName}' (TYPE_INT64), ${JSON.stringify(value)}`, location);
  }
}

interface UpdateRequest {
  achievementId: string;
  updateType: (typeof ACHIEVEMENT_UPDATE_TYPES)[number];
  incrementPayload?: { steps?: number; requestId?: string };
  setStepsAtLeastPayload?: { steps?: number };
}

interface PlannedUpdate {
  achievement: AchievementRecord;
  run: () => WriteOutcome;
}

/** Checks one update of a batch and returns how to apply it (nothing is applied here). */
function planUpdate(state: EmulatorState, auth: AuthContext, update: UpdateRequest, index: number): PlannedUpdate {
  const achievement = findWritableAchievement(state, auth, update.achievementId);
  const at = `updates[${index}]`;
  switch (update.updateType) {
    case 'UNLOCK':
      return { achievement, run: () => writeUnlock(state, auth, achievement) };
    case 'REVEAL':
      return { achievement, run: () => writeReveal(state, auth, achievement) };
    case 'INCREMENT': {
      const steps = update.incrementPayload?.steps;
      if (steps === undefined) throw requiredParameterError(`${at}.incrementPayload.steps`);
      requireIncremental(achievement, `${at}.achievementId`);
      const requestId = update.incrementPayload?.requestId;
      return { achievement, run: () => writeIncrement(state, auth, achievement, steps, requestId) };
    }
    case 'SET_STEPS_AT_LEAST': {
      const steps = update.setStepsAtLeastPayload?.steps;
      if (steps === undefined) throw requiredParameterError(`${at}.setStepsAtLeastPayload.steps`);
      requireIncremental(achievement, `${at}.achievementId`);
      return { achievement, run: () => writeSetStepsAtLeast(state, auth, achievement, steps) };
    }
  }
}

function updateResponse(achievement: AchievementRecord, outcome: WriteOutcome): AchievementUpdateResponse {
  const response: AchievementUpdateResponse = {
    kind: 'games#achievementUpdateResponse',
    achievementId: achievement.config.id,
    currentState: outcome.currentState,
    newlyUnlocked: outcome.newlyUnlocked,
    updateOccurred: outcome.updateOccurred,
  };
  if (achievement.config.achievementType === 'INCREMENTAL') response.currentSteps = outcome.currentSteps;
  return response;
}

/** Registers the achievements methods. */
export function registerAchievementsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/players/:playerId/achievements',
    { onRequest, schema: { params: PlayerIdParams, querystring: ListAchievementsQuery }, config: routeConfig('games.achievements.list', { response: 'PlayerAchievementListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { playerId } = request.params as { playerId: string };
      const query = request.query as { maxResults?: number; pageToken?: string; state?: string };
      if (playerId !== 'me') {
        const target = state.findPlayer(playerId);
        if (!target) throw notFoundError(`The requested player with ID ${playerId} was not found.`);
        if (target !== player) throw forbiddenError(`The caller may not list the achievements of player ${playerId}.`);
      }
      const filter = query.state ?? 'ALL';
      let items = state.visibleAchievements(player, application).map((achievement) =>
        playerAchievementResource(state, player, application, achievement),
      );
      if (filter !== 'ALL') items = items.filter((item) => item.achievementState === filter);
      const list = `achievements:${application.applicationId}:${state.seesDrafts(player) ? 'drafts' : 'published'}:${filter}`;
      const page = paginate(items, list, query.maxResults, query.pageToken);
      const body: PlayerAchievementListResponse = { kind: 'games#playerAchievementListResponse', items: page.items };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/achievements/:achievementId/unlock',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('games.achievements.unlock', { response: 'AchievementUnlockResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const achievement = findWritableAchievement(state, auth, (request.params as { achievementId: string }).achievementId);
      const outcome = writeUnlock(state, auth, achievement);
      const body: AchievementUnlockResponse = { kind: 'games#achievementUnlockResponse', newlyUnlocked: outcome.newlyUnlocked };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/achievements/:achievementId/reveal',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('games.achievements.reveal', { response: 'AchievementRevealResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const achievement = findWritableAchievement(state, auth, (request.params as { achievementId: string }).achievementId);
      const outcome = writeReveal(state, auth, achievement);
      // After a reveal the state is REVEALED, or UNLOCKED if it already was (docs/google/games-api.md).
      const body: AchievementRevealResponse = {
        kind: 'games#achievementRevealResponse',
        currentState: outcome.currentState === 'UNLOCKED' ? 'UNLOCKED' : 'REVEALED',
      };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/achievements/:achievementId/increment',
    { onRequest, schema: { params: AchievementIdParams, querystring: IncrementQuery }, config: routeConfig('games.achievements.increment', { response: 'AchievementIncrementResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const { stepsToIncrement, requestId } = request.query as { stepsToIncrement: number; requestId?: string };
      requireInt64(requestId, 'request_id', 'requestId');
      const achievement = findWritableAchievement(state, auth, (request.params as { achievementId: string }).achievementId);
      requireIncremental(achievement);
      const outcome = writeIncrement(state, auth, achievement, stepsToIncrement, requestId);
      const body: AchievementIncrementResponse = {
        kind: 'games#achievementIncrementResponse',
        currentSteps: outcome.currentSteps,
        newlyUnlocked: outcome.newlyUnlocked,
      };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/achievements/:achievementId/setStepsAtLeast',
    { onRequest, schema: { params: AchievementIdParams, querystring: SetStepsQuery }, config: routeConfig('games.achievements.setStepsAtLeast', { response: 'AchievementSetStepsAtLeastResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const { steps } = request.query as { steps: number };
      const achievement = findWritableAchievement(state, auth, (request.params as { achievementId: string }).achievementId);
      requireIncremental(achievement);
      const outcome = writeSetStepsAtLeast(state, auth, achievement, steps);
      const body: AchievementSetStepsAtLeastResponse = {
        kind: 'games#achievementSetStepsAtLeastResponse',
        currentSteps: outcome.currentSteps,
        newlyUnlocked: outcome.newlyUnlocked,
      };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/achievements/updateMultiple',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, UPDATE_MULTIPLE_REQUEST),
      schema: { body: UpdateMultipleBody },
      config: routeConfig('games.achievements.updateMultiple', { request: 'AchievementUpdateMultipleRequest', response: 'AchievementUpdateMultipleResponse' }),
    },
    (request, reply) => {
      const auth = authOf(request);
      const { updates } = request.body as { updates: UpdateRequest[] };
      updates.forEach((update, index) =>
        requireInt64(update.incrementPayload?.requestId, `updates[${index}].increment_payload.request_id`, `updates[${index}].incrementPayload.requestId`),
      );
      // Validate everything first: a bad item rejects the batch with nothing applied.
      const planned = updates.map((update, index) => planUpdate(state, auth, update, index));
      const body: AchievementUpdateMultipleResponse = {
        kind: 'games#achievementUpdateMultipleResponse',
        updatedAchievements: planned.map(({ achievement, run }) => updateResponse(achievement, run())),
      };
      return reply.send(body);
    },
  );
}
