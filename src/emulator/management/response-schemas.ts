/**
 * The Games Management API answers' schemas, named as Google's discovery document names them
 * (https://gamesmanagement.googleapis.com/$discovery/rest?version=v1management), each written
 * against its wire type in `src/google/wire/management.ts` (`describe-schema.ts` explains the
 * compile-time check). Its `Player` and `ProfileSettings` are smaller than the
 * Games API's ones of the same names, which is why each API has its own table
 * (`response-schemas.ts`).
 */
import type {
  AchievementResetAllResponse,
  AchievementResetResponse,
  HiddenPlayer,
  HiddenPlayerList,
  ManagementPlayer,
  ManagementPlayerLevel,
  PlayerScoreResetAllResponse,
  PlayerScoreResetResponse,
} from '../../google/wire/management.js';
import type { PlayerName } from '../../google/wire/players.js';
import { arrayOf, arrayOfRef, boolean, describe, inline, int32, int64, ref, string } from '../describe-schema.js';
import type { DiscoverySchema } from '../describe-schema.js';

type ManagementExperienceInfo = NonNullable<ManagementPlayer['experienceInfo']>;
type ManagementProfileSettings = NonNullable<ManagementPlayer['profileSettings']>;

const ACHIEVEMENTS: DiscoverySchema[] = [
  describe<AchievementResetResponse>('AchievementResetResponse', { kind: string, definitionId: string, currentState: string, updateOccurred: boolean }),
  describe<AchievementResetAllResponse>('AchievementResetAllResponse', { kind: string, results: arrayOfRef('AchievementResetResponse') }),
];

const SCORES: DiscoverySchema[] = [
  describe<PlayerScoreResetResponse>('PlayerScoreResetResponse', { kind: string, definitionId: string, resetScoreTimeSpans: arrayOf(string) }),
  describe<PlayerScoreResetAllResponse>('PlayerScoreResetAllResponse', { kind: string, results: arrayOfRef('PlayerScoreResetResponse') }),
];

const HIDDEN_PLAYERS: DiscoverySchema[] = [
  describe<HiddenPlayerList>('HiddenPlayerList', { kind: string, items: arrayOfRef('HiddenPlayer'), nextPageToken: string }),
  describe<HiddenPlayer>('HiddenPlayer', { kind: string, hiddenTimeMillis: int64, player: ref('Player') }),
  describe<ManagementPlayer>('Player', {
    kind: string,
    playerId: string,
    displayName: string,
    avatarImageUrl: string,
    name: inline<PlayerName>({ familyName: string, givenName: string }),
    originalPlayerId: string,
    experienceInfo: ref('GamesPlayerExperienceInfoResource'),
    profileSettings: ref('ProfileSettings'),
    title: string,
  }),
  describe<ManagementExperienceInfo>('GamesPlayerExperienceInfoResource', {
    currentExperiencePoints: int64,
    currentLevel: ref('GamesPlayerLevelResource'),
    nextLevel: ref('GamesPlayerLevelResource'),
    lastLevelUpTimestampMillis: int64,
  }),
  describe<ManagementPlayerLevel>('GamesPlayerLevelResource', { level: int32, minExperiencePoints: int64, maxExperiencePoints: int64 }),
  describe<ManagementProfileSettings>('ProfileSettings', { kind: string, profileVisible: boolean }),
];

/** Every answer schema of the Games Management API, and the schemas they refer to. */
export const MANAGEMENT_RESPONSE_SCHEMAS: readonly DiscoverySchema[] = [...ACHIEVEMENTS, ...SCORES, ...HIDDEN_PLAYERS];
