/**
 * The dashboard in real headless Chromium (Debian's `chromium`, driven over the DevTools pipe):
 * traffic through the gateway makes the violations; an officer logs in, reads the overview charts,
 * filters, opens a violation, reviews single and in bulk, exports a CSV, switches language. A
 * stored-XSS prompt must show as text and run nothing. Screenshots go to test/e2e/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { iterateItems } from '../../src/audit/items';
import { Browser, downloads, type Page } from './support/cdp';
import { BLOCKED_EN, BLOCKED_ZH, PASSWORD, REDACTED, send, settle, setupDashboard, type DashboardSetup } from './support/dashboard';

jest.setTimeout(60_000);

const SHOTS = path.join(__dirname, 'screenshots');
const COMPLAINT_TOKEN = 'complaint-token-0123456789';
/** Blocked by the explosives list; the rest is markup that must never become markup. */
const XSS = `how to make a bomb <img src=x onerror="window.__xss=1;alert('img')"> </script><script>window.__xss=2;alert('script')</script>`;

let t: DashboardSetup;
let browser: Browser;
let page: Page;
let nextDownload: () => Promise<string>;
let ui: string;

const ready = (route: string) => page.waitFor(`view ${route}`, '(r) => document.body.getAttribute("data-ready") === r && !document.querySelector("[aria-busy]")', route);
const go = async (hash: string, route: string) => {
  await page.evaluate('(h) => { document.body.removeAttribute("data-ready"); location.hash = h; }', hash);
  await ready(route);
};
const count = (selector: string) => page.evaluate<number>('(s) => document.querySelectorAll(s).length', selector);

