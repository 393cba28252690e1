/**
 * What a refused request is told, through the real achievement routes (in-process, no Google:
 * the schema refuses before anything is looked up), and what the operator's log records.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend, type Backend } from '../app.js';
import { createLogger } from '../logger.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

const KEY = 'validation-test-server-key-0123456789';
const BASE = '/v1/players/g123/achievements';
let store: Store;
let backend: Backend;
let logLines: Record<string, unknown>[];

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  logLines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  backend = await createBackend({ config: withCredentials(testConfig({ PGS_SERVER_API_KEY: KEY })), store, logger: createLogger('info', stream) });
});
afterEach(async () => {
  await backend.close();
  await store.close();
});

async function post(url: string, payload?: unknown) {
  const res = await backend.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${KEY}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  return { status: res.statusCode, error: res.json().error };
}

const INT32 = 2 ** 31 - 1;

describe('validation messages say what to send', () => {
  // Regression: an increment with no body answered "body must be object.".
  it('an increment with no body names the body and shows one', async () => {
    expect(await post(`${BASE}/CgkI1/increment`)).toEqual({
      status: 400,
      error: { code: 'INVALID_REQUEST', message: 'The body is empty; send a JSON object, e.g. {"steps":1}.' },
    });
    expect(await post(`${BASE}/CgkI1/increment`, [1])).toEqual({
      status: 400,
      error: { code: 'INVALID_REQUEST', message: 'body must be a JSON object, e.g. {"steps":1}.' },
    });
  });

  // Regression: "body.updates.0.type must be equal to constant." without the allowed values.
  it('a batch update of an unknown type lists the allowed types', async () => {
    expect(await post(`${BASE}:batch`, { updates: [{ achievementId: 'CgkI1', type: 'UNLOCK_ALL' }] })).toEqual({
      status: 400,
      error: { code: 'INVALID_REQUEST', message: 'updates[0]: type must be one of "UNLOCK", "INCREMENT", "REVEAL", "SET_STEPS_AT_LEAST".' },
    });
  });

  it('a batch that is empty or not a list says how many updates it takes', async () => {
    expect((await post(`${BASE}:batch`, { updates: [] })).error).toEqual({ code: 'INVALID_REQUEST', message: 'updates must hold at least 1 item.' });
    expect((await post(`${BASE}:batch`, { updates: 'all' })).error).toEqual({ code: 'INVALID_REQUEST', message: 'updates must be an array.' });
    expect((await post(`${BASE}:batch`, {})).error).toEqual({ code: 'INVALID_REQUEST', message: 'body is missing the required field "updates".' });
  });

  it('steps that are a number out of bounds answer INVALID_STEPS with the bounds; another type INVALID_REQUEST', async () => {
    const rule = `must be an integer from 1 to ${INT32}, e.g. 1`;
    for (const steps of [0, -2, 1.5, 2 ** 31]) {
      expect(await post(`${BASE}/CgkI1/increment`, { steps })).toEqual({ status: 400, error: { code: 'INVALID_STEPS', message: `steps ${rule}; got ${steps}.` } });
    }
    expect(await post(`${BASE}/CgkI1/set-steps-at-least`, { steps: '5' })).toEqual({ status: 400, error: { code: 'INVALID_REQUEST', message: `steps ${rule}.` } });
    expect(await post(`${BASE}:batch`, { updates: [{ achievementId: 'a', type: 'UNLOCK' }, { achievementId: 'b', type: 'INCREMENT', steps: 0 }] })).toEqual({
      status: 400,
      error: { code: 'INVALID_STEPS', message: `updates[1]: steps ${rule}; got 0.` },
    });
  });

  it('an unknown field inside a batch update is named where it is', async () => {
    expect((await post(`${BASE}:batch`, { updates: [{ achievementId: 'a', type: 'UNLOCK', force: true }] })).error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'updates[0] has an unknown field "force"; remove it.',
    });
  });

  it('documents steps as an integer of at least 1 in /openapi.json', async () => {
    const doc = (await backend.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const body = doc.paths['/v1/me/achievements/{achievementId}/increment'].post.requestBody.content['application/json'].schema;
    expect(body.properties.steps).toMatchObject({ type: 'integer', minimum: 1, maximum: INT32 });
  });
});

describe('refusals in the log', () => {
  // Regression: validation 400s were logged without their code (only refusals with a detail were).
  it('logs every 4xx with its error code', async () => {
    await post(`${BASE}/CgkI1/increment`, { steps: '5' });
    await post(`${BASE}/CgkI1/increment`, { steps: 0 });
    await backend.app.inject({ method: 'GET', url: '/v1/nope' });
    await backend.app.inject({ method: 'PUT', url: '/v1/me' });
    await backend.app.inject({ method: 'GET', url: '/v1/me' });
    const refused = logLines.filter((line) => line.msg === 'request refused').map((line) => [line.errorCode, line.status]);
    expect(refused).toEqual([
      ['INVALID_REQUEST', 400],
      ['INVALID_STEPS', 400],
      ['ROUTE_NOT_FOUND', 404],
      ['METHOD_NOT_ALLOWED', 405],
      ['UNAUTHENTICATED', 401],
    ]);
  });
});
