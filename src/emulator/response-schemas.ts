/**
 * The schemas of the answers the emulator gives, in Google's discovery format, named as Google
 * names them (https://developers.google.com/games/services/web/api/rest, and the discovery
 * documents googleapis is generated from). Two readers: the discovery documents describe the
 * answers with them (`discovery-document.ts`), and a `fields` mask is checked against them, so a
 * field no answer has is Google's 400 "Invalid field selection" (`partial-responses.ts`).
 *
 * Each schema is written against its wire type in `src/google/wire/`: `describe<T>()` takes
 * exactly one entry per field of `T`, so a field added to a wire type and not here (or the
 * reverse) fails to compile. A route names its answer's schema with
 * `routeConfig(…, { response: 'Name' })`; a name not described here is served unnamed in
 * detail and its `fields` are not checked.
 */
import type {
  AchievementDefinition,
  AchievementDefinitionsListResponse,
  AchievementIncrementResponse,
  AchievementRevealResponse,
  AchievementSetStepsAtLeastResponse,
  AchievementUnlockResponse,
  AchievementUpdateMultipleResponse,
  AchievementUpdateResponse,
  PlayerAchievement,
  PlayerAchievementListResponse,
} from '../google/wire/achievements.js';
import type { ApplicationVerifyResponse } from '../google/wire/applications.js';
import type { AchievementResetAllResponse, AchievementResetResponse } from '../google/wire/management.js';
import type { Player, PlayerExperienceInfo, PlayerLevel, ProfileSettings, ScopedPlayerIds } from '../google/wire/players.js';
import type { DiscoverySchema } from './discovery-document.js';

const string: DiscoverySchema = { type: 'string' };
const int64: DiscoverySchema = { type: 'string', format: 'int64' };
const int32: DiscoverySchema = { type: 'integer', format: 'int32' };
const boolean: DiscoverySchema = { type: 'boolean' };
const ref = (name: string): DiscoverySchema => ({ $ref: name });
const arrayOf = (name: string): DiscoverySchema => ({ type: 'array', items: ref(name) });
const oneOf = (...values: string[]): DiscoverySchema => ({ type: 'string', enum: values });
const ACHIEVEMENT_STATE = oneOf('HIDDEN', 'REVEALED', 'UNLOCKED');

/** One schema, with exactly the fields of its wire type `T`. */
function describe<T>(id: string, properties: { [K in keyof Required<T>]: DiscoverySchema }): DiscoverySchema {
  return { id, type: 'object', properties };
}

