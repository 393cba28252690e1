/**
 * The player's own writes not yet confirmed by Google, applied on top of Google's state, so a
 * player always sees what they just did. The rules mirror Google's (docs/google/games-api.md,
 * 'Per-player achievements'; the clamping at the total is the emulator's reading,
 * docs/google/emulator-choices.md, 'Achievement writes'): an unlock unlocks (and so reveals); an
 * increment adds steps, clamped at the total, and unlocks at the total; set-steps-at-least only
 * ever raises; a reveal turns HIDDEN into REVEALED and leaves UNLOCKED alone.
 *
 * A write Google applied whose answer was lost is still pending here until it is resent, so an
 * increment can briefly show twice; it never shows past the total.
 */
import type { AchievementDefinition, AchievementState } from '../../google/wire/achievements.js';
import type { AchievementWrite } from '../../store/store.js';

/** One achievement's state as the player sees it. */
export interface StateView {
  state: AchievementState;
  /** Incremental achievements only. */
  currentSteps: number | undefined;
  lastUpdatedTimestamp: number | undefined;
  /** Whether a write not yet confirmed by Google shaped this view. */
  pending: boolean;
}

/** Applies `writes` (in id order) to `view`, for the achievement `definition`. */
export function applyPendingWrites(view: StateView, definition: AchievementDefinition, writes: readonly AchievementWrite[]): StateView {
  let { state, currentSteps } = view;
  const incremental = definition.achievementType === 'INCREMENTAL';
  const total = definition.totalSteps ?? 0;
  let touched = false;
  for (const write of writes) {
    if (write.achievementId !== definition.id) continue;
    touched = true;
    switch (write.op) {
      case 'UNLOCK':
        state = 'UNLOCKED';
        if (incremental && total > 0) currentSteps = total;
        break;
      case 'REVEAL':
        if (state === 'HIDDEN') state = 'REVEALED';
        break;
      case 'INCREMENT':
        if (!incremental) break;
        currentSteps = Math.min(total, (currentSteps ?? 0) + (write.steps ?? 0));
        if (total > 0 && currentSteps >= total) state = 'UNLOCKED';
        break;
      case 'SET_STEPS_AT_LEAST':
        if (!incremental) break;
        currentSteps = Math.max(currentSteps ?? 0, Math.min(total, write.steps ?? 0));
        if (total > 0 && currentSteps >= total) state = 'UNLOCKED';
        break;
    }
  }
  return touched ? { ...view, state, currentSteps, pending: true } : view;
}
