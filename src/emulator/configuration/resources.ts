/**
 * The emulator's achievements and leaderboards rendered as Configuration API resources, and
 * Configuration API writes turned back into the seed's shapes the Games API serves from.
 * A seeded achievement carries one name and description; it is shown as an `en-US` bundle.
 */
import type {
  AchievementConfiguration,
  AchievementConfigurationDetail,
  LeaderboardConfiguration,
  LeaderboardConfigurationDetail,
  LocalizedStringBundle,
} from '../../google/wire/configuration.js';
import type { AchievementConfig } from '../seed.js';
import type { LeaderboardConfig, LeaderboardDetailConfig } from '../seed-leaderboards.js';
import type { AchievementRecord, LeaderboardRecord } from '../state.js';

/** XP per achievement point, as the console counts them. */
export const XP_PER_POINT = 100;

/** One text as a bundle in the locale the emulator's seeds are written in. */
export function englishBundle(value: string): LocalizedStringBundle {
  return { kind: 'gamesConfiguration#localizedStringBundle', translations: [{ kind: 'gamesConfiguration#localizedString', locale: 'en-US', value }] };
}

/** The text a bundle gives the Games API: its `en-US` translation, else its first. */
export function bundleText(bundle: LocalizedStringBundle | undefined): string {
  const translations = bundle?.translations ?? [];
  return (translations.find((translation) => translation.locale === 'en-US') ?? translations[0])?.value ?? '';
}

function seededDetail(config: AchievementConfig, sortRank: number): AchievementConfigurationDetail {
  return {
    kind: 'gamesConfiguration#achievementConfigurationDetail',
    name: englishBundle(config.name),
    description: englishBundle(config.description),
    iconUrl: config.unlockedIconUrl ?? config.revealedIconUrl ?? 'https://lh3.googleusercontent.com/pgs-emulator/default-achievement.png',
    pointValue: Math.round(config.experiencePoints / XP_PER_POINT),
    sortRank,
  };
}

/** An achievement as `achievementConfigurations.get` answers it; `sortRank` is its place in the list (1-based). */
export function achievementConfiguration(achievement: AchievementRecord, sortRank: number): AchievementConfiguration {
  const { config } = achievement;
  const resource: AchievementConfiguration = {
    kind: 'gamesConfiguration#achievementConfiguration',
    id: config.id,
    achievementType: config.achievementType,
    // A seed may start an achievement UNLOCKED; the console offers HIDDEN and REVEALED only.
    initialState: config.initialState === 'HIDDEN' ? 'HIDDEN' : 'REVEALED',
  };
  if (config.totalSteps !== undefined) resource.stepsToUnlock = config.totalSteps;
  const shown = seededDetail(config, sortRank);
  if (achievement.published) {
    resource.published = shown;
    if (achievement.draftDetail) resource.draft = { ...achievement.draftDetail, iconUrl: shown.iconUrl!, sortRank };
  } else {
    resource.draft = achievement.draftDetail ? { ...achievement.draftDetail, iconUrl: shown.iconUrl!, sortRank } : shown;
  }
  return resource;
}

/** A written draft as the Games API serves it: the text of its bundles, XP from its points. */
export function achievementConfigFromDraft(
  id: string,
  body: { achievementType: 'STANDARD' | 'INCREMENTAL'; initialState: 'HIDDEN' | 'REVEALED'; stepsToUnlock?: number; draft: AchievementConfigurationDetail },
  previous: AchievementConfig | undefined,
): AchievementConfig {
  const config: AchievementConfig = {
    id,
    name: bundleText(body.draft.name),
    description: bundleText(body.draft.description),
    achievementType: body.achievementType,
    initialState: body.initialState,
    experiencePoints: (body.draft.pointValue ?? 0) * XP_PER_POINT,
    published: false,
  };
  if (body.stepsToUnlock !== undefined) config.totalSteps = body.stepsToUnlock;
  // Icons are uploaded separately (imageConfigurations); a write keeps the ones there were.
  if (previous?.revealedIconUrl !== undefined) config.revealedIconUrl = previous.revealedIconUrl;
  if (previous?.unlockedIconUrl !== undefined) config.unlockedIconUrl = previous.unlockedIconUrl;
  return config;
}

/** The detail as written, without what writes may not set. */
export function writtenAchievementDetail(detail: AchievementConfigurationDetail): AchievementConfigurationDetail {
  const { iconUrl: _icon, sortRank: _rank, ...rest } = detail;
  return { ...rest, kind: 'gamesConfiguration#achievementConfigurationDetail' };
}

function leaderboardDetail(detail: LeaderboardDetailConfig): LeaderboardConfigurationDetail {
  return { ...(detail as LeaderboardConfigurationDetail), kind: 'gamesConfiguration#leaderboardConfigurationDetail' };
}

/** A leaderboard as `leaderboardConfigurations.get` answers it: its stored Configuration JSON. */
export function leaderboardConfiguration(board: LeaderboardRecord): LeaderboardConfiguration {
  const { config } = board;
  const resource: LeaderboardConfiguration = { kind: 'gamesConfiguration#leaderboardConfiguration', id: config.id, scoreOrder: config.scoreOrder };
  if (config.token !== undefined) resource.token = config.token;
  if (config.scoreMin !== undefined) resource.scoreMin = config.scoreMin;
  if (config.scoreMax !== undefined) resource.scoreMax = config.scoreMax;
  if (config.draft) resource.draft = leaderboardDetail(config.draft);
  if (config.published) resource.published = leaderboardDetail(config.published);
  return resource;
}

/**
 * A written leaderboard as the state keeps it: the new draft, the published version unchanged,
 * `iconUrl` and `sortRank` kept from before (writes to them are ignored; a new board goes last).
 */
export function leaderboardConfigFromWrite(
  id: string,
  body: { scoreOrder: 'LARGER_IS_BETTER' | 'SMALLER_IS_BETTER'; scoreMin?: string; scoreMax?: string; draft: LeaderboardDetailConfig },
  previous: LeaderboardConfig | undefined,
  nextSortRank: number,
): LeaderboardConfig {
  const { iconUrl: _icon, sortRank: _rank, ...written } = body.draft;
  const kept = previous?.draft ?? previous?.published;
  const draft: LeaderboardDetailConfig = { ...written, kind: 'gamesConfiguration#leaderboardConfigurationDetail', sortRank: kept?.sortRank ?? nextSortRank };
  if (kept?.iconUrl !== undefined) draft.iconUrl = kept.iconUrl;
  const config: LeaderboardConfig = { kind: 'gamesConfiguration#leaderboardConfiguration', id, scoreOrder: body.scoreOrder, draft };
  if (body.scoreMin !== undefined) config.scoreMin = body.scoreMin;
  if (body.scoreMax !== undefined) config.scoreMax = body.scoreMax;
  if (previous?.published) config.published = previous.published;
  return config;
}
