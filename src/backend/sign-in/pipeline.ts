/**
 * Sign-in with a Play Games server auth code (docs/google/oauth.md, 'Server auth code flow'), as
 * a pipeline of named steps (node-oidc-provider's token endpoint is the model):
 *
 *   exchange code → [verify ID token ‖ verify player (players.get · applications.verify ·
 *   getScopedPlayerIds)] → upsert player → [store grant ‖ open session]
 *
 * Two Google round trips in sequence, the least the flow allows: the exchange, then everything
 * that needs its access token at once. Each step is a function that can be tested alone.
 */
import { accessTokenHash } from '../../google/access-token-hash.js';
import type { OAuthTokens } from '../../google/oauth-client.js';
import { SCOPES } from '../../google/wire/scopes.js';
import type { ApplicationVerifyResponse } from '../../google/wire/applications.js';
import type { GoogleIdTokenClaims } from '../../google/wire/oauth.js';
import type { Player as GooglePlayer, ScopedPlayerIds } from '../../google/wire/players.js';
import { STORE_ERROR_CODES, StoreError } from '../../store/store-errors.js';
import type { Grant, IdTokenClaims, Player, PlayerSignIn } from '../../store/store.js';
import { ApiError } from '../errors.js';
import type { BackendServices } from '../services.js';
import type { SessionBody } from '../sessions/session-service.js';
import { classifyGoogleFailure, type FailureAnswers } from '../google-failures.js';
import { signInFailure } from './sign-in-failure.js';

export interface SignInRequest {
  serverAuthCode: string;
  /** The player ID the game client believes it signed in as (optional; checked when sent). */
  playerId?: string;
}

export interface SignInResult {
  player: Player;
  session: SessionBody;
  created: boolean;
  /** Full scope URLs Google granted with this code. */
  grantedScopes: string[];
  /** Whether the server holds a refresh token for the player (it can act while they are away). */
  offlineAccess: boolean;
}

/** Who Google says the player is, from the three parallel Games API calls. */
export interface VerifiedIdentity {
  player: GooglePlayer;
  verification: ApplicationVerifyResponse;
  scopedIds: ScopedPlayerIds | undefined;
}

export type SignInServices = Pick<BackendServices, 'google' | 'store' | 'vault' | 'sessions' | 'applicationId' | 'now'>;

/** Runs the whole sign-in; every failure is an `ApiError` from the registry. */
export async function signInWithPlayGames(
  services: SignInServices,
  request: SignInRequest,
  hooks: { onSignedIn?: (playerId: string) => Promise<void> } = {},
): Promise<SignInResult> {
  const tokens = await exchangeCode(services, request.serverAuthCode);
  const [idToken, identity] = await Promise.all([verifyIdToken(services, tokens), verifyPlayer(services, tokens.access_token)]);
  await checkClaimedPlayer(services, identity, request.playerId);
  const { player, created } = await upsertPlayer(services, identity, idToken);
  // The grant (and the writes it unblocks) and the session are independent: one round trip apart.
  const [grant, session] = await Promise.allSettled([
    storeGrant(services, player.id, tokens, hooks.onSignedIn),
    services.sessions.open(player.id, player.accountId),
  ]);
  if (grant.status === 'rejected' || session.status === 'rejected') {
    throw await deletedDuringSignIn(services, tokens, grant.status === 'rejected' ? grant.reason : (session as PromiseRejectedResult).reason);
  }
  return { player, session: session.value, created, grantedScopes: tokens.scopes, offlineAccess: grant.value.refreshTokenCiphertext !== null };
}

/**
 * The player was deleted between the upsert and storing their grant or session: their own
 * `DELETE /v1/me` (another device, another tab) ran meanwhile. The deletion is what the player
 * asked for and stands; the tokens this sign-in got are revoked (best effort) rather than left
 * valid at Google with no one holding them. Anything else is rethrown as it was.
 */
async function deletedDuringSignIn(services: SignInServices, tokens: OAuthTokens, error: unknown): Promise<unknown> {
  if (!(error instanceof StoreError && error.code === STORE_ERROR_CODES.PLAYER_NOT_FOUND)) return error;
  await services.google.oauth.revoke(tokens.refresh_token ?? tokens.access_token).catch(() => undefined);
  return new ApiError('PLAYER_DELETED_DURING_SIGN_IN', { detail: 'the player was deleted while the sign-in stored their grant or session', cause: error });
}

