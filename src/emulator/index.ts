/**
 * `play-games-server/emulator`: a local, faithful emulator of Google's side of Play Games
 * Services (OAuth token endpoint, ID-token keys, Games API v1, Games Management API) plus a
 * control API, and `EmulatorControlClient`, a typed client for that control API (for tests of a
 * game server written in Node). See README.md in this folder.
 */
export { createEmulator, type Emulator, type EmulatorLoggerOptions, type EmulatorOptions } from './create-emulator.js';
export { DEMO_SEED } from './demo-seed.js';
export {
  EmulatorConfigError,
  loadEmulatorConfig,
  validateEmulatorConfig,
  type AchievementConfig,
  type ApplicationConfig,
  type ClientConfig,
  type EmulatorConfig,
  type PlayerConfig,
} from './seed.js';
export type { LeaderboardConfig } from './seed-leaderboards.js';
export type { EventConfig } from './seed-events.js';
export {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  AUTH_CODE_LIFETIME_MS,
  RECALL_SESSION_LIFETIME_MS,
  EmulatorState,
  type AccessTokenRecord,
  type AchievementRecord,
  type ApplicationRecord,
  type ClientRecord,
  type EventRecord,
  type SnapshotRecord,
  type GrantRecord,
  type LeaderboardRecord,
  type NewPlayer,
  type PlayerRecord,
} from './state.js';
export { EmulatorClock } from './clock.js';
export { STATE_FORMAT, STATE_VERSION, encodeState, importState, type StateDocument } from './persistence/state-codec.js';
export { StateImportError } from './persistence/state-part.js';
export { StateDirectory, StateDirectoryError } from './persistence/state-directory.js';
export type { FaultSpec, Fault } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { ControlPlayer, GroundTruthPlayer, GroundTruthAchievement, GroundTruthEvent, GroundTruthGrant, GroundTruthScore } from './control/views.js';
export {
  EmulatorControlClient,
  EmulatorControlError,
  type ControlAchievementDefinition,
  type ControlApplication,
  type ControlClock,
  type ControlEvent,
  type ControlSnapshot,
  type ControlLeaderboard,
  type ControlErrorBody,
  type ControlFetch,
  type ControlKeys,
  type EmulatorControlClientOptions,
  type MintedServerAuthCode,
  type MintServerAuthCodeRequest,
  type PutSnapshotRequest,
  type SetStatsRequest,
  type CreateRecallSessionRequest,
  type GroundTruthRecallLink,
  type RecallSession,
  type ServiceAccountKeyFile,
  type RequestLogFilter,
  type RevokedGrants,
} from './control-client.js';
