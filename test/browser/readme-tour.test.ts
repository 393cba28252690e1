/**
 * README.md's 'A one-minute tour', replayed as a new user does it: `pgs serve` from the build with
 * nothing configured, the printed shell lines pasted into bash in order, then the `/docs` page in
 * a real browser (Debian's chromium through playwright-core) with the code the last printed line
 * mints: "Try it out" signs in, "Authorize" takes the session, and the tour's calls run from the
 * page. Each browser step is one entry of `DOCS_TOUR` below; a README section that adds calls to
 * the tour adds its steps there.
 *
 * Needs the build (`npm test` builds before the tests), curl and chromium (`PGS_CHROMIUM_PATH`
 * or /usr/bin/chromium); without chromium the suite is skipped, by name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CHROMIUM = process.env.PGS_CHROMIUM_PATH ?? '/usr/bin/chromium';
// A cold chromium on a busy 2-core machine, with the rest of the suite running beside it.
const BROWSER_TEST_TIMEOUT_MS = 120_000;
const haveChromium = existsSync(CHROMIUM);
const describeInBrowser = haveChromium ? describe : describe.skip;

/** What the tour printed and what its shell half left behind. */
interface Tour {
  backendUrl: string;
  emulatorUrl: string;
  /** The achievement the printed unlock line names. */
  unlockedId: string;
  /** The player the shell half made (`$PLAYER`). */
  playerId: string;
  /** The code the last printed line minted for the docs page. */
  docsCode: string;
}

/** An operation tried from the docs page: its answer's status and JSON body. */
interface Answer {
  status: number;
  body: unknown;
}

/** One step of the docs page half of the tour. */
interface DocsStep {
  name: string;
  method: 'get' | 'post' | 'put' | 'delete';
  /** The path as the document names it, `{param}`s included. */
  path: string;
  /** Path and query parameters, by name, as the form asks for them. */
  params?: (tour: Tour, seen: Map<string, Answer>) => Record<string, string>;
  body?: (tour: Tour, seen: Map<string, Answer>) => unknown;
  status: number;
  /** Checks the answer (and, through the tour's URLs, what it changed). */
  check?: (answer: Answer, tour: Tour, seen: Map<string, Answer>) => void | Promise<void>;
}

interface AchievementItem {
  id: string;
  type: string;
  state: string;
}

/** A STANDARD achievement the player has not unlocked yet, from the listing step. */
function lockedStandard(seen: Map<string, Answer>): AchievementItem {
  const { items } = seen.get('list the achievements')!.body as { items: AchievementItem[] };
  const item = items.find((candidate) => candidate.type === 'STANDARD' && candidate.state === 'REVEALED');
  if (item === undefined) throw new Error('the demo game has no revealed STANDARD achievement left to unlock');
  return item;
}

/** The docs page half of the tour, after "Try it out" sign-in and "Authorize". In order. */
const DOCS_TOUR: DocsStep[] = [
  {
    name: 'read the signed-in player',
    method: 'get',
    path: '/v1/me',
    status: 200,
    check: ({ body }, tour) => expect(body).toMatchObject({ playerId: tour.playerId, displayName: 'Ada' }),
  },
  {
    name: 'list the achievements',
    method: 'get',
    path: '/v1/me/achievements',
    status: 200,
    check: ({ body }, tour) => {
      const { items } = body as { items: AchievementItem[] };
      expect(items.length).toBeGreaterThanOrEqual(6);
      // The shell half's unlock shows here: the two halves are one player.
      expect(items.find((item) => item.id === tour.unlockedId)).toMatchObject({ state: 'UNLOCKED' });
    },
  },
  {
    name: 'unlock the achievement the shell half unlocked: already done',
    method: 'post',
    path: '/v1/me/achievements/{achievementId}/unlock',
    params: (tour) => ({ achievementId: tour.unlockedId }),
    status: 200,
    check: ({ body }) => expect(body).toEqual({ state: 'UNLOCKED', newlyUnlocked: false }),
  },
  {
    name: 'unlock another one, and see it in the emulator’s ground truth',
    method: 'post',
    path: '/v1/me/achievements/{achievementId}/unlock',
    params: (_tour, seen) => ({ achievementId: lockedStandard(seen).id }),
    status: 200,
    check: async ({ body }, tour, seen) => {
      expect(body).toEqual({ state: 'UNLOCKED', newlyUnlocked: true });
      const truth = (await (await fetch(`${tour.emulatorUrl}/emulator/v1/players/${tour.playerId}`)).json()) as {
        achievements: Record<string, Array<{ id: string; achievementState: string }>>;
      };
      const states = Object.values(truth.achievements).flat();
      expect(states).toContainEqual(expect.objectContaining({ id: lockedStandard(seen).id, achievementState: 'UNLOCKED' }));
    },
  },
];

/** The printed shell lines (indented by two after "copy-paste"), as the user pastes them. */
function shellTour(stdout: string): string {
  return stdout
    .slice(stdout.indexOf('copy-paste'))
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.slice(2))
    .join('\n');
}

