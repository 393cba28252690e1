/**
 * What every conformance test shares: the store under test, a clock the test moves, and players
 * that are deleted after each test (every other record hangs off a player, so deleting them
 * leaves the database as empty as it started, which the global queries rely on).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SCOPES } from '../../google/wire/scopes.js';
import { openStore, type OpenStoreOptions } from '../open-store.js';
import type { GrantInput, Player, PlayerSignIn, Store } from '../store.js';

/** A database the suite runs against. */
export interface StoreTestTarget {
  /** Shown in the suite's name. */
  name: string;
  /** The URL the target opens, for the tests that open it themselves. */
  url: string;
  /** Extra options every open passes (a PostgreSQL test schema). */
  options: OpenStoreOptions;
  /** Whether two opens see the same data (false for `sqlite::memory:`). */
  sharedDatabase: boolean;
  /** Removes what the target created (drop the schema, delete the file); after the suite. */
  cleanup?(): Promise<void>;
}

/** A fixed start, so that timestamps in assertions are exact. */
export const T0 = 1_750_000_000_000;

/** The state of one running suite. */
export class Harness {
  readonly target: StoreTestTarget;
  readonly applicationId = `app-${randomUUID().slice(0, 8)}`;
  now = T0;
  readonly clock = (): number => this.now;
  #store: Store | undefined;
  readonly #players = new Set<string>();
  readonly #extraStores: Store[] = [];

  constructor(target: StoreTestTarget) {
    this.target = target;
  }

  /** The store under test. */
  get store(): Store {
    if (this.#store === undefined) throw new Error('the suite has not opened its store yet');
    return this.#store;
  }

  async setup(): Promise<void> {
    this.#store = await openStore(this.target.url, { ...this.target.options, clock: this.clock });
  }

  /** Opens another store on the target, with the suite's clock; closed after the test. */
  async open(options: OpenStoreOptions = {}): Promise<Store> {
    const store = await openStore(this.target.url, { ...this.target.options, clock: this.clock, ...options });
    this.#extraStores.push(store);
    return store;
  }

  /** Moves the suite's clock. */
  advance(ms: number): number {
    this.now += ms;
    return this.now;
  }

  /** A unique Play Games player ID. */
  newPlayerId(): string {
    return `g${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  }

  /** A sign-in input for this suite's application. */
  signInInput(overrides: Partial<PlayerSignIn> = {}): PlayerSignIn {
    return { applicationId: this.applicationId, playerId: this.newPlayerId(), displayName: 'Player', ...overrides };
  }

  /** Signs a player in through the store and remembers to delete them after the test. */
  async signIn(overrides: Partial<PlayerSignIn> = {}, store: Store = this.store): Promise<{ player: Player; created: boolean }> {
    const result = await store.upsertPlayerOnSignIn(this.signInInput(overrides));
    this.#players.add(result.player.id);
    return result;
  }

  /** A new player. */
  async player(overrides: Partial<PlayerSignIn> = {}): Promise<Player> {
    return (await this.signIn(overrides)).player;
  }

  /** Remembers a player created some other way, to delete after the test. */
  track(playerId: string): void {
    this.#players.add(playerId);
  }

  /** A grant input with recognisable fake ciphertexts. */
  grantInput(overrides: Partial<GrantInput> = {}): GrantInput {
    return {
      clientId: 'client-1.apps.googleusercontent.com',
      scopes: [SCOPES.gamesLite],
      accessTokenCiphertext: 'ct:access:1',
      accessTokenExpiresAt: this.now + 3_600_000,
      refreshTokenCiphertext: 'ct:refresh:1',
      keyId: 'k1',
      ...overrides,
    };
  }

  async afterEach(): Promise<void> {
    for (const store of this.#extraStores.splice(0)) await store.close();
    // Through the account, so that identities a test linked to it go too.
    for (const id of this.#players) {
      const player = await this.store.findPlayer(id);
      if (player !== undefined) await this.store.deleteAccount(player.accountId);
    }
    this.#players.clear();
    this.now = T0;
    // Every record hangs off a player: an empty players table means an empty store. Accounts go
    // with their last player.
    expect(await this.store.countPlayers(), 'players left behind by the test').toBe(0);
    expect(await this.store.countAccounts(), 'accounts left behind by the test').toBe(0);
    expect(await this.store.outboxStats(T0)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
    expect(await this.store.scoreOutboxStats(T0)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
    expect(await this.store.eventOutboxStats(T0)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
  }

  async teardown(): Promise<void> {
    for (const store of this.#extraStores.splice(0)) await store.close();
    await this.#store?.close();
    await this.target.cleanup?.();
  }
}

/** Resolves after `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An account ID as the store generates them (`acc_` + 32 hex digits). */
export const ACCOUNT_ID = /^acc_[0-9a-f]{32}$/;

/** A UUID as the store generates them. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
