/**
 * The achievement writes as functions over the state, shared by the single-call routes and
 * `updateMultiple`. The token's application decides which game's achievements a call sees;
 * drafts exist only for testers (a non-tester gets the same 404 as for an unknown ID).
 * `requestId` (Google leaves the scope open; docs/google/emulator-choices.md, 'Achievement writes'):
 * keyed on (application, player, achievement, requestId); a repeat applies nothing and answers
 * the first result (`applyIncrementOnce` says why).
 */
import {
  applyIncrementOnce,
  applyReveal,
  applySetStepsAtLeast,
  applyUnlock,
  type Transition,
  type WriteOutcome,
} from '../achievement-logic.js';
import { invalidArgumentError, notFoundError } from '../errors.js';
import type { AuthContext } from '../request-context.js';
import type { AchievementRecord, EmulatorState } from '../state.js';

/** The achievement a write targets, or Google's 404. */
export function findWritableAchievement(state: EmulatorState, auth: AuthContext, achievementId: string): AchievementRecord {
  const achievement = state.visibleAchievement(auth.player, auth.application, achievementId);
  if (!achievement) throw notFoundError(`The requested achievement with ID ${achievementId} was not found.`);
  return achievement;
}

/** Steps only make sense on an INCREMENTAL achievement: 400 `invalid` otherwise. */
export function requireIncremental(achievement: AchievementRecord, parameter?: string): void {
  if (achievement.config.achievementType !== 'INCREMENTAL') {
    throw invalidArgumentError(
      `The achievement with ID ${achievement.config.id} is a STANDARD achievement; only INCREMENTAL achievements have steps.`,
      parameter,
    );
  }
}

function commit(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord, transition: Transition): WriteOutcome {
  if (transition.outcome.updateOccurred && transition.replayed !== true) state.setProgress(auth.player, auth.application, achievement, transition.next);
  return transition.outcome;
}

function current(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord) {
  return state.progressOf(auth.player, auth.application, achievement);
}

/** achievements.unlock. */
export function writeUnlock(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord): WriteOutcome {
  return commit(state, auth, achievement, applyUnlock(current(state, auth, achievement), achievement.config));
}

/** achievements.reveal. */
export function writeReveal(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord): WriteOutcome {
  return commit(state, auth, achievement, applyReveal(current(state, auth, achievement)));
}

/** achievements.increment (the caller has checked the type and that steps ≥ 1). */
export function writeIncrement(
  state: EmulatorState,
  auth: AuthContext,
  achievement: AchievementRecord,
  steps: number,
  requestId: string | undefined,
): WriteOutcome {
  const id = achievement.config.id;
  const earlier = requestId === undefined ? undefined : state.findRequestResult(auth.player, auth.application, id, requestId);
  const transition = applyIncrementOnce(current(state, auth, achievement), achievement.config, steps, earlier);
  const outcome = commit(state, auth, achievement, transition);
  if (requestId !== undefined && transition.replayed !== true) state.rememberRequestResult(auth.player, auth.application, id, requestId, outcome);
  return outcome;
}

/** achievements.setStepsAtLeast (the caller has checked the type and that steps ≥ 1). */
export function writeSetStepsAtLeast(state: EmulatorState, auth: AuthContext, achievement: AchievementRecord, steps: number): WriteOutcome {
  return commit(state, auth, achievement, applySetStepsAtLeast(current(state, auth, achievement), achievement.config, steps));
}
