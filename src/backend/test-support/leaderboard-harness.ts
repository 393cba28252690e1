/**
 * End-to-end harness for the leaderboard module, over the backend's test harness (`harness.ts`:
 * the emulator on a loopback port, so dropped connections are real): SQLite or a fresh
 * PostgreSQL schema, players signed in through `POST /v1/auth/play-games`, the emulator driven
 * through its control API only, and every Google call of the module counted.
 */
import { Writable } from 'node:stream';
import type { ControlApplication, ControlLeaderboard, EmulatorControlClient, GroundTruthScore } from '../../emulator/index.js';
import type { Store } from '../../store/store.js';
import type { Backend } from '../app.js';
import type { Env } from '../config.js';
import { createLogger } from '../logger.js';
import type { LeaderboardModule, LeaderboardModuleOptions } from '../leaderboards/index.js';
import type { StoreKind } from './each-store.js';
import { startEmulator, startHarness, type Harness, type RunningEmulator } from './harness.js';

/** The demo game's leaderboards (src/emulator/demo-seed.ts). */
export interface DemoBoards {
  /** Published, LARGER_IS_BETTER, no limits. */
  high: ControlLeaderboard;
  /** Published, SMALLER_IS_BETTER (a time in ms). */
  fastest: ControlLeaderboard;
  /** Published, with scoreMin and scoreMax. */
  limited: ControlLeaderboard;
  draft: ControlLeaderboard;
}

export interface ScorePlayer {
  playerId: string;
  ref: string;
  headers: Record<string, string>;
}

export interface LeaderboardHarnessOptions {
  store?: StoreKind;
  env?: Env;
  module?: LeaderboardModuleOptions;
  emulator?: RunningEmulator;
  /** Keep the backend's log lines in `logLines`. */
  captureLogs?: boolean;
}

/** The server API key the harness configures. */
export const LEADERBOARD_SERVER_KEY = 'test-server-api-key-leaderboards-0123456789';

/** A running emulator and backend with the leaderboard module, and a log of its Google calls. */
export class LeaderboardHarness {
  readonly base: Harness;
  readonly control: EmulatorControlClient;
  readonly backend: Backend;
  readonly module: LeaderboardModule;
  readonly store: Store;
  readonly app: ControlApplication;
  readonly boards: DemoBoards;
  /** Every Google call of the leaderboard module, by operation, in order. */
  readonly googleCalls: string[];
  /** The backend's log lines, when the harness was started with `captureLogs`. */
  readonly logLines: Record<string, unknown>[] = [];
  readonly #ownEmulator: RunningEmulator | undefined;
  #players = 0;

  private constructor(base: Harness, app: ControlApplication, calls: string[], ownEmulator: RunningEmulator | undefined) {
    this.base = base;
    this.control = base.control;
    this.backend = base.backend;
    this.module = base.backend.leaderboards;
    this.store = base.store;
    this.app = app;
    this.googleCalls = calls;
    this.#ownEmulator = ownEmulator;
    const published = app.leaderboards.filter((b) => b.published);
    const high = published.find((b) => b.order === 'LARGER_IS_BETTER' && b.scoreMin === undefined && b.scoreMax === undefined);
    const fastest = published.find((b) => b.order === 'SMALLER_IS_BETTER');
    const limited = published.find((b) => b.scoreMax !== undefined);
    const draft = app.leaderboards.find((b) => !b.published);
    if (!high || !fastest || !limited || !draft) throw new Error('demo seed lacks the leaderboards the tests need');
    this.boards = { high, fastest, limited, draft };
  }

  static async start(options: LeaderboardHarnessOptions = {}): Promise<LeaderboardHarness> {
    const own = options.emulator ? undefined : await startEmulator();
    const emulator = options.emulator ?? own!;
    const calls: string[] = [];
    const lines: Record<string, unknown>[] = [];
    const logger = options.captureLogs
      ? createLogger(
          'info',
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
              done();
            },
          }),
        )
      : undefined;
    const base = await startHarness({
      emulator,
      ...(options.store ? { store: options.store } : {}),
      env: { PGS_SIGN_IN_RATE_LIMIT: '100000', PGS_SERVER_API_KEY: LEADERBOARD_SERVER_KEY, ...options.env },
      deps: {
        leaderboards: { backoff: { baseMs: 20, maxMs: 100 }, ...options.module, onGoogleCall: (op) => calls.push(op) },
        ...(logger ? { logger } : {}),
      },
    });
    const [app] = await emulator.control.applications();
    const harness = new LeaderboardHarness(base, app!, calls, own);
    harness.logLines.push(...lines);
    // Later lines go straight to the harness.
    lines.push = (...items) => harness.logLines.push(...items);
    return harness;
  }

  async close(): Promise<void> {
    await this.base.close();
    await this.#ownEmulator?.close();
  }

  /** Creates a player at the emulator and signs them in to the backend. */
  async signIn(options: { displayName?: string; developer?: boolean; tester?: boolean } = {}): Promise<ScorePlayer> {
    const n = ++this.#players;
    const created = await this.control.createPlayer({
      displayName: options.displayName ?? `Scorer ${n}`,
      ...(options.developer ? { developer: true } : {}),
      ...(options.tester ? { tester: true } : {}),
    });
    return this.signInAgain(created.playerId);
  }

  async signInAgain(playerId: string): Promise<ScorePlayer> {
    const { serverAuthCode } = await this.control.mintServerAuthCode({ playerId, clientId: this.app.webClientId, forceRefreshToken: true });
    const res = await this.backend.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const accessToken = res.json<{ session: { accessToken: string } }>().session.accessToken;
    const ref = (await this.store.findPlayerByPlayerId(this.app.applicationId, playerId))?.id;
    if (!ref) throw new Error('signed-in player not in the store');
    return { playerId, ref, headers: { authorization: `Bearer ${accessToken}` } };
  }

  submit(player: ScorePlayer, leaderboardId: string, payload: Record<string, unknown>) {
    return this.backend.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${leaderboardId}/scores`, headers: player.headers, payload });
  }

  submitAsServer(playerId: string, leaderboardId: string, payload: Record<string, unknown>) {
    return this.backend.app.inject({
      method: 'POST',
      url: `/v1/players/${playerId}/leaderboards/${leaderboardId}/scores`,
      headers: { authorization: `Bearer ${LEADERBOARD_SERVER_KEY}` },
      payload,
    });
  }

  get(player: ScorePlayer, url: string) {
    return this.backend.app.inject({ method: 'GET', url, headers: player.headers });
  }

  /** The emulator's ground truth: the player's bests on one board, per span. */
  async truth(playerId: string, leaderboardId: string): Promise<GroundTruthScore[]> {
    const player = await this.control.player(playerId);
    return (player.scores[this.app.applicationId] ?? []).filter((s) => s.leaderboardId === leaderboardId);
  }

  /** Runs worker passes until nothing is open in the score outbox. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.module.worker.runOnce();
      const stats = await this.store.scoreOutboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) return;
      if (Date.now() > deadline) throw new Error(`score outbox not drained: ${JSON.stringify(stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
