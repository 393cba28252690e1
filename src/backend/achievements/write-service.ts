/**
 * The durable write path: validate, record in the store and claim (one transaction; increments
 * get their requestId there), send at once within `sendDeadlineMs`, and answer:
 * - `200` with Google's result when it arrived in time;
 * - `202 { pending: true }` when the write stays for the worker: Google failing transiently, the
 *   player's grant dead (it waits for their next sign-in), or earlier writes of the player still
 *   open (order first);
 * - a 4xx when Google refused the write for good (recorded as failed, visible to the operator).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AchievementWrite, IdempotencyRecord, JsonValue, Store } from '../../store/store.js';
import { StoreError } from '../../store/store-errors.js';
import type { ClientWritePolicy } from '../config.js';
import { ApiError } from '../errors.js';
import type { BackendMetrics } from '../metrics.js';
import type { DefinitionsSnapshot } from './definitions-cache.js';
import { requestHash } from './idempotency.js';
import { answerFor } from './outcomes.js';
import type { WriteFailure, WriteSender } from './write-sender.js';
import { checkClientPolicy, checkDefinitions, checkSteps, toWriteInputs, type Caller, type RequestedUpdate } from './validation.js';

/** What a write request is answered with. */
export interface WriteAnswer {
  statusCode: number;
  body: JsonValue;
  /** True when this is the stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface WriteRequest {
  /** The player's internal ID. */
  playerId: string;
  updates: RequestedUpdate[];
  /** `:batch` (answers `{ results }`) or a single-write route. */
  batch: boolean;
  caller: Caller;
  idempotencyKey?: string | undefined;
}

export interface WriteServiceDeps {
  store: Store;
  sender: WriteSender;
  /**
   * The game's definitions, fetched with the player's token when the cache is cold or lacks one
   * of `achievementIds` (a draft only testers see, a newly published achievement).
   */
  definitions: (playerId: string, achievementIds: readonly string[]) => Promise<DefinitionsSnapshot>;
  policy: ClientWritePolicy;
  sendDeadlineMs: number;
  leaseMs: number;
  /** Tells the worker there may be work. */
  wakeWorker: () => void;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
}

const PENDING = { pending: true } as const;

/** Accepts achievement writes durably and sends them at once when it can. */
export class WriteService {
  readonly #deps: WriteServiceDeps;

  constructor(deps: WriteServiceDeps) {
    this.#deps = deps;
  }

  /** Validates, stores and sends the request's writes; throws an ApiError for a refused request. */
  async submit(request: WriteRequest): Promise<WriteAnswer> {
    const { store, policy } = this.#deps;
    checkSteps(request.updates, request.batch);
    checkClientPolicy(request.updates, policy, request.caller, request.batch);
    const ids = request.updates.map((u) => u.achievementId);
    checkDefinitions(request.updates, await this.#deps.definitions(request.playerId, ids), request.batch);

    const idempotency =
      request.idempotencyKey === undefined
        ? undefined
        : { key: request.idempotencyKey, requestHash: requestHash(request.batch, request.updates) };
    let enqueued;
    try {
      // Recorded and, when nothing of the player is open, leased to this request in one transaction.
      enqueued = await store.enqueueAchievementWrites(request.playerId, toWriteInputs(request.updates), idempotency, {
        claimLeaseMs: this.#deps.leaseMs,
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'PLAYER_NOT_FOUND') throw new ApiError('PLAYER_NOT_FOUND', { cause: error });
      throw error;
    }
    if ('replay' in enqueued) return replay(enqueued.replay, idempotency?.requestHash);

    const writes = enqueued.writes;
    let answer: WriteAnswer;
    try {
      answer = await this.#sendNow(request, writes);
    } catch (error) {
      // The writes are stored: whatever broke here (the database, a bug), they are not lost. Their
      // lease expires and the worker sends them, so the honest answer is "pending".
      this.#deps.logger.error({ playerRef: request.playerId, writeIds: writes.map((w) => w.id), err: error }, 'achievement writes left to the worker after an error');
      this.#deps.wakeWorker();
      answer = { statusCode: 202, body: PENDING, replayed: false };
    }
    const outcome = answer.statusCode === 200 ? 'applied' : answer.statusCode === 202 ? 'pending' : 'failed';
    for (const write of writes) this.#deps.metrics.achievementWrites.inc({ op: write.op, outcome });
    if (idempotency) {
      try {
        await store.saveIdempotencyResponse(request.playerId, idempotency.key, answer.statusCode, answer.body);
      } catch (error) {
        // A replay then answers 202 pending, which stays true: the writes are stored.
        this.#deps.logger.error({ playerRef: request.playerId, err: error }, 'could not record the idempotent answer');
      }
    }
    return answer;
  }

  async #sendNow(request: WriteRequest, writes: AchievementWrite[]): Promise<WriteAnswer> {
    const { sender, logger } = this.#deps;
    if (!writes.every((w) => w.status === 'in_flight')) {
      logger.info(
        { playerRef: request.playerId, writeIds: writes.map((w) => w.id), reason: 'earlier writes of the player are still open' },
        'achievement writes pending behind earlier ones',
      );
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING, replayed: false };
    }
    const claimed = writes;
    const settlement = await sender.settle(request.playerId, claimed, { deadlineMs: this.#deps.sendDeadlineMs, via: 'request' });
    if (settlement.pending.length > 0) {
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING, replayed: false };
    }
    if (!request.batch) {
      const write = claimed[0]!;
      const failure = settlement.failed.get(write.id);
      if (failure) {
        const error = refusal(write, failure);
        return { statusCode: error.status, body: error.toBody() as unknown as JsonValue, replayed: false };
      }
      return { statusCode: 200, body: answerFor(write.op, settlement.done.get(write.id)!), replayed: false };
    }
    const results = claimed.map((write): JsonValue => {
      const failure = settlement.failed.get(write.id);
      if (failure) return { achievementId: write.achievementId, type: write.op, ...(refusal(write, failure).toBody() as unknown as Record<string, JsonValue>) };
      return { achievementId: write.achievementId, type: write.op, ...answerFor(write.op, settlement.done.get(write.id)!) };
    });
    return { statusCode: 200, body: { results }, replayed: false };
  }
}

/** The registry error for a write Google refused for good. */
export function refusal(write: AchievementWrite, failure: WriteFailure): ApiError {
  if (failure.status === 404) {
    return new ApiError('ACHIEVEMENT_NOT_FOUND', {
      message: `Google Play Games has no achievement ${write.achievementId} this player can write (a draft is visible to tester accounts only).`,
      detail: failure.reason,
    });
  }
  return new ApiError('ACHIEVEMENT_WRITE_REJECTED', { detail: failure.reason });
}

function replay(record: IdempotencyRecord, hash: string | undefined): WriteAnswer {
  if (record.requestHash !== hash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
  // The first request is still being answered, or crashed before it could: its writes are stored.
  if (record.statusCode === null || record.responseBody === null) return { statusCode: 202, body: PENDING, replayed: true };
  return { statusCode: record.statusCode, body: record.responseBody, replayed: true };
}
