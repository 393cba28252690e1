/**
 * How the control API shows the emulator's objects: players (with their ground truth),
 * applications, faults. These shapes are a published interface (src/emulator/README.md,
 * 'Control API'); fields are only ever added.
 */
import type { AchievementDefinition, AchievementState } from '../../google/wire/achievements.js';
import type { Fault } from '../faults.js';
import type { ApplicationConfig } from '../seed.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';

/** An achievement definition as `GET /applications` lists it: Google's shape plus `published`. */
export type ControlAchievementDefinition = AchievementDefinition & { published: boolean };

/** One application of `GET /applications`: its clients (with secrets) and definitions. */
export type ControlApplication = Pick<
  ApplicationConfig,
  'applicationId' | 'name' | 'webClientId' | 'webClientSecret' | 'androidClientId' | 'secondWebClient'
> & { achievements: ControlAchievementDefinition[] };

export interface ControlPlayer {
  playerId: string;
  displayName: string;
  email: string;
  tester: boolean;
  developer: boolean;
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

export interface GroundTruthPlayer extends ControlPlayer {
  achievements: Record<string, GroundTruthAchievement[]>;
  grants: GroundTruthGrant[];
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
  return { ...controlPlayer(state, player), achievements, grants };
}

/** An application with its clients and definitions (each with its `published` flag). */
export function controlApplication(application: ApplicationRecord): ControlApplication {
  const { config } = application;
  return {
    applicationId: application.applicationId,
    name: config.name,
    webClientId: config.webClientId,
    webClientSecret: config.webClientSecret,
    ...(config.androidClientId === undefined ? {} : { androidClientId: config.androidClientId }),
    ...(config.secondWebClient ? { secondWebClient: { ...config.secondWebClient } } : {}),
    achievements: application.achievements.map((achievement) => ({ ...achievement.definition, published: achievement.published })),
  };
}

/** A fault as registered, with how often it fired. */
export function controlFault(fault: Fault): Record<string, unknown> {
  const { remaining, hits, ...spec } = fault;
  return { ...spec, ...(remaining === undefined ? {} : { remaining }), hits };
}
