/**
 * `EmulatorControlClient`: the emulator's control API (`/emulator/v1`; the
 * "Control API" table of README.md in this folder) over `fetch`, for tests written in Node:
 * create players, mint server auth codes, inject faults, move the clock, read the ground truth.
 *
 * Each method expects the exact status the control API documents (201 for a creation, 204 for a
 * clear, 200 otherwise); any other answer throws an `EmulatorControlError` carrying the status and
 * the control API's `{error: {code, message, status}}`. A missing answer (connection refused, the
 * timeout) rejects with `fetch`'s own error. The answers are typed with the emulator's own views
 * (`control/views.ts`, `faults.ts`, `request-log.ts`); the few shapes that have no view type yet
 * are declared here.
 */
import type { OptionalScope } from '../google/wire/scopes.js';
import type { StatsValues } from '../google/wire/stats.js';
import type { ControlApplication, ControlPlayer, ControlSnapshot, GroundTruthPlayer } from './control/views.js';
import type { Fault, FaultSpec } from './faults.js';
import type { StateDocument } from './persistence/state-codec.js';
import type { RequestLogEntry } from './request-log.js';
import type { NewPlayer } from './state.js';

export type { ControlAchievementDefinition, ControlApplication, ControlEvent, ControlLeaderboard, ControlSnapshot, GroundTruthRecallLink } from './control/views.js';
export type { ServiceAccountKeyFile } from './service-accounts.js';

/** The body of `PUT /players/{id}/stats`: Google's `StatsResponse` fields, in the game `applicationId` (default the first). */
export type SetStatsRequest = StatsValues & { applicationId?: string };

/** The body of `PUT /players/{id}/snapshots/{uniqueName}`: a saved game's metadata (numbers as JSON numbers). */
export interface PutSnapshotRequest {
  /** Default the first application. */
  applicationId?: string;
  /** Default the unique name. */
  title?: string;
  description?: string;
  durationMillis?: number;
  progressValue?: number;
  /** Default the emulator clock. */
  lastModifiedMillis?: number;
  coverImage?: { url: string; width: number; height: number; mimeType: string };
}

/** The body of `POST /serverAuthCodes`: what the device SDK's `requestServerSideAccess` is asked. */
export interface MintServerAuthCodeRequest {
  playerId: string;
  /** A web client of the game (`webClientId` or `secondWebClient.clientId`). */
  clientId: string;
  /** Scopes the player consents to; `games_lite` and `drive.appdata` are always granted. */
  scopes?: OptionalScope[];
  /** Whether the exchange answers a refresh token. */
  forceRefreshToken?: boolean;
}

/** The answer of `POST /serverAuthCodes`. */
export interface MintedServerAuthCode {
  /** Single use, bound to the client it was minted for. A secret: never log it. */
  serverAuthCode: string;
  /** The full URLs of every scope granted. */
  grantedScopes: string[];
  expiresInSeconds: number;
}

/** The body of `POST /recallSessions`: what the device SDK's `requestRecallAccess` is asked. */
export interface CreateRecallSessionRequest {
  playerId: string;
  /** Default: the first application (the demo game). */
  applicationId?: string;
}

/** The answer of `POST /recallSessions`. */
export interface RecallSession {
  /** What the game server passes to the Recall API. Short-lived; treat it as a secret. */
  recallSessionId: string;
  expiresInSeconds: number;
}

/** The answer of `POST /players/{id}:revokeGrants`. */
export interface RevokedGrants {
  playerId: string;
  /** How many grants were still active. */
  revokedGrants: number;
}

/** The emulator clock (`POST /clock:advance`, `GET /clock`). */
export interface ControlClock {
  /** ISO 8601. */
  now: string;
  /** How far the emulator clock runs ahead of the wall clock. */
  offsetSeconds: number;
}

/** The signing keys (`GET /keys`). */
export interface ControlKeys {
  signingKid: string;
  /** The kids served at both certs URLs (the newest two). */
  publishedKids: string[];
}

/** Narrows `GET /requests`. */
export interface RequestLogFilter {
  /** A stable operation name, e.g. `games.achievements.increment` or `oauth.token.authorization_code`. */
  operation?: string;
}

