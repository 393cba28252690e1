/**
 * Runs the emulator on a loopback socket for the `*.emulator.test.ts` suites: our clients do
 * real HTTP to it (keep-alive, timeouts, dropped connections are the point), and the control API
 * (contracts §3) is spoken over `fetch`, never through the emulator's internals.
 */
import { createEmulator } from '../../emulator/index.js';
import { emulatorEndpoints, type GoogleEndpoints } from '../endpoints.js';
import type { OptionalScope } from '../scopes.js';

export interface SeedAchievement {
  id: string;
  name: string;
  achievementType: 'STANDARD' | 'INCREMENTAL';
  initialState: 'HIDDEN' | 'REVEALED' | 'UNLOCKED';
  totalSteps?: number;
  published: boolean;
}

export interface SeedApplication {
  applicationId: string;
  name: string;
  webClientId: string;
  webClientSecret: string;
  achievements: SeedAchievement[];
}

export interface ControlPlayer {
  playerId: string;
  displayName: string;
  email: string;
  tester: boolean;
}

export interface GroundTruth {
  playerId: string;
  achievements: Record<string, Array<{ id: string; achievementState: string; currentSteps?: number }>>;
  grants: Array<{ clientId: string; scopes: string[]; active: boolean; hasRefreshToken: boolean }>;
}

/** A fault of `POST /emulator/v1/faults`. */
export interface FaultSpec {
  path: string;
  method?: string;
  status?: number;
  reason?: string;
  delayMs?: number;
  dropConnection?: boolean;
  after?: boolean;
  times?: number;
  probability?: number;
  retryAfterSeconds?: number;
}

/** The control API over HTTP. */
export class Control {
  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.baseUrl}/emulator/v1/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  async #expect<T>(method: string, path: string, status: number, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    if (res.status !== status) throw new Error(`control ${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }

  async applications(): Promise<SeedApplication[]> {
    return (await this.#expect<{ applications: SeedApplication[] }>('GET', 'applications', 200)).applications;
  }

  createPlayer(input: { displayName?: string; tester?: boolean } = {}): Promise<ControlPlayer> {
    return this.#expect('POST', 'players', 201, { displayName: 'Client Test', ...input });
  }

  player(playerId: string): Promise<GroundTruth> {
    return this.#expect('GET', `players/${encodeURIComponent(playerId)}`, 200);
  }

  mintCode(
    playerId: string,
    clientId: string,
    options: { scopes?: OptionalScope[]; forceRefreshToken?: boolean } = {},
  ): Promise<{ serverAuthCode: string; grantedScopes: string[] }> {
    return this.#expect('POST', 'serverAuthCodes', 201, { playerId, clientId, ...options });
  }

  async revokeGrants(playerId: string): Promise<void> {
    await this.#expect('POST', `players/${encodeURIComponent(playerId)}:revokeGrants`, 200);
  }

  async fault(spec: FaultSpec): Promise<void> {
    await this.#expect('POST', 'faults', 201, spec);
  }

  async clearFaults(): Promise<void> {
    await this.#expect('DELETE', 'faults', 204);
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.#expect('POST', 'clock:advance', 200, { seconds });
  }

  rotateKeys(): Promise<{ kid: string }> {
    return this.#expect('POST', 'keys:rotate', 200);
  }
}

export interface RunningEmulator {
  baseUrl: string;
  endpoints: GoogleEndpoints;
  control: Control;
  /** `applications[0]` is the demo game, `applications[1]` the second application. */
  apps: SeedApplication[];
  close(): Promise<void>;
}

/** Starts an emulator with the demo seed on a free loopback port. */
export async function startEmulator(options: { certsMaxAgeSeconds?: number } = {}): Promise<RunningEmulator> {
  const { app } = await createEmulator(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const control = new Control(baseUrl);
  return { baseUrl, endpoints: emulatorEndpoints(baseUrl), control, apps: await control.applications(), close: () => app.close() };
}

/** The demo game's achievements the contract promises (contracts §3, "The shipped demo seed"). */
export function demoAchievements(app: SeedApplication): {
  standard: [SeedAchievement, SeedAchievement];
  hidden: SeedAchievement;
  incremental: SeedAchievement;
  draft: SeedAchievement;
} {
  const published = app.achievements.filter((a) => a.published);
  const standard = published.filter((a) => a.achievementType === 'STANDARD' && a.initialState === 'REVEALED');
  const hidden = published.find((a) => a.initialState === 'HIDDEN' && a.achievementType === 'STANDARD');
  const incremental = published.find((a) => a.achievementType === 'INCREMENTAL' && a.initialState === 'REVEALED' && (a.totalSteps ?? 0) >= 5);
  const draft = app.achievements.find((a) => !a.published);
  const [first, second] = standard;
  if (!first || !second || !hidden || !incremental || !draft) throw new Error('demo seed does not meet contracts §3');
  return { standard: [first, second], hidden, incremental, draft };
}