/** Step 1: the one-time code for Google tokens. Never retried: the code is single-use. */
export async function exchangeCode(services: SignInServices, serverAuthCode: string): Promise<OAuthTokens> {
  try {
    return await services.google.oauth.exchangeCode(serverAuthCode);
  } catch (error) {
    throw signInFailure(error);
  }
}

/** Step 2: the ID token, when the player granted `openid` (signature, iss, aud, exp, iat). */
export async function verifyIdToken(services: SignInServices, tokens: OAuthTokens): Promise<GoogleIdTokenClaims | undefined> {
  if (!tokens.id_token) {
    if (tokens.scopes.includes(SCOPES.openid)) {
      throw new ApiError('ID_TOKEN_INVALID', { detail: 'openid was granted but Google returned no id_token' });
    }
    return undefined;
  }
  let claims: GoogleIdTokenClaims;
  try {
    claims = await services.google.idTokens.verify(tokens.id_token);
  } catch (error) {
    throw signInFailure(error);
  }
  // A validly signed ID token may still belong to another grant: its at_hash binds it to the
  // access token it was issued with (OpenID Connect Core 1.0 §3.1.3.8,
  // https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken). Google always sends one.
  if (claims.at_hash !== undefined && claims.at_hash !== accessTokenHash(tokens.access_token)) {
    throw new ApiError('ID_TOKEN_MISMATCH', { detail: 'the ID token’s at_hash does not match the access token of this exchange' });
  }
  return claims;
}

/**
 * Step 3: who the token belongs to, three calls at once. `players.get('me')` and
 * `applications.verify` must name the same player (directly or through an older ID), and the
 * token must belong to this game. `getScopedPlayerIds` is best-effort: its IDs are extra data,
 * and a failure there must not cost the player their sign-in.
 */
export async function verifyPlayer(services: SignInServices, accessToken: string): Promise<VerifiedIdentity> {
  const { games } = services.google;
  const [player, verification, scopedIds] = await Promise.all([
    games.getPlayer(accessToken, 'me').catch((error: unknown) => {
      throw signInFailure(error, PLAYERS_GET_ANSWERS);
    }),
    games.verifyApplication(accessToken, services.applicationId).catch((error: unknown) => {
      throw applicationFailure(error, services.applicationId);
    }),
    games.getScopedPlayerIds(accessToken).catch(() => undefined),
  ]);
  const samePlayer =
    verification.player_id === player.playerId ||
    verification.alternate_player_id === player.playerId ||
    (player.originalPlayerId !== undefined && verification.player_id === player.originalPlayerId);
  if (!samePlayer) {
    throw new ApiError('PLAYER_MISMATCH', { detail: 'players.get(me) and applications.verify name different players' });
  }
  return { player, verification, scopedIds };
}

/**
 * players.get('me') refuses a player the game may not see with 403 (an unpublished game and an
 * account that is not one of its testers: "generic error 403" for `players/me`,
 * https://github.com/playgameservices/play-games-plugin-for-unity/issues/638), and answers 404
 * "The requested player with ID me was not found." for an account with no Play Games profile
 * (https://github.com/playgameservices/web-basic-samples/issues/15). Neither is our bug.
 */
const PLAYERS_GET_ANSWERS: FailureAnswers = { refusedByStatus: { 403: 'PLAY_GAMES_ACCESS_DENIED', 404: 'PLAY_GAMES_PROFILE_NOT_FOUND' } };

/** applications.verify refuses a token of another game with 403, and an unknown application with 404. */
function applicationFailure(error: unknown, applicationId: string): ApiError {
  const failure = classifyGoogleFailure(error);
  if (failure.kind === 'refused' && failure.status === 403) {
    return new ApiError('APPLICATION_MISMATCH', { detail: `applications.verify(${applicationId}) refused the token: it belongs to another game` });
  }
  if (failure.kind === 'refused' && failure.status === 404) {
    return new ApiError('GOOGLE_MISCONFIGURED', {
      detail: `applications.verify: Google knows no application ${applicationId}; check PGS_APPLICATION_ID`,
    });
  }
  return signInFailure(error);
}

