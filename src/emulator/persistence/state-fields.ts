/**
 * Which part of the saved state holds each field of `EmulatorState`, or why a field is not
 * saved. The type makes a new field of `EmulatorState` a compile error until it is listed here,
 * and `state-fields.test.ts` checks the table against a live state and the codec's parts: a field
 * added to the state is saved, or says why not.
 */
import type { EmulatorState } from '../state.js';

/** The data fields of `EmulatorState` (its methods left out). */
export type StateFieldName = {
  [K in keyof EmulatorState]: EmulatorState[K] extends (...args: never[]) => unknown ? never : K;
}[keyof EmulatorState];

export type FieldOwner = { part: string } | { notSaved: string };

export const STATE_FIELDS: { readonly [K in StateFieldName]: FieldOwner } = {
  seed: { notSaved: 'configuration: the seed (--config) is given again at each start; saved records refer to its IDs' },
  applications: { notSaved: 'built from the seed' },
  applicationsById: { notSaved: 'built from the seed' },
  clients: { notSaved: 'built from the seed' },
  refreshTokenIdleMs: { notSaved: 'configuration (createEmulator options)' },
  faults: { notSaved: 'a test arms its own faults; a restart clears them, as reset does' },
  requestLog: { notSaved: 'a view of recent traffic, not state' },
  clock: { part: 'clock' },
  keys: { part: 'keys' },
  players: { part: 'players' },
  playerAliases: { part: 'players' },
  playersByEmail: { part: 'players' },
  playersBySub: { part: 'players' },
  nextPlayerKey: { part: 'players' },
  codes: { part: 'grants' },
  accessTokens: { part: 'grants' },
  refreshTokens: { part: 'grants' },
  scores: { part: 'scores' },
  hiddenPlayers: { part: 'scores' },
  serviceAccounts: { part: 'recall' },
  serviceAccountTokens: { part: 'recall' },
  recallSessions: { part: 'recall' },
  recallLinks: { part: 'recall' },
};
