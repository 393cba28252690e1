import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../emulator/demo-seed.js';
import { tourAchievement, type TourAchievement } from './serve-tour.js';

const achievement = (id: string, fields: Partial<TourAchievement>): TourAchievement => ({
  id,
  name: id,
  achievementType: 'STANDARD',
  initialState: 'REVEALED',
  published: true,
  ...fields,
});

describe('tourAchievement', () => {
  it('picks a published, revealed STANDARD achievement, passing over drafts, hidden and incremental ones', () => {
    const picked = tourAchievement([
      achievement('draft', { published: false }),
      achievement('hidden', { initialState: 'HIDDEN' }),
      achievement('steps', { achievementType: 'INCREMENTAL' }),
      achievement('standard', {}),
    ]);
    expect(picked?.id).toBe('standard');
  });

  it('falls back to any published achievement, and to none', () => {
    expect(tourAchievement([achievement('draft', { published: false }), achievement('steps', { achievementType: 'INCREMENTAL' })])?.id).toBe('steps');
    expect(tourAchievement([achievement('draft', { published: false })])).toBeUndefined();
  });

  it('finds one in the demo game', () => {
    const demo = DEMO_SEED.applications[0]!.achievements.map((a) => ({ ...a }));
    expect(tourAchievement(demo)).toMatchObject({ achievementType: 'STANDARD', initialState: 'REVEALED', published: true });
  });
});