/**
 * Step 4: a `playerId` the client claims must be the player Google names, or one of their older
 * IDs (the next-generation ID switch leaves clients with a cached old ID), else 403.
 */
export async function checkClaimedPlayer(services: SignInServices, identity: VerifiedIdentity, claimed: string | undefined): Promise<void> {
  if (claimed === undefined) return;
  const known = [identity.player.playerId, identity.player.originalPlayerId, identity.verification.alternate_player_id];
  if (known.includes(claimed)) return;
  const stored = await services.store.findPlayerByPlayerId(services.applicationId, claimed);
  if (stored) {
    const current = await services.store.findPlayerByPlayerId(services.applicationId, identity.player.playerId);
    if (current?.id === stored.id) return;
  }
  throw new ApiError('PLAYER_MISMATCH', { detail: 'claimed playerId is not the player of the server auth code' });
}

/**
 * Step 5: create or update the player (race-safe and ID-remap aware, in the store). The store
 * refuses to move a player known only by the ID token's `sub` to another player ID; that is
 * answered ID_TOKEN_MISMATCH, with nothing stored.
 */
export async function upsertPlayer(
  services: SignInServices,
  identity: VerifiedIdentity,
  idToken: GoogleIdTokenClaims | undefined,
): Promise<{ player: Player; created: boolean }> {
  const { player, verification, scopedIds } = identity;
  const signIn: PlayerSignIn = {
    applicationId: services.applicationId,
    playerId: player.playerId,
    originalPlayerId: player.originalPlayerId,
    alternatePlayerId: verification.alternate_player_id,
    gamePlayerId: scopedIds?.gamePlayerId ?? player.gamePlayerId,
    developerPlayerKey: scopedIds?.developerPlayerKey,
    // Google's JSON leaves empty strings out (proto3): no displayName is an empty one.
    displayName: player.displayName ?? '',
    avatarImageUrl: player.avatarImageUrl,
    title: player.title,
    idToken: idToken && idTokenClaims(idToken),
    now: services.now(),
  };
  try {
    return await services.store.upsertPlayerOnSignIn(signIn);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'IDENTITY_MISMATCH') {
      throw new ApiError('ID_TOKEN_MISMATCH', { detail: 'the ID token names a stored player whose player IDs Google did not name', cause: error });
    }
    throw (await accountConflict(services, signIn, error)) ?? error;
  }
}

/**
 * The store refused the sign-in as a uniqueness conflict. When the ID token's `sub` is held by
 * another stored player than the one holding this player ID, two stored players claim one Google
 * account: that is GOOGLE_ACCOUNT_CONFLICT, for the operator to resolve (nothing was changed; the
 * log names both internal IDs). Undefined for any other failure.
 */
async function accountConflict(services: SignInServices, signIn: PlayerSignIn, error: unknown): Promise<ApiError | undefined> {
  if (!(error instanceof StoreError && error.code === STORE_ERROR_CODES.CONFLICT) || !signIn.idToken) return undefined;
  const [bySub, byPlayerId] = await Promise.all([
    services.store.findPlayerByGoogleSub(signIn.applicationId, signIn.idToken.sub),
    services.store.findPlayerByPlayerId(signIn.applicationId, signIn.playerId),
  ]);
  if (!bySub || !byPlayerId || bySub.id === byPlayerId.id) return undefined;
  return new ApiError('GOOGLE_ACCOUNT_CONFLICT', {
    detail: `players ${byPlayerId.id} (this player ID) and ${bySub.id} (this ID token's sub) both claim one Google account`,
    cause: error,
  });
}

/** Step 6: the encrypted grant; then the player's parked achievement writes may go out again. */
async function storeGrant(
  services: SignInServices,
  playerId: string,
  tokens: OAuthTokens,
  onSignedIn: ((playerId: string) => Promise<void>) | undefined,
): Promise<Grant> {
  const grant = await services.vault.storeExchangedTokens(playerId, tokens);
  await onSignedIn?.(playerId);
  return grant;
}

function idTokenClaims(claims: GoogleIdTokenClaims): IdTokenClaims {
  return {
    sub: claims.sub,
    email: claims.email,
    emailVerified: claims.email_verified,
    name: claims.name,
    picture: claims.picture,
    givenName: claims.given_name,
    familyName: claims.family_name,
    locale: claims.locale,
  };
}
