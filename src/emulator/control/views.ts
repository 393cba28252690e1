/**
 * How the control API shows the emulator's objects: players (with their ground truth),
 * applications, faults. These shapes are a published interface (src/emulator/README.md,
 * 'Control API'); fields are only ever added.
 */
import type { AchievementDefinition, AchievementState } from '../../google/wire/achievements.js';
import type { LeaderboardOrder } from '../../google/wire/leaderboards.js';
import { SCORE_TIME_SPANS, type ScoreTimeSpan } from '../../google/wire/scores.js';
import { snapshotsOf } from '../games/snapshots.js';
import { currentBest } from '../leaderboard-logic.js';
import { localized } from '../score-format.js';
import type { Fault } from '../faults.js';
import type { ApplicationConfig } from '../seed.js';
import { playerLinks } from '../recall/links.js';
import type { ServiceAccountKeyFile } from '../service-accounts.js';
import type { StatsValues } from '../../google/wire/stats.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord, SnapshotRecord } from '../state.js';

/** An achievement definition as `GET /applications` lists it: Google's shape plus `published`. */
export type ControlAchievementDefinition = AchievementDefinition & { published: boolean };

/** A leaderboard as `GET /applications` lists it (numbers as JSON numbers, unlike Google's int64 strings). */
export interface ControlLeaderboard {
  id: string;
  /** The name in the seed's first language. */
  name: string;
  order: LeaderboardOrder;
  scoreMin?: number;
  scoreMax?: number;
  /** false for a draft. */
  published: boolean;
}

/** An event as `GET /applications` lists it. */
export interface ControlEvent {
  id: string;
  displayName: string;
  visibility: 'REVEALED' | 'HIDDEN';
  /** false for a draft. */
  published: boolean;
}

/** One application of `GET /applications`: its clients (with secrets), definitions, leaderboards and events. */
export type ControlApplication = Pick<
  ApplicationConfig,
  'applicationId' | 'name' | 'webClientId' | 'webClientSecret' | 'androidClientId' | 'secondWebClient'
> & {
  achievements: ControlAchievementDefinition[];
  leaderboards: ControlLeaderboard[];
  events: ControlEvent[];
  /** The game's service-account key file (Recall and other server-to-server APIs). A secret. */
  serviceAccountKey: ServiceAccountKeyFile;
};

export interface ControlPlayer {
  playerId: string;
  displayName: string;
  email: string;
  tester: boolean;
  developer: boolean;
  /** Shares their profile: appears on PUBLIC leaderboards. */
  profileVisible: boolean;
  googleSub: string;
  /** The game-scoped ID in the first application. */
  gamePlayerId: string;
  /** The game-scoped ID in every application, by application ID. */
  gamePlayerIds: Record<string, string>;
  avatarImageUrl?: string;
  locale?: string;
  givenName?: string;
  familyName?: string;
  /** The first player ID, once the ID has changed. */
  originalPlayerId?: string;
  previousPlayerIds: string[];
}

export interface GroundTruthAchievement {
  id: string;
  achievementState: AchievementState;
  currentSteps: number;
  lastUpdatedTimestamp?: string;
}

export interface GroundTruthGrant {
  clientId: string;
  applicationId: string;
  scopes: string[];
  active: boolean;
  hasRefreshToken: boolean;
  createdAt: string;
}

/** A best score in the current period of its span. */
export interface GroundTruthScore {
  leaderboardId: string;
  timeSpan: ScoreTimeSpan;
  score: number;
  scoreTag?: string;
}

/** A player's count of one event (every event of the game, drafts too; 0 when never recorded). */
export interface GroundTruthEvent {
  eventId: string;
  count: number;
}

/** A saved game's metadata as the control API shows it (JSON numbers; Google's API keeps int64 strings). */
export interface ControlSnapshot {
  snapshotId: string;
  applicationId: string;
  uniqueName: string;
  title: string;
  description: string;
  durationMillis: number;
  progressValue: number;
  lastModifiedMillis: number;
  driveId: string;
  coverImage?: { url: string; width: number; height: number; mimeType: string };
}

/** A Recall link as the emulator holds it: unlike Recall's own answers, with the persona. */
export interface GroundTruthRecallLink {
  persona: string;
  token: string;
  linkedAt: string;
  expireTime?: string;
}

export interface GroundTruthPlayer extends ControlPlayer {
  achievements: Record<string, GroundTruthAchievement[]>;
  /** Per application ID, the best per leaderboard and span (drafts too). */
  scores: Record<string, GroundTruthScore[]>;
  /** The player IDs of their friends. */
  friends: string[];
  /** The applications whose leaderboards hide them (Management `players.hide`). */
  hiddenInApplications: string[];
  /** Per application ID, the count of every event of the game. */
  events: Record<string, GroundTruthEvent[]>;
  /** Per application ID, what `stats.get` answers (only applications with stats set). */
  stats: Record<string, StatsValues>;
  /** Per application ID, the player's saved games, most recently modified first. */
  snapshots: Record<string, ControlSnapshot[]>;
  /** Per application ID, when `applications.played` was last called (ISO 8601). */
  lastPlayed: Record<string, string>;
  grants: GroundTruthGrant[];
  /** Per application ID, the player's live Recall links, oldest first. */
  recallLinks: Record<string, GroundTruthRecallLink[]>;
}

/** A saved game as the control API shows it. */
export function controlSnapshot(application: ApplicationRecord, record: SnapshotRecord): ControlSnapshot {
  const view: ControlSnapshot = {
    snapshotId: record.id,
    applicationId: application.applicationId,
    uniqueName: record.uniqueName,
    title: record.title,
    description: record.description,
    durationMillis: record.durationMillis,
    progressValue: record.progressValue,
    lastModifiedMillis: record.lastModifiedMillis,
    driveId: record.driveId,
  };
  if (record.coverImage) view.coverImage = { ...record.coverImage };
  return view;
}

