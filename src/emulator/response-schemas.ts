/**
 * The schemas of the answers the emulator gives, in Google's discovery format, one table per API
 * (`games/response-schemas.ts`, `management/response-schemas.ts`): the two APIs each have a
 * `Player` and a `ProfileSettings`, of different shapes. Two readers: the discovery documents
 * describe the answers with them (`discovery-document.ts`), and a `fields` mask is checked
 * against them, so a field no answer has is Google's 400 "Invalid field selection"
 * (`partial-responses.ts`).
 *
 * A route names its answer's schema with `routeConfig(…, { response: 'Name' })` (or declares
 * `{ noContent: true }` when it answers 204); `response-schemas.test.ts` checks that every Games
 * and Management route does, with a name its API's table describes.
 */
import type { DiscoverySchema } from './describe-schema.js';
import { GAMES_RESPONSE_SCHEMAS } from './games/response-schemas.js';
import { MANAGEMENT_RESPONSE_SCHEMAS } from './management/response-schemas.js';
import { RECALL_RESPONSE_SCHEMAS } from './recall/response-schemas.js';

/** The described answer schemas of one API, by name. */
export type SchemaTable = ReadonlyMap<string, DiscoverySchema>;

function tableOf(schemas: readonly DiscoverySchema[]): SchemaTable {
  const table = new Map<string, DiscoverySchema>();
  for (const schema of schemas) {
    if (schema.id === undefined || table.has(schema.id)) throw new Error(`response schema ${String(schema.id)} is unnamed or described twice`);
    table.set(schema.id, schema);
  }
  return table;
}

/** By the API's discovery name (`DISCOVERY_APIS` in `discovery-document.ts`). */
const TABLES: Readonly<Record<string, SchemaTable>> = {
  games: tableOf([...GAMES_RESPONSE_SCHEMAS, ...RECALL_RESPONSE_SCHEMAS]),
  gamesManagement: tableOf(MANAGEMENT_RESPONSE_SCHEMAS),
};

const NONE: SchemaTable = new Map();

/** The described answer schemas of the API named `apiName` (none for an API without any). */
export function responseSchemas(apiName: string): SchemaTable {
  return TABLES[apiName] ?? NONE;
}

/** The schema `schema` stands for in `table`: itself, or the one its `$ref` names (undefined if not described). */
export function resolveSchema(table: SchemaTable, schema: DiscoverySchema): DiscoverySchema | undefined {
  return schema.$ref === undefined ? schema : table.get(schema.$ref);
}

/** `name` and every schema of `table` it refers to, for a discovery document's `schemas`. */
export function schemaClosure(table: SchemaTable, name: string): DiscoverySchema[] {
  const found = new Map<string, DiscoverySchema>();
  const visit = (schema: DiscoverySchema | undefined): void => {
    if (schema === undefined) return;
    if (schema.$ref !== undefined) {
      const target = table.get(schema.$ref);
      if (target === undefined || found.has(schema.$ref)) return;
      found.set(schema.$ref, target);
      schema = target;
    }
    visit(schema.items);
    for (const property of Object.values(schema.properties ?? {})) visit(property);
  };
  visit({ $ref: name });
  return [...found.values()];
}
