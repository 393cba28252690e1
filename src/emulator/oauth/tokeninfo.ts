/**
 * `GET|POST /tokeninfo` (docs/google/oauth.md, 'Tokeninfo'): the token comes as `access_token` or
 * `id_token` in the query or a form body, or as a Bearer header (google-auth-library's getTokenInfo
 * POSTs that way). Every value in the answer is a string, as Google sends it. An invalid token gets
 * 400 `{"error":"invalid_token","error_description":"Invalid Value"}`.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenInfoResponse } from '../../google/wire/oauth.js';
import { SCOPES } from '../../google/wire/scopes.js';
import { InvalidRequestError, InvalidTokenError } from '../errors.js';
import type { EmulatorState } from '../state.js';
import { param, readParams } from './params.js';
import { routeConfig } from '../request-context.js';

/** tokeninfo for an access token. */
export function accessTokenInfo(state: EmulatorState, token: string): TokenInfoResponse {
  const record = state.findAccessToken(token);
  if (!record) throw new InvalidTokenError('Invalid Value');
  const { grant } = record;
  const remainingMs = record.expiresAt - state.clock.now();
  const info: TokenInfoResponse = {
    azp: grant.client.clientId,
    aud: grant.client.clientId,
    sub: grant.player.googleSub,
    scope: record.scopes.join(' '),
    // Wall-clock expiry: what a client comparing with its own clock expects.
    exp: String(Math.floor((state.clock.wallNow() + remainingMs) / 1000)),
    expires_in: String(Math.floor(remainingMs / 1000)),
    access_type: grant.refreshTokens.size === 0 ? 'online' : 'offline',
  };
  if (record.scopes.includes(SCOPES.email)) {
    info.email = grant.player.email;
    info.email_verified = 'true';
  }
  return info;
}

/** tokeninfo for an ID token this emulator signed (signature and wall-clock expiry checked). */
export function idTokenInfo(state: EmulatorState, token: string): Record<string, string> {
  const verified = state.keys.verifyJwt(token);
  const exp = verified?.payload.exp;
  if (!verified || typeof exp !== 'number' || exp * 1000 <= state.clock.wallNow()) throw new InvalidTokenError('Invalid Value');
  const info: Record<string, string> = {};
  for (const [name, value] of Object.entries(verified.payload)) info[name] = typeof value === 'string' ? value : JSON.stringify(value);
  info.alg = verified.header.alg;
  info.kid = verified.header.kid;
  info.typ = verified.header.typ ?? 'JWT';
  return info;
}

/** Registers `/tokeninfo`. */
export function registerTokenInfoRoute(app: FastifyInstance, state: EmulatorState): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/tokeninfo',
    config: routeConfig('oauth.tokeninfo'),
    handler: (request, reply) => {
      const params = readParams(request, { query: true });
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      const accessToken = param(params, 'access_token') ?? bearer;
      const idToken = param(params, 'id_token');
      if (accessToken !== undefined) return reply.send(accessTokenInfo(state, accessToken));
      if (idToken !== undefined) return reply.send(idTokenInfo(state, idToken));
      throw new InvalidRequestError('Either access_token, id_token, or token_handle required');
    },
  });
}
