/**
 * End-to-end helpers for the events module, over the backend's test harness (`harness.ts`): the
 * emulator on a loopback port, a backend on the chosen store, players signed in through
 * `POST /v1/auth/play-games`, the emulator driven through its control API only.
 */
import type { ControlEvent } from '../../emulator/index.js';
import { SERVER_API_KEY } from './achievement-harness.js';
import type { StoreKind } from './each-store.js';
import { signInNewPlayer, startEmulator, startHarness, type Harness } from './harness.js';

/** The demo game's events the tests need (src/emulator/README.md, 'The demo seed'). */
export interface DemoEvents {
  /** Published, REVEALED. */
  first: ControlEvent;
  second: ControlEvent;
  /** Published, HIDDEN. */
  hidden: ControlEvent;
  draft: ControlEvent;
}

export interface EventPlayer {
  playerId: string;
  ref: string;
  headers: Record<string, string>;
}

export class EventHarness {
  readonly base: Harness;
  readonly demo: DemoEvents;
  readonly applicationId: string;

  private constructor(base: Harness, demo: DemoEvents, applicationId: string) {
    this.base = base;
    this.demo = demo;
    this.applicationId = applicationId;
  }

  /**
   * A backend with fast backoff on `store`; the worker is driven with `drain()` unless
   * `startWorker`. `faultSeed` makes the emulator's probability faults reproducible.
   */
  static async start(store: StoreKind, options: { faultSeed?: number; startWorker?: boolean; env?: Record<string, string> } = {}): Promise<EventHarness> {
    const emulator = await startEmulator(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed });
    const base = await startHarness({
      store,
      emulator,
      env: { PGS_SIGN_IN_RATE_LIMIT: '100000', PGS_SERVER_API_KEY: SERVER_API_KEY, ...options.env },
      deps: { events: { backoff: { baseMs: 20, maxMs: 100 }, worker: { pollIntervalMs: 50 } } },
    });
    // The harness closes the backend; the emulator it was given is this harness's to close.
    const harness: Harness = {
      ...base,
      close: async () => {
        await base.close();
        await emulator.close();
      },
    };
    if (options.startWorker) base.backend.start();
    const [app] = await harness.control.applications();
    const published = app!.events.filter((e) => e.published);
    const first = published.find((e) => e.visibility === 'REVEALED');
    const second = published.filter((e) => e.visibility === 'REVEALED')[1];
    const hidden = published.find((e) => e.visibility === 'HIDDEN');
    const draft = app!.events.find((e) => !e.published);
    if (!first || !second || !hidden || !draft) throw new Error(`demo seed lacks the events the tests need: ${JSON.stringify(app!.events)}`);
    return new EventHarness(harness, { first, second, hidden, draft }, app!.applicationId);
  }

  close(): Promise<void> {
    return this.base.close();
  }

  async signIn(options: { tester?: boolean } = {}): Promise<EventPlayer> {
    const { playerId, accessToken } = await signInNewPlayer(this.base, options);
    const ref = (await this.base.store.findPlayerByPlayerId(this.applicationId, playerId))!.id;
    return { playerId, ref, headers: { authorization: `Bearer ${accessToken}` } };
  }

  record(player: EventPlayer, updates: unknown, headers: Record<string, string> = {}) {
    return this.base.app.inject({ method: 'POST', url: '/v1/me/events', headers: { ...player.headers, ...headers }, payload: { updates } as Record<string, unknown> });
  }

  /** `GET /v1/admin/events/outbox`, as an operator. */
  async outbox(): Promise<{ pending: number; inFlight: number; failed: number; failedWrites: Array<Record<string, unknown>> }> {
    return (await this.base.app.inject({ method: 'GET', url: '/v1/admin/events/outbox', headers: { authorization: `Bearer ${SERVER_API_KEY}` } })).json();
  }

  list(player: EventPlayer) {
    return this.base.app.inject({ method: 'GET', url: '/v1/me/events', headers: player.headers });
  }

  /** The emulator's counts for the player, by event ID. */
  async truth(player: EventPlayer): Promise<Record<string, number>> {
    const truth = await this.base.control.player(player.playerId);
    return Object.fromEntries(truth.events[this.applicationId]!.map((e) => [e.eventId, e.count]));
  }

  /** Runs worker passes until nothing is open in the event outbox. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.base.backend.events.worker.runOnce();
      const stats = await this.base.store.eventOutboxStats(Date.now());
      if (stats.pending + stats.inFlight === 0) return;
      if (Date.now() > deadline) throw new Error(`event outbox not drained: ${JSON.stringify(stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
