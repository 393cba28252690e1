import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, type Harness } from '../test-support/harness.js';

interface SignedIn {
  playerId: string;
  accountId: string;
  accessToken: string;
  body: { recall?: unknown; player: { accountId: string }; session: { accessToken: string } };
}

/** A device: a fresh Play Games player, and the Recall session its SDK would hand the game. */
async function newDevice(h: Harness, playerId?: string): Promise<{ playerId: string; recallSessionId: string }> {
  const id = playerId ?? (await h.control.createPlayer({ displayName: 'Ada Lovelace', email: `ada.${Math.random()}@example.com` })).playerId;
  const { recallSessionId } = await h.control.createRecallSession({ playerId: id });
  return { playerId: id, recallSessionId };
}

async function signIn(h: Harness, playerId: string, recallSessionId?: string): Promise<SignedIn> {
  const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId: h.config.google.credentials!.clientId, scopes: ['openid', 'email', 'profile'], forceRefreshToken: true });
  const response = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode, ...(recallSessionId ? { recallSessionId } : {}) } });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  return { playerId, accountId: body.player.accountId, accessToken: body.session.accessToken, body };
}

const restore = (h: Harness, recallSessionId: string) => h.app.inject({ method: 'POST', url: '/v1/auth/recall', payload: { recallSessionId } });
const linksAtGoogle = async (h: Harness, playerId: string) => (await h.control.player(playerId)).recallLinks[h.config.google.applicationId!] ?? [];

