import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { definition } from '../test-support/fake-achievement-games.js';
import { checkClientPolicy, checkDefinitions, checkSteps, toWriteInputs } from './validation.js';

const defs = [definition('std'), definition('inc', { type: 'INCREMENTAL', totalSteps: 5 })];
const snapshot = { list: defs, byId: new Map(defs.map((d) => [d.id, d])), fetchedAt: 0 };

function refusal(fn: () => void): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkSteps', () => {
  it.each([0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, undefined])('refuses steps %s with INVALID_STEPS', (steps) => {
    expect(refusal(() => checkSteps([{ achievementId: 'inc', type: 'INCREMENT', steps }], false))).toMatchObject({ code: 'INVALID_STEPS', status: 400 });
  });

  it('accepts positive int32 steps for INCREMENT and SET_STEPS_AT_LEAST', () => {
    expect(() => checkSteps([{ achievementId: 'inc', type: 'INCREMENT', steps: 1 }, { achievementId: 'inc', type: 'SET_STEPS_AT_LEAST', steps: 2 ** 31 - 1 }], true)).not.toThrow();
  });

  it('names the batch entry at fault, and refuses steps on UNLOCK', () => {
    const bad = refusal(() => checkSteps([{ achievementId: 'inc', type: 'INCREMENT', steps: 1 }, { achievementId: 'inc', type: 'SET_STEPS_AT_LEAST', steps: 0 }], true));
    expect(bad).toMatchObject({ code: 'INVALID_STEPS' });
    expect(bad.message).toMatch(/^updates\[1\]: /);
    expect(refusal(() => checkSteps([{ achievementId: 'std', type: 'UNLOCK', steps: 1 }], true))).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
  });
});

describe('checkClientPolicy', () => {
  const updates = [{ achievementId: 'std', type: 'UNLOCK' as const }];
  it('lets everyone write by default, and the game server always', () => {
    expect(() => checkClientPolicy(updates, { mode: 'all' }, 'client', false)).not.toThrow();
    expect(() => checkClientPolicy(updates, { mode: 'none' }, 'server', false)).not.toThrow();
  });
  it('refuses game clients when the policy says none, or for unlisted achievements', () => {
    expect(refusal(() => checkClientPolicy(updates, { mode: 'none' }, 'client', false))).toMatchObject({ code: 'CLIENT_WRITES_FORBIDDEN', status: 403 });
    const listed = { mode: 'listed' as const, achievementIds: new Set(['inc']) };
    expect(refusal(() => checkClientPolicy(updates, listed, 'client', false))).toMatchObject({ code: 'CLIENT_WRITES_FORBIDDEN' });
    expect(() => checkClientPolicy([{ achievementId: 'inc', type: 'UNLOCK' }], listed, 'client', false)).not.toThrow();
  });
});

describe('checkDefinitions', () => {
  it('refuses unknown achievements (404) and steps on STANDARD ones (400), each with its own code', () => {
    expect(refusal(() => checkDefinitions([{ achievementId: 'nope', type: 'UNLOCK' }], snapshot, false))).toMatchObject({ code: 'ACHIEVEMENT_NOT_FOUND', status: 404 });
    expect(refusal(() => checkDefinitions([{ achievementId: 'std', type: 'INCREMENT', steps: 1 }], snapshot, false))).toMatchObject({
      code: 'ACHIEVEMENT_NOT_INCREMENTAL',
      status: 400,
    });
    expect(refusal(() => checkDefinitions([{ achievementId: 'std', type: 'SET_STEPS_AT_LEAST', steps: 1 }], snapshot, false)).code).toBe('ACHIEVEMENT_NOT_INCREMENTAL');
  });
  it('accepts unlock and reveal of any type, and steps on INCREMENTAL ones', () => {
    expect(() =>
      checkDefinitions(
        [
          { achievementId: 'std', type: 'UNLOCK' },
          { achievementId: 'inc', type: 'REVEAL' },
          { achievementId: 'inc', type: 'INCREMENT', steps: 2 },
        ],
        snapshot,
        true,
      ),
    ).not.toThrow();
  });
});

describe('toWriteInputs', () => {
  it('keeps steps only where they belong', () => {
    expect(toWriteInputs([{ achievementId: 'std', type: 'UNLOCK' }, { achievementId: 'inc', type: 'INCREMENT', steps: 3 }])).toEqual([
      { achievementId: 'std', op: 'UNLOCK' },
      { achievementId: 'inc', op: 'INCREMENT', steps: 3 },
    ]);
  });
});
