/**
 * The discovery service, for the APIs the emulator serves (`discovery-document.ts` builds the
 * documents): `GET /discovery/v1/apis/{api}/{version}/rest` (the URL google-api-python-client's
 * `build()` and googleapis' `google.discoverAPI()` fetch), the newer per-host
 * `GET /$discovery/rest?version=…`, and the directory `GET /discovery/v1/apis`. Every URL in a
 * document points at the emulator as the request reached it, so a client built from it stays
 * here instead of falling back to Google's host.
 *
 * The documents are built from the routes as they are registered: `installDiscovery` watches
 * every route added after it (an `onRoute` hook), so a new Games or Management route appears in
 * its API's document with no change here.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { DISCOVERY_APIS, apiOfUrl, directoryItem, discoveryDocument, type DiscoveredRoute, type DiscoveryApi, type JsonSchema } from './discovery-document.js';
import { notFoundError } from './errors.js';
import { routeConfig, type RouteDiscovery } from './request-context.js';
import { selfBaseUrl } from './self-url.js';

function notFound(): Error {
  return notFoundError('Requested entity was not found.');
}

/** The route as the generator reads it, or none for a route that is not a Google API method. */
function discovered(route: RouteOptions, httpMethod: string): DiscoveredRoute | undefined {
  const config = route.config as { operation?: unknown; discovery?: RouteDiscovery } | undefined;
  if (typeof config?.operation !== 'string') return undefined;
  if (apiOfUrl(route.url) === undefined) return undefined;
  const schema = route.schema as { params?: JsonSchema; querystring?: JsonSchema; body?: JsonSchema } | undefined;
  return {
    httpMethod,
    url: route.url,
    operation: config.operation,
    ...(schema?.params ? { params: schema.params } : {}),
    ...(schema?.querystring ? { querystring: schema.querystring } : {}),
    ...(schema?.body ? { body: schema.body } : {}),
    discovery: config.discovery ?? {},
  };
}

function apiNamed(name: string, version: string): DiscoveryApi {
  const api = DISCOVERY_APIS.find((candidate) => candidate.name === name && candidate.version === version);
  if (!api) throw notFound();
  return api;
}

const routeTables = new WeakMap<FastifyInstance, readonly DiscoveredRoute[]>();

/** The Google API methods registered on `app` (after `installDiscovery`), as the documents list them. */
export function googleApiRoutes(app: FastifyInstance): readonly DiscoveredRoute[] {
  return routeTables.get(app) ?? [];
}

/** Collects the routes registered after it and serves their discovery documents. */
export function installDiscovery(app: FastifyInstance): void {
  const routes: DiscoveredRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      // Fastify adds a HEAD route beside each GET; Google's methods are the GETs.
      if (method === 'HEAD') continue;
      const entry = discovered(route, method);
      if (entry) routes.push(entry);
    }
  });

  app.get('/discovery/v1/apis', { config: routeConfig('discovery.apis.list') }, (request, reply) =>
    reply.send({ kind: 'discovery#directoryList', discoveryVersion: 'v1', items: DISCOVERY_APIS.map((api) => directoryItem(api, selfBaseUrl(request))) }),
  );

  app.get(
    '/discovery/v1/apis/:api/:version/rest',
    { schema: { params: Type.Object({ api: Type.String(), version: Type.String() }) }, config: routeConfig('discovery.apis.getRest') },
    (request, reply) => {
      const { api, version } = request.params as { api: string; version: string };
      return reply.send(discoveryDocument(apiNamed(api, version), routes, selfBaseUrl(request)));
    },
  );

  // One host serves every API here, so the version alone names the API (each is unique).
  app.get(
    '/$discovery/rest',
    { schema: { querystring: Type.Object({ version: Type.Optional(Type.String()) }) }, config: routeConfig('discovery.rest') },
    (request, reply) => {
      const { version } = request.query as { version?: string };
      const api = DISCOVERY_APIS.find((candidate) => candidate.version === version);
      if (!api) throw notFound();
      return reply.send(discoveryDocument(api, routes, selfBaseUrl(request)));
    },
  );
}
