/**
 * End-to-end harness for the achievement module, over the backend's test harness (`harness.ts`:
 * the emulator on a loopback port, so dropped-connection faults are real): SQLite or a fresh
 * PostgreSQL schema (dropped on close), players signed in through `POST /v1/auth/play-games`, the
 * emulator driven through its control API only (src/emulator/README.md, 'Control API'), as an
 * outside test suite would.
 */
import type { ControlAchievementDefinition, ControlApplication, EmulatorControlClient, GroundTruthAchievement } from '../../emulator/index.js';
import type { Store } from '../../store/store.js';
import { dropSchema, randomTestSchema, testDatabaseUrl } from '../../store/test-support/postgres-test-schema.js';
import type { Backend } from '../app.js';
import type { Env } from '../config.js';
import type { AchievementModule, AchievementModuleOptions } from '../achievements/index.js';
import { startEmulator, startHarness, type Harness } from './harness.js';

/** The demo game's achievements each test needs (src/emulator/README.md, 'The demo seed'). */
export interface DemoAchievements {
  standard: ControlAchievementDefinition;
  standard2: ControlAchievementDefinition;
  hidden: ControlAchievementDefinition;
  /** Published, REVEALED, INCREMENTAL, totalSteps ≥ 5. */
  incremental: ControlAchievementDefinition;
  /** The published incremental achievement with the most steps (for counting many increments). */
  big: ControlAchievementDefinition;
  draft: ControlAchievementDefinition;
  all: ControlAchievementDefinition[];
  published: ControlAchievementDefinition[];
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
  /** The emulator's control API. */
  readonly control: EmulatorControlClient;
  readonly backend: Backend;
  readonly module: AchievementModule;
  readonly store: Store;
  readonly demoApp: ControlApplication;
  readonly demo: DemoAchievements;
  readonly #dropStore: () => Promise<void>;
  #players = 0;

  private constructor(base: Harness, demoApp: ControlApplication, dropStore: () => Promise<void>) {
    this.base = base;
    this.emulatorUrl = base.emulator.url;
    this.control = base.control;
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
    const [demoApp] = await emulator.control.applications();
    const harness = new AchievementHarness(base, demoApp!, async () => {
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

  /** Creates a player at the emulator and signs them in to the backend with a server auth code. */
  async signIn(options: { tester?: boolean; forceRefreshToken?: boolean } = {}): Promise<SignedInPlayer> {
    const n = ++this.#players;
    const created = await this.control.createPlayer({ displayName: `Achiever ${n}`, ...(options.tester ? { tester: true } : {}) });
    return this.signInAgain(created.playerId, options);
  }

  /** Signs an existing emulator player in to the backend again (a new code, a new session). */
  async signInAgain(playerId: string, options: { forceRefreshToken?: boolean } = {}): Promise<SignedInPlayer> {
    const { serverAuthCode } = await this.control.mintServerAuthCode({
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
  async truth(playerId: string, achievementId: string): Promise<GroundTruthAchievement | undefined> {
    const player = await this.control.player(playerId);
    return player.achievements[this.demoApp.applicationId]?.find((a) => a.id === achievementId);
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

function demoAchievements(app: ControlApplication): DemoAchievements {
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
