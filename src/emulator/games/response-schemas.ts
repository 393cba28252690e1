/**
 * The Games API v1 answers' schemas, named as Google's discovery document names them
 * (https://games.googleapis.com/$discovery/rest?version=v1), each written against its wire type
 * in `src/google/wire/` (`describe-schema.ts` explains the compile-time check).
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
} from '../../google/wire/achievements.js';
import type { GeneratePlayGroupingApiTokenResponse, GenerateRecallPlayGroupingApiTokenResponse, PlayGroupingApiToken } from '../../google/wire/accesstokens.js';
import type { Application, ApplicationCategory, ApplicationVerifyResponse, EndPoint, Instance, InstanceAndroidDetails } from '../../google/wire/applications.js';
import type { Category, CategoryListResponse, MetagameConfig } from '../../google/wire/metagame.js';
import { LEADERBOARD_ORDERS, type Leaderboard, type LeaderboardListResponse } from '../../google/wire/leaderboards.js';
import type {
  ApplicationPlayerId,
  GetMultipleApplicationPlayerIdsResponse,
  Player,
  PlayerExperienceInfo,
  PlayerLevel,
  PlayerListResponse,
  PlayerName,
  ProfileSettings,
  ScopedPlayerIds,
} from '../../google/wire/players.js';
import {
  SCORE_TIME_SPANS,
  type LeaderboardEntry,
  type LeaderboardScoreRank,
  type LeaderboardScores,
  type PlayerLeaderboardScore,
  type PlayerLeaderboardScoreListResponse,
  type PlayerScore,
  type PlayerScoreListResponse,
  type PlayerScoreResponse,
} from '../../google/wire/scores.js';
import { arrayOf, arrayOfRef, boolean, describe, inline, int32, int64, oneOf, ref, string } from '../describe-schema.js';
import type { DiscoverySchema } from '../describe-schema.js';

const ACHIEVEMENT_STATE = oneOf('HIDDEN', 'REVEALED', 'UNLOCKED');
const TIME_SPAN = oneOf(...SCORE_TIME_SPANS);

const PLAYERS: DiscoverySchema[] = [
  describe<Player>('Player', {
    kind: string,
    playerId: string,
    displayName: string,
    avatarImageUrl: string,
    bannerUrlLandscape: string,
    bannerUrlPortrait: string,
    originalPlayerId: string,
    profileSettings: ref('ProfileSettings'),
    name: inline<PlayerName>({ familyName: string, givenName: string }),
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
  describe<PlayerListResponse>('PlayerListResponse', { kind: string, items: arrayOfRef('Player'), nextPageToken: string }),
  describe<ApplicationPlayerId>('ApplicationPlayerId', { applicationId: string, playerId: string }),
  describe<GetMultipleApplicationPlayerIdsResponse>('GetMultipleApplicationPlayerIdsResponse', { playerIds: arrayOfRef('ApplicationPlayerId') }),
];

const APPLICATIONS: DiscoverySchema[] = [
  describe<Application>('Application', {
    kind: string,
    id: string,
    name: string,
    description: string,
    author: string,
    category: ref('ApplicationCategory'),
    instances: arrayOfRef('Instance'),
    lastUpdatedTimestamp: int64,
    achievement_count: int32,
    leaderboard_count: int32,
    themeColor: string,
    enabledFeatures: arrayOf(oneOf('SNAPSHOTS')),
  }),
  describe<ApplicationCategory>('ApplicationCategory', { kind: string, primary: string, secondary: string }),
  describe<Instance>('Instance', {
    kind: string,
    platformType: oneOf('ANDROID', 'IOS', 'WEB_APP'),
    name: string,
    androidInstance: ref('InstanceAndroidDetails'),
    realtimePlay: boolean,
    turnBasedPlay: boolean,
  }),
  describe<InstanceAndroidDetails>('InstanceAndroidDetails', { kind: string, packageName: string, enablePiracyCheck: boolean, preferred: boolean }),
  describe<EndPoint>('EndPoint', { url: string }),
];

const METAGAME: DiscoverySchema[] = [
  describe<MetagameConfig>('MetagameConfig', { kind: string, currentVersion: int32, playerLevels: arrayOfRef('PlayerLevel') }),
  describe<Category>('Category', { kind: string, category: string, experiencePoints: int64 }),
  describe<CategoryListResponse>('CategoryListResponse', { kind: string, items: arrayOfRef('Category'), nextPageToken: string }),
];

const ACCESS_TOKENS: DiscoverySchema[] = [
  describe<PlayGroupingApiToken>('PlayGroupingApiToken', { tokenValue: string }),
  describe<GeneratePlayGroupingApiTokenResponse>('GeneratePlayGroupingApiTokenResponse', { token: ref('PlayGroupingApiToken') }),
  describe<GenerateRecallPlayGroupingApiTokenResponse>('GenerateRecallPlayGroupingApiTokenResponse', { token: ref('PlayGroupingApiToken') }),
];

const ACHIEVEMENTS: DiscoverySchema[] = [
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
  describe<AchievementDefinitionsListResponse>('AchievementDefinitionsListResponse', { kind: string, items: arrayOfRef('AchievementDefinition'), nextPageToken: string }),
  describe<PlayerAchievement>('PlayerAchievement', {
    kind: string,
    id: string,
    achievementState: ACHIEVEMENT_STATE,
    currentSteps: int32,
    formattedCurrentStepsString: string,
    lastUpdatedTimestamp: int64,
    experiencePoints: int64,
  }),
  describe<PlayerAchievementListResponse>('PlayerAchievementListResponse', { kind: string, items: arrayOfRef('PlayerAchievement'), nextPageToken: string }),
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
  describe<AchievementUpdateMultipleResponse>('AchievementUpdateMultipleResponse', { kind: string, updatedAchievements: arrayOfRef('AchievementUpdateResponse') }),
];

const LEADERBOARDS: DiscoverySchema[] = [
  describe<Leaderboard>('Leaderboard', { kind: string, id: string, name: string, iconUrl: string, isIconUrlDefault: boolean, order: oneOf(...LEADERBOARD_ORDERS) }),
  describe<LeaderboardListResponse>('LeaderboardListResponse', { kind: string, items: arrayOfRef('Leaderboard'), nextPageToken: string }),
];

const SCORES: DiscoverySchema[] = [
  describe<LeaderboardScoreRank>('LeaderboardScoreRank', { kind: string, rank: int64, formattedRank: string, numScores: int64, formattedNumScores: string }),
  describe<PlayerLeaderboardScore>('PlayerLeaderboardScore', {
    kind: string,
    leaderboard_id: string,
    scoreValue: int64,
    scoreString: string,
    scoreTag: string,
    timeSpan: TIME_SPAN,
    writeTimestamp: int64,
    publicRank: ref('LeaderboardScoreRank'),
    socialRank: ref('LeaderboardScoreRank'),
    friendsRank: ref('LeaderboardScoreRank'),
  }),
  describe<PlayerLeaderboardScoreListResponse>('PlayerLeaderboardScoreListResponse', {
    kind: string,
    items: arrayOfRef('PlayerLeaderboardScore'),
    nextPageToken: string,
    player: ref('Player'),
  }),
  describe<LeaderboardEntry>('LeaderboardEntry', {
    kind: string,
    player: ref('Player'),
    scoreValue: int64,
    formattedScore: string,
    scoreRank: int64,
    formattedScoreRank: string,
    scoreTag: string,
    timeSpan: TIME_SPAN,
    writeTimestampMillis: int64,
  }),
  describe<LeaderboardScores>('LeaderboardScores', {
    kind: string,
    items: arrayOfRef('LeaderboardEntry'),
    nextPageToken: string,
    prevPageToken: string,
    numScores: int64,
    playerScore: ref('LeaderboardEntry'),
  }),
  describe<PlayerScore>('PlayerScore', { kind: string, score: int64, formattedScore: string, scoreTag: string, timeSpan: TIME_SPAN }),
  describe<PlayerScoreResponse>('PlayerScoreResponse', {
    kind: string,
    leaderboardId: string,
    formattedScore: string,
    scoreTag: string,
    beatenScoreTimeSpans: arrayOf(TIME_SPAN),
    unbeatenScores: arrayOfRef('PlayerScore'),
  }),
  describe<PlayerScoreListResponse>('PlayerScoreListResponse', { kind: string, submittedScores: arrayOfRef('PlayerScoreResponse') }),
];

/** Every answer schema of the Games API v1, and the schemas they refer to. */
export const GAMES_RESPONSE_SCHEMAS: readonly DiscoverySchema[] = [...PLAYERS, ...APPLICATIONS, ...METAGAME, ...ACCESS_TOKENS, ...ACHIEVEMENTS, ...LEADERBOARDS, ...SCORES];
