/**
 * The clock part: how far `clock:advance` moved the emulator clock ahead of the wall clock
 * (`EmulatorState.clock`). Expiry times in the other parts are on the emulator clock, so a
 * restart keeps them as they were.
 */
import { Type, type Static } from 'typebox';
import { checkShape, type StatePart } from '../state-part.js';

const ClockJson = Type.Object({ offsetMs: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export type ClockPartJson = Static<typeof ClockJson>;

export const clockPart: StatePart<ClockPartJson> = {
  name: 'clock',
  schema: ClockJson,
  empty: { offsetMs: 0 },

  encode(state) {
    return { offsetMs: state.clock.offsetMs };
  },

  decode(json) {
    checkShape(ClockJson, json, 'clock');
    return (state) => {
      state.clock.reset();
      state.clock.advance(json.offsetMs / 1000);
    };
  },
};
