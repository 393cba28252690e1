/**
 * The durable score path, as for achievement writes: check the board and the game's policy
 * (refused: 400, nothing stored, nothing sent), record the score and claim it (one transaction),
 * send it at once within `sendDeadlineMs`, and answer:
 * - `200 { beatenScoreTimeSpans, unbeatenScores }` with Google's answer when it came in time;
 * - `202 { pending: true }` when the score stays for the worker: Google failing transiently, the
 *   player's grant dead (it waits for their next sign-in), or earlier scores still open (the
 *   worker then sends the best of them per board);
 * - a 4xx when Google refused it for good (recorded as failed).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { BackendMetrics } from '../metrics.js';
import type { ScoreWrite, Store } from '../../store/store.js';
import { StoreError } from '../../store/store-errors.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { LeaderboardCatalog } from './leaderboard-catalog.js';
import { answerOf, type ScoreAnswer } from './outcomes.js';
import { checkScorePolicy } from './policy-check.js';
import type { ScorePolicy } from './score-policy.js';
import type { ScoreSender } from './score-sender.js';

export interface ScoreSubmission {
  /** The player's internal ID. */
  playerId: string;
  leaderboardId: string;
  score: number;
  scoreTag?: string | undefined;
  caller: 'client' | 'server';
}

export type SubmitAnswer = { statusCode: 200; body: ScoreAnswer } | { statusCode: 202; body: { pending: true } };

export interface SubmitServiceDeps {
  store: Store;
  catalog: LeaderboardCatalog;
  sender: ScoreSender;
  policyFor: (leaderboardId: string) => ScorePolicy;
  sendDeadlineMs: number;
  leaseMs: number;
  wakeWorker: () => void;
  /** Told after a score was stored (the reader forgets what it cached of the player). */
  onStored: (playerId: string, leaderboardId: string) => void;
  logger: FastifyBaseLogger;
  metrics: BackendMetrics;
  now: () => number;
}

const PENDING: { pending: true } = { pending: true };

/** Accepts scores durably and sends them at once when it can. */
export class SubmitService {
  readonly #deps: SubmitServiceDeps;

  constructor(deps: SubmitServiceDeps) {
    this.#deps = deps;
  }

  /** Checks, stores and sends one score; throws an ApiError for a refused one. Counted in `pgs_score_writes_total`. */
  async submit(request: ScoreSubmission): Promise<SubmitAnswer> {
    try {
      const answer = await this.#submit(request);
      this.#deps.metrics.scoreWrites.inc({ outcome: answer.statusCode === 200 ? 'applied' : 'pending' });
      return answer;
    } catch (error) {
      if (error instanceof ApiError) this.#deps.metrics.scoreWrites.inc({ outcome: error.code });
      throw error;
    }
  }

  async #submit(request: ScoreSubmission): Promise<SubmitAnswer> {
    const { store, catalog, logger } = this.#deps;
    if (!Number.isSafeInteger(request.score)) throw new ApiError('INVALID_SCORE');
    let board;
    try {
      board = await catalog.find(request.playerId, request.leaderboardId);
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    if (!board) throw new ApiError('LEADERBOARD_NOT_FOUND', { message: `This game has no leaderboard ${request.leaderboardId} the player can see.` });

    const refusal = await checkScorePolicy(
      this.#deps.policyFor(board.id),
      { leaderboardId: board.id, order: board.order, score: request.score, scoreTag: request.scoreTag, playerRef: request.playerId, caller: request.caller },
      (since) => store.scoreHistory(request.playerId, board.id, since),
      this.#deps.now(),
    );
    if (refusal) {
      logger.warn(
        { playerRef: request.playerId, leaderboardId: board.id, score: request.score, caller: request.caller, rule: refusal.rule, reason: refusal.message },
        'score refused by the leaderboard policy; not sent to Google',
      );
      throw new ApiError('SCORE_REJECTED', { message: `Score refused by rule "${refusal.rule}": ${refusal.message}.` });
    }

    let stored: ScoreWrite[];
    try {
      stored = await store.enqueueScoreWrites(
        request.playerId,
        [{ leaderboardId: board.id, score: request.score, order: board.order, ...(request.scoreTag === undefined ? {} : { scoreTag: request.scoreTag }) }],
        { claimLeaseMs: this.#deps.leaseMs },
      );
    } catch (error) {
      if (error instanceof StoreError && error.code === 'PLAYER_NOT_FOUND') throw new ApiError('PLAYER_NOT_FOUND', { cause: error });
      throw error;
    }
    this.#deps.onStored(request.playerId, board.id);
    const write = stored[0]!;
    if (write.status !== 'in_flight') {
      logger.info({ playerRef: request.playerId, writeIds: [write.id], reason: 'earlier scores of the player are still open' }, 'score pending behind earlier ones');
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING };
    }
    try {
      const settlement = await this.#deps.sender.settle(request.playerId, [write], { deadlineMs: this.#deps.sendDeadlineMs, via: 'request' });
      const failure = settlement.failed.get(write.id);
      if (failure) {
        if (failure.status === 404) throw new ApiError('LEADERBOARD_NOT_FOUND', { detail: failure.reason });
        throw new ApiError('SCORE_WRITE_REJECTED', { detail: failure.reason });
      }
      const outcome = settlement.done.get(write.id);
      if (outcome) return { statusCode: 200, body: answerOf(outcome) };
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // Stored: whatever broke here, the lease expires and the worker sends it.
      logger.error({ playerRef: request.playerId, writeIds: [write.id], err: error }, 'score left to the worker after an error');
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING };
    }
  }
}
