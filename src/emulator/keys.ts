/**
 * The emulator's ID-token signing keys: RSA 2048, generated once when the emulator is created
 * (and on explicit rotation), never per request. Google publishes its keys in two formats
 * (docs/google/oauth.md, 'ID tokens'); both are rendered once per rotation and served as cached
 * strings. Rotation keeps the previous key published, as Google does ("usually two keys are live").
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from './x509.js';

const generateRsaKeyPair = promisify(generateKeyPair);

/** How many keys stay published: the signing key and the one it replaced. */
export const PUBLISHED_KEY_COUNT = 2;
const CERT_LIFETIME_MS = 14 * 24 * 3600 * 1000;

/** One JWK as Google's `/oauth2/v3/certs` lists it. */
export interface PublishedJwk {
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  kid: string;
  n: string;
  e: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: PublishedJwk;
  certificatePem: string;
  /** base64url of the JWT header `{alg, kid, typ}`, the same for every token this key signs. */
  encodedHeader: string;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * A signing key as the emulator's saved state holds it (`persistence/`): enough to sign and to
 * publish again after a restart, so ID tokens issued before it still verify.
 */
export interface ExportedSigningKey {
  kid: string;
  /** PKCS #8 PEM. The emulator's own test key, never a real one; still never log it. */
  privateKeyPem: string;
  certificatePem: string;
}

function signingKeyParts(kid: string, publicKey: KeyObject): Pick<SigningKey, 'jwk' | 'encodedHeader'> {
  const exported = publicKey.export({ format: 'jwk' });
  const jwk: PublishedJwk = { kty: 'RSA', alg: 'RS256', use: 'sig', kid, n: String(exported.n), e: String(exported.e) };
  return { jwk, encodedHeader: base64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })) };
}

/** Rebuilds a saved key; throws a `TypeError` naming what is wrong when the PEM is not an RSA private key. */
export function importSigningKey(saved: ExportedSigningKey): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(saved.privateKeyPem);
  } catch {
    throw new TypeError('privateKeyPem is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new TypeError('privateKeyPem is not an RSA key');
  if (!saved.certificatePem.startsWith('-----BEGIN CERTIFICATE-----')) throw new TypeError('certificatePem is not a PEM certificate');
  const publicKey = createPublicKey(privateKey);
  return { kid: saved.kid, privateKey, publicKey, certificatePem: saved.certificatePem, ...signingKeyParts(saved.kid, publicKey) };
}

async function createSigningKey(wallNow: number): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  // Google's kids are 40 hex characters (a SHA-1 over the key); ours hash the public key too.
  const kid = createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .update(randomBytes(8))
    .digest('hex');
  const certificatePem = createSelfSignedCertificate({
    publicKey,
    privateKey,
    notBefore: new Date(wallNow - 3600 * 1000),
    notAfter: new Date(wallNow + CERT_LIFETIME_MS),
  });
  return { kid, privateKey, publicKey, certificatePem, ...signingKeyParts(kid, publicKey) };
}

/** A decoded, signature-checked JWT. */
export interface VerifiedJwt {
  header: { alg: string; kid: string; typ?: string };
  payload: Record<string, unknown>;
}

/** The signing key and the published key set. */
export class KeyRing {
  #keys: SigningKey[];
  #pemSetJson = '';
  #jwksJson = '';
  readonly #wallNow: () => number;

  private constructor(first: SigningKey, wallNow: () => number) {
    this.#keys = [first];
    this.#wallNow = wallNow;
    this.#render();
  }

  /** Generates the first key. */
  static async create(wallNow: () => number = Date.now): Promise<KeyRing> {
    return new KeyRing(await createSigningKey(wallNow()), wallNow);
  }

  /** The key that signs new ID tokens. */
  get current(): SigningKey {
    // The constructor guarantees at least one key.
    return this.#keys[0] as SigningKey;
  }

  /** Every published key, newest first. */
  get published(): readonly SigningKey[] {
    return this.#keys;
  }

  /** `{ kid: pem }` as JSON text, as `/oauth2/v1/certs` answers. */
  get pemSetJson(): string {
    return this.#pemSetJson;
  }

  /** `{ keys: [jwk…] }` as JSON text, as `/oauth2/v3/certs` answers. */
  get jwksJson(): string {
    return this.#jwksJson;
  }

  /** Makes a new signing key; the previous one stays published, older ones are dropped. */
  async rotate(): Promise<SigningKey> {
    const next = await createSigningKey(this.#wallNow());
    this.#keys = [next, ...this.#keys].slice(0, PUBLISHED_KEY_COUNT);
    this.#render();
    return next;
  }

  /** The published keys, newest first, as the saved state holds them. */
  exportKeys(): ExportedSigningKey[] {
    return this.#keys.map((key) => ({
      kid: key.kid,
      privateKeyPem: String(key.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      certificatePem: key.certificatePem,
    }));
  }

  /** Replaces every key with saved ones (newest first; `importSigningKey` builds them). */
  restore(keys: readonly SigningKey[]): void {
    if (keys.length === 0) throw new RangeError('a key ring needs at least one key');
    this.#keys = keys.slice(0, PUBLISHED_KEY_COUNT);
    this.#render();
  }

  /** Signs claims as an RS256 JWT with the current key: exactly one RSA signature. */
  signJwt(claims: object): string {
    const key = this.current;
    const signingInput = `${key.encodedHeader}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  /** Checks a JWT signed by one of the published keys; undefined when it is not one. */
  verifyJwt(token: string): VerifiedJwt | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isRecord(header) || !isRecord(payload) || header.alg !== 'RS256' || typeof header.kid !== 'string') return undefined;
    const key = this.#keys.find((candidate) => candidate.kid === header.kid);
    if (!key) return undefined;
    const ok = verify(
      'sha256',
      Buffer.from(`${encodedHeader}.${encodedPayload}`),
      key.publicKey,
      Buffer.from(encodedSignature, 'base64url'),
    );
    if (!ok) return undefined;
    return { header: { alg: header.alg, kid: header.kid, ...(typeof header.typ === 'string' ? { typ: header.typ } : {}) }, payload };
  }

  #render(): void {
    const pemSet: Record<string, string> = {};
    for (const key of this.#keys) pemSet[key.kid] = key.certificatePem;
    this.#pemSetJson = JSON.stringify(pemSet);
    this.#jwksJson = JSON.stringify({ keys: this.#keys.map((key) => key.jwk) });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
