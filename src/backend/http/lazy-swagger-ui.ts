/**
 * The `/docs` rendering of the OpenAPI document, loaded on the first request for it.
 *
 * @fastify/swagger-ui (with @fastify/static and the Swagger UI bundle) costs every start about
 * 0.25–0.45 s and 7–10 MB of memory on this project's machine (docs/BENCHMARKS.md, 'Hot paths'),
 * for a page most deployments never open. Here `/docs` and everything under it are two plain routes;
 * the first request builds a small Fastify instance that holds the UI over the backend's own
 * document (`app.swagger()`, complete by then), and every request under `/docs` is answered by it
 * through `inject`, status, headers and body as the UI answers them.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import { ApiError } from '../errors.js';

/** Headers of the inner answer that belong to its own (simulated) connection, not to ours. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/** Registers `/docs` and `/docs/*` on `app`, answered by Swagger UI loaded on first use. */
export function registerLazySwaggerUi(app: FastifyInstance, uiOptions: { uiConfig: Record<string, unknown> }): void {
  let inner: Promise<FastifyInstance> | undefined;
  const load = async (): Promise<FastifyInstance> => {
    const { default: swaggerUi } = await import('@fastify/swagger-ui');
    const ui = Fastify();
    await ui.register(swagger, { mode: 'static', specification: { document: app.swagger() as never } });
    await ui.register(swaggerUi, { routePrefix: '/docs', ...uiOptions });
    await ui.ready();
    return ui;
  };
  const answer = async (request: FastifyRequest, reply: FastifyReply) => {
    inner ??= load().catch((error: unknown) => {
      inner = undefined; // a later request tries again
      throw error;
    });
    const res = await (await inner).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
    // Not a page of the UI: the backend's 404, in its one error shape; and so is every other
    // refusal of the UI's own Fastify (a NUL byte in a file name is its default 400 body, and a
    // path out of the static folder its 403), which must not reach the client in another shape.
    if (res.statusCode === 404 || res.statusCode === 403) throw new ApiError('ROUTE_NOT_FOUND');
    if (res.statusCode >= 400 && res.statusCode < 500) {
      throw new ApiError('INVALID_REQUEST', { message: 'The request is not valid; check the URL.', detail: `${res.statusCode} from the /docs UI` });
    }
    if (res.statusCode >= 500) throw new Error(`the /docs UI answered ${res.statusCode}`);
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) void reply.header(name, value);
    }
    return reply.code(res.statusCode).send(res.rawPayload);
  };
  app.get('/docs', { schema: { hide: true } }, answer);
  app.get('/docs/*', { schema: { hide: true } }, answer);
  app.addHook('onClose', async () => {
    if (inner !== undefined) await (await inner.catch(() => undefined))?.close();
  });
}
