/**
 * Google API Discovery documents (https://developers.google.com/discovery/v1/reference/apis) for
 * the APIs the emulator serves, generated from its own route table: no package here ships
 * Google's discovery JSON (googleapis ships generated TypeScript), and a document built from the
 * routes lists exactly the methods the emulator has. Each route gives:
 * - its method ID, resource and name from its operation (`games.achievements.increment` →
 *   resource `achievements`, method `increment`, ID `games.achievements.increment`);
 * - `httpMethod` and `path` (`/games/v1/achievements/:achievementId/increment` →
 *   `games/v1/achievements/{achievementId}/increment`, relative to `rootUrl`, as Google's are);
 * - its parameters from its TypeBox params (`location: path`) and querystring (`location: query`)
 *   schemas, with discovery types (`integer`/`int32`, `string`/`int64`, enums, `repeated`), and
 *   `parameterOrder`: the path parameters in path order, then the required query ones;
 * - `request` and `response` `$ref`s from its `routeConfig(…, { request, response })`.
 * A request schema is described from the route's body schema, with JSON (lowerCamel) names; an
 * answer's schema from its API's table in `response-schemas.ts`, or, for one not described
 * there, named with no more than a page's `nextPageToken` (docs/google/emulator-choices.md).
 */
import { SCOPES } from '../google/wire/scopes.js';
import { Int64String } from './games/schemas.js';
import type { RouteDiscovery } from './request-context.js';
import { responseSchemas, schemaClosure } from './response-schemas.js';
import type { DiscoverySchema } from './describe-schema.js';

/** One API the emulator serves, as the discovery directory names it. */
export interface DiscoveryApi {
  name: string;
  version: string;
  title: string;
  description: string;
  documentationLink: string;
  /** Google's `canonicalName` (the class name generated clients use). */
  canonicalName: string;
  /** The emulator paths of its methods start with `/` + this. */
  pathPrefix: string;
}

/** The APIs the emulator serves; an API with no route yet is served with no methods. */
export const DISCOVERY_APIS: readonly DiscoveryApi[] = [
  {
    name: 'games',
    version: 'v1',
    title: 'Google Play Game Services',
    description: 'The Games API v1 (players, achievements, …), the methods this emulator serves.',
    documentationLink: 'https://developers.google.com/games/',
    canonicalName: 'Games',
    pathPrefix: 'games/v1/',
  },
  {
    name: 'gamesManagement',
    version: 'v1management',
    title: 'Google Play Game Management',
    description: 'The Games Management API (tester resets), the methods this emulator serves.',
    documentationLink: 'https://developers.google.com/games/',
    canonicalName: 'Games Management',
    pathPrefix: 'games/v1management/',
  },
  {
    name: 'gamesConfiguration',
    version: 'v1configuration',
    title: 'Google Play Game Services Publishing API',
    description: 'The Games Configuration API, the methods this emulator serves.',
    documentationLink: 'https://developers.google.com/games/',
    canonicalName: 'Games Configuration',
    pathPrefix: 'games/v1configuration/',
  },
];

/** A route as the emulator registered it: what a discovery document is built from. */
export interface DiscoveredRoute {
  httpMethod: string;
  /** Fastify's URL, e.g. `/games/v1/players/:playerId`. */
  url: string;
  operation: string;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  discovery: RouteDiscovery;
}

