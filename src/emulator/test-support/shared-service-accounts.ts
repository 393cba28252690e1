/**
 * One service account per application for every emulator a test process starts, as the signing
 * pair (`shared-signing-key.ts`): an emulator generates an application's 2048-bit RSA key on
 * first use, about a quarter of a CPU second each, and the control API's `applications()`,
 * which the test harnesses call at every start, asks for all of them (docs/BENCHMARKS.md, 'The
 * test loop'). Tests of the key files themselves start their emulators without it. Not part of
 * the build.
 */
import type { EmulatorState } from '../state.js';
import { createServiceAccount, type ServiceAccountRecord } from '../service-accounts.js';

const shared = new Map<string, ServiceAccountRecord>();

/** Gives each application of `state` that has no service account yet the process's one. */
export function useSharedServiceAccounts(state: EmulatorState): void {
  for (const { applicationId } of state.applications) {
    if (state.serviceAccounts.has(applicationId)) continue; // a restored state keeps its own
    let account = shared.get(applicationId);
    if (!account) {
      account = createServiceAccount(applicationId);
      shared.set(applicationId, account);
    }
    state.serviceAccounts.set(applicationId, account);
  }
}
