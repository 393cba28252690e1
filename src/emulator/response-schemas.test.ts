import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { apiOfUrl } from './discovery-document.js';
import { googleApiRoutes } from './discovery.js';
import { responseSchemas } from './response-schemas.js';
import { startEmulator } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.app.close());

const described = (url: string) => responseSchemas(apiOfUrl(url)!.name);
const label = (route: { httpMethod: string; url: string; operation: string }) => `${route.operation} (${route.httpMethod} ${route.url})`;

describe('the Games and Management routes’ schemas', () => {
  it('the route table holds every Games and Management method', () => {
    const operations = googleApiRoutes(emulator.app).map((route) => route.operation);
    expect(operations).toEqual(expect.arrayContaining(['games.players.get', 'games.leaderboards.list', 'games.scores.submit', 'management.scores.reset', 'management.players.hide', 'management.applications.listHidden']));
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  // A route without one is listed with no `response` in the discovery documents (so
  // google-api-python-client hands back raw bytes) and its `fields` masks go unchecked.
  it('each names an answer schema its API describes, or declares that it answers 204 with no body', () => {
    const routes = googleApiRoutes(emulator.app);
    const unnamed = routes.filter((route) => route.discovery.response === undefined && route.discovery.noContent !== true).map(label);
    const both = routes.filter((route) => route.discovery.response !== undefined && route.discovery.noContent === true).map(label);
    const undescribed = routes
      .filter((route) => route.discovery.response !== undefined && !described(route.url).has(route.discovery.response))
      .map((route) => `${label(route)}: ${route.discovery.response}`);
    expect({ unnamed, both, undescribed }).toEqual({ unnamed: [], both: [], undescribed: [] });
  });

  it('each that takes a JSON body names its request schema', () => {
    const unnamed = googleApiRoutes(emulator.app).filter((route) => route.body !== undefined && route.discovery.request === undefined).map(label);
    expect(unnamed).toEqual([]);
  });

  it('each API’s table describes every schema its schemas refer to', () => {
    for (const api of ['games', 'gamesManagement', 'gamesConfiguration']) {
      const table = responseSchemas(api);
      expect(table.size).toBeGreaterThan(0);
      for (const schema of table.values()) {
        const refs = (JSON.stringify(schema).match(/"\$ref":"[^"]+"/g) ?? []).map((ref) => ref.slice(8, -1));
        for (const name of refs) expect([api, schema.id, name, table.has(name)]).toEqual([api, schema.id, name, true]);
      }
    }
  });
});
