/**
 * End-to-end harness for the achievement module, over the backend's test harness (`harness.ts`:
 * the emulator on a loopback port, so dropped-connection faults are real): SQLite or a fresh
 * PostgreSQL schema (dropped on close), players signed in through `POST /v1/auth/play-games`, the
 * emulator driven through its control API only (contracts §3), as an outside test suite would.
 */
import type { Store } from '../../store/store.js';
import { dropSchema, randomTestSchema, testDatabaseUrl } from '../../store/test-support/postgres-test-schema.js';
import type { Backend } from '../app.js';
import type { Env } from '../config.js';
import type { AchievementModule, AchievementModuleOptions } from '../achievements/index.js';
import { startEmulator, startHarness, type Harness } from './harness.js';

/** An achievement of the emulator's seed, as `GET /emulator/v1/applications` lists it. */
export interface SeedAchievement {
  id: string;
  name: string;
  description: string;
  achievementType: 'STANDARD' | 'INCREMENTAL';
  initialState: 'HIDDEN' | 'REVEALED' | 'UNLOCKED';
  totalSteps?: number;
  published: boolean;
}

interface SeedApplication {
  applicationId: string;
  webClientId: string;
  webClientSecret: string;
  achievements: SeedAchievement[];
}

/** The demo game's achievements each test needs (contracts §3, "The shipped demo seed"). */
export interface DemoAchievements {
  standard: SeedAchievement;
  standard2: SeedAchievement;
  hidden: SeedAchievement;
  /** Published, REVEALED, INCREMENTAL, totalSteps ≥ 5. */
  incremental: SeedAchievement;
  /** The published incremental achievement with the most steps (for counting many increments). */
  big: SeedAchievement;
  draft: SeedAchievement;
  all: SeedAchievement[];
  published: SeedAchievement[];
}

/** A fault of contracts §3. */
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

/** One entry of the emulator's request log. */
export interface LoggedRequest {
  id: number;
  method: string;
  path: string;
  operation: string;
  status: number;
  fault?: unknown;
}

/** A player signed in to the backend. */
export interface SignedInPlayer {
  /** The Play Games player ID. */
  playerId: string;
  /** The backend's internal player ID. */
  ref: string;
  accessToken: string;
  /** `Authorization` header for the backend. */
  headers: Record<string, string>;
}

export interface HarnessOptions {
  /** `sqlite` (default) or `postgres` (needs TEST_DATABASE_URL). */
  database?: 'sqlite' | 'postgres';
  /** Extra backend environment (e.g. PGS_CLIENT_WRITES). */
  env?: Env;
  module?: AchievementModuleOptions;
  /** Seed for the emulator's fault probabilities. */
  faultSeed?: number;
  /** Start the outbox worker (default false: tests drive it with runOnce). */
  startWorker?: boolean;
}

/** A running emulator and backend with the achievement module. */
export class AchievementHarness {
  readonly base: Harness;
  readonly emulatorUrl: string;
  readonly backend: Backend;
  readonly module: AchievementModule;
  readonly store: Store;
  readonly demoApp: SeedApplication;
  readonly demo: DemoAchievements;
  readonly #dropStore: () => Promise<void>;
  #players = 0;

  private constructor(base: Harness, demoApp: SeedApplication, dropStore: () => Promise<void>) {
    this.base = base;
    this.emulatorUrl = base.emulator.url;
    this.backend = base.backend;
    this.module = base.backend.achievements;
    this.store = base.store;
    this.demoApp = demoApp;
    this.demo = demoAchievements(demoApp);
    this.#dropStore = dropStore;
  }