/** `pgs serve` in a fresh folder, resolved with its output once the whole banner is printed. */
function serve(children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: mkdtempSync(path.join(tmpdir(), 'pgs-tour-')),
    env: { PATH: process.env.PATH ?? '', PORT: '0', PGS_EMULATOR_PORT: '0', PGS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pgs serve printed no tour in time:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/\| pick serverAuthCode\n\n/.test(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pgs serve exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** The operation block of the docs page for `method path`. */
function operation(page: Page, method: string, route: string): Locator {
  return page.locator(`.opblock-${method}`, { has: page.locator(`.opblock-summary-path[data-path="${route}"]`) });
}

/** Opens an operation, "Try it out", fills its form, "Execute", and reads the answer shown. */
async function tryItOut(page: Page, method: string, route: string, params: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const block = operation(page, method, route);
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').click();
  // "Try it out" turns the form editable once; after it the block shows "Execute".
  if (!(await block.locator('.execute').isVisible())) await block.locator('.try-out__btn').first().click();
  for (const [name, value] of Object.entries(params)) {
    await block.locator(`tr[data-param-name="${name}"] input`).fill(value);
  }
  if (body !== undefined) await block.locator('textarea.body-param__text').fill(JSON.stringify(body));
  // A previous execution's answer stays on the page until the new one replaces it.
  const clear = block.locator('.btn-clear');
  if (await clear.isVisible()) await clear.click();
  await block.locator('.execute').click();
  const status = block.locator('.live-responses-table td.response-col_status:not(.col_header)');
  await status.waitFor({ timeout: 20_000 });
  const text = await block.locator('.live-responses-table .response-col_description pre').first().innerText();
  return { status: Number((await status.innerText()).trim()), body: JSON.parse(text) as unknown };
}

describeInBrowser(`README tour, shell then /docs in headless chromium${haveChromium ? '' : ` (skipped: no chromium at ${CHROMIUM}; set PGS_CHROMIUM_PATH)`}`, () => {
  const children: ChildProcess[] = [];
  let browser: Browser;
  let tour: Tour;

  beforeAll(async () => {
    const stdout = await serve(children);
    const backendUrl = /backend listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(stdout)?.[1];
    const unlockedId = /\/v1\/me\/achievements\/([^/\s]+)\/unlock/.exec(stdout)?.[1];
    if (backendUrl === undefined || emulatorUrl === undefined || unlockedId === undefined) throw new Error(`unexpected banner:\n${stdout}`);

    // The shell half, pasted as printed, in one shell; it ends by printing the docs page's code.
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', `${shellTour(stdout)}\necho "PLAYER=$PLAYER"`], { encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`the printed tour failed:\n${run.stdout}\n${run.stderr}`);
    const lines = run.stdout.trim().split('\n');
    const playerId = /^PLAYER=(.+)$/.exec(lines.at(-1) ?? '')?.[1];
    const docsCode = lines.at(-2);
    if (playerId === undefined || docsCode === undefined) throw new Error(`unexpected tour output:\n${run.stdout}`);
    tour = { backendUrl, emulatorUrl, unlockedId, playerId, docsCode };

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('signs in with the printed code, authorizes, and runs every step of the tour from the page', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.goto(`${tour.backendUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });

    // The sign-in form's prefilled example is one a user can send as is, once the code is theirs:
    // no `"playerId": "string"` that would answer 403 and burn the code.
    const signIn = operation(page, 'post', '/v1/auth/play-games');
    await signIn.locator('.opblock-summary').click();
    await signIn.locator('.try-out__btn').click();
    const prefilled = JSON.parse(await signIn.locator('textarea.body-param__text').inputValue()) as Record<string, unknown>;
    expect(Object.keys(prefilled)).toEqual(['serverAuthCode']);

    const signedIn = await tryItOut(page, 'post', '/v1/auth/play-games', {}, { serverAuthCode: tour.docsCode });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const { session, player, created } = signedIn.body as { session: { accessToken: string }; player: { playerId: string }; created: boolean };
    expect(player.playerId).toBe(tour.playerId);
    expect(created).toBe(false);

    // The code is spent now: the page shows the backend's error body, which says what to do.
    const again = await tryItOut(page, 'post', '/v1/auth/play-games', {}, { serverAuthCode: tour.docsCode });
    expect(again).toEqual({ status: 401, body: { error: { code: 'AUTH_CODE_INVALID', message: expect.stringContaining('request a new one') } } });

    await page.locator('.auth-wrapper .authorize').click();
    const sessionScheme = page.locator('.auth-container', { has: page.locator('h4', { hasText: /^session\b/ }) });
    await sessionScheme.locator('input').fill(session.accessToken);
    await sessionScheme.locator('button.authorize').click();
    await page.locator('.dialog-ux .close-modal').click();

    const seen = new Map<string, Answer>();
    for (const step of DOCS_TOUR) {
      const answer = await tryItOut(page, step.method, step.path, step.params?.(tour, seen) ?? {}, step.body?.(tour, seen));
      expect(answer.status, `${step.name}: ${JSON.stringify(answer.body)}`).toBe(step.status);
      await step.check?.(answer, tour, seen);
      seen.set(step.name, answer);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT_MS);
});
