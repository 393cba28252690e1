/**
 * The little the store logs (migrations applied, a PostgreSQL connection lost while idle). pino's
 * logger fits this shape; so does `console` wrapped. Never handed a secret.
 */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (the default). */
export const SILENT_STORE_LOGGER: StoreLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
