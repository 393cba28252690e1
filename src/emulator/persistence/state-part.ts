/**
 * One part of the emulator's saved state (`state-codec.ts` lists them all): how a slice of
 * `EmulatorState` turns into plain JSON, records referring to each other by ID, and back.
 *
 * Decoding runs in two steps so that a bad document changes nothing: every part's `decode`
 * checks its JSON and builds fresh records without touching the state, and only when all parts
 * succeeded does the codec run the appliers they returned, in order.
 */
import type { Static, TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { assertMatches, EmulatorConfigError } from '../seed.js';
import type { ApplicationRecord, ClientRecord, EmulatorState, GrantRecord, PlayerRecord } from '../state.js';

/** A saved state that cannot be loaded: `message` names the bad field and why. Nothing was changed. */
export class StateImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateImportError';
  }
}

/** Throws a `StateImportError` for `field`. */
export function refuse(field: string, message: string): never {
  throw new StateImportError(`${field} ${message}`);
}

/** Compiled once per schema: a large saved state loads several times faster than through `Value.Check` (docs/BENCHMARKS.md). */
const validators = new WeakMap<TSchema, Validator>();

/** Checks a part's JSON against its schema; the error names the most specific bad field. */
export function checkShape<T extends TSchema>(schema: T, value: unknown, root: string): asserts value is Static<T> {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  if (validator.Check(value)) return;
  // Only a bad document pays for the detailed (interpreted) check that names the field.
  try {
    assertMatches(schema, value, root);
  } catch (error) {
    if (error instanceof EmulatorConfigError) throw new StateImportError(error.message);
    throw error;
  }
}

/**
 * What decoding parts share: the state being replaced (its applications and clients come from the
 * seed and stay), and the fresh records earlier parts built, by ID, for later parts to refer to.
 */
export interface DecodeContext {
  readonly state: EmulatorState;
  /** The decoded players by current and earlier player ID (the players part fills it). */
  readonly players: Map<string, PlayerRecord>;
  /** The decoded grants by ID (the grants part fills it). */
  readonly grants: Map<string, GrantRecord>;
}

/** Applies a decoded part to the state. Runs only once every part decoded. */
export type ApplyPart = (state: EmulatorState) => void;

export interface StatePart<Json> {
  /** The part's key in the saved document. */
  readonly name: string;
  /** The shape of the part's JSON (TypeBox, checked before `decode`). */
  readonly schema: TSchema;
  /** What a document without this part means (an empty state, the wall clock…). */
  readonly empty: Json;
  encode(state: EmulatorState): Json;
  /**
   * Checks the part's JSON (`checkShape` against `schema` first, then what a schema cannot say:
   * references, uniqueness) and builds fresh records; never touches `context.state`.
   */
  decode(json: unknown, context: DecodeContext): ApplyPart;
}

/** An application of the seed by ID, or a refusal naming `field`. */
export function applicationOf(state: EmulatorState, applicationId: string, field: string): ApplicationRecord {
  const application = state.applicationsById.get(applicationId);
  if (!application) refuse(field, `names application ${applicationId}, which the emulator's seed does not have (start it with the --config the state was saved with)`);
  return application;
}

/** An OAuth client of the seed by ID, or a refusal naming `field`. */
export function clientOf(state: EmulatorState, clientId: string, field: string): ClientRecord {
  const client = state.clients.get(clientId);
  if (!client) refuse(field, `names client ${clientId}, which the emulator's seed does not have (start it with the --config the state was saved with)`);
  return client;
}

/** A decoded player by current or earlier ID, or a refusal naming `field`. */
export function playerOf(context: DecodeContext, playerId: string, field: string): PlayerRecord {
  const player = context.players.get(playerId);
  if (!player) refuse(field, `names player ${playerId}, who is not in the state's players`);
  return player;
}
