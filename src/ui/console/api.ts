/**
 * The console calls the backend's admin API through the package's own typed client
 * (src/client/index.ts, generated from the OpenAPI document), with the session cookie the
 * browser holds and, on writes, the CSRF token the page was served with.
 */
import { createClient, type components } from '../../client/index.js';
import { HttpFailure } from '../common/api.js';

const csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

export { csrfToken };

export const api = createClient({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET') request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

export type Schemas = components['schemas'];

/** The data of an answer, or an `HttpFailure` with the backend's code and message; a signed-out session goes back to the sign-in page. */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.status === 401) {
    window.location.assign('/console');
    throw new HttpFailure(401, 'Signed out: sign in again.');
  }
  if (error !== undefined || data === undefined) {
    const body = (error as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new HttpFailure(response.status, body?.message ?? `HTTP ${response.status}`, body?.code);
  }
  return data;
}
