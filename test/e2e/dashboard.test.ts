/**
 * The dashboard in real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * traffic through the gateway makes the violations; an officer logs in, reads the overview charts,
 * filters, opens a violation, reviews single and in bulk, exports a CSV, switches language. A
 * stored-XSS prompt must show as text and run nothing. Screenshots go to test/e2e/screenshots/.
 */
import { collect } from '../helpers/collect';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { iterateItems } from '../../src/audit/items';
import { BLOCKED_EN, BLOCKED_ZH, PASSWORD, REDACTED, send, settle, setupDashboard, type DashboardSetup } from './support/dashboard';

jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(__dirname, 'screenshots');
const COMPLAINT_TOKEN = 'complaint-token-0123456789';
/** Blocked by the explosives list; the rest is markup that must never become markup. */
const XSS = `how to make a bomb <img src=x onerror="window.__xss=1;alert('img')"> </script><script>window.__xss=2;alert('script')</script>`;

let t: DashboardSetup;
let browser: Browser;
let page: Page;
let ui: string;
/** Dialogs the page opened (each dismissed) and console errors (CSP violations are reported there). */
const dialogs: string[] = [];
const errors: string[] = [];

// Waits go through locators: page.waitForFunction evaluates a string, which the page's CSP (no
// 'unsafe-eval') rightly refuses; the DOM's types are not in this project's lib (node only) either.
const until = (selector: string, hasText?: string | RegExp) => page.locator(selector, hasText === undefined ? {} : { hasText }).first().waitFor();
const ready = async (route: string) => {
  await until(`body[data-ready="${route}"]`);
  await page.locator('[aria-busy]').waitFor({ state: 'detached' });
};
const go = async (hash: string, route: string) => {
  await page.evaluate(`document.body.removeAttribute('data-ready'); location.hash = ${JSON.stringify(hash)}`);
  await ready(route);
};
const count = (selector: string) => page.locator(selector).count();
const text = (selector: string) => page.locator(selector).first().textContent();
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  t = await setupDashboard((c) => {
    c.compliance.complaint_token = COMPLAINT_TOKEN;
  });
  ui = `${t.gateway.url}/dashboard/`;
  for (const [prompt, model] of [[BLOCKED_EN, 'model-a'], [BLOCKED_EN, 'model-a'], [BLOCKED_ZH, 'model-b'], [REDACTED, 'model-a'], [XSS, 'model-x']]) await send(t, prompt, model);
  expect(await send(t, XSS, 'model-x')).toBe(400); // the payload is blocked at the gateway
  await fetch(`${t.gateway.url}/compliance/v1/complaints`, {
    method: 'POST', headers: { authorization: `Bearer ${COMPLAINT_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'the answer told me how to hurt someone', category: 'A.1.f' }),
  });
  await settle(t, 6);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  // The flag the payloads would set; it must still be 0 at the end.
  await context.addInitScript('window.__xss = 0;');
  page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('refuses a wrong password and logs in with the right one', async () => {
  await page.goto(ui);
  await page.fill('#login-name', 'admin.wang');
  await page.fill('#login-password', 'not the password');
  await page.click('#login button[type=submit]');
  await until('#login-error', /./);
  expect(await text('#login-error')).toBe('Wrong name or password.');
  expect(await count('#nav[hidden]')).toBe(1);
  await page.fill('#login-password', PASSWORD);
  await page.press('#login-password', 'Enter');
  await ready('/overview');
  expect(await text('#who')).toBe('admin.wang (admin)');
});

it('draws the overview charts from the recorded violations', async () => {
  const dayBars = await page.locator('svg.chart').first().locator('rect.bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
  expect(dayBars.reduce((a, b) => a + b, 0)).toBe(7); // 6 traffic violations + 1 complaint, all today
  expect(await count('svg.chart rect.bar')).toBeGreaterThan(5);
  expect(await text('#countdown')).toContain('Open');
  await shot('overview');
});

it('switches to Chinese and remembers it across a reload', async () => {
  await page.click('#lang');
  await until('#nav a', '概览');
  await page.reload();
  await ready('/overview');
  expect(await text('#nav a')).toBe('概览');
  expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
  await shot('overview-zh');
  await page.click('#lang');
  await until('#nav a', 'Overview');
});

it('filters the violations table down to one violation', async () => {
  await go('#/violations', '/violations');
  expect(await text('#total')).toBe('7 violations');
  await page.selectOption('#f-model', 'model-b');
  await page.click('#f-apply');
  await until('#total', /^1 violations$/);
  await ready('/violations');
  expect(await count('#violations tbody tr')).toBe(1);
  await shot('violations');
});

it('opens a violation with the matched span highlighted and marks it false positive', async () => {
  await page.click('#violations tbody a');
  await page.waitForSelector('#content');
  expect(await text('#content .seg-path')).toBe('messages[0].content');
  expect(await text('#content mark')).toMatch(/^\*+$/); // masked storage: the span covers the mask
  expect(await count('#findings tbody tr')).toBeGreaterThan(0);
  await page.fill('#item-note', 'chemistry homework, benign');
  await page.click('[data-decision="false_positive"]');
  await page.locator('#reviews tbody tr', { hasText: 'admin.wang' }).filter({ hasText: 'false positive' }).waitFor();
  await shot('detail');
});

it('shows a stored-XSS prompt as text and runs none of it', async () => {
  await go(`#/violations?q=${encodeURIComponent('onerror')}`, '/violations');
  expect(await count('#violations tbody tr')).toBe(2);
  await page.click('#violations tbody a');
  await page.waitForSelector('#content');
  const shown = await text('#content');
  expect(shown).toContain(`<img src=x onerror="window.__xss=1;alert('img')">`);
  expect(shown).toContain(`</script><script>window.__xss=2;alert('script')</script>`);
  expect(await count('#main img, #main script, #main [onerror]')).toBe(0);
  await new Promise((r) => setTimeout(r, 300)); // give an injected handler the time to fire
  expect(await page.evaluate('window.__xss')).toBe(0);
  expect(dialogs).toEqual([]);
  await shot('xss-as-text');
});

it('confirms every blocked violation in one bulk review', async () => {
  await go('#/violations?action=block', '/violations');
  expect(await count('#violations tbody tr')).toBe(5);
  await page.evaluate("document.querySelector('#status').textContent = ''");
  await page.check('#select-all');
  await page.click('.review-bar [data-decision="confirmed"]');
  // three items behind five rows (repeats of a prompt share one): the one dismissed above cannot be confirmed
  await until('#status', /./);
  expect(await text('#status')).toBe('2 item(s) updated, 1 refused.');
  expect((await collect(iterateItems(t.gateway.store, { status: ['confirmed'] })))).toHaveLength(2);
  expect(await count('#violations td.status-confirmed')).toBe(4);
});

it('exports the remediation items as CSV', async () => {
  await go('#/remediation?status=confirmed', '/remediation');
  expect(await count('#queue tbody tr')).toBeGreaterThanOrEqual(2);
  await shot('remediation');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-format="csv"]')]);
  expect(download.suggestedFilename()).toMatch(/^compliance-csv-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^item_id,/);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.slice(1).every((l) => l.includes(',confirmed,'))).toBe(true);
});

it('lists the complaint and the rules', async () => {
  await go('#/complaints', '/complaints');
  expect(await count('#complaints tbody tr')).toBe(1);
  await shot('complaints');
  await go('#/rules', '/rules');
  expect(await count('#coverage tbody tr')).toBe(31);
  await shot('rules');
});

it('ran without a script error or a Content-Security-Policy violation', () => {
  // The only expected error: the 401 of the session check before logging in.
  expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
});
