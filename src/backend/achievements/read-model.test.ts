import { describe, expect, it } from 'vitest';
import type { PlayerAchievement } from '../../google/wire/achievements.js';
import type { AchievementWrite } from '../../store/store.js';
import { definition } from '../test-support/fake-achievement-games.js';
import { buildAchievementItems } from './read-model.js';

const defs = [
  definition('std', { xp: 500 }),
  definition('inc', { type: 'INCREMENTAL', totalSteps: 10 }),
  definition('hidden', { initialState: 'HIDDEN' }),
];

let nextId = 1;
function write(achievementId: string, op: AchievementWrite['op'], steps?: number): AchievementWrite {
  return {
    id: nextId++,
    playerId: 'p',
    achievementId,
    op,
    steps: steps ?? null,
    requestId: op === 'INCREMENT' ? '42' : null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    leaseUntil: null,
    lastError: null,
    result: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

function state(id: string, achievementState: PlayerAchievement['achievementState'], extra: Partial<PlayerAchievement> = {}): PlayerAchievement {
  return { kind: 'games#playerAchievement', id, achievementState, ...extra };
}

describe('buildAchievementItems', () => {
  it('merges definitions with Google’s state in the contract’s shape: numbers, epoch ms, hidden without details', () => {
    const items = buildAchievementItems(
      defs,
      [
        state('std', 'UNLOCKED', { lastUpdatedTimestamp: '1700000000123', experiencePoints: '500' }),
        state('inc', 'REVEALED', { currentSteps: 3 }),
        state('hidden', 'HIDDEN'),
      ],
      [],
      { revealHiddenDetails: false },
    );
    expect(items).toEqual([
      {
        id: 'std',
        name: 'Name of std',
        description: 'Description of std',
        type: 'STANDARD',
        state: 'UNLOCKED',
        revealedIconUrl: 'https://example.test/std/revealed.png',
        unlockedIconUrl: 'https://example.test/std/unlocked.png',
        experiencePoints: 500,
        lastUpdatedTimestamp: 1700000000123,
      },
      {
        id: 'inc',
        name: 'Name of inc',
        description: 'Description of inc',
        type: 'INCREMENTAL',
        state: 'REVEALED',
        currentSteps: 3,
        totalSteps: 10,
        revealedIconUrl: 'https://example.test/inc/revealed.png',
        unlockedIconUrl: 'https://example.test/inc/unlocked.png',
        experiencePoints: 1000,
      },
      {
        id: 'hidden',
        type: 'STANDARD',
        state: 'HIDDEN',
        revealedIconUrl: 'https://example.test/hidden/revealed.png',
        unlockedIconUrl: 'https://example.test/hidden/unlocked.png',
        experiencePoints: 1000,
      },
    ]);
  });

  it('shows hidden details when the operator asks for them', () => {
    const [, , hidden] = buildAchievementItems(defs, [], [], { revealHiddenDetails: true });
    expect(hidden).toMatchObject({ id: 'hidden', state: 'HIDDEN', name: 'Name of hidden', description: 'Description of hidden' });
  });

  it('overlays pending writes: unlock, clamped increments that unlock at the total, set-steps that only raise, reveal', () => {
    const items = buildAchievementItems(
      defs,
      [state('std', 'REVEALED'), state('inc', 'REVEALED', { currentSteps: 4 }), state('hidden', 'HIDDEN')],
      [write('inc', 'INCREMENT', 3), write('inc', 'SET_STEPS_AT_LEAST', 5), write('hidden', 'REVEAL'), write('std', 'UNLOCK')],
      { revealHiddenDetails: false },
    );
    expect(items.map((i) => [i.id, i.state, i.currentSteps, i.pending])).toEqual([
      ['std', 'UNLOCKED', undefined, true],
      ['inc', 'REVEALED', 7, true],
      ['hidden', 'REVEALED', undefined, true],
    ]);
    // Revealed by a pending write: the details show.
    expect(items[2]!.name).toBe('Name of hidden');

    const capped = buildAchievementItems(defs, [state('inc', 'REVEALED', { currentSteps: 8 })], [write('inc', 'INCREMENT', 5)], { revealHiddenDetails: false });
    // Only `inc` is in this player's list, so it is the only item.
    expect(capped).toEqual([expect.objectContaining({ id: 'inc', state: 'UNLOCKED', currentSteps: 10, pending: true })]);

    const lower = buildAchievementItems(defs, [state('inc', 'REVEALED', { currentSteps: 8 })], [write('inc', 'SET_STEPS_AT_LEAST', 2)], { revealHiddenDetails: false });
    expect(lower[0]).toMatchObject({ id: 'inc', state: 'REVEALED', currentSteps: 8 });
  });

  it('unlocking a hidden achievement reveals it; revealing an unlocked one changes nothing', () => {
    const items = buildAchievementItems(defs, [state('std', 'UNLOCKED'), state('inc', 'REVEALED'), state('hidden', 'HIDDEN')], [write('hidden', 'UNLOCK'), write('std', 'REVEAL')], {
      revealHiddenDetails: false,
    });
    expect(items[2]).toMatchObject({ state: 'UNLOCKED', name: 'Name of hidden' });
    expect(items[0]).toMatchObject({ state: 'UNLOCKED' });
  });

  it('shows only what the player’s own list has: a draft in the shared definitions stays hidden from non-testers', () => {
    const withDraft = [...defs, definition('draft')];
    const items = buildAchievementItems(withDraft, [state('std', 'REVEALED'), state('inc', 'REVEALED'), state('hidden', 'HIDDEN')], [], { revealHiddenDetails: false });
    expect(items.map((i) => i.id)).toEqual(['std', 'inc', 'hidden']);
  });

  it('falls back to every definition with its initial state when Google lists nothing', () => {
    const items = buildAchievementItems(defs, [], [], { revealHiddenDetails: false });
    expect(items.map((i) => i.state)).toEqual(['REVEALED', 'REVEALED', 'HIDDEN']);
    expect(items[1]!.currentSteps).toBe(0);
    expect(items.every((i) => i.pending === undefined)).toBe(true);
  });
});
