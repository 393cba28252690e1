/**
 * Bearer-token authentication of Games and Management API calls (docs/google/games-api.md,
 * 'Service basics'; docs/google/errors.md, 'Reasons'): the token comes from
 * `Authorization: Bearer …` or the `access_token` (or `oauth_token`) query parameter and resolves
 * to a grant, a player and the application it was issued for.
 * - no credentials → 401 `required`;
 * - unknown, expired (emulator clock) or revoked token, or a non-Bearer scheme → 401 `authError`;
 * - a token without `games` or `games_lite` → 403 `insufficientPermissions` (both scopes are
 *   accepted, as the REST docs list either; PGS v2 codes grant `games_lite`), and so is a service
 *   account's token (`recall/service-account-auth.ts`): it names no player.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GAMES_API_SCOPES } from '../google/wire/scopes.js';
import { insufficientScopeError, invalidCredentialsError, missingCredentialsError } from './errors.js';
import { metaOf, type AuthContext } from './request-context.js';
import type { EmulatorState } from './state.js';

export const GAMES_SERVICE = 'games.googleapis.com';
export const MANAGEMENT_SERVICE = 'gamesmanagement.googleapis.com';

/** The access token a request presents: `undefined` when it presents none, `null` for a malformed header. */
export function presentedToken(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? null;
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.access_token ?? query?.oauth_token;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  return undefined;
}

/** Resolves the caller of a request or throws Google's 401/403 error. */
export function authenticate(request: FastifyRequest, state: EmulatorState, service: string): AuthContext {
  const token = presentedToken(request);
  if (token === undefined) throw missingCredentialsError(service);
  if (token === null) throw invalidCredentialsError();
  const record = state.findAccessToken(token);
  if (!record) {
    if (state.findServiceAccountToken(token)) throw insufficientScopeError(service, GAMES_API_SCOPES);
    throw invalidCredentialsError();
  }
  if (!record.grant.scopes.some((scope) => GAMES_API_SCOPES.includes(scope as (typeof GAMES_API_SCOPES)[number]))) {
    throw insufficientScopeError(service, GAMES_API_SCOPES);
  }
  return { token: record, grant: record.grant, player: record.grant.player, application: record.grant.client.application };
}

/** A route-level onRequest hook that authenticates before validation and stores the caller. */
export function authHook(state: EmulatorState, service: string) {
  return function requireToken(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
    try {
      const auth = authenticate(request, state, service);
      const meta = metaOf(request);
      if (meta) meta.auth = auth;
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/** The caller stored by `authHook`. */
export function authOf(request: FastifyRequest): AuthContext {
  const auth = metaOf(request)?.auth;
  if (!auth) throw new Error('authOf() called on a route without authHook');
  return auth;
}
