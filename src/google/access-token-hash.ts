/**
 * `at_hash`, the ID token's binding to the access token issued with it: base64url of the left
 * half of the SHA-256 hash of the access token's ASCII octets, SHA-256 being the hash of RS256
 * (OpenID Connect Core 1.0 §3.1.3.6, https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken).
 * Google signs with RS256 only, so no other hash is needed.
 */
import { createHash } from 'node:crypto';

/** The `at_hash` an ID token issued with `accessToken` carries. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}
