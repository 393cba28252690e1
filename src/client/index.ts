/**
 * `play-games-server/client`: a typed client of the backend's HTTP API, for game servers, web
 * tools and tests. Its types are generated from the OpenAPI document the backend serves
 * (`openapi-types.ts`, by `npm run generate:client`), so they cannot drift from the routes; the
 * calls go through openapi-fetch, a small typed wrapper of `fetch`:
 *
 * ```ts
 * const api = createClient({ baseUrl: 'https://games.example.com', accessToken: () => session.accessToken });
 * const { data, error } = await api.GET('/v1/me');
 * ```
 *
 * Every answer is `{ data }` on success or `{ error }` (an `ErrorBody`, its `code` one of
 * `ErrorCode`) otherwise; `response` carries the status and headers (`Retry-After`).
 */
import createFetchClient, { type Client, type ClientOptions as FetchClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type { components, operations, paths } from './openapi-types.js';

type Schemas = components['schemas'];
export type Player = Schemas['Player'];
export type Session = Schemas['Session'];
export type SignInAnswer = Schemas['SignInAnswer'];
export type ErrorBody = Schemas['ErrorBody'];
export type ErrorCode = Schemas['ErrorCode'];
export type AchievementItem = Schemas['AchievementItem'];
export type AchievementState = Schemas['AchievementState'];
export type AchievementUpdate = Schemas['AchievementUpdate'];

export interface ClientOptions {
  /** Where the backend answers, e.g. `https://games.example.com` (the paths start at `/v1`). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer …`: a session access token (as a game client) or the server
   * API key (as the game's server). A function is asked before every request, so a session
   * refreshed in between is used at once; a request that sets its own `Authorization` keeps it.
   */
  accessToken?: string | (() => string | undefined);
  /** The `fetch` to call instead of the global one (a proxy, a test spy). */
  fetch?: FetchClientOptions['fetch'];
}

/** The client: `GET`, `POST`, `DELETE`… typed by path, from openapi-fetch. */
export type PlayGamesClient = Client<paths>;

/** A typed client of the backend at `baseUrl`. */
export function createClient(options: ClientOptions): PlayGamesClient {
  const client = createFetchClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (options.accessToken !== undefined) client.use(bearer(options.accessToken));
  return client;
}

function bearer(accessToken: string | (() => string | undefined)): Middleware {
  return {
    onRequest({ request }) {
      const token = typeof accessToken === 'function' ? accessToken() : accessToken;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
}
