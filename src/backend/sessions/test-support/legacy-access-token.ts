/**
 * An access token as the backend issued them before accounts existed: the same header, issuer,
 * audience and signature, with `sub` and `sid` and no `acc` claim. Such tokens must keep working
 * until they expire.
 */
import { SignJWT } from 'jose';

/** Signs a pre-accounts access token issued at `issuedAt` (epoch ms), valid for `ttlSeconds`. */
export async function legacyAccessToken(
  secret: Uint8Array,
  playerId: string,
  familyId: string,
  issuedAt: number,
  ttlSeconds = 900,
): Promise<string> {
  const iat = Math.floor(issuedAt / 1000);
  return new SignJWT({ sid: familyId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('play-games-server')
    .setAudience('pgs-session')
    .setSubject(playerId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(secret);
}
