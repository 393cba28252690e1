/**
 * Google's partial-response field masks, the `fields` system parameter
 * (https://cloud.google.com/apis/docs/system-parameters,
 * https://developers.google.com/slides/api/guides/performance#partial-response):
 * - `a,b` selects fields `a` and `b` of the answer;
 * - `a/b` selects `b` inside `a`; through an array it applies to every element;
 * - `a(b,c)` is `a/b,a/c`, and sub-selectors nest: `items(id,name(givenName))`;
 * - `*` selects every field at its level (`a/*` is `a`);
 * - a field selected without a sub-selection comes whole.
 * Selections add up: `a,a/b` is `a`. A mask that does not parse, or that names a field the
 * answer's schema lacks (`checkFieldMask`), answers Google's 400 "Invalid field selection …"
 * (as Drive and Calendar answer it, reason `invalidParameter`, location `fields`).
 */
import type { DiscoverySchema } from './describe-schema.js';
import { GoogleApiError } from './errors.js';

/** What a mask keeps at one level: everything, or the named fields with their own selections. */
export type FieldSelection = { readonly all: true } | { readonly all: false; readonly fields: ReadonlyMap<string, FieldSelection> };

const ALL: FieldSelection = { all: true };

/** Google's 400 for a mask it cannot read. */
export function invalidFieldSelectionError(selection: string): GoogleApiError {
  const message = `Invalid field selection ${selection}`;
  return new GoogleApiError({ httpStatus: 400, reason: 'invalidParameter', message, location: 'fields', locationType: 'parameter' });
}

/** The union of two selections of the same value. */
function union(a: FieldSelection, b: FieldSelection): FieldSelection {
  if (a.all || b.all) return ALL;
  const fields = new Map(a.fields);
  for (const [name, selection] of b.fields) {
    const existing = fields.get(name);
    fields.set(name, existing === undefined ? selection : union(existing, selection));
  }
  return { all: false, fields };
}

/** The selection `path` (names, `*` for all) ending in `leaf`. */
function along(path: readonly string[], leaf: FieldSelection): FieldSelection {
  let selection = leaf;
  for (let i = path.length - 1; i >= 0; i--) {
    const name = path[i]!;
    selection = name === '*' ? ALL : { all: false, fields: new Map([[name, selection]]) };
  }
  return selection;
}

const NAME = /^(?:\*|[A-Za-z_$@][A-Za-z0-9_$@.-]*)$/;

/** A recursive-descent reader over the mask text; `at` is the next character to read. */
class MaskReader {
  private at = 0;

  constructor(private readonly text: string) {}

  /** `selection (',' selection)*` up to the end or a `)`. */
  readList(): FieldSelection {
    let selection = this.readSelection();
    while (this.peek() === ',') {
      this.at++;
      selection = union(selection, this.readSelection());
    }
    return selection;
  }

  /** `name ('/' name)* ['(' list ')']`. */
  readSelection(): FieldSelection {
    const path = [this.readName()];
    while (this.peek() === '/') {
      this.at++;
      path.push(this.readName());
    }
    // `*` ends a path: it has no sub-selection (`*/id`, `*(id)` do not parse).
    if (path.slice(0, -1).includes('*')) throw this.error();
    if (this.peek() !== '(') return along(path, ALL);
    if (path.at(-1) === '*') throw this.error();
    this.at++;
    const inner = this.readList();
    if (this.peek() !== ')') throw this.error();
    this.at++;
    return along(path, inner);
  }

  readName(): string {
    this.skipSpaces();
    const start = this.at;
    while (this.at < this.text.length && !',/()'.includes(this.text[this.at]!) && !/\s/.test(this.text[this.at]!)) this.at++;
    const name = this.text.slice(start, this.at);
    if (!NAME.test(name)) throw this.error();
    this.skipSpaces();
    return name;
  }

  peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.at];
  }

  atEnd(): boolean {
    return this.peek() === undefined;
  }

  private skipSpaces(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  /** The error naming what is left from the first character that does not fit. */
  error(): GoogleApiError {
    return invalidFieldSelectionError(this.text.slice(this.at) || this.text);
  }
}

/** Parses a `fields` mask; throws Google's 400 for one that does not parse. */
export function parseFieldMask(mask: string): FieldSelection {
  const reader = new MaskReader(mask);
  const selection = reader.readList();
  if (!reader.atEnd()) throw reader.error();
  return selection;
}

/** The part of a JSON value a selection keeps. Arrays are transparent; a scalar has no fields to select. */
export function applyFieldMask(value: unknown, selection: FieldSelection): unknown {
  if (selection.all) return value;
  if (Array.isArray(value)) return value.map((item) => applyFieldMask(item, selection));
  if (typeof value !== 'object' || value === null) return undefined;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // In the answer's own order, not the mask's, as Google writes its fields.
  for (const [name, field] of Object.entries(source)) {
    const inner = selection.fields.get(name);
    if (inner === undefined) continue;
    const kept = applyFieldMask(field, inner);
    if (kept !== undefined) out[name] = kept;
  }
  return out;
}

/**
 * Refuses a selection naming a field `schema` does not have, or a field inside a scalar, with
 * Google's 400 naming that field. `resolve` follows `$ref`s; a schema it cannot resolve, or an
 * object described without properties, is not checked further.
 */
export function checkFieldMask(selection: FieldSelection, schema: DiscoverySchema, resolve: (schema: DiscoverySchema) => DiscoverySchema | undefined): void {
  if (selection.all) return;
  let target = resolve(schema);
  while (target?.type === 'array' && target.items !== undefined) target = resolve(target.items);
  if (target === undefined || (target.type === 'object' && target.properties === undefined)) return;
  for (const [name, inner] of selection.fields) {
    const field = target.properties?.[name];
    if (field === undefined) throw invalidFieldSelectionError(name);
    checkFieldMask(inner, field, resolve);
  }
}
