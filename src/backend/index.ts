/**
 * `play-games-server/backend`: build the backend in your own process (tests, custom servers).
 * `pgs serve` is the ready-made way to run it.
 */
export { createBackend, type Backend, type BackendDeps } from './app.js';
export { ConfigError, loadConfig, type BackendConfig, type Env } from './config.js';
export { ApiError, ERROR_CODES, type ErrorBody, type ErrorCode } from './errors.js';
export { createMetrics, type BackendMetrics } from './metrics.js';
export type { BackendServices, GoogleClients } from './services.js';
export type { AchievementModule, AchievementModuleOptions } from './achievements/index.js';
export type {
  LeaderboardModule,
  LeaderboardModuleOptions,
  ScorePolicies,
  ScorePolicy,
  ScoreSubmissionContext,
  ScoreVerdict,
} from './leaderboards/index.js';
