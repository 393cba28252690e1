/**
 * The keys part: the ID-token signing keys, newest first (`EmulatorState.keys`), so that ID
 * tokens issued before a restart still verify against the published key set. A document
 * without keys keeps the running emulator's.
 */
import { Type, type Static } from 'typebox';
import { importSigningKey, PUBLISHED_KEY_COUNT, type SigningKey } from '../../keys.js';
import { checkShape, refuse, type StatePart } from '../state-part.js';

const KeysJson = Type.Object(
  {
    signingKeys: Type.Array(
      Type.Object(
        {
          kid: Type.String({ pattern: '^[A-Za-z0-9_\\-]{1,128}$' }),
          privateKeyPem: Type.String({ minLength: 1, maxLength: 20_000 }),
          certificatePem: Type.String({ minLength: 1, maxLength: 20_000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: PUBLISHED_KEY_COUNT },
    ),
  },
  { additionalProperties: false },
);

export type KeysPartJson = Static<typeof KeysJson>;

export const keysPart: StatePart<KeysPartJson> = {
  name: 'keys',
  schema: KeysJson,
  empty: { signingKeys: [] },

  encode(state) {
    return { signingKeys: state.keys.exportKeys() };
  },

  decode(json) {
    checkShape(KeysJson, json, 'keys');
    const keys: SigningKey[] = json.signingKeys.map((saved, k) => {
      try {
        return importSigningKey(saved);
      } catch (error) {
        // The message names the field, never the key material.
        refuse(`keys.signingKeys[${k}]`, error instanceof TypeError ? `is unusable: ${error.message}` : 'is unusable');
      }
    });
    if (new Set(keys.map((key) => key.kid)).size !== keys.length) refuse('keys.signingKeys', 'lists a kid twice');
    return (state) => {
      if (keys.length > 0) state.keys.restore(keys);
    };
  },
};
