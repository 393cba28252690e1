/**
 * Server-authoritative scores: what a game accepts on each leaderboard before anything reaches
 * Google. Google's own console limits drop a score silently (and only bounds exist there); this
 * refuses it with the rule that failed, logs it with the player, and never sends it:
 *
 * - `clientSubmissions: false` (rule `serverOnly`): only the game's servers submit
 *   (`/v1/players/{playerId}/…` with the server API key); game clients are refused;
 * - `min` / `max` (rules `min`, `max`): inclusive bounds;
 * - `maxImprovement: { amount, windowSeconds }` (rule `maxImprovement`): in any window of that
 *   length, a player's score may beat their standing by at most `amount`, their standing being
 *   their best score accepted before the window (or, with none, their first one inside it);
 * - `validate` (rule `validate`, library users only): a function that sees the submission and may
 *   refuse it with a message.
 *
 * Policies come from `PGS_SCORE_POLICY` (JSON: board ID → policy, `"*"` for every board) and from
 * `createBackend({ leaderboards: { policies } })`; for one board, the fields of `"*"` apply first,
 * then the board's own, the environment's before the code's.
 */
import type { LeaderboardOrder } from '../../google/wire/leaderboards.js';

/** What a validation function sees. */
export interface ScoreSubmissionContext {
  leaderboardId: string;
  order: LeaderboardOrder;
  score: number;
  scoreTag: string | undefined;
  /** The backend's internal player ID. */
  playerRef: string;
  /** Who submits: the player's game client, or the game's own server. */
  caller: 'client' | 'server';
}

/** `true` or `undefined` accepts; a string (or `{ message }`) refuses, with that message. */
export type ScoreVerdict = true | undefined | string | { message: string };

/** One leaderboard's rules. Every field is optional; an empty policy accepts everything. */
export interface ScorePolicy {
  /** `false`: only the game's servers may submit. Default `true`. */
  clientSubmissions?: boolean;
  min?: number;
  max?: number;
  maxImprovement?: { amount: number; windowSeconds: number };
  validate?: (submission: ScoreSubmissionContext) => ScoreVerdict | Promise<ScoreVerdict>;
}

/** Policies by leaderboard ID; `"*"` applies to every board. */
export type ScorePolicies = Readonly<Record<string, ScorePolicy>>;

/** The names a refusal gives, in `SCORE_REJECTED`'s message and the log. */
export type ScoreRule = 'serverOnly' | 'min' | 'max' | 'maxImprovement' | 'validate';

/** The policy of one board: `"*"` then the board, from each source in order. */
export function policyFor(leaderboardId: string, ...sources: readonly (ScorePolicies | undefined)[]): ScorePolicy {
  const merged: ScorePolicy = {};
  for (const source of sources) {
    if (!source) continue;
    Object.assign(merged, source['*'] ?? {}, Object.hasOwn(source, leaderboardId) ? source[leaderboardId] : {});
  }
  return merged;
}

/** The longest improvement window of any policy, so that the outbox keeps that much history. */
export function longestWindowMs(...sources: readonly (ScorePolicies | undefined)[]): number {
  let longest = 0;
  for (const source of sources) for (const policy of Object.values(source ?? {})) longest = Math.max(longest, (policy.maxImprovement?.windowSeconds ?? 0) * 1000);
  return longest;
}

const POLICY_KEYS = new Set(['clientSubmissions', 'min', 'max', 'maxImprovement']);
/** A `PGS_SCORE_POLICY` that cannot be used; `config.ts` reports it as a setting problem. */
export class ScorePolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScorePolicyError';
  }
}

/**
 * Reads `PGS_SCORE_POLICY`: a JSON object of board ID (or `"*"`) → `{ clientSubmissions?, min?,
 * max?, maxImprovement?: { amount, windowSeconds } }`. Scores are integers within ±(2^53 − 1).
 */
export function parseScorePolicies(text: string | undefined): ScorePolicies {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScorePolicyError('is not valid JSON; write an object of leaderboard ID (or "*") to policy, e.g. {"*":{"min":0,"max":100000}}.');
  }
  if (!isObject(parsed)) throw new ScorePolicyError('must be a JSON object of leaderboard ID (or "*") to policy.');
  const policies: Record<string, ScorePolicy> = {};
  for (const [board, value] of Object.entries(parsed)) {
    const where = `policy of ${JSON.stringify(board)}`;
    if (!isObject(value)) throw new ScorePolicyError(`the ${where} must be an object.`);
    for (const key of Object.keys(value)) {
      if (!POLICY_KEYS.has(key)) throw new ScorePolicyError(`the ${where} has an unknown field ${JSON.stringify(key)}; known: ${[...POLICY_KEYS].join(', ')}.`);
    }
    const policy: ScorePolicy = {};
    if (value.clientSubmissions !== undefined) {
      if (typeof value.clientSubmissions !== 'boolean') throw new ScorePolicyError(`the ${where}: clientSubmissions must be true or false.`);
      policy.clientSubmissions = value.clientSubmissions;
    }
    for (const bound of ['min', 'max'] as const) {
      if (value[bound] === undefined) continue;
      if (!Number.isSafeInteger(value[bound])) throw new ScorePolicyError(`the ${where}: ${bound} must be an integer within ±(2^53 − 1).`);
      policy[bound] = value[bound] as number;
    }
    if (policy.min !== undefined && policy.max !== undefined && policy.min > policy.max) {
      throw new ScorePolicyError(`the ${where}: min (${policy.min}) is above max (${policy.max}).`);
    }
    if (value.maxImprovement !== undefined) {
      const improvement = value.maxImprovement;
      const valid =
        isObject(improvement) &&
        Object.keys(improvement).every((k) => k === 'amount' || k === 'windowSeconds') &&
        Number.isSafeInteger(improvement.amount) &&
        (improvement.amount as number) >= 0 &&
        Number.isSafeInteger(improvement.windowSeconds) &&
        (improvement.windowSeconds as number) > 0;
      if (!valid) throw new ScorePolicyError(`the ${where}: maxImprovement must be { "amount": integer ≥ 0, "windowSeconds": integer > 0 }.`);
      policy.maxImprovement = { amount: improvement.amount as number, windowSeconds: improvement.windowSeconds as number };
    }
    policies[board] = policy;
  }
  return policies;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
