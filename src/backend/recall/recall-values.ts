/**
 * What the backend hands Google's Recall API for an account (docs/google/recall.md: opaque, no
 * personal data, at most 256 characters):
 * - the **persona**, the account's stable name at Google: an HMAC-SHA256 of the account ID under
 *   a key derived from the session signing secret. Google cannot reverse it or match it with
 *   anything else it holds; the backend stores it as the account's `recall` identity, so a later
 *   change of the secret does not lose the way to unlink it;
 * - the **token**, what Recall hands back on a new device: the account ID sealed with AES-256-GCM
 *   under the token encryption keys (`vault/token-cipher.ts`; "encrypted with key rotation", as
 *   Google suggests). Only this backend can open it, and one that does not open, or was tampered
 *   with, names no account.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { TokenDecryptionError, type TokenCipher } from '../vault/token-cipher.js';
import { ACCOUNT_ID_SHAPE } from '../../store/account-repository.js';

/** The AAD owner of every Recall token: they are opened before the account is known. */
const TOKEN_OWNER = 'recall';

export class RecallValues {
  readonly #personaKey: Buffer;
  readonly #cipher: TokenCipher;

  constructor(options: { signingSecret: Buffer; cipher: TokenCipher }) {
    this.#personaKey = Buffer.from(hkdfSync('sha256', options.signingSecret, Buffer.alloc(0), 'play-games-server recall persona', 32));
    this.#cipher = options.cipher;
  }

  /** The account's persona: 43 base64url characters. */
  persona(accountId: string): string {
    return createHmac('sha256', this.#personaKey).update(accountId).digest('base64url');
  }

  /** A fresh token for the account (a new IV each time; any of them opens). */
  token(accountId: string): string {
    return this.#cipher.encrypt(accountId, TOKEN_OWNER, 'recall-token');
  }

  /** The account a token names, or undefined for one this backend did not make (an "orphan"). */
  accountOf(token: string): string | undefined {
    try {
      const accountId = this.#cipher.decrypt(token, TOKEN_OWNER, 'recall-token');
      return ACCOUNT_ID_SHAPE.test(accountId) ? accountId : undefined;
    } catch (error) {
      if (error instanceof TokenDecryptionError) return undefined;
      throw error;
    }
  }
}
