/**
 * `POST /token`, Google's OAuth token endpoint (docs/google/oauth.md), as a pipeline of named steps
 * (node-oidc-provider `lib/actions/token.js`): read the parameters → pick the grant → authenticate
 * the client → run the grant. Errors are RFC 6749 bodies (`errors.ts`).
 */
import type { FastifyInstance } from 'fastify';
import type { OAuthTokenResponse } from '../../google/wire/oauth.js';
import { InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import { setCallerPlayer, setOperation, routeConfig } from '../request-context.js';
import type { ClientRecord, EmulatorState } from '../state.js';
import { authenticateClient } from './client-auth.js';
import { authorizationCodeGrant } from './grant-authorization-code.js';
import { refreshTokenGrant } from './grant-refresh-token.js';
import { readParams, type OAuthParams } from './params.js';

interface GrantHandler {
  operation: string;
  handle(state: EmulatorState, client: ClientRecord, params: OAuthParams): OAuthTokenResponse;
}

const GRANTS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: { operation: 'oauth.token.authorization_code', handle: authorizationCodeGrant },
  refresh_token: { operation: 'oauth.token.refresh_token', handle: refreshTokenGrant },
};

/** Picks the grant handler for `grant_type`. */
export function selectGrant(params: OAuthParams): GrantHandler {
  const grantType = params.grant_type;
  if (grantType === undefined || grantType === '') throw new InvalidRequestError('Missing required parameter: grant_type');
  const handler = Object.prototype.hasOwnProperty.call(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!handler) throw new UnsupportedGrantTypeError(grantType.slice(0, 100));
  return handler;
}

/** Registers `POST /token`. */
export function registerTokenRoute(app: FastifyInstance, state: EmulatorState): void {
  app.post('/token', { config: routeConfig('oauth.token') }, (request, reply) => {
    const params = readParams(request);
    const grant = selectGrant(params);
    setOperation(request, grant.operation);
    const client = authenticateClient(state, params, request.headers.authorization);
    const body = grant.handle(state, client, params);
    const issued = state.findAccessToken(body.access_token);
    if (issued) setCallerPlayer(request, issued.grant.player.playerId);
    // RFC 6749 §5.1: token responses must not be cached.
    reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate').header('pragma', 'no-cache');
    return reply.send(body);
  });
}
