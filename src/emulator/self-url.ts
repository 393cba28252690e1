/**
 * The emulator's own base URL as the caller reached it (scheme and Host of the request, no
 * trailing slash), for the URLs its documents point back at: the OpenID configuration's
 * endpoints, the discovery documents' `rootUrl`.
 */
import type { FastifyRequest } from 'fastify';

/** `http://127.0.0.1:8090` for a request that reached the emulator there. */
export function selfBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
