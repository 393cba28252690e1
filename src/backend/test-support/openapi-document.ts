/**
 * The OpenAPI document exactly as the backend serves it at `/openapi.json`, built in-process over
 * an in-memory store (no Google is called to build it): what the document tests check and what
 * the typed client's types are generated from.
 */
import { openStore } from '../../store/open-store.js';
import { createBackend } from '../app.js';
import { testConfig, withCredentials } from './test-config.js';

/** An OpenAPI 3.1 document, as far as the tests read it. */
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface OpenApiOperation {
  operationId?: string;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> }>;
  [key: string]: unknown;
}

/** GET /openapi.json of a freshly built backend. */
export async function liveOpenApiDocument(): Promise<OpenApiDocument> {
  const store = await openStore('sqlite::memory:');
  const backend = await createBackend({ config: withCredentials(testConfig()), store });
  try {
    const response = await backend.app.inject({ method: 'GET', url: '/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
    return response.json<OpenApiDocument>();
  } finally {
    await backend.close();
    await store.close();
  }
}

/** Every operation of the document, with its method and path. */
export function operationsOf(document: OpenApiDocument): { method: string; path: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}
