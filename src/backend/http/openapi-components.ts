/**
 * Named schemas in the OpenAPI document. A shared TypeBox schema that carries `component(name)`
 * is listed once under `components.schemas` and every place it appears refers to it by `$ref`, so
 * that code generators emit one `Player` type instead of one anonymous shape per route.
 *
 * The name is an `x-` annotation rather than an `$id`: an `$id` would also reach the validators
 * and the response serializer, and fast-json-stringify refuses a response schema that holds the
 * same `$id` twice (a sign-in answer with two players). Annotations change nothing there; the
 * document alone is rewritten, once built (`hoistComponents`).
 */
import { isDeepStrictEqual } from 'node:util';

const COMPONENT_NAME = 'x-component';

/** Schema options that name a schema in the OpenAPI document: `Type.Object({…}, { ...component('Player') })`. */
export function component(name: string): { [COMPONENT_NAME]: string } {
  return { [COMPONENT_NAME]: name };
}

/**
 * Moves every named schema of `document` to `components.schemas` and puts a `$ref` in its places.
 * Throws when one name is given to two different shapes: the document would otherwise lie.
 */
export function hoistComponents<T extends object>(document: T): T {
  const named = new Map<string, unknown>();
  const hoisted = replaceNamed(document, named) as T & { components?: { schemas?: Record<string, unknown> } };
  const schemas = { ...(hoisted.components?.schemas ?? {}) };
  for (const name of [...named.keys()].sort()) schemas[name] = named.get(name);
  return { ...hoisted, components: { ...hoisted.components, schemas } };
}

/** Inner schemas first, so that a named schema holds `$ref`s to the named schemas inside it. */
function replaceNamed(node: unknown, named: Map<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => replaceNamed(item, named));
  if (node === null || typeof node !== 'object') return node;
  const { [COMPONENT_NAME]: name, ...rest } = node as Record<string, unknown>;
  const schema = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, replaceNamed(value, named)]));
  if (typeof name !== 'string') return schema;
  const seen = named.get(name);
  if (seen === undefined) named.set(name, schema);
  else if (!isDeepStrictEqual(seen, schema)) throw new Error(`OpenAPI: two different schemas are named ${name}; give one of them another name.`);
  return { $ref: `#/components/schemas/${name}` };
}
