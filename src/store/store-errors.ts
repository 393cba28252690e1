/**
 * Errors the store throws on purpose, each with a stable code the backend can map
 * to its own error codes. Database errors it does not expect pass through unchanged.
 */

export const STORE_ERROR_CODES = {
  /** A player-owned record was written for a player that does not exist (any more). */
  PLAYER_NOT_FOUND: 'PLAYER_NOT_FOUND',
  /** An identity was linked to an account that does not exist (any more). */
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  /** The identity is the account's last one: unlinking it would leave an account nobody can reach. */
  LAST_IDENTITY: 'LAST_IDENTITY',
  /** The change would break a uniqueness the store keeps (e.g. one `sub` per application). */
  CONFLICT: 'CONFLICT',
  /**
   * A sign-in whose ID token `sub` is the Google account of a stored player that none of the
   * player IDs Google named leads to: the store never moves a player to another ID on the
   * strength of the ID token alone.
   */
  IDENTITY_MISMATCH: 'IDENTITY_MISMATCH',
  /** An argument the caller should have validated (e.g. INCREMENT without steps). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

/** An error the store raises deliberately; `code` is stable, the message names no secret. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A unique or primary-key violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign-key violation, on either database. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Rethrows a foreign-key violation as PLAYER_NOT_FOUND; anything else unchanged. */
export function playerMustExist(error: unknown, playerId: string): never {
  if (isForeignKeyViolation(error)) {
    throw new StoreError(STORE_ERROR_CODES.PLAYER_NOT_FOUND, `no player with id ${playerId}`, { cause: error });
  }
  throw error;
}
