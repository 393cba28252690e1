/**
 * What a game client is told when a Recall call fails. The meaning is `classifyGoogleFailure`'s;
 * Recall's own answers: Google's 400 is a Recall session it does not know (expired, or from
 * another game's SDK), so the device must ask for a new one; anything Google refuses otherwise
 * (our service account's key, its Play Console access) is the operator's setup.
 */
import { ApiError } from '../errors.js';
import { apiErrorForGoogle, type FailureAnswers } from '../google-failures.js';

const RECALL_ANSWERS: FailureAnswers = {
  refusedByStatus: { 400: 'RECALL_SESSION_INVALID' },
  refused: 'GOOGLE_MISCONFIGURED',
  'token-refused': 'GOOGLE_MISCONFIGURED',
  'grant-refused': 'GOOGLE_MISCONFIGURED',
  'scope-insufficient': 'GOOGLE_MISCONFIGURED',
};

/**
 * The registry error for a failed Recall call. `withSession`: the call named a Recall session
 * (link, restore), so Google's 400 is about it; `resetPersona` names none, and its 400 is ours.
 */
export function recallFailure(error: unknown, options: { withSession: boolean } = { withSession: true }): ApiError {
  const mapped = apiErrorForGoogle(error, options.withSession ? RECALL_ANSWERS : { ...RECALL_ANSWERS, refusedByStatus: {} });
  if (mapped instanceof ApiError) return mapped;
  return new ApiError('INTERNAL', { detail: 'unexpected failure calling Recall', cause: error });
}
