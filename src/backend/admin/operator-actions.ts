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
  async retryWrite(request: FastifyRequest, writeId: number): Promise<AdminWrite> {
    const { store } = this.#deps;
    const retried = await store.retryFailedWrite(writeId);
    if (!retried) {
      const code = await this.#whyNot(writeId, 'WRITE_NOT_RETRYABLE');
      await audit(store, request, { action: 'outbox.retry', target: String(writeId), outcome: 'refused', detail: { reason: code } });
      throw new ApiError(code);
    }
    this.#deps.wakeWorker();
    const [view] = await adminWrites(store, [retried]);
    await audit(store, request, { action: 'outbox.retry', target: String(writeId), outcome: 'ok', detail: { achievementId: retried.achievementId, type: retried.op, player: retried.playerId } });
    return view!;
  }

  /** A pending or failed write cancelled: never to be sent, kept (status `cancelled`) until pruned. */
  async cancelWrite(request: FastifyRequest, writeId: number): Promise<AdminWrite> {
    const { store } = this.#deps;
    const [before] = await store.findWrites([writeId]);
    const cancelled = await store.cancelWrite(writeId, `cancelled by an operator (${operatorOf(request).actor})`);
    if (!cancelled) {
      const code = await this.#whyNot(writeId, 'WRITE_NOT_CANCELLABLE');
      await audit(store, request, { action: 'outbox.cancel', target: String(writeId), outcome: 'refused', detail: { reason: code } });
      throw new ApiError(code);
    }
    const [view] = await adminWrites(store, [cancelled]);
    await audit(store, request, {
      action: 'outbox.cancel',
      target: String(writeId),
      outcome: 'ok',
      detail: {
        achievementId: cancelled.achievementId,
        type: cancelled.op,
        steps: cancelled.steps,
        previousStatus: before?.status ?? null,
        previousReason: before?.lastError ?? null,
        player: cancelled.playerId,
      },
    });
    return view!;
  }

  /** A failed score back to pending, due now. */
  async retryScoreWrite(request: FastifyRequest, writeId: number): Promise<AdminScoreWrite> {
    const { store } = this.#deps;
    const target = scoreWriteTarget(writeId);
    const retried = await store.retryFailedScoreWrite(writeId);
    if (!retried) {
      const [write] = await store.findScoreWrites([writeId]);
      const code = write === undefined ? 'WRITE_NOT_FOUND' : 'WRITE_NOT_RETRYABLE';
      await audit(store, request, { action: 'outbox.score.retry', target, outcome: 'refused', detail: { reason: code } });
      throw new ApiError(code);
    }
    this.#deps.wakeScoreWorker?.();
    const [view] = await adminScoreWrites(store, [retried]);
    await audit(store, request, { action: 'outbox.score.retry', target, outcome: 'ok', detail: { leaderboardId: retried.leaderboardId, score: retried.score, player: retried.playerId } });
    return view!;
  }

  /** A pending or failed score cancelled: never to be sent, kept (status `cancelled`) until pruned. */
  async cancelScoreWrite(request: FastifyRequest, writeId: number): Promise<AdminScoreWrite> {
    const { store } = this.#deps;
    const target = scoreWriteTarget(writeId);
    const [before] = await store.findScoreWrites([writeId]);
    const cancelled = await store.cancelScoreWrite(writeId, `cancelled by an operator (${operatorOf(request).actor})`);
    if (!cancelled) {
      const [write] = await store.findScoreWrites([writeId]);
      const code = write === undefined ? 'WRITE_NOT_FOUND' : 'WRITE_NOT_CANCELLABLE';
      await audit(store, request, { action: 'outbox.score.cancel', target, outcome: 'refused', detail: { reason: code } });
      throw new ApiError(code);
    }
    const [view] = await adminScoreWrites(store, [cancelled]);
    await audit(store, request, {
      action: 'outbox.score.cancel',
      target,
      outcome: 'ok',
      detail: {
        leaderboardId: cancelled.leaderboardId,
        score: cancelled.score,
        previousStatus: before?.status ?? null,
        previousReason: before?.lastError ?? null,
        player: cancelled.playerId,
      },
    });
    return view!;
  }

  /** A failed event write back to pending, due now, to be sent in a new batch. */
  async retryEventWrite(request: FastifyRequest, writeId: number): Promise<AdminEventWrite> {
    const { store } = this.#deps;
    const target = eventWriteTarget(writeId);
    const retried = await store.retryFailedEventWrite(writeId);
    if (!retried) {
      const [write] = await store.findEventWrites([writeId]);
      const code = write === undefined ? 'WRITE_NOT_FOUND' : 'WRITE_NOT_RETRYABLE';
      await audit(store, request, { action: 'outbox.event.retry', target, outcome: 'refused', detail: { reason: code } });
      throw new ApiError(code);
    }
    this.#deps.wakeEventWorker?.();
    const [view] = await adminEventWrites(store, [retried]);
    await audit(store, request, { action: 'outbox.event.retry', target, outcome: 'ok', detail: { eventId: retried.eventId, count: retried.count, player: retried.playerId } });
    return view!;
  }

  /**
   * A failed event write, or a pending one not sent yet, cancelled. A pending write of a batch
   * whose answer was lost is refused: Google may have counted it, and the batch is resent whole.
   */
  async cancelEventWrite(request: FastifyRequest, writeId: number): Promise<AdminEventWrite> {
    const { store } = this.#deps;
    const target = eventWriteTarget(writeId);
    const [before] = await store.findEventWrites([writeId]);
    const cancelled = await store.cancelEventWrite(writeId, `cancelled by an operator (${operatorOf(request).actor})`);
    if (!cancelled) {
      const [write] = await store.findEventWrites([writeId]);
      const code = write === undefined ? 'WRITE_NOT_FOUND' : 'WRITE_NOT_CANCELLABLE';
      const batched = write?.status === 'pending' && write.requestId !== null;
      await audit(store, request, { action: 'outbox.event.cancel', target, outcome: 'refused', detail: { reason: code, ...(batched ? { batched } : {}) } });
      throw new ApiError(
        code,
        batched ? { message: 'This event update was sent in a batch whose answer was lost: Google may have counted it, so it is sent again as it was and cannot be cancelled.' } : {},
      );
    }
    const [view] = await adminEventWrites(store, [cancelled]);
    await audit(store, request, {
      action: 'outbox.event.cancel',
      target,
      outcome: 'ok',
      detail: {
        eventId: cancelled.eventId,
        count: cancelled.count,
        previousStatus: before?.status ?? null,
        previousReason: before?.lastError ?? null,
        player: cancelled.playerId,
      },
    });
    return view!;
  }

  async #whyNot(writeId: number, otherwise: 'WRITE_NOT_RETRYABLE' | 'WRITE_NOT_CANCELLABLE'): Promise<'WRITE_NOT_FOUND' | typeof otherwise> {
    const [write] = await this.#deps.store.findWrites([writeId]);
    return write === undefined ? 'WRITE_NOT_FOUND' : otherwise;
  }
}
