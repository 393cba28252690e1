/**
 * Client authentication at the token endpoint: `client_secret_basic` (HTTP Basic, RFC 6749
 * §2.3.1) or `client_secret_post` (in the body), with Google's error answers (docs/google/oauth.md,
 * 'Token endpoint errors'):
 * - no client ID anywhere → 400 `invalid_request` "Could not determine client ID from request.";
 * - unknown client → 401 `invalid_client` "The OAuth client was not found.";
 * - no secret → 400 `invalid_request` "client_secret is missing.";
 * - wrong secret, or a client that has none (Android) → 401 `invalid_client` "Unauthorized".
 */
import { timingSafeEqual } from 'node:crypto';
import { InvalidClientError, InvalidRequestError } from '../errors.js';
import type { ClientRecord, EmulatorState } from '../state.js';
import { param, type OAuthParams } from './params.js';

interface PresentedCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** The client credentials a request presents (Basic header first, then the body). */
export function presentedCredentials(params: OAuthParams, authorization: string | undefined): PresentedCredentials {
  const basic = authorization === undefined ? null : /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(authorization);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
    }
  }
  return { clientId: param(params, 'client_id'), clientSecret: param(params, 'client_secret') };
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Authenticates the client of a token request or throws the RFC 6749 error Google answers. */
export function authenticateClient(state: EmulatorState, params: OAuthParams, authorization: string | undefined): ClientRecord {
  const { clientId, clientSecret } = presentedCredentials(params, authorization);
  if (clientId === undefined) throw new InvalidRequestError('Could not determine client ID from request.');
  const client = state.clients.get(clientId);
  if (!client) throw new InvalidClientError('The OAuth client was not found.');
  if (client.clientSecret === undefined) throw new InvalidClientError('Unauthorized');
  if (clientSecret === undefined) throw new InvalidRequestError('client_secret is missing.');
  if (!sameSecret(clientSecret, client.clientSecret)) throw new InvalidClientError('Unauthorized');
  return client;
}
