/**
 * Encrypts players' Google tokens at rest with AES-256-GCM, so that a copy of the database alone
 * does not hand out access to players' Google accounts.
 *
 * A ciphertext reads `v1.<keyId>.<iv>.<sealed>` (base64url parts), so keys can rotate: new tokens
 * are sealed with the current key, old ones still open with theirs. The additional authenticated
 * data binds each ciphertext to its player and purpose, so a ciphertext copied onto another row,
 * or from the refresh-token column into the access-token one, fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { TokenEncryptionKeys } from '../config.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type TokenPurpose = 'google-access' | 'google-refresh' | 'recall-token';

/** A ciphertext could not be opened: unknown key, tampering, or bound to another row. */
export class TokenDecryptionError extends Error {
  constructor(reason: string) {
    super(`stored token cannot be decrypted: ${reason}`);
    this.name = 'TokenDecryptionError';
  }
}

export class TokenCipher {
  readonly #keys: TokenEncryptionKeys;

  constructor(keys: TokenEncryptionKeys) {
    this.#keys = keys;
  }

  /** The key ID new ciphertexts are sealed with. */
  get currentKeyId(): string {
    return this.#keys.currentKeyId;
  }

  /** Seals `plaintext` for `owner` (the player's internal ID) and `purpose`. */
  encrypt(plaintext: string, owner: string, purpose: TokenPurpose): string {
    const keyId = this.#keys.currentKeyId;
    const key = this.#keys.keys.get(keyId);
    if (!key) throw new Error(`current token key ${keyId} is missing`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId, owner, purpose));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, keyId, iv.toString('base64url'), sealed.toString('base64url')].join('.');
  }

  /** Opens a ciphertext made by `encrypt` with the same owner and purpose. */
  decrypt(ciphertext: string, owner: string, purpose: TokenPurpose): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new TokenDecryptionError('unknown format');
    const [, keyId = '', ivText = '', sealedText = ''] = parts;
    const key = this.#keys.keys.get(keyId);
    if (!key) throw new TokenDecryptionError(`key ${keyId} is not configured (was it removed from PGS_TOKEN_ENCRYPTION_KEYS?)`);
    const iv = Buffer.from(ivText, 'base64url');
    const sealed = Buffer.from(sealedText, 'base64url');
    if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new TokenDecryptionError('truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId, owner, purpose));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptionError('authentication failed');
    }
  }

  /** The key ID a ciphertext was sealed with (to find tokens still under an old key). */
  static keyIdOf(ciphertext: string): string | undefined {
    const parts = ciphertext.split('.');
    return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
  }
}

function aad(keyId: string, owner: string, purpose: TokenPurpose): Buffer {
  return Buffer.from(`${VERSION}|${keyId}|${owner}|${purpose}`, 'utf8');
}
