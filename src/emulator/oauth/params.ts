/**
 * Reading OAuth request parameters: a form (RFC 6749 §4.1.3) or JSON body, as flat strings.
 */
import type { FastifyRequest } from 'fastify';

export type OAuthParams = Readonly<Record<string, string | undefined>>;

function flatten(source: unknown, into: Record<string, string>): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return;
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (Object.prototype.hasOwnProperty.call(into, key)) continue;
    if (typeof value === 'string') into[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') into[key] = String(value);
  }
}

/** The body's parameters (form or JSON), then the query's for names the body lacks. */
export function readParams(request: FastifyRequest, options: { query?: boolean } = {}): OAuthParams {
  const out: Record<string, string> = {};
  flatten(request.body, out);
  if (options.query) flatten(request.query, out);
  return out;
}

/** A parameter that is present and non-empty. */
export function param(params: OAuthParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}
