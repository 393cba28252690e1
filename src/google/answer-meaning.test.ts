import { describe, expect, it } from 'vitest';
import { meaningOfGoogleAnswer, retriedWithinCall, type GoogleAnswerMeaning } from './answer-meaning.js';

describe('meaningOfGoogleAnswer', () => {
  const cases: Array<[number, string | undefined, GoogleAnswerMeaning, boolean]> = [
    // status, reason, meaning, retried within the call
    [429, 'rateLimitExceeded', 'retry', true],
    [500, 'backendError', 'retry', true],
    [503, undefined, 'retry', true],
    [501, undefined, 'refused', false],
    [408, undefined, 'retry', false],
    [409, 'aborted', 'retry', false],
    [403, 'rateLimitExceeded', 'retry', true],
    [403, 'userRateLimitExceeded', 'retry', true],
    [403, 'RATE_LIMIT_EXCEEDED', 'retry', true],
    [403, 'dailyLimitExceeded', 'retry', false],
    [403, 'quotaExceeded', 'retry', false],
    [403, 'accessNotConfigured', 'misconfigured', false],
    [403, 'SERVICE_DISABLED', 'misconfigured', false],
    [403, 'insufficientPermissions', 'scope-insufficient', false],
    [403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'scope-insufficient', false],
    [403, 'forbidden', 'refused', false],
    [403, undefined, 'refused', false],
    [401, 'authError', 'token-refused', false],
    [404, 'notFound', 'refused', false],
    [400, 'invalid', 'refused', false],
  ];
  it.each(cases)('HTTP %i %s means %s (retried within the call: %s)', (status, reason, meaning, retried) => {
    expect(meaningOfGoogleAnswer(status, reason)).toBe(meaning);
    expect(retriedWithinCall(status, reason)).toBe(retried);
  });

  it('retries within the call only answers that mean retry', () => {
    for (const [status, reason] of cases) {
      if (retriedWithinCall(status, reason)) expect(meaningOfGoogleAnswer(status, reason)).toBe('retry');
    }
  });
});
