/**
 * Harness for the official-client conformance suite: a real emulator on a loopback socket (the
 * official clients do real HTTP), the control API spoken over HTTP only (`EmulatorControlClient`,
 * never the emulator's internals), and Google's own clients pointed at it by base URL alone.
 *
 * Everything the suite knows about the emulator comes from its published interface
 * (src/emulator/README.md) and Google's documented behaviour (docs/google/); nothing here reaches into
 * `state`.
 */
import { GaxiosError } from 'gaxios';
import { ClientAuthentication, OAuth2Client } from 'google-auth-library';
import type { Credentials } from 'google-auth-library';
// The three API modules by their own paths: googleapis' index declares every Google API (about 900
// type files), which the type checker and the linter would otherwise load for three of them.
import type { games_v1 } from 'googleapis/build/src/apis/games/index.js';
import { games } from 'googleapis/build/src/apis/games/index.js';
import type { gamesConfiguration_v1configuration } from 'googleapis/build/src/apis/gamesConfiguration/index.js';
import { gamesConfiguration } from 'googleapis/build/src/apis/gamesConfiguration/index.js';
import type { gamesManagement_v1management } from 'googleapis/build/src/apis/gamesManagement/index.js';
import { gamesManagement } from 'googleapis/build/src/apis/gamesManagement/index.js';
import { expect } from 'vitest';
import {
  createEmulator,
  EmulatorControlClient,
  type ControlAchievementDefinition,
  type ControlApplication,
  type ControlPlayer,
  type NewPlayer,
} from '../../src/emulator/index.js';
import { sharedSigningKeyPair } from '../../src/emulator/test-support/shared-signing-key.js';
import { useSharedServiceAccounts } from '../../src/emulator/test-support/shared-service-accounts.js';
import type { OptionalScope } from '../../src/google/wire/scopes.js';

/** Options of `POST /emulator/v1/serverAuthCodes`, minus the IDs the harness fills in. */
export interface MintOptions {
  scopes?: OptionalScope[];
  forceRefreshToken?: boolean;
  /** Defaults to the demo game's web client. */
  clientId?: string;
}

/** A running emulator and everything a test needs to talk to it. */
export interface Emulator {
  baseUrl: string;
  /** `applications[0]` is the demo game, `applications[1]` the second demo application. */
  apps: ControlApplication[];
  control: ConformanceControl;
  close(): Promise<void>;
}

/**
 * The emulator's control API (src/emulator/README.md, 'Control API') over HTTP, as
 * `play-games-server/emulator` ships it, with one convenience: a player a test does not name gets a
 * unique display name.
 */
export class ConformanceControl extends EmulatorControlClient {
  override createPlayer(input: Partial<NewPlayer> = {}): Promise<ControlPlayer> {
    return super.createPlayer({ displayName: `Conformance ${++playerCounter}`, ...input });
  }
}

let playerCounter = 0;

/** Starts an emulator on a free loopback port, the way a user's CI would reach it. */
export async function startEmulator(): Promise<Emulator> {
  const { app, state } = await createEmulator({ signingKeyPair: sharedSigningKeyPair() });
  useSharedServiceAccounts(state);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const control = new ConformanceControl(baseUrl);
  const apps = await control.applications();
  return { baseUrl, apps, control, close: () => app.close() };
}

/** A google-auth-library OAuth2Client for `app`'s web client, pointed at the emulator. */
export function oauthClient(
  emulator: Emulator,
  app: ControlApplication,
  options: { basicAuth?: boolean; forceRefreshOnFailure?: boolean; clientSecret?: string; clientId?: string } = {},
): OAuth2Client {
  const base = emulator.baseUrl;
  return new OAuth2Client({
    clientId: options.clientId ?? app.webClientId,
    clientSecret: options.clientSecret ?? app.webClientSecret,
    // No redirectUri: Play Games server auth codes are exchanged with an empty one (docs/google/oauth.md).
    endpoints: {
      oauth2TokenUrl: `${base}/token`,
      oauth2RevokeUrl: `${base}/revoke`,
      tokenInfoUrl: `${base}/tokeninfo`,
      oauth2FederatedSignonPemCertsUrl: `${base}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${base}/oauth2/v3/certs`,
    },
    ...(options.basicAuth === true ? { clientAuthentication: ClientAuthentication.ClientSecretBasic } : {}),
    ...(options.forceRefreshOnFailure === true ? { forceRefreshOnFailure: true } : {}),
  });
}

// googleapis 174 bundles its own google-auth-library (10.5.0) whose OAuth2Client type has private
// members, so TypeScript rejects the top-level 10.9.x instance; at run time googleapis only calls
// its public `request` surface. The cast is the whole workaround.
type GamesAuth = NonNullable<Parameters<typeof games>[0] & { auth?: unknown }>['auth'];

/** `google.games` v1 pointed at the emulator, authenticated by `auth` (or by nothing). */
export function gamesClient(emulator: Emulator, auth?: OAuth2Client): games_v1.Games {
  return games({ version: 'v1', rootUrl: `${emulator.baseUrl}/`, ...(auth ? { auth: auth as unknown as GamesAuth } : {}) });
}

/** `google.gamesManagement` v1management pointed at the emulator. */
export function managementClient(emulator: Emulator, auth?: OAuth2Client): gamesManagement_v1management.Gamesmanagement {
  return gamesManagement({
    version: 'v1management',
    rootUrl: `${emulator.baseUrl}/`,
    ...(auth ? { auth: auth as unknown as GamesAuth } : {}),
  });
}

