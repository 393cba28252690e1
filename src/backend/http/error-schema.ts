/**
 * The error answer's schema, for the OpenAPI document of every route: one response per status,
 * described by the registry codes the route can answer with it.
 */
import { Type, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorBody as ErrorAnswer, type ErrorCode } from '../errors.js';
import { component } from './openapi-components.js';

const ErrorCodeSchema = Type.Union(
  Object.keys(ERROR_CODES).map((code) => Type.Literal(code)),
  { description: 'Stable; see docs/ERRORS.md.', ...component('ErrorCode') },
);

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: ErrorCodeSchema, message: Type.String() }) },
  { description: 'Every error; the codes are in docs/ERRORS.md.', ...component('ErrorBody') },
);

/** Response schemas for the error codes a route can answer, grouped by status (each code once). */
export function errorResponses(...codes: ErrorCode[]): Record<number, TSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  // The response's description names the codes and its examples show each of them, the first
  // listed first; the schema stays ErrorBody itself, one component for every error answer.
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      Type.Unsafe<ErrorAnswer>({ ...ErrorBody, 'x-response-description': list.join(', '), 'x-examples': examplesOf(list) }),
    ]),
  );
}

/** One named example per code: `{ "AUTH_CODE_INVALID": { "value": { "error": { "code", "message" } } } }`. */
function examplesOf(codes: readonly ErrorCode[]): Record<string, { value: ErrorAnswer }> {
  return Object.fromEntries(codes.map((code) => [code, { value: { error: { code, message: ERROR_CODES[code].message } } }]));
}