  /** Starts the emulator and a backend on the chosen store. */
  static async start(options: HarnessOptions = {}): Promise<AchievementHarness> {
    let databaseUrl = 'sqlite::memory:';
    let schema: string | undefined;
    let dropStore: () => Promise<void> = async () => {};
    if (options.database === 'postgres') {
      const url = testDatabaseUrl();
      if (!url) throw new Error('TEST_DATABASE_URL is not set');
      databaseUrl = url;
      schema = randomTestSchema();
      dropStore = () => dropSchema(url, schema!);
    }
    const emulator = await startEmulator(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed });
    const base = await startHarness({
      emulator,
      databaseUrl,
      ...(schema ? { schema } : {}),
      env: { PGS_SIGN_IN_RATE_LIMIT: '100000', PGS_SERVER_API_KEY: SERVER_API_KEY, ...options.env },
      ...(options.module ? { deps: { achievements: options.module } } : {}),
    });
    const apps = await controlCall<{ applications: SeedApplication[] }>(emulator.url, 'GET', 'applications');
    const harness = new AchievementHarness(base, apps.applications[0]!, async () => {
      await base.close();
      await dropStore();
      await emulator.close();
    });
    if (options.startWorker) base.backend.start();
    return harness;
  }

  async close(): Promise<void> {
    await this.#dropStore();
  }

  /** Calls the emulator's control API; throws unless it answers 2xx. */
  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    return controlCall<T>(this.emulatorUrl, method, path, body);
  }

  /** Creates a player at the emulator and signs them in to the backend with a server auth code. */
  async signIn(options: { tester?: boolean; forceRefreshToken?: boolean } = {}): Promise<SignedInPlayer> {
    const n = ++this.#players;
    const created = await this.control<{ playerId: string }>('POST', 'players', {
      displayName: `Achiever ${n}`,
      ...(options.tester ? { tester: true } : {}),
    });
    return this.signInAgain(created.playerId, options);
  }

  /** Signs an existing emulator player in to the backend again (a new code, a new session). */
  async signInAgain(playerId: string, options: { forceRefreshToken?: boolean } = {}): Promise<SignedInPlayer> {
    const { serverAuthCode } = await this.control<{ serverAuthCode: string }>('POST', 'serverAuthCodes', {
      playerId,
      clientId: this.demoApp.webClientId,
      forceRefreshToken: options.forceRefreshToken ?? true,
    });
    const res = await this.backend.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const accessToken = res.json<{ session: { accessToken: string } }>().session.accessToken;
    const ref = (await this.store.findPlayerByPlayerId(this.demoApp.applicationId, playerId))?.id;
    if (!ref) throw new Error('signed-in player not in the store');
    return { playerId, ref, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  }

  /** The emulator's ground truth for one of the player's demo-game achievements. */
  async truth(playerId: string, achievementId: string): Promise<{ achievementState: string; currentSteps?: number } | undefined> {
    const player = await this.control<{ achievements: Record<string, Array<{ id: string; achievementState: string; currentSteps?: number }>> }>(
      'GET',
      `players/${encodeURIComponent(playerId)}`,
    );
    return player.achievements[this.demoApp.applicationId]?.find((a) => a.id === achievementId);
  }

  /** Registers a fault; returns its id. */
  async fault(spec: FaultSpec): Promise<string> {
    return (await this.control<{ id: string }>('POST', 'faults', spec)).id;
  }

  async clearFaults(): Promise<void> {
    await this.control('DELETE', 'faults');
  }

  /** The emulator's request log, optionally for one operation. */
  async requests(operation?: string): Promise<LoggedRequest[]> {
    const query = operation ? `?operation=${encodeURIComponent(operation)}` : '';
    const body = await this.control<LoggedRequest[] | { requests: LoggedRequest[] }>('GET', `requests${query}`);
    return Array.isArray(body) ? body : body.requests;
  }

  async clearRequests(): Promise<void> {
    await this.control('DELETE', 'requests');
  }

  /** Runs worker passes until nothing is open in the outbox, or fails after `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.module.worker.runOnce();
      const stats = await this.store.outboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) return;
      if (Date.now() > deadline) throw new Error(`outbox not drained: ${JSON.stringify(stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The server API key the harness configures. */
export const SERVER_API_KEY = 'test-server-api-key-0123456789abcdef';

async function controlCall<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/emulator/v1/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

function demoAchievements(app: SeedApplication): DemoAchievements {
  const all = app.achievements;
  const published = all.filter((a) => a.published);
  const standard = published.filter((a) => a.achievementType === 'STANDARD' && a.initialState === 'REVEALED');
  const hidden = published.find((a) => a.initialState === 'HIDDEN' && a.achievementType === 'STANDARD');
  const incrementals = published.filter((a) => a.achievementType === 'INCREMENTAL' && a.initialState === 'REVEALED' && (a.totalSteps ?? 0) >= 5);
  const draft = all.find((a) => !a.published && a.achievementType === 'STANDARD');
  const big = [...incrementals].sort((a, b) => (b.totalSteps ?? 0) - (a.totalSteps ?? 0))[0];
  if (standard.length < 2 || !hidden || incrementals.length === 0 || !draft || !big) {
    throw new Error(`demo seed lacks what the achievement tests need: ${JSON.stringify(all.map((a) => a.id))}`);
  }
  return { standard: standard[0]!, standard2: standard[1]!, hidden, incremental: incrementals[0]!, big, draft, all, published };
}
