/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523): a service account trades
 * an assertion signed with its key for an access token, as google-auth-library's `JWT` client
 * and every Google service-account library do (docs/google/recall.md, 'Service accounts').
 * No client authentication: the signature is the credential.
 *
 * Steps: require `assertion` → decode it (RS256 JWT) → find the service account named by `iss` →
 * check the signature with its key → check `aud` (Google's token URL, or this emulator's) → check
 * `iat`/`exp` against the wall clock (the client signed with it; at most an hour apart, as Google
 * requires) → refuse `sub` of another account (domain-wide delegation is not emulated) → require
 * `scope` → answer an access token, bound to the account's application, on the emulator clock.
 */
import { verify } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GOOGLE_ENDPOINTS, GOOGLE_TOKEN_AUDIENCES } from '../../google/endpoints.js';
import { InvalidGrantError, InvalidRequestError, OAuthError, UnauthorizedClientError } from '../errors.js';
import { selfBaseUrl } from '../self-url.js';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type EmulatorState } from '../state.js';
import { param, type OAuthParams } from './params.js';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Google refuses an assertion whose `exp` is more than an hour after its `iat`. */
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Clock skew tolerated between the signer and the emulator. */
const CLOCK_SKEW_SECONDS = 300;

const TIMEFRAME_MESSAGE =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

/** The answer of the JWT-bearer grant: no refresh token, no scope echo (Google's answer has neither). */
export interface JwtBearerTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

interface DecodedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function decode(assertion: string): DecodedAssertion {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new InvalidGrantError('Invalid JWT: the assertion is not a signed JWT.');
  const [header, claims, signature] = parts as [string, string, string];
  try {
    const decoded = {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown,
      claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as unknown,
    };
    if (!isRecord(decoded.header) || !isRecord(decoded.claims)) throw new Error('not objects');
    return { header: decoded.header, claims: decoded.claims, signingInput: `${header}.${claims}`, signature: Buffer.from(signature, 'base64url') };
  } catch {
    throw new InvalidGrantError('Invalid JWT: the assertion is not a signed JWT.');
  }
}

function checkTimeframe(claims: Record<string, unknown>, nowSeconds: number): void {
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw new InvalidGrantError(TIMEFRAME_MESSAGE);
  const tooLong = exp - iat > MAX_ASSERTION_LIFETIME_SECONDS || exp <= iat;
  const notYet = iat > nowSeconds + CLOCK_SKEW_SECONDS;
  const expired = exp < nowSeconds - CLOCK_SKEW_SECONDS;
  if (tooLong || notYet || expired) throw new InvalidGrantError(TIMEFRAME_MESSAGE);
}

/** Handles the JWT-bearer grant. */
export function jwtBearerGrant(state: EmulatorState, params: OAuthParams, request: FastifyRequest): JwtBearerTokenResponse {
  const assertion = param(params, 'assertion');
  if (assertion === undefined) throw new InvalidRequestError('Missing required parameter: assertion');
  const { header, claims, signingInput, signature } = decode(assertion);
  if (header.alg !== 'RS256') throw new InvalidGrantError('Invalid JWT Signature.');
  const iss = claims.iss;
  const application = typeof iss === 'string' ? state.findServiceAccountApplication(iss) : undefined;
  if (!application) throw new InvalidGrantError('Invalid grant: account not found');
  const account = state.serviceAccountOf(application);
  const kidMatches = header.kid === undefined || header.kid === account.privateKeyId;
  if (!kidMatches || !verify('sha256', Buffer.from(signingInput), account.publicKey, signature)) {
    throw new InvalidGrantError('Invalid JWT Signature.');
  }
  const audiences = [...GOOGLE_TOKEN_AUDIENCES, `${selfBaseUrl(request)}/token`];
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
    throw new InvalidGrantError(`Invalid JWT audience: use ${GOOGLE_ENDPOINTS.token} or ${selfBaseUrl(request)}/token.`);
  }
  checkTimeframe(claims, Math.floor(state.clock.wallNow() / 1000));
  if (claims.sub !== undefined && claims.sub !== account.clientEmail) {
    throw new UnauthorizedClientError('Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.', 400);
  return { access_token: state.issueServiceAccountToken(application, scopes), expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
