import { describe, expect, it } from 'vitest';
import { inLanes } from './in-lanes.js';

describe('inLanes', () => {
  it('runs every item once, never more than `lanes` at a time, starting them in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await inLanes([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, item % 2 === 0 ? 5 : 1));
      running -= 1;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('does nothing for no items, and rejects when work throws', async () => {
    await inLanes([], 4, () => Promise.reject(new Error('never called')));
    await expect(inLanes([1], 4, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
