/**
 * `POST /revoke` (and GET, as Google also accepts; docs/google/oauth.md, 'Revoke'). The token comes in the
 * query (`?token=`, as google-auth-library sends it) or in a form body. Revoking any token of a
 * grant revokes the whole grant, as Google does: the refresh token and every access token issued
 * from it stop working. An unknown or already dead token gets 400 `invalid_token`.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError, InvalidTokenError } from '../errors.js';
import type { EmulatorState } from '../state.js';
import { param, readParams } from './params.js';
import { routeConfig } from '../request-context.js';

/** Registers `/revoke`. */
export function registerRevokeRoute(app: FastifyInstance, state: EmulatorState): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/revoke',
    config: routeConfig('oauth.revoke'),
    handler: (request, reply) => {
      const token = param(readParams(request, { query: true }), 'token');
      if (token === undefined) throw new InvalidRequestError('Missing required parameter: token');
      const grant = state.findAccessToken(token)?.grant ?? state.findRefreshToken(token)?.grant;
      if (!grant) throw new InvalidTokenError('Token expired or revoked');
      state.revokeGrant(grant);
      return reply.send({});
    },
  });
}