describeEachStore('Recall: link at sign-in, restore, unlink on delete', (store) => {
  const harness = harnessesFor(store);

  it('links at sign-in with opaque values, and a new device restores the same account ("lose the phone")', async () => {
    const h = await harness();
    const phone = await newDevice(h);
    const first = await signIn(h, phone.playerId, phone.recallSessionId);
    expect(first.body.recall).toEqual({ linked: true });

    const [link, ...more] = await linksAtGoogle(h, phone.playerId);
    expect(more).toEqual([]);
    const ground = await h.control.player(phone.playerId);
    for (const value of [link!.persona, link!.token]) {
      expect(value.length).toBeLessThanOrEqual(256);
      for (const personal of [first.accountId, first.accountId.slice(4), phone.playerId, ground.email, ground.displayName, ground.googleSub, 'Ada']) {
        expect(value).not.toContain(personal);
      }
    }
    expect((await h.store.listAccountIdentities(first.accountId)).map((identity) => identity.provider)).toEqual(['play-games', 'recall']);

    const newPhone = await newDevice(h, phone.playerId);
    const response = await restore(h, newPhone.recallSessionId);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('no-store');
    const body = response.json();
    expect(body).toMatchObject({ accountId: first.accountId, restored: true, player: { playerId: phone.playerId, accountId: first.accountId } });
    expect(body.session).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) });
    const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${body.session.accessToken}` } });
    expect(me.json()).toMatchObject({ playerId: phone.playerId, accountId: first.accountId });
    // The service account's token is fetched once and reused.
    expect(await h.control.requests({ operation: 'oauth.token.jwt_bearer' })).toHaveLength(1);
  });

  it('answers 404 RECALL_NOT_LINKED for a player never linked, and 400 RECALL_SESSION_INVALID for a session Google does not know', async () => {
    const h = await harness();
    const device = await newDevice(h);
    await signIn(h, device.playerId);
    const notLinked = await restore(h, device.recallSessionId);
    expect({ status: notLinked.statusCode, code: notLinked.json().error.code }).toEqual({ status: 404, code: 'RECALL_NOT_LINKED' });
    const invalid = await restore(h, 'recall-emu-made-up');
    expect({ status: invalid.statusCode, code: invalid.json().error.code }).toEqual({ status: 400, code: 'RECALL_SESSION_INVALID' });
    const empty = await h.app.inject({ method: 'POST', url: '/v1/auth/recall', payload: {} });
    expect({ status: empty.statusCode, code: empty.json().error.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
  });

  it('reports a failed link in the sign-in answer without failing the sign-in', async () => {
    const h = await harness();
    const device = await newDevice(h);
    const signedIn = await signIn(h, device.playerId, 'recall-emu-expired');
    expect(signedIn.body.recall).toEqual({ linked: false, error: { code: 'RECALL_SESSION_INVALID', message: expect.any(String) } });
    expect(signedIn.accessToken).toEqual(expect.any(String));
    expect(await linksAtGoogle(h, device.playerId)).toEqual([]);
    expect((await h.store.listAccountIdentities(signedIn.accountId)).map((identity) => identity.provider)).toEqual(['play-games']);
  });

  it('DELETE /v1/me unlinks at Google first; the next restore answers RECALL_NOT_LINKED', async () => {
    const h = await harness();
    const phone = await newDevice(h);
    const signedIn = await signIn(h, phone.playerId, phone.recallSessionId);
    const auth = { authorization: `Bearer ${signedIn.accessToken}` };

    // Google unreachable: nothing is deleted, so that a retry can finish the job.
    await h.control.addFault({ path: '/games/v1/recall:resetPersona', status: 503 });
    const refused = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth });
    expect({ status: refused.statusCode, code: refused.json().error.code }).toEqual({ status: 503, code: 'GOOGLE_UNAVAILABLE' });
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(200);
    expect(await linksAtGoogle(h, phone.playerId)).toHaveLength(1);
    await h.control.clearFaults();

    expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);
    expect(await linksAtGoogle(h, phone.playerId)).toEqual([]);
    expect(await h.store.findAccount(signedIn.accountId)).toBeUndefined();
    const response = await restore(h, (await newDevice(h, phone.playerId)).recallSessionId);
    expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 404, code: 'RECALL_NOT_LINKED' });
  });
});

describeEachStore('Recall: POST /v1/me/recall', (store) => {
  const harness = harnessesFor(store);

  it('links a signed-in account later, and a new device then restores it', async () => {
    const h = await harness();
    const phone = await newDevice(h);
    const signedIn = await signIn(h, phone.playerId);
    const auth = { authorization: `Bearer ${signedIn.accessToken}` };
    const linked = await h.app.inject({ method: 'POST', url: '/v1/me/recall', headers: auth, payload: { recallSessionId: phone.recallSessionId } });
    expect({ status: linked.statusCode, body: linked.json() }).toEqual({ status: 200, body: { linked: true, accountId: signedIn.accountId } });
    // Twice is still one link.
    expect((await h.app.inject({ method: 'POST', url: '/v1/me/recall', headers: auth, payload: { recallSessionId: phone.recallSessionId } })).statusCode).toBe(200);
    expect((await h.store.listAccountIdentities(signedIn.accountId)).filter((identity) => identity.provider === 'recall')).toHaveLength(1);
    const restored = await restore(h, (await newDevice(h, phone.playerId)).recallSessionId);
    expect(restored.json()).toMatchObject({ accountId: signedIn.accountId, restored: true });

    const unauthenticated = await h.app.inject({ method: 'POST', url: '/v1/me/recall', payload: { recallSessionId: phone.recallSessionId } });
    expect({ status: unauthenticated.statusCode, code: unauthenticated.json().error.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const invalid = await h.app.inject({ method: 'POST', url: '/v1/me/recall', headers: auth, payload: { recallSessionId: 'recall-emu-nope' } });
    expect({ status: invalid.statusCode, code: invalid.json().error.code }).toEqual({ status: 400, code: 'RECALL_SESSION_INVALID' });
  });
});

describeEachStore('Recall: conflicting links', (store) => {
  const harness = harnessesFor(store);

  it('a sign-in replaces the Recall player\'s older link: the account signed in last is the one restored', async () => {
    const h = await harness();
    const phone = await newDevice(h);
    const older = await signIn(h, phone.playerId, phone.recallSessionId);
    // The same Recall player (the device's Google account) signs in to another Play Games player's account.
    const other = await h.control.createPlayer({ displayName: 'Grace' });
    const newer = await signIn(h, other.playerId, (await newDevice(h, phone.playerId)).recallSessionId);
    expect(newer.body.recall).toEqual({ linked: true });
    expect(newer.accountId).not.toBe(older.accountId);
    expect(await linksAtGoogle(h, phone.playerId)).toHaveLength(1);

    const restored = await restore(h, (await newDevice(h, phone.playerId)).recallSessionId);
    expect(restored.json()).toMatchObject({ accountId: newer.accountId, player: { playerId: other.playerId } });
  });

  it('an account linked again from another Recall player moves its link there (one player per account)', async () => {
    const h = await harness();
    const phone = await newDevice(h);
    const account = await signIn(h, phone.playerId, phone.recallSessionId);
    const tablet = await h.control.createPlayer({ displayName: 'Ada on a tablet' });
    const again = await signIn(h, phone.playerId, (await h.control.createRecallSession({ playerId: tablet.playerId })).recallSessionId);
    expect(again.accountId).toBe(account.accountId);
    expect(await linksAtGoogle(h, phone.playerId)).toEqual([]);
    expect(await linksAtGoogle(h, tablet.playerId)).toHaveLength(1);
    const fromTablet = await restore(h, (await h.control.createRecallSession({ playerId: tablet.playerId })).recallSessionId);
    expect(fromTablet.json()).toMatchObject({ accountId: account.accountId, player: { playerId: phone.playerId } });
    expect((await restore(h, (await newDevice(h, phone.playerId)).recallSessionId)).statusCode).toBe(404);
    // Linking the same pair again is no conflict: still one link, and one recall identity.
    await signIn(h, phone.playerId, (await h.control.createRecallSession({ playerId: tablet.playerId })).recallSessionId);
    expect(await linksAtGoogle(h, tablet.playerId)).toHaveLength(1);
    expect((await h.store.listAccountIdentities(account.accountId)).filter((identity) => identity.provider === 'recall')).toHaveLength(1);
  });
});

describe('Recall without a service account', () => {
  const harness = harnessesFor('sqlite');

  it('answers 501 RECALL_NOT_CONFIGURED, and refuses a sign-in with recallSessionId before spending its code', async () => {
    const h = await harness({ configure: (config) => ({ ...config, google: { ...config.google, serviceAccount: undefined } }) });
    const device = await newDevice(h);
    const response = await restore(h, device.recallSessionId);
    expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 501, code: 'RECALL_NOT_CONFIGURED' });
    const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId: device.playerId, clientId: h.config.google.credentials!.clientId });
    const refused = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode, recallSessionId: device.recallSessionId } });
    expect({ status: refused.statusCode, code: refused.json().error.code }).toEqual({ status: 501, code: 'RECALL_NOT_CONFIGURED' });
    const retried = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
    expect(retried.statusCode).toBe(200);
  });
});
