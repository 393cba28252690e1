/**
 * The emulator's control API (contracts §3) and its OAuth token endpoint over fetch, with the
 * bounded concurrency a benchmark needs to set up thousands of players quickly.
 */
import { URLSearchParams } from 'node:url';

const { fetch } = globalThis;

/** A JSON call to the emulator; throws with the answer on an unexpected status. */
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

/** `GET /emulator/v1/applications`. */
export async function applications(baseUrl) {
  return (await call(baseUrl, 'GET', '/emulator/v1/applications')).applications;
}

/** `POST /emulator/v1/players`. */
export async function createPlayer(baseUrl, input) {
  return call(baseUrl, 'POST', '/emulator/v1/players', input, [201]);
}

/** `POST /emulator/v1/serverAuthCodes`: the code a device would hand the game server. */
export async function mintCode(baseUrl, playerId, clientId, options = {}) {
  return (await call(baseUrl, 'POST', '/emulator/v1/serverAuthCodes', { playerId, clientId, ...options }, [201])).serverAuthCode;
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
  const player = await createPlayer(baseUrl, { displayName: `Bench ${index}`, ...input });
  const code = await mintCode(baseUrl, player.playerId, app.webClientId);
  return { playerId: player.playerId, accessToken: await exchange(baseUrl, code, app) };
}
