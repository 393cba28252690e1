import { describe, expect, it } from 'vitest';
import { newAccountId } from '../../store/account-repository.js';
import { TokenCipher } from '../vault/token-cipher.js';
import { RecallValues } from './recall-values.js';

const keys = (id: string, fill: number) => ({ currentKeyId: id, keys: new Map([[id, Buffer.alloc(32, fill)]]) });
const values = (secret = Buffer.alloc(32, 7), cipher = new TokenCipher(keys('k1', 1))) => new RecallValues({ signingSecret: secret, cipher });

describe('RecallValues', () => {
  it('derives a stable persona per account that reveals nothing of it, and differs under another secret', () => {
    const accountId = newAccountId();
    const persona = values().persona(accountId);
    expect(persona).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(values().persona(accountId)).toBe(persona);
    expect(persona).not.toContain(accountId.slice(4, 12));
    expect(values().persona(newAccountId())).not.toBe(persona);
    expect(values(Buffer.alloc(32, 8)).persona(accountId)).not.toBe(persona);
  });

  it('seals the account in the token, opens only its own tokens, and keeps opening them after a key rotation', () => {
    const accountId = newAccountId();
    const v = values();
    const token = v.token(accountId);
    expect(token.length).toBeLessThanOrEqual(256);
    expect(token).not.toContain(accountId.slice(4));
    expect(v.token(accountId)).not.toBe(token);
    expect(v.accountOf(token)).toBe(accountId);
    expect(v.accountOf('made-up')).toBeUndefined();
    expect(v.accountOf(`${token.slice(0, -2)}AA`)).toBeUndefined();
    expect(values(undefined, new TokenCipher(keys('k9', 9))).accountOf(token)).toBeUndefined();
    const rotated = new TokenCipher({ currentKeyId: 'k2', keys: new Map([['k2', Buffer.alloc(32, 2)], ['k1', Buffer.alloc(32, 1)]]) });
    expect(values(undefined, rotated).accountOf(token)).toBe(accountId);
  });
});
