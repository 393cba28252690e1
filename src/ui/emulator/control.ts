/**
 * The emulator UI talks to the control API of the emulator that served it, through the same
 * public client game teams use (src/emulator/control-client.ts).
 */
import { EmulatorControlClient } from '../../emulator/control-client.js';

export const control = new EmulatorControlClient(window.location.origin);

const BACKEND_KEY = 'pgs.backendUrl';
const DEFAULT_BACKEND = 'http://127.0.0.1:8080';

/**
 * The backend the copyable sign-in line posts to: `?backend=` in the page's URL (`pgs serve`
 * prints it so), else the last one typed here, else the backend's default address.
 */
export function initialBackendUrl(): string {
  const fromQuery = new URLSearchParams(window.location.search).get('backend');
  if (fromQuery) {
    window.localStorage.setItem(BACKEND_KEY, fromQuery);
    return fromQuery;
  }
  return window.localStorage.getItem(BACKEND_KEY) ?? DEFAULT_BACKEND;
}

export function rememberBackendUrl(url: string): void {
  window.localStorage.setItem(BACKEND_KEY, url);
}

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
