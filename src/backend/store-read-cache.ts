/**
 * The two store reads every authenticated request makes, held in memory for a moment: whether
 * the session family is still open (`isSessionFamilyActive`, on every request) and the player's
 * Google grant (`getGrant`, on every request that calls Google). Without it a warm read or an
 * unlock paid two store round trips (two network round trips on PostgreSQL) before its one
 * Google call.
 *
 * What this process changes is seen at once: every store call of this process that revokes a
 * session or changes a grant goes through the wrapped store, and drops what it may have made
 * stale, after the change and whether or not it succeeded (a failed call may still have
 * committed). A read that was running while such a change finished is not kept (the epoch
 * below), so a cached answer is never older than the last change this process made. What
 * another process changes (another instance on the same PostgreSQL database, an operator's CLI)
 * is seen within `ttlMs`, one second by default: a family revoked there still lets this
 * instance answer for up to that long, and a grant revoked there (whose tokens are revoked at
 * Google too) answers as Google then does.
 *
 * Only an open family is cached: a revoked one stays revoked, and an unknown one is refused by
 * the store every time. Refreshing under `withGrantRefreshLock` reads the grant through its own
 * transaction, never from here.
 */
import type { Grant, Store } from '../store/store.js';
import { LruMap } from './lru-map.js';

/** How long another process's revocation or grant change may take to be seen here. */
export const STORE_READ_CACHE_TTL_MS = 1000;
/** Entries per cache: a bound, so no sequence of requests grows it without limit. */
const CAPACITY = 20_000;

export interface StoreReadCacheOptions {
  /** 0 turns the cache off (every call reaches the store). */
  ttlMs?: number;
  capacity?: number;
  /** The backend's clock, epoch ms. */
  now?: () => number;
}

/** A read-through cache with a TTL whose fills are discarded when anything was forgotten meanwhile. */
class ReadThrough<V> {
  readonly #entries: LruMap<string, { value: V; until: number }>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** Bumped by every `forget`: a read that started before it may have seen the old value. */
  #epoch = 0;

  constructor(capacity: number, ttlMs: number, now: () => number) {
    this.#entries = new LruMap(capacity);
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async read(key: string, load: () => Promise<V>, keep: (value: V) => boolean): Promise<V> {
    const hit = this.#entries.peek(key);
    if (hit !== undefined) {
      if (hit.until > this.#now()) return hit.value;
      this.#entries.delete(key);
    }
    const epoch = this.#epoch;
    const value = await load();
    if (epoch === this.#epoch && keep(value)) this.#entries.set(key, { value, until: this.#now() + this.#ttlMs });
    return value;
  }

  /** Forgets `key`, or everything when no key is given. */
  forget(key?: string): void {
    this.#epoch++;
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }
}

/**
 * `store` with `isSessionFamilyActive` and `getGrant` cached as described above; every other
 * call goes straight to `store`. The methods that can make a cached answer stale forget it.
 */
export function withStoreReadCache(store: Store, options: StoreReadCacheOptions = {}): Store {
  const ttlMs = options.ttlMs ?? STORE_READ_CACHE_TTL_MS;
  if (ttlMs <= 0) return store;
  const now = options.now ?? Date.now;
  const capacity = options.capacity ?? CAPACITY;
  const families = new ReadThrough<boolean>(capacity, ttlMs, now);
  const grants = new ReadThrough<Grant | undefined>(capacity, ttlMs, now);

  /** Runs a store change, then forgets what it may have made stale, even when it failed. */
  const changing = async <T>(change: () => Promise<T>, forget: (result: T | undefined) => void): Promise<T> => {
    let result: T | undefined;
    try {
      result = await change();
      return result;
    } finally {
      forget(result);
    }
  };

  const overrides: Partial<Store> = {
    isSessionFamilyActive: (familyId) => families.read(familyId, () => store.isSessionFamilyActive(familyId), (active) => active),
    getGrant: (playerId) => grants.read(playerId, () => store.getGrant(playerId), (grant) => grant !== undefined),

    // A reuse revokes the family the token belongs to; a failure may have revoked it too, and
    // which family that was is not known then.
    rotateRefreshToken: (...args) =>
      changing(
        () => store.rotateRefreshToken(...args),
        (result) => (result === undefined ? families.forget() : result.outcome === 'reused' ? families.forget(result.familyId) : undefined),
      ),
    revokeSessionFamily: (familyId, reason) => changing(() => store.revokeSessionFamily(familyId, reason), () => families.forget(familyId)),
    // Families are cached by their own ID, not their player's: these rare calls forget them all.
    revokeAllSessions: (...args) => changing(() => store.revokeAllSessions(...args), () => families.forget()),
    pruneSessions: (before) => changing(() => store.pruneSessions(before), () => families.forget()),

    saveGrant: (playerId, grant) => changing(() => store.saveGrant(playerId, grant), () => grants.forget(playerId)),
    updateGrantStatus: (...args) => changing(() => store.updateGrantStatus(...args), () => grants.forget(args[0])),
    withGrantRefreshLock: (playerId, fn) => changing(() => store.withGrantRefreshLock(playerId, fn), () => grants.forget(playerId)),

    // Deleting a player deletes their families and grant; an account, those of its players.
    deletePlayer: (id) =>
      changing(
        () => store.deletePlayer(id),
        () => {
          families.forget();
          grants.forget(id);
        },
      ),
    deleteAccount: (accountId) =>
      changing(
        () => store.deleteAccount(accountId),
        () => {
          families.forget();
          grants.forget();
        },
      ),
  };

  // Every other member is the store's own, bound to it once (its methods use private fields).
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Store];
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(property);
      if (fn === undefined) {
        fn = (value as (...args: unknown[]) => unknown).bind(target);
        bound.set(property, fn);
      }
      return fn;
    },
  });
}