/** The control API's error body (`ControlApiError` in `errors.ts`). */
export interface ControlErrorBody {
  error: {
    /** The HTTP status again. */
    code: number;
    message: string;
    /** The canonical status name, e.g. `NOT_FOUND`. */
    status: string;
  };
}

/** The `fetch` the client calls; Node's global `fetch` satisfies it. */
export type ControlFetch = (input: string, init: RequestInit) => Promise<Response>;

export interface EmulatorControlClientOptions {
  /** Injectable transport (spies, custom agents). Default: the global `fetch`. */
  fetch?: ControlFetch;
  /** Per-call timeout in ms. Default 30 s. */
  timeoutMs?: number;
}

/** The control API answered something other than the status the call documents. */
export class EmulatorControlError extends Error {
  /** The HTTP status answered. */
  readonly status: number;
  /** The control API's error body, when the answer carried one. */
  readonly body: ControlErrorBody | undefined;
  readonly method: string;
  /** The path called, e.g. `/emulator/v1/players`. */
  readonly path: string;

  constructor(method: string, path: string, status: number, expected: number, body: ControlErrorBody | undefined) {
    // Only the control API's own message is quoted: it never carries a code, token or secret,
    // while an unknown body (a wrong base URL reaching another server) could.
    const detail = body ? body.error.message : `expected ${expected}`;
    super(`Emulator control API ${method} ${path} answered ${status}: ${detail}`);
    this.name = 'EmulatorControlError';
    this.status = status;
    this.body = body;
    this.method = method;
    this.path = path;
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A typed client for the emulator's control API at `baseUrl` (e.g. `http://127.0.0.1:8090`). */
export class EmulatorControlClient {
  /** The emulator's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #fetch: ControlFetch;
  readonly #timeoutMs: number;

  constructor(baseUrl: string | URL, options: EmulatorControlClientOptions = {}) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** `GET /applications`: the seeded games, `[0]` the demo game in the shipped seed. */
  async applications(): Promise<ControlApplication[]> {
    return (await this.#call<{ applications: ControlApplication[] }>('GET', 'applications', 200)).applications;
  }

  /** `POST /players`: a new player (409 when its ID, email or account is taken). */
  createPlayer(player: NewPlayer): Promise<ControlPlayer> {
    return this.#call('POST', 'players', 201, player);
  }

  /** `GET /players`: every player. */
  async players(): Promise<ControlPlayer[]> {
    return (await this.#call<{ players: ControlPlayer[] }>('GET', 'players', 200)).players;
  }

  /** `GET /players/{id}`: the ground truth, every achievement of every game and every grant. */
  player(playerId: string): Promise<GroundTruthPlayer> {
    return this.#call('GET', `players/${encodeURIComponent(playerId)}`, 200);
  }

  /** `POST /players/{id}/friends`: the two players become friends, both ways (each on the other's FRIENDS boards). */
  async addFriend(playerId: string, friendPlayerId: string): Promise<void> {
    await this.#call('POST', `players/${encodeURIComponent(playerId)}/friends`, 204, { playerId: friendPlayerId });
  }

  /** `PUT /players/{id}/stats`: what `stats.get` answers for the player in a game (replaces earlier values). */
  setStats(playerId: string, stats: SetStatsRequest): Promise<SetStatsRequest & { applicationId: string }> {
    return this.#call('PUT', `players/${encodeURIComponent(playerId)}/stats`, 200, stats);
  }

  /** `PUT /players/{id}/snapshots/{uniqueName}`: creates or replaces a saved game's metadata (`snapshots.get|list`). */
  putSnapshot(playerId: string, uniqueName: string, snapshot: PutSnapshotRequest = {}): Promise<ControlSnapshot> {
    return this.#call('PUT', `players/${encodeURIComponent(playerId)}/snapshots/${encodeURIComponent(uniqueName)}`, 200, snapshot);
  }

  /** `POST /serverAuthCodes`: the one-time code a device would hand the game server. */
  mintServerAuthCode(request: MintServerAuthCodeRequest): Promise<MintedServerAuthCode> {
    return this.#call('POST', 'serverAuthCodes', 201, request);
  }

  /** `POST /recallSessions`: the Recall session ID a device would hand the game server. */
  createRecallSession(request: CreateRecallSessionRequest): Promise<RecallSession> {
    return this.#call('POST', 'recallSessions', 201, request);
  }

  /** `POST /players/{id}:revokeGrants`: the player removed the game's access; every token dies. */
  revokeGrants(playerId: string): Promise<RevokedGrants> {
    return this.#call('POST', `players/${encodeURIComponent(playerId)}:revokeGrants`, 200);
  }

  /** `POST /players/{id}:changeId`: a new player ID (generated unless given); the old one stays known. */
  changePlayerId(playerId: string, newPlayerId?: string): Promise<ControlPlayer> {
    return this.#call('POST', `players/${encodeURIComponent(playerId)}:changeId`, 200, newPlayerId === undefined ? {} : { newPlayerId });
  }

  /** `POST /faults`: registers a fault (matched in registration order). */
  addFault(fault: FaultSpec): Promise<{ id: string }> {
    return this.#call('POST', 'faults', 201, fault);
  }

  /** `GET /faults`: every fault, with `hits` and (when `times` was set) `remaining`. */
  async faults(): Promise<Fault[]> {
    return (await this.#call<{ faults: Fault[] }>('GET', 'faults', 200)).faults;
  }

  /** `DELETE /faults/{id}`: removes one fault (404 when there is none with that ID). */
  async deleteFault(faultId: string): Promise<void> {
    await this.#call('DELETE', `faults/${encodeURIComponent(faultId)}`, 204);
  }

  /** `DELETE /faults`: removes every fault. */
  async clearFaults(): Promise<void> {
    await this.#call('DELETE', 'faults', 204);
  }

  /** `POST /clock:advance`: moves the emulator clock forward (code and token expiry). */
  advanceClock(seconds: number): Promise<ControlClock> {
    return this.#call('POST', 'clock:advance', 200, { seconds });
  }

  /** `GET /clock`. */
  clock(): Promise<ControlClock> {
    return this.#call('GET', 'clock', 200);
  }

  /** `POST /keys:rotate`: a new key signs ID tokens from now on; the previous one stays published. */
  rotateKeys(): Promise<{ kid: string }> {
    return this.#call('POST', 'keys:rotate', 200);
  }

  /** `GET /keys`. */
  keys(): Promise<ControlKeys> {
    return this.#call('GET', 'keys', 200);
  }

  /** `GET /requests[?operation=]`: the recent Google-side requests, oldest first, secrets redacted. */
  async requests(filter: RequestLogFilter = {}): Promise<RequestLogEntry[]> {
    const query = filter.operation === undefined ? '' : `?${new URLSearchParams({ operation: filter.operation }).toString()}`;
    return (await this.#call<{ requests: RequestLogEntry[] }>('GET', `requests${query}`, 200)).requests;
  }

  /** `DELETE /requests`: forgets the request log. */
  async clearRequests(): Promise<void> {
    await this.#call('DELETE', 'requests', 204);
  }

  /**
   * `GET /state`: the whole state as one JSON document (players, grants, tokens, codes, progress,
   * scores, the clock offset, the signing keys), for `importState` here or `pgs emulator --import`.
   * It holds the emulator's test tokens and keys: keep it out of logs.
   */
  exportState(): Promise<StateDocument> {
    return this.#call('GET', 'state', 200);
  }

  /** `PUT /state`: replaces the whole state with a document (a fixture); a bad one answers 400 and changes nothing. */
  async importState(document: StateDocument | Record<string, unknown>): Promise<void> {
    await this.#call('PUT', 'state', 204, document);
  }

  /** `POST /reset`: back to the seed (players, progress, codes, tokens, faults, clock, log); keys are kept. */
  async reset(): Promise<void> {
    await this.#call('POST', 'reset', 204);
  }

  async #call<T>(method: string, relativePath: string, expected: number, body?: unknown): Promise<T> {
    const path = `/emulator/v1/${relativePath}`;
    const response = await this.#fetch(`${this.baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const text = await response.text();
    if (response.status !== expected) throw new EmulatorControlError(method, path, response.status, expected, controlErrorBody(text));
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** The control API's `{error: {code, message, status}}`, or undefined for any other body. */
function controlErrorBody(text: string): ControlErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: unknown } | null)?.error as Partial<ControlErrorBody['error']> | undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  if (typeof error.code !== 'number' || typeof error.message !== 'string' || typeof error.status !== 'string') return undefined;
  return { error: { code: error.code, message: error.message, status: error.status } };
}
