/**
 * Renders state as Google's wire resources (docs/google/games-api.md, 'Players' and
 * 'Per-player achievements'): every `kind`, int64 fields as strings, optional fields omitted rather
 * than null.
 */
import type { PlayerAchievement } from '../../google/wire/achievements.js';
import type { Player, PlayerExperienceInfo, PlayerLevel } from '../../google/wire/players.js';
import type { AchievementRecord, ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';

/** XP per level in the emulator's simple, linear level table. */
const XP_PER_LEVEL = 10_000;

/** How many levels `metagame.getMetagameConfig` lists (the level table is linear past them too). */
export const PLAYER_LEVEL_COUNT = 100;

/** One level of the table. */
export function level(number: number): PlayerLevel {
  return {
    kind: 'games#playerLevel',
    level: number,
    minExperiencePoints: String((number - 1) * XP_PER_LEVEL),
    maxExperiencePoints: String(number * XP_PER_LEVEL),
  };
}

/** XP from the published achievements the player unlocked in one game (drafts give 0). */
export function experienceIn(player: PlayerRecord, application: ApplicationRecord): number {
  let xp = 0;
  for (const [achievementId, entry] of player.progress.get(application.applicationId) ?? []) {
    const achievement = application.achievementsById.get(achievementId);
    if (entry.state === 'UNLOCKED' && achievement?.published) xp += achievement.config.experiencePoints;
  }
  return xp;
}

/** XP from every published achievement the player unlocked, in every game (drafts give 0). */
export function experienceInfo(state: EmulatorState, player: PlayerRecord): PlayerExperienceInfo {
  let xp = 0;
  for (const application of state.applications) xp += experienceIn(player, application);
  const current = Math.floor(xp / XP_PER_LEVEL) + 1;
  return { kind: 'games#playerExperienceInfo', currentExperiencePoints: String(xp), currentLevel: level(current), nextLevel: level(current + 1) };
}

/**
 * players.get: the full resource for the caller, the public profile for anyone else (`viewer`,
 * when given, is the caller looking at them: `friendStatus` says whether they are friends).
 */
export function playerResource(state: EmulatorState, player: PlayerRecord, self: boolean, application: ApplicationRecord, viewer?: PlayerRecord): Player {
  const resource: Player = { kind: 'games#player', playerId: player.playerId, displayName: player.displayName };
  if (player.avatarImageUrl !== undefined) resource.avatarImageUrl = player.avatarImageUrl;
  // A player with friends in the emulator shares their friends list (control API `/friends`).
  const ownFriendsList = player.friends.size > 0 ? 'VISIBLE' : 'REQUEST_REQUIRED';
  resource.profileSettings = { kind: 'games#profileSettings', profileVisible: player.profileVisible, friendsListVisibility: self ? ownFriendsList : 'UNAVAILABLE' };
  resource.experienceInfo = experienceInfo(state, player);
  if (!self) {
    resource.friendStatus = viewer?.friends.has(player) ? 'FRIEND' : 'NO_RELATIONSHIP';
    return resource;
  }
  if (player.givenName !== undefined || player.familyName !== undefined) {
    resource.name = {};
    if (player.givenName !== undefined) resource.name.givenName = player.givenName;
    if (player.familyName !== undefined) resource.name.familyName = player.familyName;
  }
  resource.gamePlayerId = state.gamePlayerIdIn(player, application);
  // docs/google/games-api.md, 'Players': only for the caller, and only once the ID has changed.
  const original = player.previousPlayerIds[0];
  if (original !== undefined) resource.originalPlayerId = original;
  return resource;
}

/** One PlayerAchievement: steps for INCREMENTAL only; XP only once unlocked ("0" for a draft). */
export function playerAchievementResource(
  state: EmulatorState,
  player: PlayerRecord,
  application: ApplicationRecord,
  achievement: AchievementRecord,
): PlayerAchievement {
  const progress = state.progressOf(player, application, achievement);
  const resource: PlayerAchievement = { kind: 'games#playerAchievement', id: achievement.config.id, achievementState: progress.state };
  if (achievement.config.achievementType === 'INCREMENTAL') {
    resource.currentSteps = progress.steps;
    resource.formattedCurrentStepsString = String(progress.steps);
  }
  if (progress.updatedAt !== undefined) resource.lastUpdatedTimestamp = String(progress.updatedAt);
  if (progress.state === 'UNLOCKED') resource.experiencePoints = achievement.published ? String(achievement.config.experiencePoints) : '0';
  return resource;
}
