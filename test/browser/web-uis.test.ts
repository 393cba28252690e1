/**
 * Both web UIs in a real browser (Debian's chromium, driven by playwright-core): the emulator's
 * at `/` and the backend's console at `/console`, the tour a new user clicks through. A player
 * is created and handed a server auth code in the emulator UI, the game client signs in with it
 * (the copyable curl line's call), the console shows them; "Google down" in the emulator UI
 * makes a write go pending, the console's outbox shows it (an achievement write, a score and an
 * event update, each in its own outbox), "All clear" lets the workers drain them; the player's
 * page shows their event counts.
 * The console refuses a wrong key.
 *
 * With PGS_UPDATE_SCREENSHOTS=1 it also writes the screenshots in docs/screenshots/ that the
 * README shows. Chromium comes from `PGS_CHROMIUM_PATH` or /usr/bin/chromium; without it the
 * suite is skipped, by name.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../src/backend/test-support/harness.js';

const CHROMIUM = process.env.PGS_CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.PGS_UPDATE_SCREENSHOTS === '1';
const SERVER_API_KEY = 'browser-test-server-api-key-0123456789';
// A cold chromium on a busy 2-core machine, with the rest of the suite running beside it.
const BROWSER_TEST_TIMEOUT_MS = 120_000;
const haveChromium = existsSync(CHROMIUM);
const describeInBrowser = haveChromium ? describe : describe.skip;

describeInBrowser(`the emulator UI and the console in headless chromium${haveChromium ? '' : ` (skipped: no chromium at ${CHROMIUM}; set PGS_CHROMIUM_PATH)`}`, () => {
  let harness: Harness;
  let browser: Browser;
  let backendUrl: string;
  let emulatorUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      env: { PGS_SERVER_API_KEY: SERVER_API_KEY, PGS_WRITE_SEND_DEADLINE_MS: '500' },
      deps: {
        achievements: { backoff: { baseMs: 50, maxMs: 300 }, worker: { pollIntervalMs: 100 } },
        leaderboards: { backoff: { baseMs: 50, maxMs: 300 }, worker: { pollIntervalMs: 100 } },
        events: { backoff: { baseMs: 50, maxMs: 300 }, worker: { pollIntervalMs: 100 } },
      },
    });
    harness.backend.start();
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    backendUrl = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    emulatorUrl = harness.emulator.url;
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

  /** A page that records script errors and failed requests (a 401 of a wrong sign-in is expected, and checked where it happens). */
  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    // A style or script the pages' Content-Security-Policy refuses shows only as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    await page.goto(url);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    if (!SCREENSHOTS) return;
    await page.waitForTimeout(300);
    await page.screenshot({ path: `docs/screenshots/${name}.png` });
  }

  it('signs a player in through the emulator UI, shows them in the console, and a write goes pending under "Google down", then drains after "All clear"', async () => {
    // The emulator UI: the landing page lists players by display name; create one.
    const emulator = await open(`${emulatorUrl}/?backend=${encodeURIComponent(backendUrl)}#/players`);
    await expect(emulator.getByRole('heading', { name: 'Players' }).isVisible()).resolves.toBe(true);
    await emulator.getByRole('link', { name: 'Alex Player' }).waitFor();
    await emulator.getByLabel('Display name').fill('Browser Ada');
    await emulator.getByRole('button', { name: 'Create player' }).click();
    await emulator.getByRole('link', { name: 'Browser Ada' }).click();
    await emulator.getByRole('heading', { name: 'Browser Ada' }).waitFor();

    // Mint a server auth code: the code and the copyable sign-in line against this backend.
    await emulator.getByRole('button', { name: 'Mint code' }).click();
    const code = (await emulator.getByLabel('server auth code', { exact: true }).innerText()).trim();
    expect(code).toMatch(/^4\//);
    const curl = await emulator.getByLabel('sign-in curl line', { exact: true }).innerText();
    expect(curl).toContain(`'${backendUrl}/v1/auth/play-games'`);
    expect(curl).toContain(`"serverAuthCode":"${code}"`);
    await screenshot(emulator, 'emulator-player');

    // The game client sends the code, as the curl line does.
    const signIn = await fetch(`${backendUrl}/v1/auth/play-games`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverAuthCode: code }) });
    expect(signIn.status).toBe(200);
    const { session, player } = (await signIn.json()) as { session: { accessToken: string }; player: { playerId: string } };
    // The emulator UI shows the grant the exchange made.
    await emulator.getByRole('cell', { name: 'active', exact: true }).first().waitFor({ timeout: 15_000 });

    // The console: a wrong key is refused, the right one signs in; the player is listed.
    const console_ = await open(`${backendUrl}/console`);
    await console_.getByLabel('Server API key').fill('this-is-not-the-server-api-key');
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await console_.getByRole('alert').filter({ hasText: 'That is not the server API key.' }).waitFor();
    expect(await console_.getByRole('link', { name: 'Browser Ada' }).count()).toBe(0);
    await screenshot(console_, 'console-sign-in');
    await console_.getByLabel('Server API key').fill(SERVER_API_KEY);
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await console_.getByRole('link', { name: 'Browser Ada' }).click();
    await console_.getByRole('heading', { name: 'Browser Ada' }).waitFor();
    await console_.locator('#grant').locator('..').getByText('active', { exact: true }).first().waitFor();
    expect(await console_.getByText(player.playerId).count()).toBeGreaterThan(0);

    // "Google down" in the emulator UI: the next write is accepted and goes pending.
    await emulator.getByRole('link', { name: 'Faults' }).click();
    await emulator.getByRole('button', { name: 'Google down' }).click();
    await emulator.getByRole('cell', { name: 'answers 503' }).waitFor();
    await screenshot(emulator, 'emulator-faults');
    const [demo] = await harness.control.applications();
    const achievement = demo!.achievements.find((a) => a.published && a.achievementType === 'STANDARD' && a.initialState === 'REVEALED')!;
    const write = await fetch(`${backendUrl}/v1/me/achievements/${achievement.id}/unlock`, { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(write.status).toBe(202);

    // The console's outbox shows it pending, with the reason.
    await console_.getByRole('link', { name: 'Outbox' }).click();
    await console_.getByRole('cell', { name: achievement.id }).waitFor({ timeout: 15_000 });
    expect(Number(await console_.getByTestId('outbox-pending').innerText())).toBeGreaterThanOrEqual(1);
    await screenshot(console_, 'console-outbox');

    // A score and an event update, under the same fault, wait in their own outboxes.
    const board = demo!.leaderboards.find((b) => b.published)!;
    const event = demo!.events.find((e) => e.published && e.visibility === 'REVEALED')!;
    const bearer = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
    const score = await fetch(`${backendUrl}/v1/me/leaderboards/${board.id}/scores`, { method: 'POST', headers: bearer, body: JSON.stringify({ score: 4200 }) });
    expect(score.status).toBe(202);
    const update = await fetch(`${backendUrl}/v1/me/events`, { method: 'POST', headers: bearer, body: JSON.stringify({ updates: [{ eventId: event.id, count: 3 }] }) });
    expect(update.status).toBe(202);
    await console_.getByRole('tab', { name: 'Scores' }).click();
    await console_.getByRole('cell', { name: board.id }).waitFor({ timeout: 15_000 });
    // The tabs work from the keyboard too: the arrow keys, Home and End select and focus.
    await console_.keyboard.press('ArrowRight');
    const eventsTab = console_.getByRole('tab', { name: 'Event updates' });
    expect(await eventsTab.getAttribute('aria-selected')).toBe('true');
    expect(await eventsTab.evaluate((tab) => tab === tab.ownerDocument.activeElement)).toBe(true);
    await console_.getByRole('cell', { name: event.id }).waitFor({ timeout: 15_000 });
    await console_.keyboard.press('Home');
    expect(await console_.getByRole('tab', { name: 'Achievement writes' }).getAttribute('aria-selected')).toBe('true');
    expect(await console_.getByRole('tab', { name: 'Scores' }).getAttribute('tabindex')).toBe('-1');

    // "All clear": the worker drains the write; the console's count goes to 0 and the emulator holds the unlock.
    await emulator.getByRole('button', { name: 'All clear' }).click();
    await emulator.getByText('All clear: no faults.').waitFor();
    await console_.getByTestId('outbox-pending').filter({ hasText: /^0$/ }).waitFor({ timeout: 30_000 });
    const truth = await harness.control.player(player.playerId);
    expect(truth.achievements[demo!.applicationId]!.find((a) => a.id === achievement.id)?.achievementState).toBe('UNLOCKED');

    // The emulator's request log shows the player's calls, filterable by player.
    await emulator.getByRole('link', { name: 'Requests' }).click();
    await emulator.getByLabel('Player').selectOption(player.playerId);
    await emulator.getByRole('cell', { name: 'games.achievements.unlock' }).first().waitFor({ timeout: 10_000 });
    expect(await emulator.getByText(session.accessToken).count()).toBe(0);
    await screenshot(emulator, 'emulator-requests');

    // The rest of the tour, for the screenshots and to see each page render without a script error.
    await console_.getByRole('link', { name: 'Metrics' }).click();
    await console_.getByTestId('sign-ins').waitFor();
    expect(Number(await console_.getByTestId('sign-ins').innerText())).toBeGreaterThanOrEqual(1);
    // The three outboxes, each with its depth; the score and the event update above drained.
    const outboxes = console_.getByRole('table', { name: 'Outboxes' });
    for (const kind of ['Achievement writes', 'Scores', 'Event updates']) await outboxes.getByRole('row', { name: new RegExp(`^${kind} 0 0`) }).waitFor();
    await screenshot(console_, 'console-metrics');
    await console_.getByRole('link', { name: 'Audit log' }).click();
    await console_.getByRole('cell', { name: 'console.sign_in' }).first().waitFor();
    await screenshot(console_, 'console-audit-log');
    await console_.getByRole('link', { name: 'Players' }).click();
    await console_.getByRole('link', { name: 'Browser Ada' }).waitFor();
    await screenshot(console_, 'console-players');
    // The player's page: their event counts as Google holds them (the update drained since).
    await console_.getByRole('link', { name: 'Browser Ada' }).click();
    const eventsPanel = console_.locator('section[aria-labelledby="events"]');
    await eventsPanel.getByRole('cell', { name: event.displayName }).waitFor({ timeout: 15_000 });
    await eventsPanel.getByRole('row').filter({ hasText: event.displayName }).getByRole('cell', { name: '3', exact: true }).waitFor({ timeout: 15_000 });
    await eventsPanel.scrollIntoViewIfNeeded();
    await screenshot(console_, 'console-player');
    await emulator.getByRole('link', { name: 'Players' }).click();
    await emulator.getByRole('link', { name: 'Browser Ada' }).waitFor();
    await screenshot(emulator, 'emulator-players');
    await emulator.getByRole('link', { name: 'Applications' }).click();
    await emulator.getByRole('heading', { name: /Castle Quest/ }).waitFor();
    await screenshot(emulator, 'emulator-applications');
    await emulator.getByRole('link', { name: 'Clock' }).click();
    await emulator.getByText('Next weekly reset').waitFor();
    await screenshot(emulator, 'emulator-clock');

    expect(problems).toEqual([]);
    await emulator.close();
    await console_.close();
  }, BROWSER_TEST_TIMEOUT_MS);

  it('signs in to the console by keyboard alone: the key field has focus, Tab reaches the button, Enter submits', async () => {
    const page = await open(`${backendUrl}/console`);
    expect(await page.locator(':focus').getAttribute('name')).toBe('key');
    await page.keyboard.type(SERVER_API_KEY);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Players' }).waitFor();
    expect(await page.evaluate('document.cookie')).toBe(''); // HttpOnly: the page's scripts cannot read the session
    await page.close();
  }, BROWSER_TEST_TIMEOUT_MS);
});
