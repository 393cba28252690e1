/** PGS_SCORE_POLICY as the operator writes it: what is read, what stops start-up, and how policies merge. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { testConfig } from '../test-support/test-config.js';
import { longestWindowMs, policyFor } from './score-policy.js';

describe('PGS_SCORE_POLICY', () => {
  it('reads boards and "*" with every field', () => {
    const policy = { '*': { clientSubmissions: false }, b1: { min: -5, max: 100, maxImprovement: { amount: 10, windowSeconds: 60 } } };
    expect(testConfig({ PGS_SCORE_POLICY: JSON.stringify(policy) }).leaderboards.policies).toEqual(policy);
    expect(testConfig().leaderboards.policies).toEqual({});
  });

  it.each([
    ['not JSON', '{min: 1}', 'not valid JSON'],
    ['an array', '[]', 'JSON object'],
    ['an unknown field', '{"b":{"maximum":5}}', 'unknown field "maximum"'],
    ['a fractional bound', '{"b":{"max":1.5}}', 'max must be an integer'],
    ['a bound beyond 2^53', '{"b":{"max":9007199254740993}}', 'max must be an integer'],
    ['min above max', '{"b":{"min":5,"max":1}}', 'min (5) is above max (1)'],
    ['a window of 0 s', '{"b":{"maxImprovement":{"amount":1,"windowSeconds":0}}}', 'maxImprovement must be'],
    ['a non-boolean clientSubmissions', '{"b":{"clientSubmissions":"no"}}', 'true or false'],
  ])('stops start-up on %s, naming the setting', (_name, text, message) => {
    let error: unknown;
    try {
      testConfig({ PGS_SCORE_POLICY: text });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ setting: 'PGS_SCORE_POLICY', message: expect.stringContaining(message) as unknown }]);
  });

  it('merges "*" then the board, the environment before the code, field by field', () => {
    const env = { '*': { min: 0, max: 10 }, b1: { max: 50 } };
    const code = { b1: { clientSubmissions: false } };
    expect(policyFor('b1', env, code)).toEqual({ min: 0, max: 50, clientSubmissions: false });
    expect(policyFor('b2', env, code)).toEqual({ min: 0, max: 10 });
    expect(policyFor('toString', env)).toEqual({ min: 0, max: 10 });
    expect(longestWindowMs(env, { b3: { maxImprovement: { amount: 1, windowSeconds: 90 } } })).toBe(90_000);
  });
});
