/**
 * Tester resets: `achievements.reset` / `resetAll` of the Games Management API, passed through
 * with the player's own token (docs/google/management-api.md, 'Achievement resets'). Google lets
 * only tester accounts reset; its refusal (403) becomes NOT_A_TESTER, unless Google says the token
 * lacks the scope (`insufficientPermissions`): the Management API documents only the full `games`
 * scope, and Play Games v2 codes grant `games_lite` (docs/google/management-api.md, 'Service
 * basics'), so a tester must not be told they are none. The player's state is never cached here
 * (each read asks Google), so the next read shows the reset at once.
 */
import type { AchievementState } from '../../google/wire/achievements.js';
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

/** Resets a tester's achievements through the Management API. */
export class ResetService {
  readonly #management: AchievementManagement;
  readonly #vault: Pick<TokenVault, 'withAccessToken'>;

  constructor(deps: { management: AchievementManagement; vault: Pick<TokenVault, 'withAccessToken'> }) {
    this.#management = deps.management;
    this.#vault = deps.vault;
  }

  /** Resets one achievement of the player (a tester) to its initial state. */
  async reset(playerId: string, achievementId: string): Promise<ResetResult> {
    try {
      const res = await this.#vault.withAccessToken(playerId, (token) => this.#management.resetAchievement(token, achievementId));
      return toResult(res.definitionId || achievementId, res.currentState, res.updateOccurred);
    } catch (error) {
      throw apiErrorForGoogle(error, { refusedByStatus: { 403: 'NOT_A_TESTER', 404: 'ACHIEVEMENT_NOT_FOUND' } });
    }
  }

  /** Resets every achievement of the player (a tester). */
  async resetAll(playerId: string): Promise<ResetResult[]> {
    try {
      const res = await this.#vault.withAccessToken(playerId, (token) => this.#management.resetAllAchievements(token));
      return res.results.map((r) => toResult(r.definitionId, r.currentState, r.updateOccurred));
    } catch (error) {
      throw apiErrorForGoogle(error, { refusedByStatus: { 403: 'NOT_A_TESTER' } });
    }
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
