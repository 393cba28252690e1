/**
 * Examples in the OpenAPI document. Without one, a renderer (the `/docs` page) or a generator
 * makes one up from the schema, taking the first value of every union: an unlock that answers
 * `"state": "HIDDEN"`, an error of each status that answers `INVALID_REQUEST`. An example set here
 * is typed by its schema, so it cannot drift from what the route sends.
 */
import type { Static, TSchema } from 'typebox';

/**
 * `schema`, shown with `example` where it is a route's response (the OpenAPI media type's
 * `example`). The schema itself is unchanged, so a named schema keeps its one component.
 */
export function withExample<T extends TSchema>(schema: T, example: Static<T>): T {
  return { ...schema, examples: [example] };
}
