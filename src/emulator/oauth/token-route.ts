/**
 * `POST /token`, Google's OAuth token endpoint (docs/google/oauth.md), as a pipeline of named steps
 * (node-oidc-provider `lib/actions/token.js`): read the parameters → pick the grant → authenticate
 * the client (the grants of a web client) → run the grant. The JWT-bearer grant of service
 * accounts has no client to authenticate: its assertion's signature is the credential
 * (`grant-jwt-bearer.ts`). Errors are RFC 6749 bodies (`errors.ts`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OAuthTokenResponse } from '../../google/wire/oauth.js';
import { InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import { setOperation, routeConfig } from '../request-context.js';
import type { ClientRecord, EmulatorState } from '../state.js';
import { authenticateClient } from './client-auth.js';
import { authorizationCodeGrant } from './grant-authorization-code.js';
import { JWT_BEARER_GRANT_TYPE, jwtBearerGrant, type JwtBearerTokenResponse } from './grant-jwt-bearer.js';
import { refreshTokenGrant } from './grant-refresh-token.js';
import { readParams, type OAuthParams } from './params.js';

/** A grant of a web client (authenticated first), or one that authenticates itself. */
type GrantHandler =
  | { operation: string; clientAuthentication: true; handle(state: EmulatorState, client: ClientRecord, params: OAuthParams): OAuthTokenResponse }
  | { operation: string; clientAuthentication: false; handle(state: EmulatorState, params: OAuthParams, request: FastifyRequest): JwtBearerTokenResponse };

const GRANTS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: { operation: 'oauth.token.authorization_code', clientAuthentication: true, handle: authorizationCodeGrant },
  refresh_token: { operation: 'oauth.token.refresh_token', clientAuthentication: true, handle: refreshTokenGrant },
  [JWT_BEARER_GRANT_TYPE]: { operation: 'oauth.token.jwt_bearer', clientAuthentication: false, handle: jwtBearerGrant },
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
    const body = grant.clientAuthentication
      ? grant.handle(state, authenticateClient(state, params, request.headers.authorization), params)
      : grant.handle(state, params, request);
    // RFC 6749 §5.1: token responses must not be cached.
    reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate').header('pragma', 'no-cache');
    return reply.send(body);
  });
}
