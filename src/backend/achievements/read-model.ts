/**
 * `GET /v1/me/achievements`: every definition merged with the player's state from Google and their
 * own pending writes, in the shape of docs/API.md, 'Achievements' (JSON numbers, epoch-ms
 * timestamps).
 */
import type { AchievementDefinition, AchievementState, AchievementType, PlayerAchievement } from '../../google/wire/achievements.js';
import type { AchievementWrite } from '../../store/store.js';
import { applyPendingWrites, type StateView } from './overlay.js';

/** One item of `GET /v1/me/achievements` (docs/API.md, 'Achievements'). */
export interface AchievementItem {
  id: string;
  /** Absent while HIDDEN, unless the operator reveals hidden details. */
  name?: string;
  description?: string;
  type: AchievementType;
  state: AchievementState;
  currentSteps?: number;
  totalSteps?: number;
  revealedIconUrl?: string;
  unlockedIconUrl?: string;
  experiencePoints: number;
  lastUpdatedTimestamp?: number;
  /** True when a write Google has not confirmed yet is included. */
  pending?: boolean;
}

export interface ReadModelOptions {
  /** Show names and descriptions of HIDDEN achievements (config.achievements.revealHiddenDetails). */
  revealHiddenDetails: boolean;
}

/**
 * Builds the player's list: one item per achievement the player can see, in the game's order.
 *
 * `achievements.list` lists "the progress for all your application's achievements" for the
 * player (Games API reference), which is exactly what the player may see: drafts only for tester
 * accounts. The definitions are cached for every player alike, so they are filtered by the
 * player's list; were Google ever to answer an empty list, every definition is shown with its
 * initial state rather than nothing.
 */
export function buildAchievementItems(
  definitions: readonly AchievementDefinition[],
  states: readonly PlayerAchievement[],
  pending: readonly AchievementWrite[],
  options: ReadModelOptions,
): AchievementItem[] {
  const byId = new Map(states.map((s) => [s.id, s]));
  const visible = byId.size === 0 ? definitions : definitions.filter((d) => byId.has(d.id));
  return visible.map((definition) => {
    const google = byId.get(definition.id);
    const incremental = definition.achievementType === 'INCREMENTAL';
    const base: StateView = {
      state: google?.achievementState ?? definition.initialState,
      currentSteps: incremental ? (google?.currentSteps ?? 0) : undefined,
      lastUpdatedTimestamp: toNumber(google?.lastUpdatedTimestamp),
      pending: false,
    };
    const view = applyPendingWrites(base, definition, pending);
    const showDetails = view.state !== 'HIDDEN' || options.revealHiddenDetails;
    const item: AchievementItem = {
      id: definition.id,
      ...(showDetails ? { name: definition.name, description: definition.description } : {}),
      type: definition.achievementType,
      state: view.state,
      experiencePoints: toNumber(definition.experiencePoints) ?? 0,
    };
    if (incremental) {
      item.currentSteps = view.currentSteps ?? 0;
      if (definition.totalSteps !== undefined) item.totalSteps = definition.totalSteps;
    }
    if (definition.revealedIconUrl) item.revealedIconUrl = definition.revealedIconUrl;
    if (definition.unlockedIconUrl) item.unlockedIconUrl = definition.unlockedIconUrl;
    if (view.lastUpdatedTimestamp !== undefined) item.lastUpdatedTimestamp = view.lastUpdatedTimestamp;
    if (view.pending) item.pending = true;
    return item;
  });
}

/**
 * Google's int64-as-string (docs/google/games-api.md, 'Service basics') as a JSON number;
 * undefined when absent or not numeric.
 */
function toNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
