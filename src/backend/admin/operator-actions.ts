/**
 * What operators do, each action written to the audit log with who did it, from where, and what
 * it changed (or why it was refused): revoke a player's access, retry or cancel an outbox write
 * (an achievement write, a score or an event update).
 */
import type { FastifyRequest } from 'fastify';
import type { OAuthClient } from '../../google/oauth-client.js';
import type { JsonValue, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { classifyGoogleFailure } from '../google-failures.js';
import { operatorOf } from '../http/authenticate.js';
import type { TokenVault } from '../vault/token-vault.js';
import { adminEventWrites, adminScoreWrites, type AdminEventWrite, type AdminScoreWrite } from './outbox-writes.js';
import { adminWrites, grantState, type AdminWrite, type GrantState } from './player-views.js';

export interface OperatorActionDeps {
  store: Store;
  vault: Pick<TokenVault, 'revocableTokens'>;
  oauth: Pick<OAuthClient, 'revoke'>;
  /** Wakes the outbox worker, so that a retried write goes at once. */
  wakeWorker: () => void;
  /** Wakes the score outbox's worker, for a retried score. */
  wakeScoreWorker?: () => void;
  /** Wakes the event outbox's worker, for a retried event write. */
  wakeEventWorker?: () => void;
}

/**
 * The audit target of a score or an event write: its outbox and ID (the three outboxes number
 * their writes apart, so an achievement write's bare ID could name another one).
 */
export const scoreWriteTarget = (id: number): string => `score-write:${id}`;
export const eventWriteTarget = (id: number): string => `event-write:${id}`;

/** Writes one audit entry for the request's operator. */
export async function audit(
  store: Pick<Store, 'appendAuditEntry'>,
  request: FastifyRequest,
  entry: { action: string; target?: string; outcome: 'ok' | 'refused'; detail?: JsonValue },
): Promise<void> {
  await store.appendAuditEntry({ actor: operatorOf(request).actor, sourceIp: request.ip, ...entry });
}

/** The fields of any outbox's write that an operator's change reads. */
interface OutboxRow {
  playerId: string;
  status: string;
  lastError: string | null;
}

/** What `#changeWrite` does for one action on one kind of write. */
interface WriteChange<W extends OutboxRow, V> {
  action: string;
  target: string;
  /** The refusal when the write exists but may not be changed so. */
  refused: 'WRITE_NOT_RETRYABLE' | 'WRITE_NOT_CANCELLABLE';
  change: () => Promise<W | undefined>;
  find: () => Promise<W | undefined>;
  view: (write: W) => Promise<V>;
  /** What the audit entry says of the changed write. */
  detail: (write: W) => Record<string, JsonValue>;
  /** A cancel: the audit entry records the status and reason the write had. */
  keepsBefore?: boolean;
  /** A refusal's own message and audit detail, for some states of the write. */
  whyRefused?: (write: W) => { message: string; detail: Record<string, JsonValue> } | undefined;
  wake?: (() => void) | undefined;
}

const cancelReason = (request: FastifyRequest): string => `cancelled by an operator (${operatorOf(request).actor})`;

export class OperatorActions {
  readonly #deps: OperatorActionDeps;

  constructor(deps: OperatorActionDeps) {
    this.#deps = deps;
  }

  /**
   * Cuts the player off: every session revoked at once (their game client must sign in again),
   * then their Google tokens revoked at Google and the grant marked revoked, so that the next
   * sign-in asks for consent again. When Google cannot be reached the sessions stay revoked and
   * the grant is left as it was, to try again.
   */
  async revokePlayer(request: FastifyRequest, id: string): Promise<{ revokedSessions: number; googleRevoked: boolean; grantState: GrantState }> {
    const { store, vault, oauth } = this.#deps;
    const player = await store.findPlayer(id);
    if (!player) {
      await audit(store, request, { action: 'player.revoke', target: id, outcome: 'refused', detail: { reason: 'PLAYER_NOT_FOUND' } });
      throw new ApiError('PLAYER_NOT_FOUND', { message: 'No player has that internal ID.' });
    }
    const revokedSessions = await store.revokeAllSessions(id, 'revoked by an operator');
    let googleRevoked = false;
    let googleError: string | undefined;
    try {
      const tokens = await vault.revocableTokens(id);
      await Promise.all(tokens.map((token) => oauth.revoke(token)));
      await store.updateGrantStatus(id, 'revoked', 'revoked by an operator');
      googleRevoked = true;
    } catch (error) {
      googleError = classifyGoogleFailure(error).kind;
    }
    const state = grantState(await store.getGrant(id));
    await audit(store, request, {
      action: 'player.revoke',
      target: id,
      outcome: 'ok',
      detail: { playerId: player.playerId, displayName: player.displayName, revokedSessions, googleRevoked, ...(googleError ? { googleError } : {}) },
    });
    return { revokedSessions, googleRevoked, grantState: state };
  }

  /** A failed write back to pending, due now. */
  retryWrite(request: FastifyRequest, writeId: number): Promise<AdminWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.retry',
      target: String(writeId),
      refused: 'WRITE_NOT_RETRYABLE',
      change: () => store.retryFailedWrite(writeId),
      find: async () => (await store.findWrites([writeId]))[0],
      view: async (write) => (await adminWrites(store, [write]))[0]!,
      detail: (write) => ({ achievementId: write.achievementId, type: write.op, player: write.playerId }),
      wake: this.#deps.wakeWorker,
    });
  }

  /** A pending or failed write cancelled: never to be sent, kept (status `cancelled`) until pruned. */
  cancelWrite(request: FastifyRequest, writeId: number): Promise<AdminWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.cancel',
      target: String(writeId),
      refused: 'WRITE_NOT_CANCELLABLE',
      change: () => store.cancelWrite(writeId, cancelReason(request)),
      find: async () => (await store.findWrites([writeId]))[0],
      view: async (write) => (await adminWrites(store, [write]))[0]!,
      detail: (write) => ({ achievementId: write.achievementId, type: write.op, steps: write.steps }),
      keepsBefore: true,
    });
  }

  /** A failed score back to pending, due now. */
  retryScoreWrite(request: FastifyRequest, writeId: number): Promise<AdminScoreWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.score.retry',
      target: scoreWriteTarget(writeId),
      refused: 'WRITE_NOT_RETRYABLE',
      change: () => store.retryFailedScoreWrite(writeId),
      find: async () => (await store.findScoreWrites([writeId]))[0],
      view: async (write) => (await adminScoreWrites(store, [write]))[0]!,
      detail: (write) => ({ leaderboardId: write.leaderboardId, score: write.score, player: write.playerId }),
      wake: this.#deps.wakeScoreWorker,
    });
  }

  /** A pending or failed score cancelled: never to be sent, kept (status `cancelled`) until pruned. */
  cancelScoreWrite(request: FastifyRequest, writeId: number): Promise<AdminScoreWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.score.cancel',
      target: scoreWriteTarget(writeId),
      refused: 'WRITE_NOT_CANCELLABLE',
      change: () => store.cancelScoreWrite(writeId, cancelReason(request)),
      find: async () => (await store.findScoreWrites([writeId]))[0],
      view: async (write) => (await adminScoreWrites(store, [write]))[0]!,
      detail: (write) => ({ leaderboardId: write.leaderboardId, score: write.score }),
      keepsBefore: true,
    });
  }

  /** A failed event write back to pending, due now, to be sent in a new batch. */
  retryEventWrite(request: FastifyRequest, writeId: number): Promise<AdminEventWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.event.retry',
      target: eventWriteTarget(writeId),
      refused: 'WRITE_NOT_RETRYABLE',
      change: () => store.retryFailedEventWrite(writeId),
      find: async () => (await store.findEventWrites([writeId]))[0],
      view: async (write) => (await adminEventWrites(store, [write]))[0]!,
      detail: (write) => ({ eventId: write.eventId, count: write.count, player: write.playerId }),
      wake: this.#deps.wakeEventWorker,
    });
  }

  /**
   * A failed event write, or a pending one not sent yet, cancelled. A pending write of a batch
   * whose answer was lost is refused: Google may have counted it, and the batch is resent whole.
   */
  cancelEventWrite(request: FastifyRequest, writeId: number): Promise<AdminEventWrite> {
    const { store } = this.#deps;
    return this.#changeWrite(request, {
      action: 'outbox.event.cancel',
      target: eventWriteTarget(writeId),
      refused: 'WRITE_NOT_CANCELLABLE',
      change: () => store.cancelEventWrite(writeId, cancelReason(request)),
      find: async () => (await store.findEventWrites([writeId]))[0],
      view: async (write) => (await adminEventWrites(store, [write]))[0]!,
      detail: (write) => ({ eventId: write.eventId, count: write.count }),
      keepsBefore: true,
      whyRefused: (write) =>
        write.status === 'pending' && write.requestId !== null
          ? {
              detail: { batched: true },
              message: 'This event update was sent in a batch whose answer was lost: Google may have counted it, so it is sent again as it was and cannot be cancelled.',
            }
          : undefined,
    });
  }

  /**
   * One operator change to one outbox write, audited either way: `change` answers the changed
   * write, or undefined when the write is missing (`WRITE_NOT_FOUND`) or not in a state that
   * allows it (`refused`). A cancel's audit entry keeps what the write was before.
   */
  async #changeWrite<W extends OutboxRow, V>(request: FastifyRequest, spec: WriteChange<W, V>): Promise<V> {
    const { store } = this.#deps;
    const before = spec.keepsBefore ? await spec.find() : undefined;
    const changed = await spec.change();
    if (!changed) {
      const write = await spec.find();
      const code = write === undefined ? 'WRITE_NOT_FOUND' : spec.refused;
      const why = write === undefined ? undefined : spec.whyRefused?.(write);
      await audit(store, request, { action: spec.action, target: spec.target, outcome: 'refused', detail: { reason: code, ...why?.detail } });
      throw new ApiError(code, why ? { message: why.message } : {});
    }
    spec.wake?.();
    const view = await spec.view(changed);
    const detail: Record<string, JsonValue> = { ...spec.detail(changed) };
    if (spec.keepsBefore) Object.assign(detail, { previousStatus: before?.status ?? null, previousReason: before?.lastError ?? null, player: changed.playerId });
    await audit(store, request, { action: spec.action, target: spec.target, outcome: 'ok', detail });
    return view;
  }
}
