import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEmulator } from './create-emulator.js';
import { DEMO_APP, call, exchange, mintCode } from './test-support/harness.js';

describe('createEmulator', () => {
  it('serves the demo seed by default and never listens', async () => {
    const { app, state } = await createEmulator();
    expect(state.applications[0]!.applicationId).toBe(DEMO_APP.applicationId);
    expect(app.server.listening).toBe(false);
    expect((await call(app, 'GET', '/emulator/v1/applications')).status).toBe(200);
    expect(app.server.listening).toBe(false);
    await app.close();
  });

  it('uses the injected wall clock for ID tokens and the request log', async () => {
    const wall = Date.UTC(2030, 0, 2, 3, 4, 5);
    const { app } = await createEmulator({ now: () => wall });
    const tokens = (await exchange(app, await mintCode(app, { scopes: ['openid'] }))).body;
    const payload = JSON.parse(Buffer.from((tokens.id_token as string).split('.')[1]!, 'base64url').toString());
    expect(payload.iat).toBe(wall / 1000);
    const log = (await call(app, 'GET', '/emulator/v1/requests')).body.requests;
    expect(log[0].time).toBe('2030-01-02T03:04:05.000Z');
    await app.close();
  });

  it('bounds the request log by requestLogSize', async () => {
    const { app } = await createEmulator({ requestLogSize: 2 });
    for (let i = 0; i < 4; i += 1) await call(app, 'GET', '/oauth2/v3/certs');
    expect((await call(app, 'GET', '/emulator/v1/requests')).body.requests).toHaveLength(2);
    await app.close();
  });

  it('logs requests with secrets redacted when logging is on', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { app } = await createEmulator({ logger: { level: 'info', stream } });
    const code = await mintCode(app);
    const tokens = (await exchange(app, code)).body;
    await call(app, 'GET', `/games/v1/players/me?access_token=${encodeURIComponent(tokens.access_token as string)}`);
    await call(app, 'POST', `/revoke?token=${encodeURIComponent(tokens.access_token as string)}`);
    await app.close();
    const text = lines.join('');
    expect(text).toContain('/games/v1/players/me?access_token=REDACTED');
    expect(text).toContain('/revoke?token=REDACTED');
    for (const secret of [code, tokens.access_token as string, DEMO_APP.webClientSecret]) expect(text).not.toContain(secret);
  });
});
