/**
 * Sends a player's claimed scores to Google and settles each in the store, for the request path
 * and the worker alike (the achievement `write-sender.ts` pattern, with its failure meanings,
 * `../achievements/failures.ts`, and backoff, `../achievements/backoff.ts`).
 *
 * Merging: Google keeps only a player's best per board and span, and every score of one send
 * lands in the same spans, so of several open scores of one board only the best (the earliest of
 * equals) is sent; the others are settled with it (`mergedInto`). Several boards go out as one
 * `scores.submitMultiple`; a batch Google refuses as a whole is sent again one board at a time,
 * so that only the bad board fails. Sending a score again after a crash is harmless (best only).
 */
import type { FastifyBaseLogger } from 'fastify';
import { GoogleUnavailableError } from '../../google/errors.js';
import type { CallOptions } from '../../google/http.js';
import { GOOGLE_OPERATIONS } from '../../google/operations.js';
import type { PlayerScoreResponse } from '../../google/wire/scores.js';
import type { ScoreWrite, Store } from '../../store/store.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../achievements/backoff.js';
import { classifyFailure, type Failure } from '../achievements/failures.js';
import { DEFER_MS, type SettleOptions, type WriteFailure } from '../achievements/write-sender.js';
import type { BackendMetrics } from '../metrics.js';
import type { TokenVault } from '../vault/token-vault.js';
import { bestOf } from './best-score.js';
import type { LeaderboardGames } from './google-port.js';
import { mergedOutcome, outcomeJson, outcomeOf, type ScoreOutcome } from './outcomes.js';

export interface ScoreSenderDeps {
  store: Store;
  games: Pick<LeaderboardGames, 'submitScore' | 'submitScores'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  now: () => number;
  googleTimeoutMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Told after every Google send, with the number of boards in it (tests and benchmarks count batches). */
  onSend?: (boards: number) => void;
}

/** How each score of a settlement ended. */
export interface ScoreSettlement {
  done: Map<number, ScoreOutcome>;
  failed: Map<number, WriteFailure>;
  /** Scores still pending (retried later or parked). */
  pending: number[];
  pendingReason: string | undefined;
}

/** One board's scores of a settlement, and the one sent for them. */
interface BoardGroup {
  leaderboardId: string;
  best: ScoreWrite;
  writes: ScoreWrite[];
}

/** Sends claimed scores and records what became of them. */
export class ScoreSender {
  readonly #deps: ScoreSenderDeps;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;

  constructor(deps: ScoreSenderDeps) {
    this.#deps = deps;
    this.#backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.#random = deps.random ?? Math.random;
  }

  /** Sends `writes` (one player's, claimed) and settles them. Never throws for a Google failure. */
  async settle(playerId: string, writes: readonly ScoreWrite[], options: SettleOptions): Promise<ScoreSettlement> {
    const settlement: ScoreSettlement = { done: new Map(), failed: new Map(), pending: [], pendingReason: undefined };
    if (writes.length === 0) return settlement;
    const deadline = performance.now() + options.deadlineMs;
    const groups = groupByBoard(writes);

    let failure: Failure;
    try {
      const responses = await this.#send(playerId, groups, deadline, options);
      await this.#complete(groups, responses, settlement);
      return settlement;
    } catch (error) {
      failure = classifyFailure(error);
    }
    if (failure.kind !== 'permanent') {
      await this.#park(playerId, writes, failure, settlement);
      return settlement;
    }
    if (groups.length === 1) {
      await this.#fail(groups[0]!.writes, failure, settlement);
      return settlement;
    }
    this.#deps.logger.info({ playerRef: playerId, writeIds: writes.map((w) => w.id), reason: failure.reason }, 'score batch refused; sending its boards one by one');
    for (const [index, group] of groups.entries()) {
      try {
        const responses = await this.#send(playerId, [group], deadline, options);
        await this.#complete([group], responses, settlement);
      } catch (error) {
        const single = classifyFailure(error);
        if (single.kind === 'permanent') {
          await this.#fail(group.writes, single, settlement);
          continue;
        }
        await this.#park(playerId, groups.slice(index).flatMap((g) => g.writes), single, settlement);
        return settlement;
      }
    }
    return settlement;
  }

