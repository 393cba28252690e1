/**
 * Runs a board's score policy (`score-policy.ts`) on one submission: the first rule that refuses
 * it wins, in the order serverOnly, min, max, maxImprovement, validate (cheap checks first; the
 * history is read only when a window is configured, the validation function runs last).
 */
import type { ScoreWrite } from '../../store/store.js';
import { bestOf, improvement } from './best-score.js';
import type { ScorePolicy, ScoreRule, ScoreSubmissionContext } from './score-policy.js';

export interface PolicyRefusal {
  rule: ScoreRule;
  message: string;
}

/** `history(since)`: the player's accepted scores on the board created at or after `since`. */
export async function checkScorePolicy(
  policy: ScorePolicy,
  submission: ScoreSubmissionContext,
  history: (since: number) => Promise<ScoreWrite[]>,
  now: number,
): Promise<PolicyRefusal | undefined> {
  const { score, order } = submission;
  if (policy.clientSubmissions === false && submission.caller === 'client') {
    return { rule: 'serverOnly', message: 'this leaderboard takes scores from the game server only' };
  }
  if (policy.min !== undefined && score < policy.min) return { rule: 'min', message: `${score} is below the smallest allowed score, ${policy.min}` };
  if (policy.max !== undefined && score > policy.max) return { rule: 'max', message: `${score} is above the largest allowed score, ${policy.max}` };
  if (policy.maxImprovement) {
    const { amount, windowSeconds } = policy.maxImprovement;
    const windowStart = now - windowSeconds * 1000;
    const scores = await history(0);
    const before = bestOf(order, scores.filter((w) => w.createdAt < windowStart));
    const standing = before ?? scores.find((w) => w.createdAt >= windowStart);
    if (standing !== undefined && improvement(order, score, standing.score) > amount) {
      return {
        rule: 'maxImprovement',
        message: `${score} improves on the player's standing score ${standing.score} by more than ${amount} within ${windowSeconds} s`,
      };
    }
  }
  if (policy.validate) {
    const verdict = await policy.validate(submission);
    if (verdict !== true && verdict !== undefined) {
      return { rule: 'validate', message: typeof verdict === 'string' ? verdict : verdict.message };
    }
  }
  return undefined;
}
