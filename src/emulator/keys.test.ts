import { X509Certificate, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './keys.js';

describe('KeyRing', () => {
  it('signs RS256 JWTs with kid and typ that verify against the PEM and the JWK', async () => {
    const ring = await KeyRing.create();
    const token = ring.signJwt({ sub: '1', iat: 1 });
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'RS256', kid: ring.current.kid, typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ sub: '1', iat: 1 });
    expect(ring.verifyJwt(token)?.payload).toEqual({ sub: '1', iat: 1 });
    const pem = (JSON.parse(ring.pemSetJson) as Record<string, string>)[ring.current.kid]!;
    expect(new X509Certificate(pem).publicKey.export({ format: 'jwk' })).toEqual(
      createPublicKey({ key: (JSON.parse(ring.jwksJson) as { keys: Array<Record<string, string>> }).keys[0]!, format: 'jwk' }).export({ format: 'jwk' }),
    );
  });

  it('refuses tampered, foreign and malformed tokens', async () => {
    const ring = await KeyRing.create();
    const other = await KeyRing.create();
    const token = ring.signJwt({ sub: '1' });
    const [header, , signature] = token.split('.');
    expect(ring.verifyJwt(`${header}.${Buffer.from('{"sub":"2"}').toString('base64url')}.${signature}`)).toBeUndefined();
    expect(ring.verifyJwt(other.signJwt({ sub: '1' }))).toBeUndefined();
    expect(ring.verifyJwt('x.y')).toBeUndefined();
    expect(ring.verifyJwt('!!.!!.!!')).toBeUndefined();
  });

  it('rotates, keeping exactly the previous key published', async () => {
    const ring = await KeyRing.create();
    const first = ring.current;
    const oldToken = ring.signJwt({ n: 1 });
    const second = await ring.rotate();
    expect(ring.current).toBe(second);
    expect(ring.published.map((key) => key.kid)).toEqual([second.kid, first.kid]);
    expect(ring.verifyJwt(oldToken)).toBeDefined();
    await ring.rotate();
    expect(ring.published.map((key) => key.kid)).not.toContain(first.kid);
    expect(ring.verifyJwt(oldToken)).toBeUndefined();
  });
});