/** A player as the control API lists it. */
export function controlPlayer(state: EmulatorState, player: PlayerRecord): ControlPlayer {
  const gamePlayerIds: Record<string, string> = {};
  for (const application of state.applications) gamePlayerIds[application.applicationId] = state.gamePlayerIdIn(player, application);
  const view: ControlPlayer = {
    playerId: player.playerId,
    displayName: player.displayName,
    email: player.email,
    tester: player.tester,
    developer: player.developer,
    profileVisible: player.profileVisible,
    googleSub: player.googleSub,
    gamePlayerId: player.gamePlayerId,
    gamePlayerIds,
    previousPlayerIds: [...player.previousPlayerIds],
  };
  if (player.avatarImageUrl !== undefined) view.avatarImageUrl = player.avatarImageUrl;
  if (player.locale !== undefined) view.locale = player.locale;
  if (player.givenName !== undefined) view.givenName = player.givenName;
  if (player.familyName !== undefined) view.familyName = player.familyName;
  const original = player.previousPlayerIds[0];
  if (original !== undefined) view.originalPlayerId = original;
  return view;
}

/** The ground truth: every achievement of every game (drafts too) and every grant. */
export function groundTruth(state: EmulatorState, player: PlayerRecord): GroundTruthPlayer {
  const achievements: Record<string, GroundTruthAchievement[]> = {};
  for (const application of state.applications) {
    achievements[application.applicationId] = application.achievements.map((achievement) => {
      const progress = state.progressOf(player, application, achievement);
      const entry: GroundTruthAchievement = { id: achievement.config.id, achievementState: progress.state, currentSteps: progress.steps };
      if (progress.updatedAt !== undefined) entry.lastUpdatedTimestamp = String(progress.updatedAt);
      return entry;
    });
  }
  const grants = player.grants.map((grant) => ({
    clientId: grant.client.clientId,
    applicationId: grant.client.application.applicationId,
    scopes: [...grant.scopes],
    active: !grant.revoked,
    hasRefreshToken: grant.refreshToken !== undefined,
    createdAt: new Date(grant.createdAt).toISOString(),
  }));
  const scores: Record<string, GroundTruthScore[]> = {};
  const now = state.clock.now();
  for (const application of state.applications) {
    scores[application.applicationId] = application.leaderboards.flatMap((board) => {
      const bests = state.bestsOf(board, player);
      return SCORE_TIME_SPANS.flatMap((span) => {
        const entry = currentBest(bests, span, now);
        if (!entry) return [];
        const score: GroundTruthScore = { leaderboardId: board.id, timeSpan: span, score: Number(entry.value) };
        if (entry.tag !== undefined) score.scoreTag = entry.tag;
        return [score];
      });
    });
  }
  const friends = [...player.friends].map((friend) => friend.playerId);
  const hiddenInApplications = state.applications.filter((application) => state.isHidden(application, player)).map((application) => application.applicationId);
  const events: Record<string, GroundTruthEvent[]> = {};
  const recallLinks: Record<string, GroundTruthRecallLink[]> = {};
  const stats: Record<string, StatsValues> = {};
  const snapshots: Record<string, ControlSnapshot[]> = {};
  const lastPlayed: Record<string, string> = {};
  for (const application of state.applications) {
    const id = application.applicationId;
    events[id] = application.events.map((event) => ({ eventId: event.config.id, count: state.eventCount(player, application, event.config.id) }));
    const values = player.stats.get(id);
    if (values) stats[id] = { ...values };
    snapshots[id] = snapshotsOf(player, application).map((record) => controlSnapshot(application, record));
    const played = player.playedAt.get(id);
    if (played !== undefined) lastPlayed[id] = new Date(played).toISOString();
    recallLinks[id] = playerLinks(state, application, player).map((link) => ({
      persona: link.persona,
      token: link.token,
      linkedAt: new Date(link.linkedAt).toISOString(),
      ...(link.expiresAt === undefined ? {} : { expireTime: new Date(link.expiresAt).toISOString() }),
    }));
  }
  return { ...controlPlayer(state, player), achievements, scores, friends, hiddenInApplications, events, stats, snapshots, lastPlayed, grants, recallLinks };
}

/** An application with its clients and definitions (each with its `published` flag); the caller adds the key file. */
export function controlApplication(application: ApplicationRecord): Omit<ControlApplication, 'serviceAccountKey'> {
  const { config } = application;
  return {
    applicationId: application.applicationId,
    name: config.name,
    webClientId: config.webClientId,
    webClientSecret: config.webClientSecret,
    ...(config.androidClientId === undefined ? {} : { androidClientId: config.androidClientId }),
    ...(config.secondWebClient ? { secondWebClient: { ...config.secondWebClient } } : {}),
    achievements: application.achievements.map((achievement) => ({ ...achievement.definition, published: achievement.published })),
    leaderboards: application.leaderboards.map((board) => {
      const view: ControlLeaderboard = { id: board.id, name: localized(board.detail.name, undefined), order: board.order, published: board.published };
      if (board.scoreMin !== undefined) view.scoreMin = Number(board.scoreMin);
      if (board.scoreMax !== undefined) view.scoreMax = Number(board.scoreMax);
      return view;
    }),
    events: application.events.map((event) => ({
      id: event.config.id,
      displayName: event.config.displayName,
      visibility: event.config.visibility,
      published: event.published,
    })),
  };
}

/** A fault as registered, with how often it fired. */
export function controlFault(fault: Fault): Record<string, unknown> {
  const { remaining, hits, ...spec } = fault;
  return { ...spec, ...(remaining === undefined ? {} : { remaining }), hits };
}
