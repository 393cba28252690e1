/**
 * A per-process cache of Google answers with a TTL: one fetch for all the callers that find an
 * entry missing or stale (single flight), the stale copy served when a refresh fails, and at most
 * `maxEntries` entries (the least recently filled go first). Per process: two backend instances
 * each fetch once per TTL.
 */
import { classifyGoogleFailure } from '../google-failures.js';

export interface TtlCacheOptions {
  /** Entries older than this are fetched again on next use; 0 disables caching. */
  ttlMs: number;
  maxEntries: number;
  now: () => number;
  /**
   * Which fetch failures an older copy may hide (default: Google being unavailable). Anything
   * else is thrown, so that the caller sees it: a refused token must reach the vault, which
   * refreshes it and tries again.
   */
  serveStaleOn?: (error: unknown) => boolean;
  /** Told when a refresh failed and an older copy was served instead. */
  onStaleServed?: (key: string, error: unknown) => void;
}

interface Entry<V> {
  value: V;
  fetchedAt: number;
}

function googleUnavailable(error: unknown): boolean {
  return classifyGoogleFailure(error).kind === 'unavailable';
}

/** Values by string key, each fetched at most once per TTL however many callers ask. */
export class TtlCache<V> {
  readonly #options: TtlCacheOptions;
  readonly #entries = new Map<string, Entry<V>>();
  readonly #inFlight = new Map<string, Promise<V>>();

  constructor(options: TtlCacheOptions) {
    this.#options = options;
  }

  /** The value: cached while fresh (younger than the TTL and than `maxAgeMs`), else fetched once for every waiter. */
  async get(key: string, fetch: () => Promise<V>, options: { maxAgeMs?: number } = {}): Promise<V> {
    const fresh = this.fresh(key, options);
    if (fresh !== undefined) return fresh;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const refresh = this.#refresh(key, fetch).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, refresh);
    return refresh;
  }

  /** The cached value if it is fresh, without fetching. */
  fresh(key: string, options: { maxAgeMs?: number } = {}): V | undefined {
    const entry = this.#entries.get(key);
    const ttl = Math.min(options.maxAgeMs ?? this.#options.ttlMs, this.#options.ttlMs);
    return entry && ttl > 0 && this.#options.now() - entry.fetchedAt < ttl ? entry.value : undefined;
  }

  /** Forgets one entry (the caller knows it is behind). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  async #refresh(key: string, fetch: () => Promise<V>): Promise<V> {
    try {
      const value = await fetch();
      this.#entries.delete(key);
      // With caching off (TTL 0), nothing is kept: there is no copy to serve stale either.
      if (this.#options.ttlMs <= 0) return value;
      this.#entries.set(key, { value, fetchedAt: this.#options.now() });
      while (this.#entries.size > this.#options.maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest === undefined) break;
        this.#entries.delete(oldest);
      }
      return value;
    } catch (error) {
      const stale = this.#entries.get(key);
      if (!stale || !(this.#options.serveStaleOn ?? googleUnavailable)(error)) throw error;
      this.#options.onStaleServed?.(key, error);
      return stale.value;
    }
  }
}
