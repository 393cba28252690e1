import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCOPES } from '../../google/wire/scopes.js';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, api, call, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';
import { serviceAccountToken } from '../test-support/populated-state.js';
import { PLAY_GROUPING_TOKEN_PREFIX } from './accesstokens.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const generate = (query: string) => `/games/v1/accesstokens/generatePlayGroupingApiToken?${query}`;
const generateRecall = (query: string) => `/games/v1/accesstokens/generateRecallPlayGroupingApiToken?${query}`;

describe('accesstokens.generatePlayGroupingApiToken', () => {
  it('mints an opaque token for the game’s package and the persona, recorded for the player', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'POST', generate(`packageName=${DEMO_APP.packageName}&persona=user-42`), access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ token: { tokenValue: expect.stringMatching(new RegExp(`^${PLAY_GROUPING_TOKEN_PREFIX.replace('.', '\\.')}`)) } });
    const again = await api(emulator.app, 'POST', generate(`packageName=${DEMO_APP.packageName}&persona=user-42`), access_token);
    expect(again.body.token.tokenValue).not.toBe(reply.body.token.tokenValue);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.playGroupingTokens).toEqual([
      { applicationId: DEMO_APP.applicationId, packageName: DEMO_APP.packageName, persona: 'user-42', recall: false, createdAt: expect.any(String) },
      { applicationId: DEMO_APP.applicationId, packageName: DEMO_APP.packageName, persona: 'user-42', recall: false, createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(truth)).not.toContain(reply.body.token.tokenValue);
  });

  it('refuses another game’s package (403) and missing parameters (400), minting nothing', async () => {
    const { access_token } = await signIn(emulator.app);
    const foreign = await api(emulator.app, 'POST', generate(`packageName=${OTHER_APP.packageName}&persona=p`), access_token);
    expect(foreign.body).toEqual(
      envelope(403, 'PERMISSION_DENIED', 'forbidden', `The package ${OTHER_APP.packageName} is not the application ${DEMO_APP.applicationId} the access token was issued for.`),
    );
    const missing = await api(emulator.app, 'POST', generate(`packageName=${DEMO_APP.packageName}`), access_token);
    expect(missing.body.error.errors[0]).toEqual(expect.objectContaining({ reason: 'required', message: 'Required parameter: persona' }));
    expect((await groundTruth(emulator.app, REGULAR.playerId)).playGroupingTokens).toEqual([]);
  });
});

describe('accesstokens.generateRecallPlayGroupingApiToken', () => {

  it('refuses a player’s token: it lacks androidpublisher', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'POST', generateRecall(`packageName=${DEMO_APP.packageName}&persona=p&recallSessionId=s`), access_token);
    expect(reply.status).toBe(403);
    expect(reply.body.error.errors[0].reason).toBe('insufficientPermissions');
    expect(reply.headers['www-authenticate']).toContain(`scope="${SCOPES.androidPublisher}"`);
  });

  it('mints a token for the session’s player; an unknown session is a 404', async () => {
    const token = await serviceAccountToken(emulator.app);
    const unknown = await api(emulator.app, 'POST', generateRecall(`packageName=${DEMO_APP.packageName}&persona=p&recallSessionId=nope`), token);
    expect(unknown.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested recall session nope was not found.'));
    const session = await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId: REGULAR.playerId });
    expect(session.status).toBe(201);
    const sessionId = encodeURIComponent(session.body.recallSessionId as string);
    const wrongPackage = await api(emulator.app, 'POST', generateRecall(`packageName=${OTHER_APP.packageName}&persona=p&recallSessionId=${sessionId}`), token);
    expect(wrongPackage.status).toBe(403);
    const reply = await api(emulator.app, 'POST', generateRecall(`packageName=${DEMO_APP.packageName}&persona=p&recallSessionId=${sessionId}`), token);
    expect(reply.status).toBe(200);
    expect(reply.body.token.tokenValue).toMatch(/^pgat\.emu-/);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).playGroupingTokens).toEqual([expect.objectContaining({ persona: 'p', recall: true })]);
  });
});
