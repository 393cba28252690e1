/**
 * `dataDir` (what `pgs emulator --data DIR` passes): an emulator restarted on the same folder
 * forgets nothing, and the tokens it issued before still work; a new or empty folder starts from
 * the seed; changes reach the disk within the save delay without a close; a second emulator
 * cannot share the folder; a state file that cannot be loaded stops the start, naming the file
 * and the field, and is left as it was.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../create-emulator.js';
import { DEMO_SEED } from '../demo-seed.js';
import { ACH, DEMO_APP, REGULAR, api, call, postForm, progressOf } from '../test-support/harness.js';
import { expectSameState, populate } from '../test-support/populated-state.js';
import { StateDirectoryError, STATE_FILE } from './state-directory.js';
import { StateImportError } from './state-part.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'pgs-emulator-data-'));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createEmulator({ dataDir })', () => {
  it('restarts with everything it had: players, grants, tokens, progress, scores, clock and keys', async () => {
    const dataDir = freshDir();
    const first = await createEmulator({ dataDir });
    const tokens = await populate(first.app);
    await first.app.close();

    const second = await createEmulator({ dataDir });
    expectSameState(second.state, first.state);
    const me = await api(second.app, 'GET', '/games/v1/players/me', tokens.accessToken);
    expect({ status: me.status, playerId: me.body.playerId }).toEqual({ status: 200, playerId: REGULAR.playerId });
    const refreshed = await postForm(second.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(refreshed.status).toBe(200);
    // The ID token issued before the restart verifies against the keys published after it.
    const { kid } = JSON.parse(Buffer.from(tokens.idToken.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };
    expect(JSON.parse((await call(second.app, 'GET', '/oauth2/v3/certs')).raw).keys.map((key: { kid: string }) => key.kid)).toContain(kid);
    expect(await progressOf(second.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    await second.app.close();
  });

  it('starts from the seed in an empty folder, and in one it creates', async () => {
    for (const dataDir of [freshDir(), join(freshDir(), 'nested', 'emulator')]) {
      const emulator = await createEmulator({ dataDir });
      expect([...emulator.state.players.keys()]).toEqual(DEMO_SEED.players!.map((player) => player.playerId));
      await emulator.app.close();
      expect(existsSync(join(dataDir, STATE_FILE))).toBe(true);
    }
  });

  it('saves a change within the save delay, without a close (what a crash keeps)', async () => {
    const dataDir = freshDir();
    const emulator = await createEmulator({ dataDir, saveDelayMs: 20 });
    expect((await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'Saved Soon' })).status).toBe(201);
    const file = join(dataDir, STATE_FILE);
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('Saved Soon'));
    // Only the state file is left: no temporary file outlives a save.
    expect(readdirSync(dataDir).sort()).toEqual(['emulator.lock', STATE_FILE]);
    await emulator.app.close();
    expect(readdirSync(dataDir)).toEqual([STATE_FILE]);
  });

  it('refuses a second emulator on the same folder while the first runs', async () => {
    const dataDir = freshDir();
    const first = await createEmulator({ dataDir });
    await expect(createEmulator({ dataDir })).rejects.toThrow(StateDirectoryError);
    await expect(createEmulator({ dataDir })).rejects.toThrow(`is in use by another emulator (process ${process.pid})`);
    await first.app.close();
    await (await createEmulator({ dataDir })).app.close();
  });

  it('refuses a state file it cannot load, naming the file and the field, and leaves it as it was', async () => {
    const dataDir = freshDir();
    const file = join(dataDir, STATE_FILE);
    const first = await createEmulator({ dataDir });
    await first.app.close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { players: { players: Array<{ displayName: unknown }> } };
    saved.players.players[0]!.displayName = 7;
    const spoiled = JSON.stringify(saved);
    writeFileSync(file, spoiled);
    const failure = createEmulator({ dataDir });
    await expect(failure).rejects.toThrow(StateImportError);
    await expect(createEmulator({ dataDir })).rejects.toThrow(`${file}: players.players[0].displayName must be a string`);
    expect(readFileSync(file, 'utf8')).toBe(spoiled);

    writeFileSync(file, '{"format": ');
    await expect(createEmulator({ dataDir })).rejects.toThrow(`${file} is not JSON`);
  });

  it('ignores the temporary file a crash during a save leaves', async () => {
    const dataDir = freshDir();
    writeFileSync(join(dataDir, `${STATE_FILE}.tmp-12345`), '{"torn');
    const emulator = await createEmulator({ dataDir });
    expect(emulator.state.players.size).toBeGreaterThan(0);
    await emulator.app.close();
    expect(readdirSync(dataDir)).toEqual([STATE_FILE]);
  });
});
