/**
 * Configuration API `achievementConfigurations.insert|list|get|update|delete` at
 * `games/v1configuration/applications/{applicationId}/achievements` and
 * `games/v1configuration/achievements/{achievementId}` (discovery
 * gamesConfiguration-v1configuration.json). Writes go to the `draft` version, as the console's
 * do; `published` is read-only. A new achievement is a draft: the Games API shows it to testers
 * and developer accounts only, and the `…ForAllPlayers` resets take it.
 * The console's rules (https://developer.android.com/games/pgs/achievements): at most 400
 * achievements and 2,000 points per game; steps only and always on INCREMENTAL; once published
 * the type and initial state are fixed (the emulator fixes the steps too), and a published
 * achievement cannot be deleted (400 FAILED_PRECONDITION). Editing a published achievement
 * stages a draft; the Games API keeps serving the published version. Editing a draft's type,
 * initial state or steps resets every player's progress on it; deleting a draft removes it.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AchievementConfigurationDetail, AchievementConfigurationListResponse } from '../../google/wire/configuration.js';
import { failedPreconditionError, invalidArgumentError, notFoundError } from '../errors.js';
import { checkBodyFields } from '../games/json-fields.js';
import { paginate } from '../games/paging.js';
import { AchievementIdParams } from '../games/schemas.js';
import { randomSecret } from '../ids.js';
import { routeConfig } from '../request-context.js';
import { buildAchievement, type AchievementRecord, type ApplicationRecord, type EmulatorState } from '../state.js';
import { applicationNamed, configurationHooks, freshConfigurationId } from './access.js';
import { ACHIEVEMENT_CONFIGURATION, AchievementConfigurationBody } from './request-schemas.js';
import { XP_PER_POINT, achievementConfigFromDraft, achievementConfiguration, writtenAchievementDetail } from './resources.js';

/** The console's limits per game. */
export const MAX_ACHIEVEMENTS = 400;
export const MAX_POINTS = 2000;

