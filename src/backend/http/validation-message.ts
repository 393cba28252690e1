/**
 * What a schema refusal says: the field to fix, what it must be (the type with its bounds, or the
 * allowed values) and, where it helps, an example, all read from the route's own schema, so a
 * message never lies about what the route takes. Fields inside a list are named as the batch
 * checks name them (`updates[1]: steps …`). A string that was sent is never echoed (it may be a
 * code or a token); a number is.
 *
 * Reads both shapes of issue: ajv's (`params.additionalProperty`, `params.missingProperty`) and
 * TypeBox 1.x's, which reports an unknown field as a `boolean` issue at the field ("schema is
 * false") followed by an `additionalProperties` issue listing the names, a missing one as
 * `params.requiredProperties`, and a union of literals as one `const` issue per allowed value.
 */
import type { ErrorCode } from '../errors.js';

export interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** A JSON Schema, as TypeBox builds them; only the keywords read here. */
interface Schema {
  type?: string | string[];
  const?: unknown;
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  /** A field's own error code, answered when a value of the right JSON type breaks its bounds. */
  'x-error-code'?: ErrorCode;
  /** What a string must be, in words, for a refusal a pattern or length decides ("must match ^[^\u0000…]" says nothing). */
  'x-expected'?: string;
}

/** The message, and the field's own code when it has one (`x-error-code` in its schema). */
export interface ValidationRefusal {
  message: string;
  code?: ErrorCode;
}

/** Describes the first issue of a refused `context` ('body', 'querystring', 'params', 'headers'). */
export function describeValidation(
  issues: readonly ValidationIssue[],
  context: string | undefined,
  schema: unknown,
  value: unknown,
): ValidationRefusal {
  const where = context ?? 'request';
  const first = issues[0];
  if (!first) return { message: `The ${where} is invalid.` };
  const root = isSchema(schema) ? schema : undefined;
  const segments = pointerSegments(first.instancePath);
  const label = (parts: readonly string[]) => fieldLabel(where, parts);
  const under = (parts: readonly string[], name: string) => (parts.length === 0 ? where : label(parts)) + ` has an unknown field "${name}"; remove it.`;

  if (first.keyword === 'boolean' && first.schemaPath?.endsWith('/additionalProperties') && segments.length > 0) {
    return { message: under(segments.slice(0, -1), segments.at(-1) ?? '') };
  }
  if (first.keyword === 'additionalProperties') {
    const name = firstName(first.params?.additionalProperty ?? first.params?.additionalProperties);
    if (name !== undefined) return { message: under(segments, name) };
  }
  if (first.keyword === 'required') {
    const name = firstName(first.params?.missingProperty ?? first.params?.requiredProperties);
    if (name !== undefined) return { message: `${segments.length === 0 ? where : label(segments)} is missing the required field "${name}".` };
  }

  const field = schemaAt(root, first.schemaPath);
  const sent = valueAt(value, segments);
  if (segments.length === 0 && first.keyword === 'type' && where === 'body') {
    const example = root ? ` e.g. ${JSON.stringify(exampleOf(root))}` : '';
    return { message: sent === undefined ? `The body is empty; send a JSON object,${example}.` : `body must be a JSON object,${example}.` };
  }
  const name = segments.length === 0 ? where : label(segments);
  switch (first.keyword) {
    case 'const':
    case 'anyOf':
    case 'enum': {
      const allowed = allowedValues(issues, first.instancePath, field);
      if (allowed.length > 0) return { message: `${name} must be ${allowed.length === 1 ? '' : 'one of '}${allowed.map((v) => JSON.stringify(v)).join(', ')}.` };
      break;
    }
    case 'type':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      if (field) {
        const got = typeof sent === 'number' ? `; got ${sent}` : '';
        const example = isScalar(field) ? `, e.g. ${JSON.stringify(exampleOf(field))}` : '';
        const code = sameJsonType(field, sent) ? field['x-error-code'] : undefined;
        return { message: `${name} must be ${kindOf(field)}${example}${got}.`, ...(code ? { code } : {}) };
      }
      break;
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      if (field?.['x-expected']) return { message: `${name} must be ${field['x-expected']}.` };
      break;
    case 'minItems':
    case 'maxItems': {
      const limit = Number(first.params?.limit);
      return { message: `${name} must hold ${first.keyword === 'minItems' ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}.` };
    }
  }
  return { message: `${name} ${first.message ?? 'is invalid'}.` };
}

