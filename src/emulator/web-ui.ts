/**
 * The emulator's web UI: `GET /` serves its page, `GET /emulator/ui/{file}` its script and
 * stylesheet (built from src/ui/emulator/ by scripts/build-ui.mjs). The page drives only the
 * control API, as any script would; like the control API, these paths are never faulted and
 * never logged (`traffic.ts`).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { loadWebUi, notBuiltPage, sendWebUiFile } from '../web-ui-assets.js';
import { ControlApiError } from './errors.js';
import { routeConfig } from './request-context.js';

/** The path prefix of the UI's assets. */
export const EMULATOR_UI_ASSETS = '/emulator/ui/';

/** Registers `GET /` and the UI's assets. */
export function registerWebUiRoutes(app: FastifyInstance): void {
  const files = loadWebUi('emulator');

  app.get('/', { config: routeConfig('ui.page') }, (request, reply) => {
    const page = files?.get('index.html');
    if (!page) return reply.type('text/html; charset=utf-8').send(notBuiltPage('emulator'));
    return sendWebUiFile(request, reply, page);
  });

  app.get(
    `${EMULATOR_UI_ASSETS}:file`,
    { schema: { params: Type.Object({ file: Type.String() }) }, config: routeConfig('ui.asset') },
    (request, reply) => {
      const { file } = request.params as { file: string };
      const asset = file === 'index.html' ? undefined : files?.get(file);
      if (!asset) throw new ControlApiError(404, `No web UI file ${file}.`);
      return sendWebUiFile(request, reply, asset);
    },
  );
}
