/**
 * A stand-in for the token vault in achievement unit tests: each player has an access token the
 * fake Games API knows; a forced refresh issues a new one; failures are scripted.
 */
import { withAccessToken, type TokenVault } from '../vault/token-vault.js';
import type { FakeAchievementGames } from './fake-achievement-games.js';

export class FakeVault implements Pick<TokenVault, 'getAccessToken' | 'withAccessToken'> {
  readonly #games: FakeAchievementGames;
  readonly #tokens = new Map<string, string>();
  readonly #failures = new Map<string, Array<() => Error>>();
  calls: Array<{ playerId: string; forceRefresh: boolean }> = [];
  #serial = 0;

  constructor(games: FakeAchievementGames) {
    this.#games = games;
  }

  /** Gives the player a valid token. */
  grant(playerId: string): string {
    const token = `tok-${playerId}-${++this.#serial}`;
    this.#tokens.set(playerId, token);
    this.#games.tokens.set(token, playerId);
    return token;
  }

  /** Makes the player's current token stop working at Google (as if it expired early). */
  expire(playerId: string): void {
    const token = this.#tokens.get(playerId);
    if (token) this.#games.tokens.delete(token);
  }

  /** Makes the next `getAccessToken` for the player throw. */
  failNext(playerId: string, error: () => Error): void {
    this.#failures.set(playerId, [...(this.#failures.get(playerId) ?? []), error]);
  }

  withAccessToken<T>(playerId: string, fn: (accessToken: string) => Promise<T>): Promise<T> {
    return withAccessToken(this, playerId, fn);
  }

  async getAccessToken(playerId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    this.calls.push({ playerId, forceRefresh: options.forceRefresh === true });
    const failure = this.#failures.get(playerId)?.shift();
    if (failure) throw failure();
    if (options.forceRefresh) return this.grant(playerId);
    const token = this.#tokens.get(playerId);
    if (!token) throw new Error(`fake vault: no grant for ${playerId}`);
    return token;
  }
}