const SCHEMAS: DiscoverySchema[] = [
  describe<Player>('Player', {
    kind: string,
    playerId: string,
    displayName: string,
    avatarImageUrl: string,
    bannerUrlLandscape: string,
    bannerUrlPortrait: string,
    originalPlayerId: string,
    profileSettings: ref('ProfileSettings'),
    name: { type: 'object', properties: { familyName: string, givenName: string } },
    experienceInfo: ref('PlayerExperienceInfo'),
    title: string,
    friendStatus: oneOf('NO_RELATIONSHIP', 'FRIEND'),
    gamePlayerId: string,
  }),
  describe<ProfileSettings>('ProfileSettings', { kind: string, profileVisible: boolean, friendsListVisibility: oneOf('VISIBLE', 'REQUEST_REQUIRED', 'UNAVAILABLE') }),
  describe<PlayerExperienceInfo>('PlayerExperienceInfo', {
    kind: string,
    currentExperiencePoints: int64,
    currentLevel: ref('PlayerLevel'),
    nextLevel: ref('PlayerLevel'),
    lastLevelUpTimestampMillis: int64,
  }),
  describe<PlayerLevel>('PlayerLevel', { kind: string, level: int32, minExperiencePoints: int64, maxExperiencePoints: int64 }),
  describe<ScopedPlayerIds>('ScopedPlayerIds', { gamePlayerId: string, developerPlayerKey: string }),
  describe<ApplicationVerifyResponse>('ApplicationVerifyResponse', { kind: string, player_id: string, alternate_player_id: string }),
  describe<AchievementDefinition>('AchievementDefinition', {
    kind: string,
    id: string,
    name: string,
    description: string,
    achievementType: oneOf('STANDARD', 'INCREMENTAL'),
    totalSteps: int32,
    formattedTotalSteps: string,
    revealedIconUrl: string,
    unlockedIconUrl: string,
    isRevealedIconUrlDefault: boolean,
    isUnlockedIconUrlDefault: boolean,
    initialState: ACHIEVEMENT_STATE,
    experiencePoints: int64,
  }),
  describe<AchievementDefinitionsListResponse>('AchievementDefinitionsListResponse', { kind: string, items: arrayOf('AchievementDefinition'), nextPageToken: string }),
  describe<PlayerAchievement>('PlayerAchievement', {
    kind: string,
    id: string,
    achievementState: ACHIEVEMENT_STATE,
    currentSteps: int32,
    formattedCurrentStepsString: string,
    lastUpdatedTimestamp: int64,
    experiencePoints: int64,
  }),
  describe<PlayerAchievementListResponse>('PlayerAchievementListResponse', { kind: string, items: arrayOf('PlayerAchievement'), nextPageToken: string }),
  describe<AchievementUnlockResponse>('AchievementUnlockResponse', { kind: string, newlyUnlocked: boolean }),
  describe<AchievementRevealResponse>('AchievementRevealResponse', { kind: string, currentState: oneOf('REVEALED', 'UNLOCKED') }),
  describe<AchievementIncrementResponse>('AchievementIncrementResponse', { kind: string, currentSteps: int32, newlyUnlocked: boolean }),
  describe<AchievementSetStepsAtLeastResponse>('AchievementSetStepsAtLeastResponse', { kind: string, currentSteps: int32, newlyUnlocked: boolean }),
  describe<AchievementUpdateResponse>('AchievementUpdateResponse', {
    kind: string,
    achievementId: string,
    currentState: ACHIEVEMENT_STATE,
    currentSteps: int32,
    newlyUnlocked: boolean,
    updateOccurred: boolean,
  }),
  describe<AchievementUpdateMultipleResponse>('AchievementUpdateMultipleResponse', { kind: string, updatedAchievements: arrayOf('AchievementUpdateResponse') }),
  describe<AchievementResetResponse>('AchievementResetResponse', { kind: string, definitionId: string, currentState: string, updateOccurred: boolean }),
  describe<AchievementResetAllResponse>('AchievementResetAllResponse', { kind: string, results: arrayOf('AchievementResetResponse') }),
];

/** The described answer schemas by name. */
export const RESPONSE_SCHEMAS: ReadonlyMap<string, DiscoverySchema> = new Map(SCHEMAS.map((schema) => [schema.id!, schema]));

/** The schema `schema` stands for: itself, or the one its `$ref` names (undefined if not described). */
export function resolveSchema(schema: DiscoverySchema): DiscoverySchema | undefined {
  return schema.$ref === undefined ? schema : RESPONSE_SCHEMAS.get(schema.$ref);
}

/** `name` and every described schema it refers to, for a discovery document's `schemas`. */
export function schemaClosure(name: string): DiscoverySchema[] {
  const found = new Map<string, DiscoverySchema>();
  const visit = (schema: DiscoverySchema | undefined): void => {
    if (schema === undefined) return;
    if (schema.$ref !== undefined) {
      const target = RESPONSE_SCHEMAS.get(schema.$ref);
      if (target === undefined || found.has(schema.$ref)) return;
      found.set(schema.$ref, target);
      schema = target;
    }
    visit(schema.items);
    for (const property of Object.values(schema.properties ?? {})) visit(property);
  };
  visit(ref(name));
  return [...found.values()];
}
