/**
 * Tester resets: `achievements.reset` / `resetAll` of the Games Management API, passed through
 * with the player's own token (docs/google/management-api.md, 'Achievement resets'). Google lets
 * only tester accounts reset; its refusal (403) becomes NOT_A_TESTER, unless Google says the token
 * lacks the scope (`insufficientPermissions`): the Management API documents only the full `games`
 * scope, and Play Games v2 codes grant `games_lite` (docs/google/management-api.md, 'Service
 * basics'), so a tester must not be told they are none. The player's state is never cached here
 * (each read asks Google), so the next read shows the reset at once.
 *
 * A reset is not undone by a write recorded before it: the player's writes of the reset
 * achievements still waiting in the outbox (Google failing, the grant parked) are held while the
 * reset runs and cancelled once Google has reset (`cancelled` in the outbox, never sent); a
 * write already on its way to Google is waited for (up to `inFlightWaitMs`), so that it lands
 * before the reset. If the reset fails, the held writes go back to the outbox untouched.
 */
import type { AchievementState } from '../../google/wire/achievements.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';
import type { AchievementManagement } from './google-port.js';

/** One reset achievement. */
export interface ResetResult {
  achievementId: string;
  /** The state after the reset: the achievement's initial state. */
  state: AchievementState;
  updateOccurred: boolean;
}

const STATES: ReadonlySet<string> = new Set(['HIDDEN', 'REVEALED', 'UNLOCKED']);

export interface ResetServiceDeps {
  management: AchievementManagement;
  vault: Pick<TokenVault, 'withAccessToken'>;
  store: Pick<Store, 'holdWritesForReset' | 'cancelWrites' | 'releaseWrites'>;
  now: () => number;
  /** How long a reset waits for a write of the same achievements already being sent to Google. */
  inFlightWaitMs: number;
  /** How long the reset's own Google call may take (the held writes' lease outlasts both). */
  resetCallMs: number;
}

/** How often a reset looks again whether a write it waits for has settled. */
const IN_FLIGHT_POLL_MS = 25;

const CANCELLED_BY_RESET = 'cancelled: a tester reset this achievement after the write was recorded and before it was sent';

/** Resets a tester's achievements through the Management API. */
export class ResetService {
  readonly #deps: ResetServiceDeps;

  constructor(deps: ResetServiceDeps) {
    this.#deps = deps;
  }

  /** Resets one achievement of the player (a tester) to its initial state. */
  async reset(playerId: string, achievementId: string): Promise<ResetResult> {
    return this.#withWritesHeld(playerId, [achievementId], async () => {
      try {
        const res = await this.#deps.vault.withAccessToken(playerId, (token) => this.#deps.management.resetAchievement(token, achievementId));
        return toResult(res.definitionId || achievementId, res.currentState, res.updateOccurred);
      } catch (error) {
        throw apiErrorForGoogle(error, { refusedByStatus: { 403: 'NOT_A_TESTER', 404: 'ACHIEVEMENT_NOT_FOUND' } });
      }
    });
  }

  /** Resets every achievement of the player (a tester). */
  async resetAll(playerId: string): Promise<ResetResult[]> {
    return this.#withWritesHeld(playerId, undefined, async () => {
      try {
        const res = await this.#deps.vault.withAccessToken(playerId, (token) => this.#deps.management.resetAllAchievements(token));
        return res.results.map((r) => toResult(r.definitionId, r.currentState, r.updateOccurred));
      } catch (error) {
        throw apiErrorForGoogle(error, { refusedByStatus: { 403: 'NOT_A_TESTER' } });
      }
    });
  }

  /**
   * Runs `reset` with the player's outbox writes of `achievementIds` (all, when undefined) held
   * back: those waiting are leased to this reset, those being sent are waited for. Once `reset`
   * succeeded the held writes are cancelled; if it failed they are released, as they were.
   */
  async #withWritesHeld<T>(playerId: string, achievementIds: readonly string[] | undefined, reset: () => Promise<T>): Promise<T> {
    const { store, now, inFlightWaitMs, resetCallMs } = this.#deps;
    const waitUntil = now() + inFlightWaitMs;
    const leaseUntil = waitUntil + resetCallMs;
    const held: number[] = [];
    for (;;) {
      const { held: more, inFlightElsewhere } = await store.holdWritesForReset(playerId, achievementIds, { now: now(), leaseUntil, alreadyHeld: held });
      held.push(...more.map((write) => write.id));
      if (inFlightElsewhere === 0) break;
      if (now() >= waitUntil) {
        await store.releaseWrites(held);
        throw new ApiError('GOOGLE_UNAVAILABLE', {
          message: 'A write of this achievement is still on its way to Google; retry the reset after the time in the Retry-After header.',
          detail: `reset waited ${inFlightWaitMs} ms for ${inFlightElsewhere} write(s) in flight`,
          retryAfterMs: 1000,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_POLL_MS));
    }
    let result: T;
    try {
      result = await reset();
    } catch (error) {
      await store.releaseWrites(held);
      throw error;
    }
    await store.cancelWrites(held, CANCELLED_BY_RESET);
    return result;
  }
}

function toResult(achievementId: string, state: string, updateOccurred: boolean): ResetResult {
  return {
    achievementId,
    // Google types `currentState` as a plain string; anything unexpected reads as the usual initial state.
    state: (STATES.has(state) ? state : 'REVEALED') as AchievementState,
    updateOccurred: updateOccurred === true,
  };
}
