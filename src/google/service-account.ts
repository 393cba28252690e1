/**
 * A service account's access tokens (docs/google/recall.md, 'Service accounts'): the game
 * server signs a JWT with the account's key (RS256, node:crypto) and trades it at the token
 * endpoint for an access token (the JWT-bearer grant, RFC 7523). Tokens are cached until a
 * minute before they expire, and concurrent callers share one request.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { GoogleUnavailableError } from './errors.js';
import type { HttpClient } from './http.js';
import { GOOGLE_OPERATIONS } from './operations.js';

/** The parts of a service account's JSON key file the backend uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  /** PKCS #8 PEM. A secret. */
  privateKey: string;
  privateKeyId: string | undefined;
}

/** Why a key file cannot be used; the message names the field and never quotes the key. */
export class ServiceAccountKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceAccountKeyError';
  }
}

/** Reads a key file's JSON (the Cloud console download, or the emulator's `serviceAccountKey`). */
export function parseServiceAccountKey(json: unknown): ServiceAccountKey {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ServiceAccountKeyError('the key file is not a JSON object');
  const file = json as Record<string, unknown>;
  if (file.type !== 'service_account') throw new ServiceAccountKeyError('"type" is not "service_account"; download a key of the service account (JSON) from the Cloud console');
  if (typeof file.client_email !== 'string' || file.client_email === '') throw new ServiceAccountKeyError('"client_email" is missing');
  if (typeof file.private_key !== 'string' || file.private_key === '') throw new ServiceAccountKeyError('"private_key" is missing');
  try {
    createPrivateKey(file.private_key);
  } catch {
    throw new ServiceAccountKeyError('"private_key" is not a PEM private key');
  }
  return {
    clientEmail: file.client_email,
    privateKey: file.private_key,
    privateKeyId: typeof file.private_key_id === 'string' && file.private_key_id !== '' ? file.private_key_id : undefined,
  };
}

export interface ServiceAccountTokenSourceOptions {
  key: ServiceAccountKey;
  /** Full scope URLs the tokens are for. */
  scopes: readonly string[];
  /** The token endpoint the assertion is posted to; also its `aud`. */
  tokenUrl: string;
  http: HttpClient;
  now?: () => number;
}

/** A token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;
/** An assertion is valid this long (Google takes at most an hour). */
const ASSERTION_LIFETIME_SECONDS = 3600;

/** Access tokens of one service account for one set of scopes, cached until shortly before expiry. */
export class ServiceAccountTokenSource {
  readonly #key: ServiceAccountKey;
  readonly #privateKey: KeyObject;
  readonly #scopes: string;
  readonly #tokenUrl: string;
  readonly #http: HttpClient;
  readonly #now: () => number;
  #cached: { token: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: ServiceAccountTokenSourceOptions) {
    this.#key = options.key;
    this.#privateKey = createPrivateKey(options.key.privateKey);
    this.#scopes = options.scopes.join(' ');
    this.#tokenUrl = options.tokenUrl;
    this.#http = options.http;
    this.#now = options.now ?? Date.now;
  }

  /** The service account's e-mail (for logs and error details; not a secret). */
  get clientEmail(): string {
    return this.#key.clientEmail;
  }

  /** A live access token: the cached one, or a new one (one request for concurrent callers). */
  async accessToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.expiresAt - RENEW_BEFORE_MS) return cached.token;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the cached token (Google refused it: the next call gets a new one). */
  invalidate(): void {
    this.#cached = undefined;
  }

  /** The signed assertion: RS256 over `{iss, scope, aud, iat, exp}`. */
  assertion(): string {
    const iat = Math.floor(this.#now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', ...(this.#key.privateKeyId === undefined ? {} : { kid: this.#key.privateKeyId }) };
    const claims = { iss: this.#key.clientEmail, scope: this.#scopes, aud: this.#tokenUrl, iat, exp: iat + ASSERTION_LIFETIME_SECONDS };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.#privateKey).toString('base64url')}`;
  }

  async #fetch(): Promise<string> {
    const operation = GOOGLE_OPERATIONS.serviceAccountToken;
    const assertion = this.assertion();
    const res = await this.#http.request({
      operation,
      method: 'POST',
      url: new URL(this.#tokenUrl),
      form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      // A new token per attempt is harmless: nothing is consumed.
      retrySafe: true,
      errorFormat: 'oauth',
      secrets: [assertion],
    });
    const body = (res.body ?? {}) as Record<string, unknown>;
    const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
    if (typeof body.access_token !== 'string' || body.access_token === '' || typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
      throw new GoogleUnavailableError({ operation, kind: 'invalid_response', status: res.status, attempts: 1, message: `${operation}: Google's token answer has no access_token or expires_in` });
    }
    this.#cached = { token: body.access_token, expiresAt: this.#now() + expiresIn * 1000 };
    return body.access_token;
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