  #send(playerId: string, groups: readonly BoardGroup[], deadline: number, options: SettleOptions): Promise<PlayerScoreResponse[]> {
    return this.#deps.vault.withAccessToken(playerId, (token) => this.#call(token, groups, deadline, options));
  }

  async #call(token: string, groups: readonly BoardGroup[], deadline: number, options: SettleOptions): Promise<PlayerScoreResponse[]> {
    const remaining = Math.floor(deadline - performance.now());
    const operation = groups.length === 1 ? GOOGLE_OPERATIONS.scoresSubmit : GOOGLE_OPERATIONS.scoresSubmitMultiple;
    if (remaining < 1) throw new GoogleUnavailableError({ operation, kind: 'timeout', attempts: 0, message: `${operation}: send deadline reached before the call` });
    const call: CallOptions = {
      deadlineMs: remaining,
      timeoutMs: Math.max(1, Math.min(this.#deps.googleTimeoutMs, remaining)),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    };
    this.#deps.onSend?.(groups.length);
    if (groups.length === 1) {
      const { best } = groups[0]!;
      return [await this.#deps.games.submitScore(token, best.leaderboardId, best.score, { ...call, ...(best.scoreTag === null ? {} : { scoreTag: best.scoreTag }) })];
    }
    const res = await this.#deps.games.submitScores(
      token,
      groups.map(({ best }) => ({ leaderboardId: best.leaderboardId, score: best.score, ...(best.scoreTag === null ? {} : { scoreTag: best.scoreTag }) })),
      call,
    );
    // One answer per submission, in order; matched by board in case Google reorders them.
    return groups.map((group, i) => res.submittedScores.find((s) => s.leaderboardId === group.leaderboardId) ?? res.submittedScores[i]!);
  }

  async #complete(groups: readonly BoardGroup[], responses: readonly PlayerScoreResponse[], settlement: ScoreSettlement): Promise<void> {
    const ids: number[] = [];
    const outcomes: ScoreOutcome[] = [];
    groups.forEach((group, i) => {
      const response = responses[i];
      // A missing answer (Google left one out) still settles: the score went out with the batch.
      const best: ScoreOutcome = response ? outcomeOf(response) : { beatenScoreTimeSpans: [], unbeatenScores: [] };
      for (const write of group.writes) {
        ids.push(write.id);
        outcomes.push(write.id === group.best.id ? best : mergedOutcome(best, group.best.score, group.best.id));
      }
    });
    await this.#deps.store.completeScoreWrites(ids, outcomes.map(outcomeJson));
    ids.forEach((id, i) => settlement.done.set(id, outcomes[i]!));
  }

  async #fail(writes: readonly ScoreWrite[], failure: Extract<Failure, { kind: 'permanent' }>, settlement: ScoreSettlement): Promise<void> {
    await this.#deps.store.failScoreWrites(writes.map((w) => w.id), failure.reason);
    for (const w of writes) settlement.failed.set(w.id, { status: failure.status, googleReason: failure.googleReason, reason: failure.reason });
    this.#deps.logger.warn(
      { playerRef: writes[0]?.playerId, writeIds: writes.map((w) => w.id), leaderboardIds: [...new Set(writes.map((w) => w.leaderboardId))], reason: failure.reason },
      'score failed for good',
    );
  }

  async #park(playerId: string, writes: readonly ScoreWrite[], failure: Failure, settlement: ScoreSettlement): Promise<void> {
    const ids = writes.map((w) => w.id);
    settlement.pending.push(...ids);
    settlement.pendingReason = failure.reason;
    const now = this.#deps.now();
    if (failure.kind === 'reauth') {
      await this.#deps.store.deferScoreWritesForPlayer(playerId, now + DEFER_MS, failure.reason);
      this.#deps.logger.info({ playerRef: playerId, writeIds: ids, reason: failure.reason }, 'scores pending until the player signs in again');
      return;
    }
    const attempts = Math.max(...writes.map((w) => w.attempts));
    const delay = retryDelayMs(attempts, failure.kind === 'transient' ? failure.retryAfterMs : undefined, this.#backoff, this.#random);
    await this.#deps.store.retryScoreWrites(ids, now + delay, failure.reason);
    this.#deps.metrics.googleRetries.inc({ operation: new Set(writes.map((w) => w.leaderboardId)).size === 1 ? GOOGLE_OPERATIONS.scoresSubmit : GOOGLE_OPERATIONS.scoresSubmitMultiple });
    const fields = { playerRef: playerId, writeIds: ids, attempts: attempts + 1, retryInMs: delay, reason: failure.reason };
    if (failure.kind === 'unexpected') this.#deps.logger.error({ ...fields, err: failure.error }, 'scores pending after an unexpected error');
    else this.#deps.logger.info(fields, 'scores pending: Google unavailable, retrying later');
  }
}

/** The scores per board, in order of each board's first score, each with its best. */
function groupByBoard(writes: readonly ScoreWrite[]): BoardGroup[] {
  const groups = new Map<string, ScoreWrite[]>();
  for (const write of [...writes].sort((a, b) => a.id - b.id)) {
    const list = groups.get(write.leaderboardId) ?? [];
    list.push(write);
    groups.set(write.leaderboardId, list);
  }
  return [...groups].map(([leaderboardId, list]) => ({ leaderboardId, writes: list, best: bestOf(list[0]!.order, list)! }));
}
