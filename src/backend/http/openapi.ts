/**
 * The OpenAPI document, generated from the routes' TypeBox schemas, at `/openapi.json`, and
 * rendered at `/docs`. Registered before the routes so that every route is collected.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { hoistComponents } from './openapi-components.js';
import { registerLazySwaggerUi } from './lazy-swagger-ui.js';

/** Registers the document generator and the `/docs` UI on `app`. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'play-games-server',
        version,
        description:
          'The backend API for game clients and game servers: sign-in with a Play Games server auth code, sessions, ' +
          'the player, and durable achievements. Every error answers `{ "error": { "code", "message" } }`; ' +
          'the codes are listed in docs/ERRORS.md.',
      },
      // Relative: the server that serves this document, whatever its address (behind a proxy
      // too), for `/docs` and for generated clients, which are given their base URL.
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A session access token from /v1/auth/play-games.' },
          serverApiKey: { type: 'http', scheme: 'bearer', description: 'The game server API key (PGS_SERVER_API_KEY).' },
        },
      },
    },
    transformObject: (document) => ('openapiObject' in document ? hoistComponents(document.openapiObject) : document.swaggerObject),
  });
  registerLazySwaggerUi(app, { uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
