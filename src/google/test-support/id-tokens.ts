/**
 * Forges Google-like ID tokens for tests: our own RSA keys, a JWK set served like Google's, and
 * tokens with any header or claims, signed or deliberately broken.
 */
import { createHmac } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { GOOGLE_ENDPOINTS } from '../endpoints.js';

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

/** A fresh RS256 key pair with its public JWK (kty, n, e, kid, alg, use). */
export async function createTestKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' }, publicPem: await exportSPKI(publicKey) };
}

/** The JWK set body Google serves at oauth2/v3/certs. */
export function jwks(...keys: TestKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}

export const TEST_CLIENT_ID = '123456789012-web.apps.googleusercontent.com';

/** Claims of a valid token issued `now` (epoch seconds), overridable. */
export function claims(nowSeconds: number, overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: GOOGLE_ENDPOINTS.idTokenIssuers[0],
    aud: TEST_CLIENT_ID,
    azp: '123456789012-android.apps.googleusercontent.com',
    sub: '110169484474386276334',
    email: 'player@example.com',
    email_verified: true,
    name: 'Demo Player',
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    ...overrides,
  };
}

/** Signs `payload` with `key` (RS256), with an overridable header. */
export function signToken(key: TestKey, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned token (`alg: none`, empty signature). */
export function unsignedToken(payload: JWTPayload, kid: string): string {
  return `${b64({ alg: 'none', kid, typ: 'JWT' })}.${b64(payload)}.`;
}

/** The classic key-confusion forgery: HS256 keyed with the RSA public key's PEM. */
export function hs256WithPublicKey(key: TestKey, payload: JWTPayload): string {
  const input = `${b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key.publicPem).update(input).digest('base64url')}`;
}
