/**
 * The guard of the saved state: every field of `EmulatorState` is saved by a part of the codec,
 * or `STATE_FIELDS` says why not. A field added to the state without either fails here (and in
 * `tsc`); a field the part forgets to carry fails the round trip of `state-codec.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../create-emulator.js';
import { STATE_PARTS } from './state-codec.js';
import { STATE_FIELDS } from './state-fields.js';

describe('STATE_FIELDS', () => {
  it('names every field of a live EmulatorState, and nothing else', async () => {
    const { state, app } = await createEmulator();
    expect(Object.keys(state).sort()).toEqual(Object.keys(STATE_FIELDS).sort());
    await app.close();
  });

  it('gives each saved field a part the codec has, and each part a field', () => {
    const partNames = STATE_PARTS.map((part) => part.name);
    const owners = new Set(Object.values(STATE_FIELDS).flatMap((owner) => ('part' in owner ? [owner.part] : [])));
    for (const owner of owners) expect(partNames).toContain(owner);
    expect([...owners].sort()).toEqual([...partNames].sort());
    expect(new Set(partNames).size).toBe(partNames.length);
  });

});