/**
 * `body` + `/updates/1/steps` → `updates[1]: steps`; `body` + `/steps` → `steps`; other contexts
 * keep their name: `querystring.language`.
 */
function fieldLabel(where: string, segments: readonly string[]): string {
  if (where !== 'body') return `${where}.${segments.join('.')}`;
  const lastIndex = segments.findLastIndex((segment) => /^\d+$/.test(segment));
  if (lastIndex === -1) return segments.join('.');
  const list = segments.slice(0, lastIndex + 1).reduce((out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
  const rest = segments.slice(lastIndex + 1).join('.');
  return rest ? `${list}: ${rest}` : list;
}

/** `/updates/0/type` → `['updates', '0', 'type']` (RFC 6901 escapes undone). */
function pointerSegments(pointer: string | undefined): string[] {
  if (!pointer) return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The sub-schema a `schemaPath` (`#/properties/updates/items/properties/steps`) points at. */
function schemaAt(root: Schema | undefined, schemaPath: string | undefined): Schema | undefined {
  let node: unknown = root;
  for (const part of pointerSegments(schemaPath?.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return isSchema(node) ? node : undefined;
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The allowed values of a union of literals or an enum: from the schema, else from the issues. */
function allowedValues(issues: readonly ValidationIssue[], instancePath: string | undefined, field: Schema | undefined): unknown[] {
  const union = field?.anyOf ?? [];
  if (field?.enum) return field.enum;
  if (union.length > 0 && union.every((member) => 'const' in member)) return union.map((member) => member.const);
  return issues.filter((issue) => issue.keyword === 'const' && issue.instancePath === instancePath).map((issue) => issue.params?.allowedValue);
}

/** "an integer from 1 to 2147483647", "a string", "an array", … */
function kindOf(schema: Schema): string {
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  const bounds = (noun: string) => {
    const { minimum, maximum } = schema;
    if (minimum !== undefined && maximum !== undefined) return `${noun} from ${minimum} to ${maximum}`;
    if (minimum !== undefined) return `${noun} of at least ${minimum}`;
    if (maximum !== undefined) return `${noun} of at most ${maximum}`;
    return noun;
  };
  switch (type) {
    case 'integer':
      return bounds('an integer');
    case 'number':
      return bounds('a number');
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'an array';
    case 'object':
      return 'a JSON object';
    default:
      return type === undefined ? 'valid' : `of type ${type}`;
  }
}

/** A value the schema accepts, to show in a message: required fields only, the smallest numbers. */
function exampleOf(schema: Schema, name = 'value'): unknown {
  if ('const' in schema) return schema.const;
  if (schema.anyOf?.[0]) return exampleOf(schema.anyOf[0], name);
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'string':
      return `<${name}>`;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(schema.items as Schema, name)) : [];
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, schema.properties?.[key] ? exampleOf(schema.properties[key], key) : null]));
    default:
      return null;
  }
}

function isScalar(schema: Schema): boolean {
  return schema.type === 'integer' || schema.type === 'number' || schema.type === 'string' || schema.type === 'boolean';
}

/** True when `value` is of the JSON type the schema wants (a number for an integer), whatever its bounds. */
function sameJsonType(schema: Schema, value: unknown): boolean {
  if (schema.type === 'integer' || schema.type === 'number') return typeof value === 'number';
  return schema.type === typeof value;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstName(value: unknown): string | undefined {
  const name: unknown = Array.isArray(value) ? value[0] : value;
  return typeof name === 'string' ? name : undefined;
}
