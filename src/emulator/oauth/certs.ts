/**
 * Google's ID-token key sets (docs/google/oauth.md, 'ID tokens'): PEM certificates at `/oauth2/v1/certs`
 * (`{kid: pem}`) and a JWKS at `/oauth2/v3/certs`, both listing every published key, with
 * `Cache-Control: public, max-age=<n>, must-revalidate, no-transform` as Google sends it
 * (google-auth-library caches for max-age; jose's remote JWKS refetches on an unknown kid).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

/** Default `max-age` of the key sets: short, so that clients see a rotation within minutes. */
export const DEFAULT_CERTS_MAX_AGE_SECONDS = 300;

function keySetHeaders(reply: FastifyReply, state: EmulatorState, maxAgeSeconds: number): FastifyReply {
  return reply
    .header('content-type', 'application/json; charset=UTF-8')
    .header('cache-control', `public, max-age=${maxAgeSeconds}, must-revalidate, no-transform`)
    .header('expires', new Date(state.clock.wallNow() + maxAgeSeconds * 1000).toUTCString());
}

/** Registers both key-set URLs. */
export function registerCertsRoutes(app: FastifyInstance, state: EmulatorState, maxAgeSeconds = DEFAULT_CERTS_MAX_AGE_SECONDS): void {
  app.get('/oauth2/v1/certs', { config: routeConfig('oauth.certs.pem') }, (_request, reply) =>
    keySetHeaders(reply, state, maxAgeSeconds).send(state.keys.pemSetJson),
  );
  app.get('/oauth2/v3/certs', { config: routeConfig('oauth.certs.jwks') }, (_request, reply) =>
    keySetHeaders(reply, state, maxAgeSeconds).send(state.keys.jwksJson),
  );
}
