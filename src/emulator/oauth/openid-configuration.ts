/**
 * `GET /.well-known/openid-configuration`: Google's discovery document, with every endpoint this
 * emulator serves pointing at itself (derived from the request's Host). The `issuer` stays
 * Google's, because that is what the ID tokens carry and what verifiers check.
 * No authorization endpoint is served: the device SDK's part is the control API's
 * `POST /emulator/v1/serverAuthCodes`.
 */
import type { FastifyInstance } from 'fastify';
import { ID_TOKEN_ISSUER } from './id-token.js';
import { routeConfig } from '../request-context.js';
import { selfBaseUrl } from '../self-url.js';

/** The discovery document for an emulator reached at `base`. */
export function openIdConfiguration(base: string): Record<string, unknown> {
  return {
    issuer: ID_TOKEN_ISSUER,
    authorization_endpoint: `${base}/o/oauth2/v2/auth`,
    token_endpoint: `${base}/token`,
    revocation_endpoint: `${base}/revoke`,
    jwks_uri: `${base}/oauth2/v3/certs`,
    tokeninfo_endpoint: `${base}/tokeninfo`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'locale', 'name', 'picture', 'sub'],
  };
}

/** Registers the discovery document. */
export function registerOpenIdConfigurationRoute(app: FastifyInstance): void {
  app.get('/.well-known/openid-configuration', { config: routeConfig('oauth.openidConfiguration') }, (request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').send(openIdConfiguration(selfBaseUrl(request))),
  );
}
