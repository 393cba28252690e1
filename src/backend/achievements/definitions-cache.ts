/**
 * The game's achievement definitions (or any definitions with an ID: the events module keeps its
 * event definitions in one too), cached per (application, language) with a TTL, at most
 * `maxEntries` copies (least recently used forgotten first).
 *
 * Definitions change only when the studio publishes, yet `achievementDefinitions.list` is one of
 * the calls that eat a game's quota (docs/google/oauth.md, 'Quota'). So a warm read of a player's
 * achievements costs only `achievements.list`. A refresh never stampedes: however many requests
 * find the entry stale, one fetch (all pages) runs and they all wait for it. When that fetch fails
 * and an older copy exists, the older copy is served (definitions outlive any TTL in practice).
 */
import type { AchievementDefinition } from '../../google/wire/achievements.js';
import { LruMap } from '../lru-map.js';

/** Anything the cache can hold: a definition with an ID (achievements; the events module's event definitions). */
export interface Definition {
  id: string;
}

/** The definitions of one (application, language). */
export interface DefinitionsSnapshot<D extends Definition = AchievementDefinition> {
  list: readonly D[];
  byId: ReadonlyMap<string, D>;
  fetchedAt: number;
  /**
   * Whose token fetched it (an internal player ID), when the caller named them: the copy shows
   * what Google shows that player, drafts included for a tester, so it says nothing about
   * what another player may see (`player-visibility.ts`).
   */
  fetchedFor?: string;
}

export interface DefinitionsKey {
  applicationId: string;
  /** BCP 47 tag, or undefined for Google's default. */
  language: string | undefined;
}

/** Fetches every page of the definitions with a player's access token. */
export type DefinitionsFetcher<D extends Definition = AchievementDefinition> = (accessToken: string, language: string | undefined) => Promise<D[]>;

export interface DefinitionsCacheOptions<D extends Definition = AchievementDefinition> {
  /** Entries older than this are refreshed on next use; 0 disables caching. */
  ttlMs: number;
  fetch: DefinitionsFetcher<D>;
  now: () => number;
  /** Told when a refresh failed and an older copy was served instead. */
  onStaleServed?: (key: DefinitionsKey, error: unknown) => void;
  /** How many (application, language) copies are kept, least recently used forgotten first; default 128. */
  maxEntries?: number;
}

/**
 * Languages are normalised to Google Play's list before they get here (http/play-language.ts),
 * so a game has fewer keys than this; the bound is there so that no caller can grow it anyway.
 */
const DEFAULT_MAX_ENTRIES = 128;

/** Definitions per (application, language), refreshed single-flight. */
export class DefinitionsCache<D extends Definition = AchievementDefinition> {
  readonly #options: DefinitionsCacheOptions<D>;
  readonly #entries: LruMap<string, DefinitionsSnapshot<D>>;
  readonly #inFlight = new Map<string, Promise<DefinitionsSnapshot<D>>>();

  constructor(options: DefinitionsCacheOptions<D>) {
    this.#options = options;
    this.#entries = new LruMap(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** How many copies are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The definitions, fetched with `accessToken()` (the requesting player's token) only when the
   * cached copy is missing or older than the TTL (or than `maxAgeMs`, when the caller knows the
   * copy is behind); concurrent callers share one fetch.
   */
  async get(
    key: DefinitionsKey,
    accessToken: () => Promise<string>,
    options: { maxAgeMs?: number; fetchedFor?: string } = {},
  ): Promise<DefinitionsSnapshot<D>> {
    const id = cacheKey(key);
    const cached = this.#entries.get(id);
    if (cached && this.#fresh(cached, options.maxAgeMs)) return cached;
    const running = this.#inFlight.get(id);
    if (running) return running;
    const refresh = this.#refresh(key, id, accessToken, options.fetchedFor).finally(() => this.#inFlight.delete(id));
    this.#inFlight.set(id, refresh);
    return refresh;
  }

  /** The cached copy if it is fresh (as `get` would serve it without fetching), else undefined. */
  fresh(key: DefinitionsKey, options: { maxAgeMs?: number } = {}): DefinitionsSnapshot<D> | undefined {
    const cached = this.#entries.get(cacheKey(key));
    return cached && this.#fresh(cached, options.maxAgeMs) ? cached : undefined;
  }

  /** The cached copy, fresh or not, without fetching (nor counting as a use). */
  peek(key: DefinitionsKey): DefinitionsSnapshot<D> | undefined {
    return this.#entries.peek(cacheKey(key));
  }

  /** Forgets every cached copy (e.g. after the studio published new achievements). */
  clear(): void {
    this.#entries.clear();
  }

  #fresh(entry: DefinitionsSnapshot<D>, maxAgeMs = this.#options.ttlMs): boolean {
    const ttl = Math.min(maxAgeMs, this.#options.ttlMs);
    return ttl > 0 && this.#options.now() - entry.fetchedAt < ttl;
  }

  async #refresh(key: DefinitionsKey, id: string, accessToken: () => Promise<string>, fetchedFor: string | undefined): Promise<DefinitionsSnapshot<D>> {
    try {
      const list = await this.#options.fetch(await accessToken(), key.language);
      const snapshot: DefinitionsSnapshot<D> = {
        list,
        byId: new Map(list.map((d) => [d.id, d])),
        fetchedAt: this.#options.now(),
        ...(fetchedFor === undefined ? {} : { fetchedFor }),
      };
      this.#entries.set(id, snapshot);
      return snapshot;
    } catch (error) {
      const stale = this.#entries.get(id);
      if (!stale) throw error;
      this.#options.onStaleServed?.(key, error);
      return stale;
    }
  }
}

function cacheKey(key: DefinitionsKey): string {
  return `${key.applicationId}\u0000${key.language ?? ''}`;
}