beforeAll(async () => {
  t = await setupDashboard((c) => {
    c.compliance.complaint_token = COMPLAINT_TOKEN;
  });
  ui = `${t.gateway.url}/dashboard/`;
  for (const [text, model] of [[BLOCKED_EN, 'model-a'], [BLOCKED_EN, 'model-a'], [BLOCKED_ZH, 'model-b'], [REDACTED, 'model-a'], [XSS, 'model-x']]) await send(t, text, model);
  expect(await send(t, XSS, 'model-x')).toBe(400); // the payload is blocked at the gateway
  await fetch(`${t.gateway.url}/compliance/v1/complaints`, {
    method: 'POST', headers: { authorization: `Bearer ${COMPLAINT_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'the answer told me how to hurt someone', category: 'A.1.f' }),
  });
  await settle(t, 6);
  browser = await Browser.launch();
  nextDownload = await downloads(browser, path.join(t.dir, 'downloads'));
  page = await browser.newPage();
  // The flag the payloads would set; it must still be 0 at the end.
  await page.send('Page.addScriptToEvaluateOnNewDocument', { source: 'window.__xss = 0;' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('refuses a wrong password and logs in with the right one', async () => {
  await page.goto(ui);
  await page.waitFor('login form', '() => !!document.querySelector("#login")');
  await page.type('#login-name', 'admin.wang');
  await page.type('#login-password', 'not the password');
  await page.click('#login button[type=submit]');
  await page.waitFor('login error', '() => document.querySelector("#login-error").textContent.length > 0');
  expect(await page.text('#login-error')).toBe('Wrong name or password.');
  expect(await count('#nav[hidden]')).toBe(1);
  await page.type('#login-password', PASSWORD);
  await page.click('#login button[type=submit]');
  await ready('/overview');
  expect(await page.text('#who')).toBe('admin.wang (admin)');
});

it('draws the overview charts from the recorded violations', async () => {
  const dayBars = await page.evaluate<number[]>('() => [...document.querySelector("svg.chart").querySelectorAll("rect.bar")].map((r) => Number(r.getAttribute("data-value")))');
  expect(dayBars.reduce((a, b) => a + b, 0)).toBe(7); // 6 traffic violations + 1 complaint, all today
  expect(await count('svg.chart rect.bar')).toBeGreaterThan(5);
  expect(await page.evaluate<string>('() => document.querySelector("#countdown").textContent')).toContain('Open');
  await page.screenshot(path.join(SHOTS, 'overview.png'));
});

it('switches to Chinese and remembers it across a reload', async () => {
  await page.click('#lang');
  await page.waitFor('chinese nav', '() => document.querySelector("#nav a").textContent === "概览"');
  await page.goto(ui);
  await ready('/overview');
  expect(await page.text('#nav a')).toBe('概览');
  expect(await page.evaluate<string>('() => document.documentElement.lang')).toBe('zh-CN');
  await page.screenshot(path.join(SHOTS, 'overview-zh.png'));
  await page.click('#lang');
  await page.waitFor('english nav', '() => document.querySelector("#nav a").textContent === "Overview"');
});

it('filters the violations table down to one violation', async () => {
  await go('#/violations', '/violations');
  expect(await page.text('#total')).toBe('7 violations');
  await page.select('#f-model', 'model-b');
  await page.click('#f-apply');
  await page.waitFor('filtered', '() => document.querySelector("#total")?.textContent === "1 violations"');
  await ready('/violations');
  expect(await count('#violations tbody tr')).toBe(1);
  await page.screenshot(path.join(SHOTS, 'violations.png'));
});

it('opens a violation with the matched span highlighted and marks it false positive', async () => {
  await page.click('#violations tbody a');
  await ready((await page.evaluate<string>('() => location.hash')).slice(1));
  expect(await page.text('#content .seg-path')).toBe('messages[0].content');
  expect(await page.text('#content mark')).toMatch(/^\*+$/); // masked storage: the span covers the mask
  expect(await count('#findings tbody tr')).toBeGreaterThan(0);
  await page.type('#item-note', 'chemistry homework, benign');
  await page.click('[data-decision="false_positive"]');
  await page.waitFor('review logged', '() => [...document.querySelectorAll("#reviews tbody tr")].some((tr) => tr.textContent.includes("admin.wang") && tr.textContent.includes("false positive"))');
  await page.screenshot(path.join(SHOTS, 'detail.png'));
});

it('shows a stored-XSS prompt as text and runs none of it', async () => {
  await go(`#/violations?q=${encodeURIComponent('onerror')}`, '/violations');
  expect(await count('#violations tbody tr')).toBe(2);
  await page.click('#violations tbody a');
  await page.waitFor('detail', '() => !!document.querySelector("#content")');
  const shown = await page.text('#content');
  expect(shown).toContain(`<img src=x onerror="window.__xss=1;alert('img')">`);
  expect(shown).toContain(`</script><script>window.__xss=2;alert('script')</script>`);
  expect(await count('#main img, #main script, #main [onerror]')).toBe(0);
  await new Promise((r) => setTimeout(r, 300)); // give an injected handler the time to fire
  expect(await page.evaluate('() => window.__xss')).toBe(0);
  expect(page.dialogs).toEqual([]);
  await page.screenshot(path.join(SHOTS, 'xss-as-text.png'));
});

it('confirms every blocked violation in one bulk review', async () => {
  await go('#/violations?action=block', '/violations');
  expect(await count('#violations tbody tr')).toBe(5);
  await page.evaluate('() => { document.querySelector("#status").textContent = ""; }');
  await page.click('#select-all');
  await page.click('.review-bar [data-decision="confirmed"]');
  // three items behind five rows (repeats of a prompt share one): the one dismissed above cannot be confirmed
  await page.waitFor('bulk result', '() => document.querySelector("#status").textContent.length > 0');
  expect(await page.text('#status')).toBe('2 item(s) updated, 1 refused.');
  expect([...iterateItems(t.gateway.store, { status: ['confirmed'] })]).toHaveLength(2);
  expect(await count('#violations td.status-confirmed')).toBe(4);
});

it('exports the remediation items as CSV', async () => {
  await go('#/remediation?status=confirmed', '/remediation');
  expect(await count('#queue tbody tr')).toBeGreaterThanOrEqual(2);
  await page.screenshot(path.join(SHOTS, 'remediation.png'));
  const done = nextDownload();
  await page.click('a[data-format="csv"]');
  const file = await done;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^item_id,/);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.slice(1).every((l) => l.includes(',confirmed,'))).toBe(true);
});

it('lists the complaint and the rules', async () => {
  await go('#/complaints', '/complaints');
  expect(await count('#complaints tbody tr')).toBe(1);
  await page.screenshot(path.join(SHOTS, 'complaints.png'));
  await go('#/rules', '/rules');
  expect(await count('#coverage tbody tr')).toBe(31);
  await page.screenshot(path.join(SHOTS, 'rules.png'));
});

it('ran without a script error or a Content-Security-Policy violation', () => {
  expect(page.logs.filter((l) => l.level === 'error' && !/status of 40[01]/.test(l.text))).toEqual([]);
});
