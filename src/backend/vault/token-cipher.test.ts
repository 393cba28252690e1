import { describe, expect, it } from 'vitest';
import { parseTokenKeys } from '../config.js';
import { TokenCipher, TokenDecryptionError } from './token-cipher.js';

const K1 = Buffer.alloc(32, 11).toString('base64');
const K2 = Buffer.alloc(32, 22).toString('base64');
const TOKEN = 'ya29.a0AfH6SMBx-secret-access-token';

describe('TokenCipher', () => {
  it('round-trips and never contains the plaintext', () => {
    const cipher = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    const sealed = cipher.encrypt(TOKEN, 'player-1', 'google-access');
    expect(sealed).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed, 'player-1', 'google-access')).toBe(TOKEN);
  });

  it('uses a fresh IV each time', () => {
    const cipher = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    expect(cipher.encrypt(TOKEN, 'p', 'google-access')).not.toBe(cipher.encrypt(TOKEN, 'p', 'google-access'));
  });

  it('refuses a ciphertext moved to another player or purpose', () => {
    const cipher = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    const sealed = cipher.encrypt(TOKEN, 'player-1', 'google-refresh');
    expect(() => cipher.decrypt(sealed, 'player-2', 'google-refresh')).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(sealed, 'player-1', 'google-access')).toThrow(TokenDecryptionError);
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    const sealed = cipher.encrypt(TOKEN, 'p', 'google-access');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'p', 'google-access')).toThrow('authentication failed');
  });

  it('rotates: new ciphertexts use the current key, old ones still open', () => {
    const before = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    const old = before.encrypt(TOKEN, 'p', 'google-access');
    const after = new TokenCipher(parseTokenKeys(`k2:${K2},k1:${K1}`));
    expect(after.decrypt(old, 'p', 'google-access')).toBe(TOKEN);
    const fresh = after.encrypt(TOKEN, 'p', 'google-access');
    expect(TokenCipher.keyIdOf(fresh)).toBe('k2');
    const withoutOld = new TokenCipher(parseTokenKeys(`k2:${K2}`));
    expect(() => withoutOld.decrypt(old, 'p', 'google-access')).toThrow('key k1 is not configured');
  });

  it('never puts the plaintext in its errors', () => {
    const cipher = new TokenCipher(parseTokenKeys(`k1:${K1}`));
    try {
      cipher.decrypt('v1.k1.AAAA.BBBB', 'p', 'google-access');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
  });
});
