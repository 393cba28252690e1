/**
 * The emulator's whole state as one versioned JSON document, and back: what `--data DIR` saves,
 * `GET /emulator/v1/state` exports and `PUT /emulator/v1/state` imports.
 *
 * `EmulatorState` is an object graph (a grant points at its player, scores are keyed by
 * leaderboard and player records); the document refers by IDs instead. Each part of the state
 * has one entry in `STATE_PARTS` (a file in `parts/`), and `STATE_FIELDS` says which part holds
 * each field. To save a new kind of state: add a part file with its schema, `encode` and
 * `decode`, list it here, and name it in `STATE_FIELDS`.
 *
 * A document with a part missing means that part's empty value (no players, the wall clock, the
 * running emulator's keys), so a hand-written fixture may hold only players. Importing replaces
 * the whole state, or, when anything is wrong, changes nothing.
 */
import { Type } from 'typebox';
import type { EmulatorState, GrantRecord, PlayerRecord } from '../state.js';
import { clockPart } from './parts/clock.js';
import { grantsPart } from './parts/grants.js';
import { keysPart } from './parts/keys.js';
import { playersPart } from './parts/players.js';
import { recallPart } from './parts/recall.js';
import { scoresPart } from './parts/scores.js';
import { checkShape, StateImportError, type ApplyPart, type DecodeContext, type StatePart } from './state-part.js';

/** The `format` every document carries. */
export const STATE_FORMAT = 'pgs-emulator-state';
/**
 * The shape's version. A change that an older emulator could misread bumps it; this emulator
 * refuses documents of a newer version, and reads older ones through an upgrade step added here.
 */
export const STATE_VERSION = 1;

/** Every part, in decode order: a part may refer to records of the parts before it. */
export const STATE_PARTS: readonly StatePart<unknown>[] = [clockPart, keysPart, playersPart, grantsPart, scoresPart, recallPart];

/** The saved document: `format`, `version`, when it was written, and one entry per part. */
export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: number;
  /** ISO 8601, wall clock. */
  savedAt: string;
  [part: string]: unknown;
}

const EnvelopeJson = Type.Object(
  {
    format: Type.Literal(STATE_FORMAT),
    version: Type.Integer({ minimum: 1 }),
    savedAt: Type.Optional(Type.String()),
  },
  // The parts are checked by each part; unknown top-level names are refused below.
  { additionalProperties: true },
);

/** The whole state as a document (plain JSON: `JSON.stringify` it as is). */
export function encodeState(state: EmulatorState): StateDocument {
  const document: StateDocument = { format: STATE_FORMAT, version: STATE_VERSION, savedAt: new Date(state.clock.wallNow()).toISOString() };
  for (const part of STATE_PARTS) document[part.name] = part.encode(state);
  return document;
}

/**
 * Checks a document and builds the state it describes, without touching `state`; returns the
 * function that installs it. Throws a `StateImportError` naming the first bad field.
 */
export function decodeState(state: EmulatorState, value: unknown): () => void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StateImportError(`the state must be a JSON object with "format": "${STATE_FORMAT}" and "version"`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== STATE_FORMAT) throw new StateImportError(`format must be "${STATE_FORMAT}" (is this an emulator state file?)`);
  checkShape(EnvelopeJson, value, '');
  const version = record.version as number;
  if (version > STATE_VERSION) {
    throw new StateImportError(`version ${version} was written by a newer emulator; this one reads up to version ${STATE_VERSION}`);
  }
  const known = new Set(['format', 'version', 'savedAt', ...STATE_PARTS.map((part) => part.name)]);
  for (const name of Object.keys(record)) {
    if (!known.has(name)) throw new StateImportError(`${name} is not a part of the emulator state (known: ${[...known].join(', ')})`);
  }

  const context: DecodeContext = { state, players: new Map<string, PlayerRecord>(), grants: new Map<string, GrantRecord>() };
  const appliers: ApplyPart[] = STATE_PARTS.map((part) => part.decode(record[part.name] ?? structuredClone(part.empty), context));
  return () => {
    for (const apply of appliers) apply(state);
  };
}

/** Replaces the whole state with a document's, or throws a `StateImportError` and changes nothing. */
export function importState(state: EmulatorState, value: unknown): void {
  decodeState(state, value)();
}
