/** The `session` object every sign-in and refresh answers with, as the OpenAPI document shows it. */
import { Type } from 'typebox';
import { component } from '../http/openapi-components.js';

export const SessionBody = Type.Object({
  accessToken: Type.String({ description: 'Send as "Authorization: Bearer <accessToken>".' }),
  refreshToken: Type.String({ description: 'Single use: each refresh returns the next one.' }),
  expiresIn: Type.Integer({ description: 'Seconds until accessToken expires.' }),
}, component('Session'));

/** Answers that carry session tokens must not be kept by any cache (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