/** The parts of a JSON Schema (as TypeBox writes it) the generator reads. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}


interface DiscoveryMethod {
  id: string;
  path: string;
  flatPath: string;
  httpMethod: string;
  parameters: Record<string, DiscoverySchema>;
  parameterOrder: string[];
  request?: { $ref: string };
  response?: { $ref: string };
  scopes: string[];
  description: string;
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

/** Google's system parameters, as every discovery document lists them. */
const SYSTEM_PARAMETERS: Record<string, DiscoverySchema> = {
  '$.xgafv': { type: 'string', location: 'query', description: 'V1 error format.', enum: ['1', '2'] },
  access_token: { type: 'string', location: 'query', description: 'OAuth access token.' },
  alt: { type: 'string', location: 'query', description: 'Data format for response.', default: 'json', enum: ['json', 'media', 'proto'] },
  callback: { type: 'string', location: 'query', description: 'JSONP' },
  fields: { type: 'string', location: 'query', description: 'Selector specifying which fields to include in a partial response.' },
  key: { type: 'string', location: 'query', description: 'API key.' },
  oauth_token: { type: 'string', location: 'query', description: 'OAuth 2.0 token for the current user.' },
  prettyPrint: { type: 'boolean', location: 'query', description: 'Returns response with indentations and line breaks.', default: 'true' },
  quotaUser: { type: 'string', location: 'query', description: 'Available to use for quota purposes for server-side applications.' },
  uploadType: { type: 'string', location: 'query', description: 'Legacy upload protocol for media (e.g. "media", "multipart").' },
  upload_protocol: { type: 'string', location: 'query', description: 'Upload protocol for media (e.g. "raw", "multipart").' },
};

/** The pattern that marks a string parameter as an int64 (`games/schemas.ts`). */
const INT64_PATTERN = (Int64String as JsonSchema).pattern;

/** `achievement_ids` → `achievementIds`: discovery names JSON fields in lowerCamel. */
function jsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A JSON Schema value as a discovery type. */
export function discoveryType(schema: JsonSchema): DiscoverySchema {
  if (schema.enum !== undefined) return { type: 'string', enum: schema.enum.map(String) };
  switch (schema.type) {
    case 'integer':
      return {
        type: 'integer',
        format: 'int32',
        ...(schema.minimum === undefined ? {} : { minimum: String(schema.minimum) }),
        ...(schema.maximum === undefined ? {} : { maximum: String(schema.maximum) }),
      };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', items: discoveryType(schema.items ?? {}) };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [jsonName(name), discoveryType(property)])),
      };
    default:
      return schema.pattern === INT64_PATTERN ? { type: 'string', format: 'int64' } : { type: 'string' };
  }
}

/** A request parameter: an array becomes a `repeated` parameter of its items' type. */
function parameter(schema: JsonSchema, location: 'path' | 'query', required: boolean): DiscoverySchema {
  const type = schema.type === 'array' ? { ...discoveryType(schema.items ?? {}), repeated: true } : discoveryType(schema);
  return { ...type, location, ...(required ? { required: true } : {}) };
}

