/**
 * A backend wired to a live emulator, for tests: the emulator listens on a free loopback port
 * (the backend's Google clients cross a real socket, so faults such as dropped connections are
 * real), the backend is driven in-process with `app.inject()`, the emulator through its control
 * API (`EmulatorControlClient`, as a game team's own tests would). One clock drives both.
 */
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createEmulator, EmulatorControlClient, type Emulator } from '../../emulator/index.js';
import { sharedSigningKeyPair } from '../../emulator/test-support/shared-signing-key.js';
import { useSharedServiceAccounts } from '../../emulator/test-support/shared-service-accounts.js';
import { emulatorEndpoints } from '../../google/endpoints.js';
import { parseServiceAccountKey } from '../../google/service-account.js';
import type { FetchLike } from '../../google/http.js';
import type { OptionalScope } from '../../google/wire/scopes.js';
import { openStore } from '../../store/open-store.js';
import { testPostgres } from '../../store/test-support/postgres-test-schema.js';
import type { Store } from '../../store/store.js';
import { createBackend, type Backend, type BackendDeps } from '../app.js';
import type { BackendConfig, Env } from '../config.js';
import type { StoreKind } from './each-store.js';
import { testConfig } from './test-config.js';

export interface HarnessOptions {
  /** Extra environment for the backend's config. */
  env?: Env;
  /** `sqlite::memory:` (default), a sqlite file, or a PostgreSQL URL (then `schema` isolates the test). */
  databaseUrl?: string;
  schema?: string;
  /** `postgres`: a fresh schema on TEST_DATABASE_URL, dropped at close (overrides `databaseUrl`). */
  store?: StoreKind;
  /** An already running emulator to share (several backends on one Google). */
  emulator?: RunningEmulator;
  /** Wraps the backend's transport to Google (spies, tamperers). */
  wrapFetch?: (fetch: FetchLike) => FetchLike;
  /** Overrides what the harness passes to `createBackend`. */
  deps?: Partial<BackendDeps>;
  /** Which emulator application the backend serves (default the demo game, index 0). */
  application?: number;
  /** Last word on the config, after the harness resolved the emulator's credentials. */
  configure?: (config: BackendConfig) => BackendConfig;
}

export interface RunningEmulator {
  emulator: Emulator;
  url: string;
  control: EmulatorControlClient;
  close(): Promise<void>;
}

export interface Harness {
  backend: Backend;
  app: Backend['app'];
  store: Store;
  config: BackendConfig;
  emulator: RunningEmulator;
  control: EmulatorControlClient;
  clock: TestClock;
  close(): Promise<void>;
}

/** The wall clock plus an offset that tests move; the backend reads it as `now()`. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
}

/** Starts an emulator on a free loopback port. */
export async function startEmulator(options: Parameters<typeof createEmulator>[0] = {}): Promise<RunningEmulator> {
  const emulator = await createEmulator({ signingKeyPair: sharedSigningKeyPair(), ...options });
  useSharedServiceAccounts(emulator.state);
  await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(emulator.app.server.address() as AddressInfo).port}`;
  return {
    emulator,
    url,
    control: new EmulatorControlClient(url),
    close: async () => {
      // A test may end while a delayed request is still held by a fault: don't wait for it.
      const closing = emulator.app.close();
      emulator.app.server.closeAllConnections();
      await closing;
    },
  };
}

/** A backend (store, config, clients) pointed at an emulator. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const running = options.emulator ?? (await startEmulator());
  const { control } = running;
  const applications = await control.applications();
  const application = applications[options.application ?? 0];
  if (!application) throw new Error('the emulator has no such application');
  const base = testConfig({ PGS_EMULATOR_URL: running.url, ...(options.env ?? {}) });
  const resolved: BackendConfig = {
    ...base,
    google: {
      ...base.google,
      endpoints: emulatorEndpoints(running.url),
      credentials: { clientId: application.webClientId, clientSecret: application.webClientSecret },
      serviceAccount: base.google.serviceAccount ?? parseServiceAccountKey(application.serviceAccountKey),
      applicationId: base.google.applicationId ?? application.applicationId,
    },
  };
  const config = options.configure ? options.configure(resolved) : resolved;
  const clock = new TestClock();
  const postgres = options.store === 'postgres' ? testPostgres() : undefined;
  if (options.store === 'postgres' && !postgres) throw new Error('store "postgres" needs TEST_DATABASE_URL');
  const databaseUrl = postgres?.url ?? options.databaseUrl ?? 'sqlite::memory:';
  const schema = postgres?.schema ?? options.schema;
  const store = await openStore(databaseUrl, { clock: clock.now, ...(schema ? { schema } : {}) });
  const fetch = options.wrapFetch ? options.wrapFetch(globalThis.fetch) : undefined;
  const backend = await createBackend({ config, store, now: clock.now, ...(fetch ? { fetch } : {}), ...(options.deps ?? {}) });
  return {
    backend,
    app: backend.app,
    store,
    config,
    emulator: running,
    control,
    clock,
    close: async () => {
      await backend.close();
      await store.close();
      await postgres?.drop();
      if (!options.emulator) await running.close();
    },
  };
}

/** Signs a fresh emulator player in through the backend's public API. */
export async function signInNewPlayer(
  harness: Harness,
  options: { scopes?: OptionalScope[]; forceRefreshToken?: boolean; displayName?: string; tester?: boolean } = {},
): Promise<{ playerId: string; accessToken: string; refreshToken: string; response: LightMyRequestResponse }> {
  const player = await harness.control.createPlayer({ displayName: options.displayName ?? 'Ada', ...(options.tester ? { tester: true } : {}) });
  const { serverAuthCode } = await harness.control.mintServerAuthCode({
    playerId: player.playerId,
    clientId: harness.config.google.credentials!.clientId,
    scopes: options.scopes ?? ['openid', 'email', 'profile'],
    forceRefreshToken: options.forceRefreshToken ?? true,
  });
  const response = await harness.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ session: { accessToken: string; refreshToken: string } }>();
  return { playerId: player.playerId, accessToken: body.session.accessToken, refreshToken: body.session.refreshToken, response };
}

/**
 * Harnesses for the tests of one `describeEachStore` block: each starts on that block's store,
 * and all are closed after each test. Call it inside the block.
 */
export function harnessesFor(store: StoreKind): (options?: HarnessOptions) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  return async (options = {}) => {
    const h = await startHarness({ store, ...options });
    open.push(h);
    return h;
  };
}
