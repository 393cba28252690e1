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
import type { ApplicationVerifyResponse } from '../../google/wire/applications.js';
import {
  EVENT_BATCH_FAILURE_CAUSES,
  EVENT_FAILURE_CAUSES,
  EVENT_VISIBILITIES,
  type EventBatchRecordFailure,
  type EventChild,
  type EventDefinition,
  type EventDefinitionListResponse,
  type EventPeriodRange,
  type EventRecordFailure,
  type EventUpdateResponse,
  type PlayerEvent,
  type PlayerEventListResponse,
} from '../../google/wire/events.js';
import { REVISION_STATUSES, type RevisionCheckResponse } from '../../google/wire/revisions.js';
import type { Snapshot, SnapshotImage, SnapshotListResponse } from '../../google/wire/snapshots.js';
import type { StatsResponse } from '../../google/wire/stats.js';
import { LEADERBOARD_ORDERS, type Leaderboard, type LeaderboardListResponse } from '../../google/wire/leaderboards.js';
import type { Player, PlayerExperienceInfo, PlayerLevel, PlayerName, ProfileSettings, ScopedPlayerIds } from '../../google/wire/players.js';
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

const EVENTS: DiscoverySchema[] = [
  describe<EventChild>('EventChild', { kind: string, childId: string }),
  describe<EventDefinition>('EventDefinition', {
    kind: string,
    id: string,
    displayName: string,
    description: string,
    imageUrl: string,
    isDefaultImageUrl: boolean,
    visibility: oneOf(...EVENT_VISIBILITIES),
    childEvents: arrayOfRef('EventChild'),
  }),
  describe<EventDefinitionListResponse>('EventDefinitionListResponse', { kind: string, items: arrayOfRef('EventDefinition'), nextPageToken: string }),
  describe<PlayerEvent>('PlayerEvent', { kind: string, definitionId: string, playerId: string, numEvents: int64, formattedNumEvents: string }),
  describe<PlayerEventListResponse>('PlayerEventListResponse', { kind: string, items: arrayOfRef('PlayerEvent'), nextPageToken: string }),
  describe<EventPeriodRange>('EventPeriodRange', { kind: string, periodStartMillis: int64, periodEndMillis: int64 }),
  describe<EventBatchRecordFailure>('EventBatchRecordFailure', { kind: string, failureCause: oneOf(...EVENT_BATCH_FAILURE_CAUSES), range: ref('EventPeriodRange') }),
  describe<EventRecordFailure>('EventRecordFailure', { kind: string, eventId: string, failureCause: oneOf(...EVENT_FAILURE_CAUSES) }),
  describe<EventUpdateResponse>('EventUpdateResponse', {
    kind: string,
    playerEvents: arrayOfRef('PlayerEvent'),
    batchFailures: arrayOfRef('EventBatchRecordFailure'),
    eventFailures: arrayOfRef('EventRecordFailure'),
  }),
];

/** Google's StatsResponse floats. */
const float: DiscoverySchema = { type: 'number', format: 'float' };

const PLAYER_DATA: DiscoverySchema[] = [
  describe<StatsResponse>('StatsResponse', {
    kind: string,
    avg_session_length_minutes: float,
    churn_probability: float,
    days_since_last_played: int32,
    high_spender_probability: float,
    num_purchases: int32,
    num_sessions: int32,
    num_sessions_percentile: float,
    spend_percentile: float,
    spend_probability: float,
    total_spend_next_28_days: float,
  }),
  describe<SnapshotImage>('SnapshotImage', { kind: string, url: string, width: int32, height: int32, mime_type: string }),
  describe<Snapshot>('Snapshot', {
    kind: string,
    id: string,
    uniqueName: string,
    title: string,
    description: string,
    type: oneOf('SAVE_GAME'),
    driveId: string,
    durationMillis: int64,
    lastModifiedMillis: int64,
    progressValue: int64,
    coverImage: ref('SnapshotImage'),
  }),
  describe<SnapshotListResponse>('SnapshotListResponse', { kind: string, items: arrayOfRef('Snapshot'), nextPageToken: string }),
  describe<RevisionCheckResponse>('RevisionCheckResponse', { kind: string, apiVersion: string, revisionStatus: oneOf(...REVISION_STATUSES) }),
];

/** Every answer schema of the Games API v1, and the schemas they refer to. */
export const GAMES_RESPONSE_SCHEMAS: readonly DiscoverySchema[] = [...PLAYERS, ...ACHIEVEMENTS, ...LEADERBOARDS, ...SCORES, ...EVENTS, ...PLAYER_DATA];