function methodOf(api: DiscoveryApi, route: DiscoveredRoute): DiscoveryMethod {
  // `::` is Fastify's escaped literal colon (`recall::linkPersona` serves `recall:linkPersona`).
  const literal = '\u0000';
  const escaped = route.url.replaceAll('::', literal);
  const path = escaped.slice(1).replace(/:([A-Za-z0-9_]+)/g, '{$1}').replaceAll(literal, ':');
  const parameters: Record<string, DiscoverySchema> = {};
  const order: string[] = [];
  const pathNames = [...escaped.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
  for (const name of pathNames) {
    parameters[name] = parameter(route.params?.properties?.[name] ?? { type: 'string' }, 'path', true);
    order.push(name);
  }
  const required = new Set(route.querystring?.required ?? []);
  for (const [name, schema] of Object.entries(route.querystring?.properties ?? {})) {
    parameters[name] = parameter(schema, 'query', required.has(name));
    if (required.has(name)) order.push(name);
  }
  const [, ...rest] = route.operation.split('.');
  return {
    id: [api.name, ...rest].join('.'),
    path,
    flatPath: path,
    httpMethod: route.httpMethod,
    parameters,
    parameterOrder: order,
    ...(route.discovery.request === undefined ? {} : { request: { $ref: route.discovery.request } }),
    ...(route.discovery.response === undefined ? {} : { response: { $ref: route.discovery.response } }),
    scopes: [...(route.discovery.scopes ?? [SCOPES.games])],
    description: `${[api.name, ...rest].join('.')}, as the emulator serves it (src/emulator/README.md).`,
  };
}

/**
 * The schema of an answer `response-schemas.ts` does not describe: named, and no more than the
 * one field paging relies on. A method
 * that takes `pageToken` answers pages with `nextPageToken` (Google's paging convention,
 * https://google.aip.dev/158); google-api-python-client generates `list_next()` only when the
 * response schema lists it.
 */
function responseSchema(name: string, route: DiscoveredRoute): DiscoverySchema {
  const paged = route.querystring?.properties?.pageToken !== undefined;
  return {
    id: name,
    type: 'object',
    description: 'Described in Google’s own discovery document; the emulator names it only.',
    ...(paged ? { properties: { nextPageToken: { type: 'string', description: 'Token corresponding to the next page of results.' } } } : {}),
  };
}

/** Whether a route is a method of `api`. */
export function belongsTo(api: DiscoveryApi, route: Pick<DiscoveredRoute, 'url'>): boolean {
  return route.url.startsWith(`/${api.pathPrefix}`);
}

/** The API whose method the route at `url` (Fastify's URL or a request path) is, if any. */
export function apiOfUrl(url: string): DiscoveryApi | undefined {
  return DISCOVERY_APIS.find((api) => belongsTo(api, { url }));
}

/** The discovery document of `api` over `routes`, served from `baseUrl` (no trailing slash). */
export function discoveryDocument(api: DiscoveryApi, routes: readonly DiscoveredRoute[], baseUrl: string): Record<string, unknown> {
  const resources: Record<string, DiscoveryResource> = {};
  const schemas: Record<string, DiscoverySchema> = {};
  const described = responseSchemas(api.name);
  for (const route of routes.filter((candidate) => belongsTo(api, candidate))) {
    // `games.achievements.increment`: the first word is the emulator's API tag, the last the method.
    const [, ...resourcePath] = route.operation.split('.');
    const methodName = resourcePath.pop();
    if (methodName === undefined || resourcePath.length === 0) continue;
    let resource: DiscoveryResource = { resources };
    for (const name of resourcePath) {
      resource.resources ??= {};
      resource = resource.resources[name] ??= {};
    }
    (resource.methods ??= {})[methodName] = methodOf(api, route);
    const { request, response } = route.discovery;
    if (request !== undefined) schemas[request] = { id: request, ...discoveryType(route.body ?? { type: 'object' }) };
    if (response !== undefined && described.has(response)) for (const schema of schemaClosure(described, response)) schemas[schema.id!] = schema;
    else if (response !== undefined) schemas[response] ??= responseSchema(response, route);
  }
  const rootUrl = `${baseUrl}/`;
  return {
    kind: 'discovery#restDescription',
    discoveryVersion: 'v1',
    id: `${api.name}:${api.version}`,
    name: api.name,
    version: api.version,
    canonicalName: api.canonicalName,
    title: api.title,
    description: api.description,
    documentationLink: api.documentationLink,
    ownerDomain: 'google.com',
    ownerName: 'Google',
    protocol: 'rest',
    rootUrl,
    servicePath: '',
    baseUrl: rootUrl,
    batchPath: 'batch',
    parameters: SYSTEM_PARAMETERS,
    auth: { oauth2: { scopes: { [SCOPES.games]: { description: 'Create, edit, and delete your Google Play Games activity' } } } },
    schemas,
    resources: resources,
  };
}

/** The discovery directory entry of `api` (`GET /discovery/v1/apis`). */
export function directoryItem(api: DiscoveryApi, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'discovery#directoryItem',
    id: `${api.name}:${api.version}`,
    name: api.name,
    version: api.version,
    title: api.title,
    description: api.description,
    discoveryRestUrl: `${baseUrl}/discovery/v1/apis/${api.name}/${api.version}/rest`,
    documentationLink: api.documentationLink,
    preferred: true,
  };
}
