import { describe, expect, it } from 'vitest';
import { FaultRegistry, seededRandom } from './faults.js';

describe('FaultRegistry.match', () => {
  it('skips non-matching paths and methods', () => {
    const faults = new FaultRegistry();
    faults.add({ path: '/games/v1/achievements', method: 'post', status: 500 });
    expect(faults.match('GET', '/games/v1/achievements')).toBeUndefined();
    expect(faults.match('POST', '/games/v1/players/me')).toBeUndefined();
    expect(faults.match('POST', '/games/v1/achievements/x/unlock')?.terminal?.status).toBe(500);
  });

  it('adds delays per phase and stops at the first status or drop', () => {
    const faults = new FaultRegistry();
    const a = faults.add({ path: '/', delayMs: 10 });
    const b = faults.add({ path: '/', delayMs: 5, after: true });
    const c = faults.add({ path: '/', dropConnection: true, delayMs: 1 });
    const d = faults.add({ path: '/', status: 500 });
    const plan = faults.match('GET', '/x')!;
    expect(plan).toEqual({ delayBeforeMs: 11, delayAfterMs: 5, terminal: c, faults: [a, b, c] });
    expect(d.hits).toBe(0);
  });

  it('uses up `times` and then ignores the fault', () => {
    const faults = new FaultRegistry();
    const fault = faults.add({ path: '/', status: 503, times: 2 });
    expect(faults.match('GET', '/')?.terminal).toBe(fault);
    expect(faults.match('GET', '/')?.terminal).toBe(fault);
    expect(faults.match('GET', '/')).toBeUndefined();
    expect(fault).toMatchObject({ remaining: 0, hits: 2 });
  });

  it('does not use up `times` on a probability miss, and is reproducible with a seed', () => {
    const outcomes = (seed: number) => {
      const faults = new FaultRegistry(seed);
      faults.add({ path: '/', status: 503, probability: 0.3, times: 5 });
      return Array.from({ length: 200 }, () => faults.match('GET', '/') !== undefined);
    };
    const first = outcomes(7);
    expect(outcomes(7)).toEqual(first);
    expect(first.filter(Boolean)).toHaveLength(5);
    expect(outcomes(8)).not.toEqual(first);
  });

  it('reset() restarts the seeded sequence', () => {
    const faults = new FaultRegistry(3);
    faults.add({ path: '/', status: 503, probability: 0.5 });
    const first = Array.from({ length: 20 }, () => faults.match('GET', '/') !== undefined);
    faults.reset();
    faults.add({ path: '/', status: 503, probability: 0.5 });
    expect(Array.from({ length: 20 }, () => faults.match('GET', '/') !== undefined)).toEqual(first);
  });
});

describe('seededRandom', () => {
  it('yields numbers in [0, 1), the same for the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    for (let i = 0; i < 100; i += 1) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
