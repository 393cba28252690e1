/**
 * What operators do, each action written to the audit log with who did it, from where, and what
 * it changed (or why it was refused): revoke a player's access, retry or cancel an outbox write.
 */
import type { FastifyRequest } from 'fastify';
import type { OAuthClient } from '../../google/oauth-client.js';
import type { JsonValue, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { classifyGoogleFailure } from '../google-failures.js';
import { operatorOf } from '../http/authenticate.js';
import type { TokenVault } from '../vault/token-vault.js';
import { adminWrites, grantState, type AdminWrite, type GrantState } from './player-views.js';

export interface OperatorActionDeps {
  store: Store;
  vault: Pick<TokenVault, 'revocableTokens'>;
  oauth: Pick<OAuthClient, 'revoke'>;
  /** Wakes the outbox worker, so that a retried write goes at once. */
  wakeWorker: () => void;
}

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

  async #whyNot(writeId: number, otherwise: 'WRITE_NOT_RETRYABLE' | 'WRITE_NOT_CANCELLABLE'): Promise<'WRITE_NOT_FOUND' | typeof otherwise> {
    const [write] = await this.#deps.store.findWrites([writeId]);
    return write === undefined ? 'WRITE_NOT_FOUND' : otherwise;
  }
}
