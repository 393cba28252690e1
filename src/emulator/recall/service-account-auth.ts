/**
 * Authentication of Recall calls (docs/google/recall.md): only a service account's token, with
 * the Android Publisher scope, issued for the application's own service account
 * (`oauth/grant-jwt-bearer.ts`). The token comes as `auth.ts` reads player tokens (header, or
 * `access_token` in the query):
 * - no credentials → 401 `required`; an unknown or expired token → 401 `authError`;
 * - a player's token, or a service account's without the scope → 403 `insufficientPermissions`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RECALL_SCOPE } from '../../google/wire/scopes.js';
import { GAMES_SERVICE, presentedToken } from '../auth.js';
import { insufficientScopeError, invalidCredentialsError, missingCredentialsError } from '../errors.js';
import type { EmulatorState, ServiceAccountTokenRecord } from '../state.js';

const callers = new WeakMap<FastifyRequest, ServiceAccountTokenRecord>();

/** Resolves the service account calling, or throws Google's 401/403. */
export function authenticateServiceAccount(request: FastifyRequest, state: EmulatorState): ServiceAccountTokenRecord {
  const token = presentedToken(request);
  if (token === undefined) throw missingCredentialsError(GAMES_SERVICE);
  if (token === null) throw invalidCredentialsError();
  const record = state.findServiceAccountToken(token);
  if (!record) {
    if (state.findAccessToken(token)) throw insufficientScopeError(GAMES_SERVICE, [RECALL_SCOPE]);
    throw invalidCredentialsError();
  }
  if (!record.scopes.includes(RECALL_SCOPE)) throw insufficientScopeError(GAMES_SERVICE, [RECALL_SCOPE]);
  return record;
}

/** A route-level onRequest hook: authenticates the service account before validation. */
export function serviceAccountHook(state: EmulatorState) {
  return function requireServiceAccount(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
    try {
      callers.set(request, authenticateServiceAccount(request, state));
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/** The service account stored by `serviceAccountHook`. */
export function serviceAccountOf(request: FastifyRequest): ServiceAccountTokenRecord {
  const caller = callers.get(request);
  if (!caller) throw new Error('serviceAccountOf() called on a route without serviceAccountHook');
  return caller;
}
