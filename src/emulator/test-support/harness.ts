/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   Test helper over loosely typed JSON bodies: the same exemption eslint.config.js gives *.test.ts. */
/**
 * Test helpers for the emulator's own tests: one emulator per test file (keys are generated once),
 * reset between tests, and small wrappers over `app.inject()` for the control API, the token
 * endpoint and bearer calls. Not part of the build.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createEmulator, type Emulator, type EmulatorOptions } from '../create-emulator.js';
import { DEMO_SEED } from '../demo-seed.js';

export const DEMO_APP = DEMO_SEED.applications[0]!;
export const OTHER_APP = DEMO_SEED.applications[1]!;
/** The demo players: a regular player, a tester, a developer (console) account that is also a tester. */
export const REGULAR = DEMO_SEED.players![0]!;
export const TESTER = DEMO_SEED.players![1]!;
export const DEVELOPER = DEMO_SEED.players![2]!;

/** Demo achievements by role. */
export const ACH = {
  standard: DEMO_APP.achievements[0]!, // published REVEALED STANDARD
  standard2: DEMO_APP.achievements[1]!, // published REVEALED STANDARD
  incremental: DEMO_APP.achievements[2]!, // published REVEALED INCREMENTAL, 10 steps
  hidden: DEMO_APP.achievements[3]!, // published HIDDEN STANDARD
  bigIncremental: DEMO_APP.achievements[4]!, // published REVEALED INCREMENTAL, 1000 steps
  hiddenIncremental: DEMO_APP.achievements[5]!, // published HIDDEN INCREMENTAL, 5 steps
  draft: DEMO_APP.achievements[6]!, // draft REVEALED STANDARD
  draftIncremental: DEMO_APP.achievements[7]!, // draft REVEALED INCREMENTAL, 3 steps
  draftHidden: DEMO_APP.achievements[8]!, // draft HIDDEN STANDARD
} as const;

/** Demo leaderboards by role. */
export const LB = {
  high: DEMO_APP.leaderboards![0]!, // published LARGER_IS_BETTER, NUMERIC " points"
  fastest: DEMO_APP.leaderboards![1]!, // published SMALLER_IS_BETTER, TIME_DURATION (ms)
  limited: DEMO_APP.leaderboards![2]!, // published LARGER_IS_BETTER, scoreMin 1, scoreMax 100000
  draft: DEMO_APP.leaderboards![3]!, // draft LARGER_IS_BETTER
  otherGame: OTHER_APP.leaderboards![0]!, // the second game's, published SMALLER_IS_BETTER
} as const;

/** Demo events by role. */
export const EV = {
  dragons: DEMO_APP.events![0]!, // published REVEALED
  coins: DEMO_APP.events![1]!, // published REVEALED
  secret: DEMO_APP.events![2]!, // published HIDDEN
  draft: DEMO_APP.events![3]!, // draft REVEALED
} as const;

export interface Reply {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: string;
}

function toReply(response: LightMyRequestResponse): Reply {
  let body: unknown = undefined;
  if (response.body !== '') {
    try {
      body = JSON.parse(response.body);
    } catch {
      body = response.body;
    }
  }
  return { status: response.statusCode, body, headers: response.headers, raw: response.body };
}

/** Creates the emulator for a test file. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await createEmulator(options);
  await emulator.app.ready();
  return emulator;
}

/** A JSON request. */
export async function call(app: FastifyInstance, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return toReply(response);
}

/** A form-encoded POST (what OAuth clients send). */
export async function postForm(app: FastifyInstance, url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
  return toReply(response);
}

/** A Games/Management API call with a bearer token. */
export async function api(app: FastifyInstance, method: string, url: string, token: string, body?: unknown): Promise<Reply> {
  return call(app, method, url, body, { authorization: `Bearer ${token}` });
}

export interface CodeOptions {
  playerId?: string;
  clientId?: string;
  scopes?: string[];
  forceRefreshToken?: boolean;
}

/** Mints a server auth code through the control API. */
export async function mintCode(app: FastifyInstance, options: CodeOptions = {}): Promise<string> {
  const reply = await call(app, 'POST', '/emulator/v1/serverAuthCodes', {
    playerId: options.playerId ?? REGULAR.playerId,
    clientId: options.clientId ?? DEMO_APP.webClientId,
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.forceRefreshToken === undefined ? {} : { forceRefreshToken: options.forceRefreshToken }),
  });
  if (reply.status !== 201) throw new Error(`mintCode: ${reply.status} ${reply.raw}`);
  return reply.body.serverAuthCode as string;
}

/** Redeems a code at /token with the demo web client (or the given one). */
export async function exchange(
  app: FastifyInstance,
  code: string,
  client: { clientId: string; clientSecret: string } = { clientId: DEMO_APP.webClientId, clientSecret: DEMO_APP.webClientSecret },
  extra: Record<string, string> = {},
): Promise<Reply> {
  return postForm(app, '/token', { grant_type: 'authorization_code', code, client_id: client.clientId, client_secret: client.clientSecret, ...extra });
}

/** Mints a code and exchanges it; returns the token response body. */
export async function signIn(app: FastifyInstance, options: CodeOptions = {}): Promise<{ access_token: string; refresh_token?: string; id_token?: string; scope: string }> {
  const code = await mintCode(app, options);
  const client =
    options.clientId === undefined
      ? undefined
      : [DEMO_APP, OTHER_APP]
          .flatMap((app) => [
            { clientId: app.webClientId, clientSecret: app.webClientSecret },
            ...(app.secondWebClient ? [app.secondWebClient] : []),
          ])
          .find((candidate) => candidate.clientId === options.clientId);
  const reply = await exchange(app, code, client);
  if (reply.status !== 200) throw new Error(`signIn: ${reply.status} ${reply.raw}`);
  return reply.body;
}

/** The ground truth of a player. */
export async function groundTruth(app: FastifyInstance, playerId: string): Promise<any> {
  const reply = await call(app, 'GET', `/emulator/v1/players/${playerId}`);
  if (reply.status !== 200) throw new Error(`groundTruth: ${reply.status} ${reply.raw}`);
  return reply.body;
}

/** One achievement of the ground truth. */
export async function progressOf(app: FastifyInstance, playerId: string, achievementId: string, applicationId = DEMO_APP.applicationId): Promise<any> {
  const truth = await groundTruth(app, playerId);
  return (truth.achievements[applicationId] as Array<{ id: string }>).find((entry) => entry.id === achievementId);
}

/** Decodes a JWT's header and payload without verifying it. */
export function decodeJwt(token: string): { header: any; payload: any } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')),
  };
}

/** The Google envelope a test expects, for exact comparisons. */
export function envelope(code: number, status: string, reason: string, message: string, extra: Record<string, unknown> = {}): unknown {
  return { error: { code, message, errors: [{ message, domain: 'global', reason, ...extra }], status } };
}
