/**
 * The error answer's schema, for the OpenAPI document of every route: one response per status,
 * described by the registry codes the route can answer with it.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
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
  // The response's description names the codes; the schema stays ErrorBody itself, one
  // component for every error answer.
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, Type.Unsafe<Static<typeof ErrorBody>>({ ...ErrorBody, 'x-response-description': list.join(', ') })]));
}
