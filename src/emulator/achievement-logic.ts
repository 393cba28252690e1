/**
 * What each achievement write does to one player's progress, as pure functions
 * (docs/google/games-api.md, 'Per-player achievements'). Decisions where Google's docs are silent
 * (docs/google/emulator-choices.md, 'Achievement writes'):
 * - steps are clamped at `totalSteps`; reaching it unlocks (the Android docs: further
 *   increments "are ignored");
 * - unlocking reveals (a HIDDEN achievement becomes UNLOCKED);
 * - incrementing a HIDDEN incremental achievement records the steps but keeps it HIDDEN until it
 *   unlocks: hidden achievements stay secret until earned, and `reveal` is the explicit call;
 * - `unlock` on an INCREMENTAL achievement completes it (steps = total);
 * - nothing ever moves an UNLOCKED achievement except the management resets.
 */
import type { AchievementState } from '../google/wire/achievements.js';

export interface AchievementRules {
  achievementType: 'STANDARD' | 'INCREMENTAL';
  totalSteps?: number | undefined;
  initialState: AchievementState;
}

export interface ProgressSnapshot {
  state: AchievementState;
  steps: number;
}

/** The result of one write, as `updateMultiple` reports it (the single calls project it). */
export interface WriteOutcome {
  currentState: AchievementState;
  currentSteps: number;
  newlyUnlocked: boolean;
  updateOccurred: boolean;
}

export interface Transition {
  next: ProgressSnapshot;
  outcome: WriteOutcome;
  /** True when nothing was applied because the increment's `requestId` ran before (`outcome` is that first answer). */
  replayed?: true;
}

function total(rules: AchievementRules): number {
  return rules.achievementType === 'INCREMENTAL' ? (rules.totalSteps ?? 1) : 0;
}

/** The progress of a player who never touched the achievement. */
export function initialProgress(rules: AchievementRules): ProgressSnapshot {
  return { state: rules.initialState, steps: rules.initialState === 'UNLOCKED' ? total(rules) : 0 };
}

function unchanged(current: ProgressSnapshot): Transition {
  return {
    next: current,
    outcome: { currentState: current.state, currentSteps: current.steps, newlyUnlocked: false, updateOccurred: false },
  };
}

function changed(next: ProgressSnapshot, newlyUnlocked: boolean): Transition {
  return { next, outcome: { currentState: next.state, currentSteps: next.steps, newlyUnlocked, updateOccurred: true } };
}

/** `achievements.unlock`: unlocks (and so reveals); a second unlock changes nothing. */
export function applyUnlock(current: ProgressSnapshot, rules: AchievementRules): Transition {
  if (current.state === 'UNLOCKED') return unchanged(current);
  return changed({ state: 'UNLOCKED', steps: total(rules) }, true);
}

/** `achievements.reveal`: HIDDEN → REVEALED; REVEALED and UNLOCKED stay as they are. */
export function applyReveal(current: ProgressSnapshot): Transition {
  if (current.state !== 'HIDDEN') return unchanged(current);
  return changed({ state: 'REVEALED', steps: current.steps }, false);
}

function moveStepsTo(current: ProgressSnapshot, rules: AchievementRules, target: number): Transition {
  if (current.state === 'UNLOCKED') return unchanged(current);
  const steps = Math.min(total(rules), target);
  if (steps <= current.steps) return unchanged(current);
  if (steps >= total(rules)) return changed({ state: 'UNLOCKED', steps }, true);
  return changed({ state: current.state, steps }, false);
}

/** `achievements.increment` (INCREMENTAL only, steps ≥ 1): clamps at the total, which unlocks. */
export function applyIncrement(current: ProgressSnapshot, rules: AchievementRules, steps: number): Transition {
  return moveStepsTo(current, rules, current.steps + steps);
}

/**
 * An increment that may carry a `requestId`; `earlier` is the outcome of the first call with that
 * ID, undefined when there was none. Google uses the ID "to ensure that the request is handled
 * correctly across retries"
 * (https://developers.google.com/games/services/web/api/rest/v1/achievements/increment), and
 * Google's rule for request IDs (https://google.aip.dev/155) is that a duplicate is not applied
 * again and gets "the response for the previously successful request, because the client most
 * likely did not receive the previous response". So a replay changes nothing and answers the
 * first outcome as it was, `newlyUnlocked: true` included: a caller whose answer was lost still
 * learns that its increment unlocked the achievement.
 */
export function applyIncrementOnce(
  current: ProgressSnapshot,
  rules: AchievementRules,
  steps: number,
  earlier: WriteOutcome | undefined,
): Transition {
  if (earlier !== undefined) return { next: current, outcome: earlier, replayed: true };
  return applyIncrement(current, rules, steps);
}

/** `achievements.setStepsAtLeast` (INCREMENTAL only, steps ≥ 1): never lowers. */
export function applySetStepsAtLeast(current: ProgressSnapshot, rules: AchievementRules, steps: number): Transition {
  return moveStepsTo(current, rules, steps);
}