/** `google.gamesConfiguration` v1configuration (the console's publishing API) pointed at the emulator. */
export function configurationClient(emulator: Emulator, auth?: OAuth2Client): gamesConfiguration_v1configuration.Gamesconfiguration {
  return gamesConfiguration({
    version: 'v1configuration',
    rootUrl: `${emulator.baseUrl}/`,
    ...(auth ? { auth: auth as unknown as GamesAuth } : {}),
  });
}

/** A signed-in player: the OAuth client holding their tokens and the Games clients using it. */
export interface SignedIn {
  player: ControlPlayer;
  auth: OAuth2Client;
  tokens: Credentials;
  games: games_v1.Games;
  management: gamesManagement_v1management.Gamesmanagement;
}

/** Mints a server auth code through the control API and exchanges it with `getToken`. */
export async function signIn(
  emulator: Emulator,
  player: ControlPlayer,
  options: MintOptions & { app?: ControlApplication; forceRefreshOnFailure?: boolean } = {},
): Promise<SignedIn> {
  const app = options.app ?? emulator.apps[0]!;
  const { serverAuthCode } = await emulator.control.mintServerAuthCode({
    playerId: player.playerId,
    clientId: options.clientId ?? app.webClientId,
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.forceRefreshToken !== undefined ? { forceRefreshToken: options.forceRefreshToken } : {}),
  });
  const auth = oauthClient(emulator, app, { forceRefreshOnFailure: options.forceRefreshOnFailure ?? false });
  const { tokens } = await auth.getToken(serverAuthCode);
  auth.setCredentials(tokens);
  return { player, auth, tokens, games: gamesClient(emulator, auth), management: managementClient(emulator, auth) };
}

/** Awaits `promise`, expects it to reject with a GaxiosError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<GaxiosError> {
  let settled: unknown;
  try {
    settled = await promise;
  } catch (error) {
    // googleapis calls made without an auth client go through googleapis-common's own gaxios
    // copy (7.1), whose GaxiosError is another class that `instanceof` does not recognise.
    if (!(error instanceof GaxiosError) && error?.constructor?.name !== 'GaxiosError') throw error;
    return error as GaxiosError;
  }
  throw new Error(`expected a GaxiosError, got a success: ${JSON.stringify(settled)}`);
}

/**
 * Expects a Games / Management API error: the HTTP status, Google's envelope
 * (`{error: {code, message, errors: [{message, domain, reason}], status}}`) and its reason.
 */
export async function expectGoogleError(promise: Promise<unknown>, status: number, reason: string, canonical?: string): Promise<GaxiosError> {
  const error = await rejection(promise);
  expect(error.response?.status).toBe(status);
  const body = error.response?.data;
  expect(body?.error?.code).toBe(status);
  expect(typeof body?.error?.message).toBe('string');
  expect(body?.error?.errors?.[0]?.reason).toBe(reason);
  expect(body?.error?.errors?.[0]?.domain).toBe('global');
  expect(typeof body?.error?.errors?.[0]?.message).toBe('string');
  expect(body?.error?.status).toBe(canonical ?? CANONICAL_STATUS[status]);
  return error;
}

/** Expects an RFC 6749 §5.2 error from an OAuth endpoint: status and `error` code together. */
export async function expectOAuthError(promise: Promise<unknown>, status: number, code: string): Promise<GaxiosError> {
  const error = await rejection(promise);
  expect({ status: error.response?.status, error: error.response?.data?.error }).toEqual({ status, error: code });
  return error;
}

/** google.rpc.Code names per HTTP status (docs/google/errors.md, 'Status names'). */
const CANONICAL_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};

/** The demo game's achievements the emulator promises (src/emulator/README.md, 'The demo seed'). */
export interface DemoAchievements {
  /** Two published, REVEALED STANDARD achievements. */
  standard: [ControlAchievementDefinition, ControlAchievementDefinition];
  /** A published HIDDEN STANDARD achievement (falls back to any hidden one). */
  hidden: ControlAchievementDefinition;
  /** A published REVEALED INCREMENTAL achievement with totalSteps ≥ 5. */
  incremental: ControlAchievementDefinition;
  /** A draft achievement. */
  draft: ControlAchievementDefinition;
  published: ControlAchievementDefinition[];
  all: ControlAchievementDefinition[];
}

/** Picks from the seed the achievements each test needs, failing loudly if the seed lacks one. */
export function demoAchievements(app: ControlApplication): DemoAchievements {
  const all = app.achievements;
  const published = all.filter((a) => a.published);
  const standard = published.filter((a) => a.achievementType === 'STANDARD' && a.initialState === 'REVEALED');
  const hidden =
    published.find((a) => a.initialState === 'HIDDEN' && a.achievementType === 'STANDARD') ??
    all.find((a) => a.initialState === 'HIDDEN');
  const incremental = published.find(
    (a) => a.achievementType === 'INCREMENTAL' && a.initialState === 'REVEALED' && (a.totalSteps ?? 0) >= 5,
  );
  const draft = all.find((a) => !a.published);
  if (standard.length < 2 || !hidden || !incremental || !draft) {
    throw new Error(`demo seed does not keep its promises (src/emulator/README.md): ${JSON.stringify(all.map((a) => a.id))}`);
  }
  return { standard: [standard[0]!, standard[1]!], hidden, incremental, draft, published, all };
}
