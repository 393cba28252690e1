import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './session-tokens.js';
import { legacyAccessToken } from './test-support/legacy-access-token.js';

const SECRET = new Uint8Array(32).fill(5);

describe('SessionTokens', () => {
  it('issues an access token that verifies to its player, account and family', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900, now: () => 1_700_000_000_000 });
    const token = await tokens.issueAccessToken('player-1', 'acc-1', 'family-1');
    expect(await tokens.verifyAccessToken(token)).toEqual({
      ok: true,
      claims: { playerId: 'player-1', accountId: 'acc-1', familyId: 'family-1', expiresAt: 1_700_000_900_000 },
    });
  });

  it('still verifies a token issued before accounts (no acc claim), naming no account', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900, now: () => 1_700_000_000_000 });
    const token = await legacyAccessToken(SECRET, 'player-1', 'family-1', 1_700_000_000_000 - 60_000);
    expect(await tokens.verifyAccessToken(token)).toEqual({
      ok: true,
      claims: { playerId: 'player-1', familyId: 'family-1', expiresAt: 1_700_000_840_000 },
    });
  });

  it('refuses an acc claim that is not a string', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900 });
    const token = await new SignJWT({ sid: 'f', acc: 7 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('play-games-server')
      .setAudience('pgs-session')
      .setSubject('p')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(SECRET);
    expect(await tokens.verifyAccessToken(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('issues standard JWTs that an independent implementation (jose) verifies', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900 });
    const { payload, protectedHeader } = await jwtVerify(await tokens.issueAccessToken('p', 'a', 'f'), SECRET, {
      algorithms: ['HS256'],
      issuer: 'play-games-server',
      audience: 'pgs-session',
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'p', acc: 'a', sid: 'f' });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('says expired after the TTL, to the second', async () => {
    let now = 1_700_000_000_000;
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900, now: () => now });
    const token = await tokens.issueAccessToken('p', 'a', 'f');
    now += 899_000;
    expect((await tokens.verifyAccessToken(token)).ok).toBe(true);
    now += 1_000;
    expect(await tokens.verifyAccessToken(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('still refuses every tampered form of a token it has verified before, and still checks its expiry', async () => {
    let now = 1_700_000_000_000;
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900, now: () => now });
    const token = await tokens.issueAccessToken('player-1', 'acc-1', 'family-1');
    const verified = { ok: true, claims: { playerId: 'player-1', accountId: 'acc-1', familyId: 'family-1', expiresAt: 1_700_000_900_000 } };
    expect(await tokens.verifyAccessToken(token)).toEqual(verified);
    expect(await tokens.verifyAccessToken(token)).toEqual(verified);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'player-2' })).toString('base64url');
    expect(await tokens.verifyAccessToken(`${header}.${forgedPayload}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(`${header}.${payload}.${signature.slice(0, -2)}AA`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(`${token} `)).toEqual({ ok: false, reason: 'invalid' });
    // Another instance with another secret refuses it: what one has verified is its own.
    const other = new SessionTokens({ secret: new Uint8Array(32).fill(6), accessTokenTtlSeconds: 900, now: () => now });
    expect(await other.verifyAccessToken(token)).toEqual({ ok: false, reason: 'invalid' });
    now += 900_000;
    expect(await tokens.verifyAccessToken(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tampering, another secret, alg none and garbage as invalid', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900 });
    const token = await tokens.issueAccessToken('player-1', 'acc-1', 'family-1');
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'player-2' })).toString('base64url');
    expect(await tokens.verifyAccessToken(`${header}.${forgedPayload}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });

    const otherSecret = await new SignJWT({ sid: 'f' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('play-games-server')
      .setAudience('pgs-session')
      .setSubject('p')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(32).fill(6));
    expect(await tokens.verifyAccessToken(otherSecret)).toEqual({ ok: false, reason: 'invalid' });

    // The same secret under another HMAC algorithm, or without the JWT type: not a token we issue.
    const sign = (header: { alg: string; typ?: string }) =>
      new SignJWT({ sid: 'f', acc: 'a' })
        .setProtectedHeader(header)
        .setIssuer('play-games-server')
        .setAudience('pgs-session')
        .setSubject('p')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(SECRET);
    expect(await tokens.verifyAccessToken(await sign({ alg: 'HS512', typ: 'JWT' }))).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(await sign({ alg: 'HS256', typ: 'at+jwt' }))).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(await sign({ alg: 'HS256', typ: 'JWT' }))).toMatchObject({ ok: true });

    const unsigned = new UnsecuredJWT({ sid: 'f' }).setIssuer('play-games-server').setAudience('pgs-session').setSubject('p').setExpirationTime('5m').encode();
    expect(await tokens.verifyAccessToken(unsigned)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken('not-a-jwt')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses any other spelling of a valid signature, a crit header and a non-object payload', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900 });
    const token = await tokens.issueAccessToken('player-1', 'acc-1', 'family-1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // A character whose low byte is the original one, and junk after the signature.
    const lowByteTwin = String.fromCharCode(signature.charCodeAt(0) + 0x100);
    expect(await tokens.verifyAccessToken(`${header}.${payload}.${lowByteTwin}${signature.slice(1)}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(`${token}=`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(`${token}.x`)).toEqual({ ok: false, reason: 'invalid' });

    const sign = (claims: object, protectedHeader: { alg: string; typ: string; crit?: string[] }) =>
      new SignJWT({ sid: 'f', acc: 'a', ...claims }).setProtectedHeader(protectedHeader).setIssuer('play-games-server').setAudience('pgs-session').setSubject('p').setIssuedAt().setExpirationTime('5m').sign(SECRET);
    const withCrit = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', crit: ['exp'] })).toString('base64url')}.${payload}`;
    const critToken = `${withCrit}.${createHmac('sha256', SECRET).update(withCrit).digest('base64url')}`;
    expect(await tokens.verifyAccessToken(critToken)).toEqual({ ok: false, reason: 'invalid' });
    const arrayPayload = `${header}.${Buffer.from('[1]').toString('base64url')}`;
    expect(await tokens.verifyAccessToken(`${arrayPayload}.${createHmac('sha256', SECRET).update(arrayPayload).digest('base64url')}`)).toEqual({ ok: false, reason: 'invalid' });
    // Claims of the wrong type, and a token not yet valid.
    expect(await tokens.verifyAccessToken(await sign({ nbf: Math.floor(Date.now() / 1000) + 600 }, { alg: 'HS256', typ: 'JWT' }))).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verifyAccessToken(await sign({}, { alg: 'HS256', typ: 'application/jwt' }))).toMatchObject({ ok: true });
  });

  it('refuses what fast-jwt alone would pass: a respelt signature, crit null, b64, an array aud, and claims we never issue', async () => {
    const tokens = new SessionTokens({ secret: SECRET, accessTokenTtlSeconds: 900 });
    const token = await tokens.issueAccessToken('player-1', 'acc-1', 'family-1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // The last of 43 characters carries 4 bits and 2 spare ones: flipping a spare bit decodes to
    // the same 32 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1]}`;
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(await tokens.verifyAccessToken(`${header}.${payload}.${respelt}`)).toEqual({ ok: false, reason: 'invalid' });

    // Tokens signed with our secret whose header or claims we never issue.
    const hmacSigned = (protectedHeader: object, claims: object) => {
      const input = `${Buffer.from(JSON.stringify(protectedHeader)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(await tokens.verifyAccessToken(hmacSigned({ alg: 'HS256', typ: 'JWT' }, claims))).toMatchObject({ ok: true });
    for (const refused of [
      hmacSigned({ alg: 'HS256', typ: 'JWT', crit: null }, claims),
      hmacSigned({ alg: 'HS256', typ: 'JWT', b64: false }, claims),
      hmacSigned({ alg: 'HS256' }, claims),
      hmacSigned({ alg: 'RS256', typ: 'JWT' }, claims),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: ['pgs-session', 'elsewhere'] }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: undefined }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: undefined }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'elsewhere' }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, sid: undefined }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: '9999999999' }),
      hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: 'yesterday' }),
    ]) {
      expect(await tokens.verifyAccessToken(refused)).toEqual({ ok: false, reason: 'invalid' });
    }
    // Expired only when nothing else is wrong with it.
    const past = { ...claims, exp: Math.floor(Date.now() / 1000) - 1 };
    expect(await tokens.verifyAccessToken(hmacSigned({ alg: 'HS256', typ: 'JWT' }, past))).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.verifyAccessToken(hmacSigned({ alg: 'HS256', typ: 'JWT' }, { ...past, aud: 'elsewhere' }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('mints opaque refresh tokens stored only as a hash', () => {
    const { token, hash } = SessionTokens.newRefreshToken();
    expect(token).toMatch(/^pgsr_[\w-]{43}$/);
    expect(hash).not.toContain(token.slice(5));
    expect(SessionTokens.hashRefreshToken(token)).toBe(hash);
    expect(SessionTokens.newRefreshToken().token).not.toBe(token);
  });
});
