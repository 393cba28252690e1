import { describe, expect, it } from 'vitest';
import {
  applyIncrement,
  applyIncrementOnce,
  applyReveal,
  applySetStepsAtLeast,
  applyUnlock,
  initialProgress,
  type AchievementRules,
} from './achievement-logic.js';

const standard: AchievementRules = { achievementType: 'STANDARD', initialState: 'REVEALED' };
const hidden: AchievementRules = { achievementType: 'STANDARD', initialState: 'HIDDEN' };
const incremental: AchievementRules = { achievementType: 'INCREMENTAL', totalSteps: 5, initialState: 'REVEALED' };
const hiddenIncremental: AchievementRules = { achievementType: 'INCREMENTAL', totalSteps: 5, initialState: 'HIDDEN' };

describe('achievement transitions', () => {
  it('starts at the initial state with 0 steps (or complete when initially UNLOCKED)', () => {
    expect(initialProgress(hidden)).toEqual({ state: 'HIDDEN', steps: 0 });
    expect(initialProgress({ ...incremental, initialState: 'UNLOCKED' })).toEqual({ state: 'UNLOCKED', steps: 5 });
  });

  it('unlock unlocks once, reveals a hidden one, and completes an incremental one', () => {
    expect(applyUnlock(initialProgress(standard), standard)).toEqual({
      next: { state: 'UNLOCKED', steps: 0 },
      outcome: { currentState: 'UNLOCKED', currentSteps: 0, newlyUnlocked: true, updateOccurred: true },
    });
    expect(applyUnlock({ state: 'UNLOCKED', steps: 0 }, standard).outcome).toEqual({
      currentState: 'UNLOCKED',
      currentSteps: 0,
      newlyUnlocked: false,
      updateOccurred: false,
    });
    expect(applyUnlock(initialProgress(hidden), hidden).next.state).toBe('UNLOCKED');
    expect(applyUnlock({ state: 'REVEALED', steps: 2 }, incremental).next).toEqual({ state: 'UNLOCKED', steps: 5 });
  });

  it('reveal only moves HIDDEN to REVEALED', () => {
    expect(applyReveal({ state: 'HIDDEN', steps: 0 }).outcome).toMatchObject({ currentState: 'REVEALED', updateOccurred: true });
    expect(applyReveal({ state: 'REVEALED', steps: 0 }).outcome).toMatchObject({ currentState: 'REVEALED', updateOccurred: false });
    expect(applyReveal({ state: 'UNLOCKED', steps: 0 }).outcome).toMatchObject({ currentState: 'UNLOCKED', updateOccurred: false });
  });

  it('increment adds steps, clamps at the total and unlocks exactly once', () => {
    const first = applyIncrement(initialProgress(incremental), incremental, 3);
    expect(first.outcome).toEqual({ currentState: 'REVEALED', currentSteps: 3, newlyUnlocked: false, updateOccurred: true });
    const second = applyIncrement(first.next, incremental, 10);
    expect(second.outcome).toEqual({ currentState: 'UNLOCKED', currentSteps: 5, newlyUnlocked: true, updateOccurred: true });
    const third = applyIncrement(second.next, incremental, 1);
    expect(third.outcome).toEqual({ currentState: 'UNLOCKED', currentSteps: 5, newlyUnlocked: false, updateOccurred: false });
  });

  it('increment keeps a hidden incremental achievement hidden until it unlocks', () => {
    const partial = applyIncrement(initialProgress(hiddenIncremental), hiddenIncremental, 2);
    expect(partial.next).toEqual({ state: 'HIDDEN', steps: 2 });
    expect(applyIncrement(partial.next, hiddenIncremental, 3).next).toEqual({ state: 'UNLOCKED', steps: 5 });
  });

  it('setStepsAtLeast never lowers and unlocks at the total', () => {
    const at4 = applySetStepsAtLeast(initialProgress(incremental), incremental, 4);
    expect(at4.outcome).toEqual({ currentState: 'REVEALED', currentSteps: 4, newlyUnlocked: false, updateOccurred: true });
    const lower = applySetStepsAtLeast(at4.next, incremental, 2);
    expect(lower.outcome).toEqual({ currentState: 'REVEALED', currentSteps: 4, newlyUnlocked: false, updateOccurred: false });
    expect(applySetStepsAtLeast(at4.next, incremental, 99).outcome).toEqual({
      currentState: 'UNLOCKED',
      currentSteps: 5,
      newlyUnlocked: true,
      updateOccurred: true,
    });
  });

  it('an increment whose requestId ran before applies nothing and answers the first outcome, newlyUnlocked included', () => {
    const first = applyIncrementOnce({ state: 'REVEALED', steps: 3 }, incremental, 2, undefined);
    expect(first.replayed).toBeUndefined();
    expect(first.outcome).toEqual({ currentState: 'UNLOCKED', currentSteps: 5, newlyUnlocked: true, updateOccurred: true });
    const replay = applyIncrementOnce(first.next, incremental, 2, first.outcome);
    expect(replay).toEqual({ next: first.next, outcome: first.outcome, replayed: true });
  });
});
