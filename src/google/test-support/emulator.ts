/**
 * Runs the emulator on a loopback socket for the `*.emulator.test.ts` suites: our clients do
 * real HTTP to it (keep-alive, timeouts, dropped connections are the point), and the control API
 * (src/emulator/README.md) is spoken over HTTP with `EmulatorControlClient`, never through the emulator's
 * internals.
 */
import { createEmulator, EmulatorControlClient, type ControlAchievementDefinition, type ControlApplication } from '../../emulator/index.js';
import { sharedSigningKeyPair } from '../../emulator/test-support/shared-signing-key.js';
import { useSharedServiceAccounts } from '../../emulator/test-support/shared-service-accounts.js';
import { emulatorEndpoints, type GoogleEndpoints } from '../endpoints.js';

export interface RunningEmulator {
  baseUrl: string;
  endpoints: GoogleEndpoints;
  control: EmulatorControlClient;
  /** `applications[0]` is the demo game, `applications[1]` the second application. */
  apps: ControlApplication[];
  close(): Promise<void>;
}

/** Starts an emulator with the demo seed on a free loopback port. */
export async function startEmulator(options: { certsMaxAgeSeconds?: number } = {}): Promise<RunningEmulator> {
  const { app, state } = await createEmulator({ signingKeyPair: sharedSigningKeyPair(), ...options });
  useSharedServiceAccounts(state);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const control = new EmulatorControlClient(baseUrl);
  return { baseUrl, endpoints: emulatorEndpoints(baseUrl), control, apps: await control.applications(), close: () => app.close() };
}

/** The demo game's achievements the emulator promises (src/emulator/README.md, 'The demo seed'). */
export function demoAchievements(app: ControlApplication): {
  standard: [ControlAchievementDefinition, ControlAchievementDefinition];
  hidden: ControlAchievementDefinition;
  incremental: ControlAchievementDefinition;
  draft: ControlAchievementDefinition;
} {
  const published = app.achievements.filter((a) => a.published);
  const standard = published.filter((a) => a.achievementType === 'STANDARD' && a.initialState === 'REVEALED');
  const hidden = published.find((a) => a.initialState === 'HIDDEN' && a.achievementType === 'STANDARD');
  const incremental = published.find((a) => a.achievementType === 'INCREMENTAL' && a.initialState === 'REVEALED' && (a.totalSteps ?? 0) >= 5);
  const draft = app.achievements.find((a) => !a.published);
  const [first, second] = standard;
  if (!first || !second || !hidden || !incremental || !draft) throw new Error('demo seed does not meet its promises (src/emulator/README.md, "The demo seed")');
  return { standard: [first, second], hidden, incremental, draft };
}
