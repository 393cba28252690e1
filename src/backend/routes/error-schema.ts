/**
 * The error answer's schema, for the OpenAPI document of every route.
 */
import { Type } from 'typebox';
import { ERROR_CODES } from '../errors.js';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(Object.keys(ERROR_CODES).map((code) => Type.Literal(code))),
      message: Type.String(),
    }),
  },
  { description: 'Every error; the codes are in docs/ERRORS.md.' },
);

/** Response schemas for the given error statuses. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
