/**
 * The building blocks of the answers' schemas (`games/response-schemas.ts`,
 * `management/response-schemas.ts`), in Google's discovery format
 * (https://developers.google.com/discovery/v1/type-format): `describe<T>()` takes exactly one
 * entry per field of the wire type `T`, so a field added to a wire type in `src/google/wire/`
 * and not to its schema (or the reverse) fails to compile.
 */

/** A discovery `JsonSchema` (parameters and schemas share it). */
export interface DiscoverySchema {
  id?: string;
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  location?: 'path' | 'query';
  required?: boolean;
  repeated?: boolean;
  enum?: string[];
  minimum?: string;
  maximum?: string;
  default?: string;
  items?: DiscoverySchema;
  properties?: Record<string, DiscoverySchema>;
}

export const string: DiscoverySchema = { type: 'string' };
/** Google sends every int64 as a decimal string. */
export const int64: DiscoverySchema = { type: 'string', format: 'int64' };
export const int32: DiscoverySchema = { type: 'integer', format: 'int32' };
export const boolean: DiscoverySchema = { type: 'boolean' };

export const ref = (name: string): DiscoverySchema => ({ $ref: name });
export const arrayOf = (items: DiscoverySchema): DiscoverySchema => ({ type: 'array', items });
export const arrayOfRef = (name: string): DiscoverySchema => arrayOf(ref(name));
export const oneOf = (...values: readonly string[]): DiscoverySchema => ({ type: 'string', enum: [...values] });
/** One entry per field of `T`, optional ones included. */
type PropertiesOf<T> = { [K in keyof Required<T>]: DiscoverySchema };

/** One schema named `id`, with exactly the fields of its wire type `T`. */
export function describe<T>(id: string, properties: PropertiesOf<T>): DiscoverySchema {
  return { id, type: 'object', properties };
}

/** An object with exactly the fields of `T`, described in place (as Google's documents describe `Player.name`). */
export function inline<T>(properties: PropertiesOf<T>): DiscoverySchema {
  return { type: 'object', properties };
}
