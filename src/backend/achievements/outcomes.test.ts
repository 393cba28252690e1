import { describe, expect, it } from 'vitest';
import type { AchievementUpdateResponse } from '../../google/wire/achievements.js';
import type { AchievementWrite } from '../../store/store.js';
import { answerFor, outcomesFromUpdateMultiple } from './outcomes.js';

function write(id: number, achievementId: string, op: AchievementWrite['op']): AchievementWrite {
  return {
    id,
    playerId: 'p',
    achievementId,
    op,
    steps: op === 'INCREMENT' ? 1 : null,
    requestId: null,
    status: 'in_flight',
    attempts: 0,
    nextAttemptAt: 0,
    leaseUntil: 1,
    lastError: null,
    result: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

function entry(achievementId: string, currentSteps: number | undefined, newlyUnlocked = false): AchievementUpdateResponse {
  return {
    kind: 'games#achievementUpdateResponse',
    achievementId,
    currentState: newlyUnlocked ? 'UNLOCKED' : 'REVEALED',
    ...(currentSteps === undefined ? {} : { currentSteps }),
    newlyUnlocked,
    updateOccurred: true,
  };
}

describe('outcomesFromUpdateMultiple', () => {
  it('pairs entries with writes by position when Google answers one per update', () => {
    const writes = [write(1, 'inc', 'INCREMENT'), write(2, 'inc', 'INCREMENT'), write(3, 'std', 'UNLOCK')];
    const out = outcomesFromUpdateMultiple(writes, [entry('inc', 1), entry('inc', 2), entry('std', undefined, true)]);
    expect(out.map((o) => [o.achievementId, o.currentSteps, o.newlyUnlocked])).toEqual([
      ['inc', 1, false],
      ['inc', 2, false],
      ['std', undefined, true],
    ]);
  });

  it('matches by achievement ID when the answer is reordered or merged', () => {
    const writes = [write(1, 'a', 'UNLOCK'), write(2, 'b', 'INCREMENT'), write(3, 'b', 'INCREMENT'), write(4, 'c', 'REVEAL')];
    const out = outcomesFromUpdateMultiple(writes, [entry('b', 7), entry('a', undefined, true)]);
    expect(out.map((o) => [o.achievementId, o.currentSteps, o.newlyUnlocked, o.state])).toEqual([
      ['a', undefined, true, 'UNLOCKED'],
      ['b', 7, false, 'REVEALED'],
      ['b', 7, false, 'REVEALED'],
      ['c', undefined, false, undefined],
    ]);
  });
});

describe('answerFor', () => {
  it('answers each operation in the shape docs/API.md publishes', () => {
    expect(answerFor('UNLOCK', { achievementId: 'a', op: 'UNLOCK', newlyUnlocked: true })).toEqual({ state: 'UNLOCKED', newlyUnlocked: true });
    expect(answerFor('INCREMENT', { achievementId: 'a', op: 'INCREMENT', currentSteps: 3, newlyUnlocked: false })).toEqual({ currentSteps: 3, newlyUnlocked: false });
    expect(answerFor('SET_STEPS_AT_LEAST', { achievementId: 'a', op: 'SET_STEPS_AT_LEAST', currentSteps: 5, newlyUnlocked: true })).toEqual({
      currentSteps: 5,
      newlyUnlocked: true,
    });
    expect(answerFor('REVEAL', { achievementId: 'a', op: 'REVEAL', state: 'UNLOCKED', newlyUnlocked: false })).toEqual({ state: 'UNLOCKED' });
  });
});
