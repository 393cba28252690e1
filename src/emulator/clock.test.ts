import { describe, expect, it } from 'vitest';
import { EmulatorClock } from './clock.js';

describe('EmulatorClock', () => {
  it('runs ahead of the wall clock by what was advanced, and resets', () => {
    let wall = 1_000_000;
    const clock = new EmulatorClock(() => wall);
    expect(clock.now()).toBe(1_000_000);
    expect(clock.advance(1.5)).toBe(1_001_500);
    wall += 10;
    expect(clock.now()).toBe(1_001_510);
    expect(clock.wallNow()).toBe(1_000_010);
    clock.reset();
    expect(clock.now()).toBe(1_000_010);
  });

  it('never moves backwards', () => {
    const clock = new EmulatorClock(() => 0);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
