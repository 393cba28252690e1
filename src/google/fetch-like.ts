/**
 * The slice of `fetch` the Google clients use, so that a transport (undici's `request`, Node's
 * `fetch`, a test's fake) can be swapped without the clients knowing.
 */

/** Reads one response header (case-insensitive); `Headers` satisfies it. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The part of a `Response` the clients read; a fetch `Response` satisfies it. */
export interface TransportResponse {
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}

/** The subset of `fetch` the clients need; Node's global `fetch` satisfies it. */
export type FetchLike = (input: string, init: RequestInit) => Promise<TransportResponse>;
