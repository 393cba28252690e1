/**
 * Google's JSON request bodies are proto messages: a field name the message does not have is
 * refused with 400 "Invalid JSON payload received. Unknown name \"x\" at 'updates[0]': Cannot
 * find field.", and a field may be spelled by its JSON name (`achievementId`) or its proto name
 * (`achievement_id`). `checkBodyFields` applies both rules before schema validation: it refuses an
 * unknown name and rewrites proto names to the JSON names the schemas use.
 */
import { type GoogleApiError, unknownNameError } from '../errors.js';

/**
 * A message: its fields by JSON name, each with the other spelling Google accepts (the proto
 * name, or the lowerCamel one when the JSON name is snake_case) and, for a message field, its spec.
 */
export interface MessageSpec {
  [jsonName: string]: { alias: string; message?: MessageSpec; repeated?: boolean };
}

/** A lowerCamel JSON name's proto (snake_case) name: `incrementPayload` → `increment_payload`. */
export function protoName(jsonName: string): string {
  return jsonName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function unknownField(name: string, at: string): GoogleApiError {
  const message = `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${at === '' ? '' : ` at '${at}'`}: Cannot find field.`;
  return unknownNameError(message, at === '' ? undefined : at);
}

function checkMessage(value: unknown, spec: MessageSpec, at: string): void {
  // Anything but an object is left to the schema, which names the type it wanted.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const object = value as Record<string, unknown>;
  for (const name of Object.keys(object)) {
    let jsonName = name;
    if (!Object.prototype.hasOwnProperty.call(spec, name)) {
      const alias = Object.keys(spec).find((candidate) => spec[candidate]!.alias === name);
      if (alias === undefined) throw unknownField(name, at);
      jsonName = alias;
      if (!Object.prototype.hasOwnProperty.call(object, alias)) object[alias] = object[name];
      delete object[name];
    }
    const field = spec[jsonName]!;
    if (!field.message) continue;
    const child = object[jsonName];
    // Google names the place by proto (snake_case) names: 'updates[0].increment_payload'.
    const path = (suffix: string) => (at === '' ? `${protoName(jsonName)}${suffix}` : `${at}.${protoName(jsonName)}${suffix}`);
    if (field.repeated && Array.isArray(child)) child.forEach((item, index) => checkMessage(item, field.message!, path(`[${index}]`)));
    else if (!field.repeated) checkMessage(child, field.message, path(''));
  }
}

/** Refuses unknown field names in a request body and rewrites proto names to JSON names. */
export function checkBodyFields(body: unknown, spec: MessageSpec): void {
  checkMessage(body, spec, '');
}

/** `AchievementUpdateMultipleRequest` (docs/google/games-api.md, 'updateMultiple'). */
export const UPDATE_MULTIPLE_REQUEST: MessageSpec = {
  kind: { alias: 'kind' },
  updates: {
    alias: 'updates',
    repeated: true,
    message: {
      kind: { alias: 'kind' },
      achievementId: { alias: 'achievement_id' },
      updateType: { alias: 'update_type' },
      incrementPayload: {
        alias: 'increment_payload',
        message: { kind: { alias: 'kind' }, steps: { alias: 'steps' }, requestId: { alias: 'request_id' } },
      },
      setStepsAtLeastPayload: {
        alias: 'set_steps_at_least_payload',
        message: { kind: { alias: 'kind' }, steps: { alias: 'steps' } },
      },
    },
  },
};

/** `AchievementResetMultipleForAllRequest` (docs/google/management-api.md: its JSON name is `achievement_ids`). */
export const RESET_MULTIPLE_FOR_ALL_REQUEST: MessageSpec = {
  kind: { alias: 'kind' },
  achievement_ids: { alias: 'achievementIds' },
};
