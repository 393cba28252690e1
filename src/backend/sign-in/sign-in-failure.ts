/**
 * What the game client is told when a Google call fails during sign-in. The meaning of the
 * failure is `classifyGoogleFailure`'s; this only picks sign-in's answers: a refused code (or an
 * access token revoked a moment after it was issued) means "request a new code", and an
 * unexpected refusal is our own bug, answered INTERNAL.
 */
import { ApiError } from '../errors.js';
import { apiErrorForGoogle, type FailureAnswers } from '../google-failures.js';

const SIGN_IN_ANSWERS: FailureAnswers = {
  'grant-refused': 'AUTH_CODE_INVALID',
  'token-refused': 'AUTH_CODE_INVALID',
  'scope-insufficient': 'INTERNAL',
  refused: 'INTERNAL',
};

/** The registry error for a failure in the sign-in pipeline; `answers` adds the step's own. */
export function signInFailure(error: unknown, answers: FailureAnswers = {}): ApiError {
  const mapped = apiErrorForGoogle(error, { ...SIGN_IN_ANSWERS, ...answers });
  if (mapped instanceof ApiError) return mapped;
  return new ApiError('INTERNAL', { detail: 'unexpected failure during sign-in', cause: error });
}
