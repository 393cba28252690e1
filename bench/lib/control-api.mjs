/**
 * Bench set-up against the emulator: its control API through the built `EmulatorControlClient`
 * (`play-games-server/emulator`, so `npm run build` first, as every bench does), its OAuth token
 * endpoint, plain JSON calls to the backend, and the bounded concurrency a benchmark needs to set
 * up thousands of players quickly.
 */
import { URLSearchParams } from 'node:url';
import { EmulatorControlClient } from '../../dist/emulator/index.js';

const { fetch } = globalThis;

/** The control API of the emulator at `baseUrl` (a plain object over fetch: cheap to make per call). */
export function control(baseUrl) {
  return new EmulatorControlClient(baseUrl);
}

/** A JSON call (to the backend); throws with the answer on an unexpected status. */
export async function call(baseUrl, method, path, body, expected = [200, 201, 204]) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; returns results in order. */
export async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** A server auth code for `playerId`, the code a device would hand the game server. */
export async function mintCode(baseUrl, playerId, clientId, options = {}) {
  return (await control(baseUrl).mintServerAuthCode({ playerId, clientId, ...options })).serverAuthCode;
}

/** The form body of an authorization_code exchange, as google-auth-library sends it. */
export function exchangeBody(code, app) {
  return new URLSearchParams({
    client_id: app.webClientId,
    code,
    grant_type: 'authorization_code',
    client_secret: app.webClientSecret,
  }).toString();
}

/** Exchanges a code at `POST /token` and returns the access token. */
export async function exchange(baseUrl, code, app) {
  const res = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: exchangeBody(code, app),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`POST /token: ${res.status} ${body.error}`);
  return body.access_token;
}

/** A player signed in to `app`: created, code minted, code exchanged. */
export async function signedInPlayer(baseUrl, app, index, input = {}) {
  const player = await control(baseUrl).createPlayer({ displayName: `Bench ${index}`, ...input });
  const code = await mintCode(baseUrl, player.playerId, app.webClientId);
  return { playerId: player.playerId, accessToken: await exchange(baseUrl, code, app) };
}
