/**
 * A minimal driver for real headless Chromium over the DevTools protocol, on the pipe transport
 * (`--remote-debugging-pipe`: fd 3 carries commands in, fd 4 events and replies out, each message
 * JSON terminated by NUL). It replaces playwright-core, which is not installed here: the browser is
 * Debian's `chromium`, the protocol is the one Playwright speaks underneath.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--remote-debugging-pipe'];

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}
type Listener = (params: Params, sessionId: string | undefined) => void;

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Listener[]>();
  private buffer = '';

  private constructor(private readonly proc: ChildProcess, private readonly out: Writable, inp: Readable, readonly profileDir: string) {
    inp.setEncoding('utf8');
    inp.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const msg = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(msg);
      }
    });
  }

  static async launch(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-chromium-'));
    const proc = spawn(CHROMIUM, [...ARGS, `--user-data-dir=${profileDir}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const browser = new Browser(proc, proc.stdio[3] as Writable, proc.stdio[4] as Readable, profileDir);
    await browser.send('Browser.getVersion');
    return browser;
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(method: string, fn: Listener): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), fn]);
  }

  async newPage(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await Promise.all(['Page.enable', 'Runtime.enable', 'Log.enable'].map((m) => this.send(m, {}, sessionId)));
    await this.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false }, sessionId);
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }

  private dispatch(msg: Message): void {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p?.resolve(msg.result ?? {});
      return;
    }
    for (const fn of this.listeners.get(msg.method ?? '') ?? []) fn(msg.params ?? {}, msg.sessionId);
  }
}

export class Page {
  /** Messages of JavaScript dialogs (alert/confirm/prompt) the page opened; each is dismissed. */
  readonly dialogs: string[] = [];
  /** Browser log entries (CSP violations are reported here, source "security" or "other"). */
  readonly logs: { source: string; level: string; text: string }[] = [];

  constructor(private readonly browser: Browser, readonly sessionId: string) {
    browser.on('Page.javascriptDialogOpening', (p, sid) => {
      if (sid !== sessionId) return;
      this.dialogs.push(String(p.message));
      void browser.send('Page.handleJavaScriptDialog', { accept: false }, sessionId);
    });
    browser.on('Log.entryAdded', (p, sid) => {
      const e = p.entry as { source: string; level: string; text: string };
      if (sid === sessionId) this.logs.push({ source: e.source, level: e.level, text: e.text });
    });
    browser.on('Runtime.exceptionThrown', (p, sid) => {
      if (sid === sessionId) this.logs.push({ source: 'exception', level: 'error', text: JSON.stringify(p.exceptionDetails).slice(0, 500) });
    });
  }

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
  }

  /**
   * Runs a function given as JavaScript source (`(a, b) => …`) in the page with JSON arguments; the
   * result comes back by value. Source text, because the page's DOM types are not in this
   * project's TypeScript lib (node only).
   */
  async evaluate<T>(fn: string, ...args: unknown[]): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression: `(${fn})(...${JSON.stringify(args)})`, awaitPromise: true, returnByValue: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Polls the page function until it returns a truthy value. */
  async waitFor<T>(what: string, fn: string, ...args: unknown[]): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const v = await this.evaluate<T>(fn, ...args).catch(() => undefined);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async click(selector: string): Promise<void> {
    await this.waitFor(`clickable ${selector}`, '(sel) => { const el = document.querySelector(sel); if (!el) return false; el.click(); return true; }', selector);
  }

  /** Focuses the field, selects what it holds, and types over it with real input events. */
  async type(selector: string, text: string): Promise<void> {
    await this.waitFor(`field ${selector}`, '(sel) => { const el = document.querySelector(sel); if (!el) return false; el.focus(); el.select(); return true; }', selector);
    await this.send('Input.insertText', { text });
  }

  async select(selector: string, value: string): Promise<void> {
    await this.evaluate("(sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('change', { bubbles: true })); }", selector, value);
  }

  /** textContent of the first match, or null. */
  text(selector: string): Promise<string | null> {
    return this.evaluate('(sel) => { const el = document.querySelector(sel); return el ? el.textContent : null; }', selector);
  }

  async screenshot(file: string): Promise<void> {
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })) as { data: string };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }
}

/** Saves downloads into `dir`; resolves with the path of the next completed one. */
export async function downloads(browser: Browser, dir: string): Promise<() => Promise<string>> {
  await browser.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const names = new Map<string, string>();
  const waiting: ((file: string) => void)[] = [];
  browser.on('Browser.downloadWillBegin', (p) => names.set(String(p.guid), String(p.suggestedFilename)));
  browser.on('Browser.downloadProgress', (p) => {
    if (p.state === 'completed') waiting.shift()?.(path.join(dir, names.get(String(p.guid)) ?? String(p.guid)));
  });
  return () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no download completed within 10 s')), 10_000);
    waiting.push((f) => {
      clearTimeout(timer);
      resolve(f);
    });
  });
}