const ApplicationParams = Type.Object({ applicationId: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object({ maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), pageToken: Type.Optional(Type.String()) });

interface Body {
  achievementType: 'STANDARD' | 'INCREMENTAL';
  initialState: 'HIDDEN' | 'REVEALED';
  stepsToUnlock?: number;
  draft: AchievementConfigurationDetail;
}

function notFound(achievementId: string): Error {
  return notFoundError(`The requested achievement with ID ${achievementId} was not found.`);
}

function findAchievement(state: EmulatorState, achievementId: string): { application: ApplicationRecord; achievement: AchievementRecord } {
  const found = state.findAchievementAnywhere(achievementId);
  if (!found) throw notFound(achievementId);
  return found;
}

function checkSteps(body: Body): void {
  if (body.achievementType === 'INCREMENTAL' && body.stepsToUnlock === undefined) {
    throw invalidArgumentError('An INCREMENTAL achievement needs stepsToUnlock.', 'steps_to_unlock');
  }
  if (body.achievementType === 'STANDARD' && body.stepsToUnlock !== undefined) {
    throw invalidArgumentError('Only an INCREMENTAL achievement takes stepsToUnlock.', 'steps_to_unlock');
  }
}

/** Points of an achievement as the console counts them: its draft's when written, else its XP's. */
function pointsOf(achievement: AchievementRecord): number {
  return achievement.draftDetail?.pointValue ?? Math.round(achievement.config.experiencePoints / XP_PER_POINT);
}

function checkPoints(application: ApplicationRecord, replacing: AchievementRecord | undefined, body: Body): void {
  const others = application.achievements.filter((achievement) => achievement !== replacing).reduce((sum, achievement) => sum + pointsOf(achievement), 0);
  const total = others + (body.draft.pointValue ?? 0);
  if (total > MAX_POINTS) throw invalidArgumentError(`A game's achievements may be worth at most ${MAX_POINTS} points; this would make ${total}.`, 'draft.point_value');
}

/** The achievement as the game now holds it, and its place in the list (1-based). */
function stored(application: ApplicationRecord, achievementId: string): [AchievementRecord, number] {
  const index = application.achievements.findIndex((achievement) => achievement.config.id === achievementId);
  return [application.achievements[index]!, index + 1];
}

/** A published achievement's fixed fields, as the Configuration API shows them. */
function fixedFields(achievement: AchievementRecord): Pick<Body, 'achievementType' | 'initialState' | 'stepsToUnlock'> {
  const { config } = achievement;
  return { achievementType: config.achievementType, initialState: config.initialState === 'HIDDEN' ? 'HIDDEN' : 'REVEALED', stepsToUnlock: config.totalSteps };
}

function update(state: EmulatorState, application: ApplicationRecord, achievement: AchievementRecord, body: Body): AchievementRecord {
  const fixed = fixedFields(achievement);
  const changed = fixed.achievementType !== body.achievementType || fixed.initialState !== body.initialState || fixed.stepsToUnlock !== body.stepsToUnlock;
  const draftDetail = writtenAchievementDetail(body.draft);
  if (achievement.published) {
    if (changed) {
      throw failedPreconditionError(`The achievement with ID ${achievement.config.id} is published; its type, initial state and steps cannot change.`);
    }
    const record: AchievementRecord = { ...achievement, draftDetail };
    state.putAchievement(application, record);
    return record;
  }
  const record = buildAchievement(achievementConfigFromDraft(achievement.config.id, body, achievement.config), draftDetail);
  if (changed) state.forgetAchievementProgress(application, achievement);
  state.putAchievement(application, record);
  return record;
}

/** Registers the five achievementConfigurations methods. */
export function registerAchievementConfigurationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = configurationHooks(state);
  const preValidation = async (request: { body: unknown }) => checkBodyFields(request.body, ACHIEVEMENT_CONFIGURATION);

  app.post(
    '/games/v1configuration/applications/:applicationId/achievements',
    {
      onRequest,
      preValidation,
      schema: { params: ApplicationParams, body: AchievementConfigurationBody },
      config: routeConfig('configuration.achievementConfigurations.insert', { request: 'AchievementConfiguration', response: 'AchievementConfiguration' }),
    },
    (request, reply) => {
      const application = applicationNamed(state, (request.params as { applicationId: string }).applicationId);
      const body = request.body as Body;
      checkSteps(body);
      if (application.achievements.length >= MAX_ACHIEVEMENTS) {
        throw failedPreconditionError(`The application ${application.applicationId} has ${MAX_ACHIEVEMENTS} achievements, the most a game may have.`);
      }
      checkPoints(application, undefined, body);
      const id = freshConfigurationId(state, () => randomSecret('').slice(0, 14));
      const record = buildAchievement(achievementConfigFromDraft(id, body, undefined), writtenAchievementDetail(body.draft));
      state.putAchievement(application, record);
      return reply.send(achievementConfiguration(...stored(application, id)));
    },
  );

  app.get(
    '/games/v1configuration/applications/:applicationId/achievements',
    {
      onRequest,
      schema: { params: ApplicationParams, querystring: ListQuery },
      config: routeConfig('configuration.achievementConfigurations.list', { response: 'AchievementConfigurationListResponse' }),
    },
    (request, reply) => {
      const application = applicationNamed(state, (request.params as { applicationId: string }).applicationId);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const all = application.achievements.map((achievement, index) => achievementConfiguration(achievement, index + 1));
      const page = paginate(all, `achievementConfigurations:${application.applicationId}`, query.maxResults, query.pageToken);
      const body: AchievementConfigurationListResponse = { kind: 'gamesConfiguration#achievementConfigurationListResponse', items: page.items };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1configuration/achievements/:achievementId',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('configuration.achievementConfigurations.get', { response: 'AchievementConfiguration' }) },
    (request, reply) => {
      const { application, achievement } = findAchievement(state, (request.params as { achievementId: string }).achievementId);
      return reply.send(achievementConfiguration(...stored(application, achievement.config.id)));
    },
  );

  app.put(
    '/games/v1configuration/achievements/:achievementId',
    {
      onRequest,
      preValidation,
      schema: { params: AchievementIdParams, body: AchievementConfigurationBody },
      config: routeConfig('configuration.achievementConfigurations.update', { request: 'AchievementConfiguration', response: 'AchievementConfiguration' }),
    },
    (request, reply) => {
      const { application, achievement } = findAchievement(state, (request.params as { achievementId: string }).achievementId);
      const body = request.body as Body;
      checkSteps(body);
      checkPoints(application, achievement, body);
      update(state, application, achievement, body);
      return reply.send(achievementConfiguration(...stored(application, achievement.config.id)));
    },
  );

  app.delete(
    '/games/v1configuration/achievements/:achievementId',
    { onRequest, schema: { params: AchievementIdParams }, config: routeConfig('configuration.achievementConfigurations.delete', { noContent: true }) },
    (request, reply) => {
      const { application, achievement } = findAchievement(state, (request.params as { achievementId: string }).achievementId);
      if (achievement.published) throw failedPreconditionError(`The achievement with ID ${achievement.config.id} is published; published achievements cannot be deleted.`);
      state.deleteAchievement(application, achievement);
      return reply.code(204).send();
    },
  );
}
