/**
 * JSON over `fetch` for both web UIs: one place that reads an error answer, whichever of the
 * two formats it comes in (the backend's `{ error: { code, message } }`, the emulator control
 * API's `{ error: { code, message, status } }`).
 */

/** An HTTP answer that was not a success. */
export class HttpFailure extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, message: string, code?: string) {
    super(message);
    this.name = 'HttpFailure';
    this.status = status;
    this.code = code;
  }
}

/** Calls `url` and answers its JSON body (undefined for 204); throws `HttpFailure` on any other status than 2xx. */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    throw new HttpFailure(response.status, message, typeof error?.code === 'string' ? error.code : undefined);
  }
  return body as T;
}

/** A failure's text for the page. */
export function failureText(error: unknown): string {
  if (error instanceof HttpFailure) return `${error.status}${error.code ? ` ${error.code}` : ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
