/**
 * Request schemas shared by the Games and Management routes. Validation failures become Google's
 * 400 (`http-errors.ts`), never Fastify's default body. Query parameters are coerced from strings.
 */
import { Type } from 'typebox';
import { MAX_PAGE_SIZE } from './paging.js';

export const INT32_MAX = 2147483647;

/** An int64 as Google accepts it in a query or JSON string. */
export const Int64String = Type.String({ pattern: '^-?[0-9]{1,19}$' });

export const ListQuery = Type.Object({
  language: Type.Optional(Type.String()),
  maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
  pageToken: Type.Optional(Type.String()),
});

export const AchievementIdParams = Type.Object({ achievementId: Type.String({ minLength: 1 }) });

export const PlayerIdParams = Type.Object({ playerId: Type.String({ minLength: 1 }) });
