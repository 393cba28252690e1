/**
 * The API docs at `/docs` in a real browser (Debian's chromium, driven by playwright-core): the
 * page a new user opens first must render every route, and "Try it out" must sign a player in
 * against the backend that serves it. `app.inject` only proves the HTML arrives; a broken asset
 * path, a script error or a document swagger-ui cannot read would pass it and still show a blank
 * page.
 *
 * Chromium comes from `PGS_CHROMIUM_PATH` or /usr/bin/chromium (`.ci/run` installs Debian's
 * package); without it the suite is skipped, by name.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../src/backend/test-support/harness.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const CHROMIUM = process.env.PGS_CHROMIUM_PATH ?? '/usr/bin/chromium';
// A cold chromium on a busy 2-core machine, with the rest of the suite running beside it.
const BROWSER_TEST_TIMEOUT_MS = 90_000;
const haveChromium = existsSync(CHROMIUM);
const describeInBrowser = haveChromium ? describe : describe.skip;

describeInBrowser(`/docs in headless chromium${haveChromium ? '' : ` (skipped: no chromium at ${CHROMIUM}; set PGS_CHROMIUM_PATH)`}`, () => {
  let harness: Harness;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    harness = await startHarness();
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** A fresh page that fails the test on any script error or failed request of the docs. */
  async function openDocs(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().startsWith(baseUrl)) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    return { page, problems };
  }

  it('renders the document: title, version and every game-client route', async () => {
    const { page, problems } = await openDocs();
    const title = await page.locator('.info .title').innerText();
    expect(title).toContain('play-games-server');
    expect(title).toContain(version);
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    const routes = new Set(paths.map((path) => path.replace(/\u200b/g, '').trim()));
    for (const route of ['/v1/auth/play-games', '/v1/auth/refresh', '/v1/auth/logout', '/v1/me', '/v1/me/achievements', '/v1/me/achievements/{achievementId}/unlock', '/healthz', '/readyz']) {
      expect(routes, route).toContain(route);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT_MS);

  it('"Try it out" on sign-in signs an emulator player in (player and grant stored); "Authorize" with its session reads /v1/me', async () => {
    const player = await harness.control.createPlayer({ displayName: 'Docs Reader' });
    const { serverAuthCode } = await harness.control.mintServerAuthCode({
      playerId: player.playerId,
      clientId: harness.config.google.credentials!.clientId,
      scopes: ['openid', 'profile'],
    });
    const { page, problems } = await openDocs();
    const signIn = page.locator('.opblock-post', { has: page.locator('.opblock-summary-path[data-path="/v1/auth/play-games"]') });
    await signIn.locator('.opblock-summary').click();
    await signIn.locator('.try-out__btn').click();
    await signIn.locator('textarea.body-param__text').fill(JSON.stringify({ serverAuthCode }));
    await signIn.locator('.execute').click();

    const status = signIn.locator('.live-responses-table td.response-col_status:not(.col_header)');
    await status.waitFor({ timeout: 20_000 });
    expect((await status.innerText()).trim()).toBe('200');
    const body = JSON.parse(await signIn.locator('.live-responses-table .response-col_description pre').first().innerText()) as {
      player: { playerId: string; displayName: string };
      created: boolean;
      session: { accessToken: string };
    };
    expect(body.player).toMatchObject({ playerId: player.playerId, displayName: 'Docs Reader' });
    expect(body.created).toBe(true);
    expect(body.session.accessToken).toEqual(expect.any(String));
    // The sign-in went through the whole pipeline: the player and their grant are stored.
    const stored = await harness.store.findPlayerByPlayerId(harness.config.google.applicationId!, player.playerId);
    expect(stored?.displayName).toBe('Docs Reader');
    await expect(harness.store.getGrant(stored!.id)).resolves.toMatchObject({ status: 'active' });

    // "Authorize" with the session, then try GET /v1/me: the README's tour through this page.
    await page.locator('.auth-wrapper .authorize').click();
    // By its heading: the console's cookie scheme (consoleSession) has "session" in its name too.
    const sessionScheme = page.locator('.auth-container', { has: page.locator('h4', { hasText: /^session\b/ }) });
    await sessionScheme.locator('input').fill(body.session.accessToken);
    await sessionScheme.locator('button.authorize').click();
    await page.locator('.dialog-ux .close-modal').click();
    const me = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/v1/me"]') });
    await me.locator('.opblock-summary').click();
    await me.locator('.try-out__btn').click();
    await me.locator('.execute').click();
    const meStatus = me.locator('.live-responses-table td.response-col_status:not(.col_header)');
    await meStatus.waitFor({ timeout: 20_000 });
    expect((await meStatus.innerText()).trim()).toBe('200');
    const meBody = JSON.parse(await me.locator('.live-responses-table .response-col_description pre').first().innerText()) as { playerId: string };
    expect(meBody.playerId).toBe(player.playerId);
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT_MS);
});
