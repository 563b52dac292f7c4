// Test harness: starts the real app binary + the fake Telegram API on free ports,
// launches Debian's Chromium through playwright-core, and cleans everything up.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeTelegram } from './fake-telegram.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WIDGET_DIR = path.resolve(here, '..');
export const SCREENSHOT_DIR = path.join(WIDGET_DIR, 'screenshots');
const APP_BIN = path.resolve(WIDGET_DIR, process.env.APP_BIN || '../target/debug/app');

export const TIMEOUT = 30_000; // generous: the CI machine is a slow shared 2-core box

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Start fake Telegram + app. Returns {url, tg, restart(), stop(), log()}.
 * extraOrigins: more entries for ALLOWED_ORIGINS (cross-origin tests).
 */
export async function startStack({ extraOrigins = [] } = {}) {
  if (!existsSync(APP_BIN)) {
    throw new Error(`app binary not found at ${APP_BIN} (build it with \`cargo build -p app\`, or set APP_BIN)`);
  }
  const tg = await startFakeTelegram();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'widget-test-'));
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'app.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const env = {
    ...process.env,
    BIND_ADDR: `127.0.0.1:${port}`,
    DATABASE_URL: path.join(dir, 'tickets.db'),
    TELEGRAM_BOT_TOKEN: '123:TEST',
    TELEGRAM_API_URL: tg.url,
    TELEGRAM_OPERATOR_CHAT_IDS: '42',
    ALLOWED_ORIGINS: [url, ...extraOrigins].join(','),
    TICKETS_LOCALE: 'fr',
    RUST_LOG: process.env.RUST_LOG || 'info',
  };

  let child = null;
  let exited = null;
  const killOnExit = () => { try { child?.kill('SIGKILL'); } catch { /* gone */ } };
  process.on('exit', killOnExit);

  async function start() {
    child = spawn(APP_BIN, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    let dead = null;
    exited.then((r) => { dead = r; });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (dead) throw new Error(`app exited early (${JSON.stringify(dead)}):\n${log()}`);
      try {
        const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`app did not answer /healthz within 90 s:\n${log()}`);
      await sleep(150);
    }
  }

  async function stopApp() {
    if (!child || child.exitCode != null || child.signalCode != null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  function log() {
    try { return readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'); } catch { return ''; }
  }

  try {
    await start();
  } catch (error) {
    await stopApp().catch(() => {});
    await tg.close().catch(() => {});
    process.off('exit', killOnExit);
    logStream.end();
    if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    tg,
    log,
    /** Stop and start the app again on the same port and database: every socket drops server-side. */
    async restart(whileDown) {
      await stopApp();
      if (whileDown) await whileDown();
      await start();
    },
    async stop() {
      await stopApp().catch(() => {});
      await tg.close().catch(() => {});
      process.off('exit', killOnExit);
      logStream.end();
      if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser context for the tests (French, desktop size unless overridden). With
 * WIDGET_FROM_DISK=1 the app's embedded widget.js / widget.css are replaced by this folder's
 * files, to try widget changes against an app binary built before them. (Only subresources:
 * a document fulfilled by Playwright counts as "public" for Chromium's local network access
 * checks, which would then block the WebSocket to 127.0.0.1.)
 */
export async function newContext(browser, stack, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', ...options });
  context.setDefaultTimeout(TIMEOUT);
  if (process.env.WIDGET_FROM_DISK) {
    const files = { '/widget.js': ['widget.js', 'text/javascript'], '/widget.css': ['widget.css', 'text/css'] };
    await context.route((url) => url.origin === stack.url && url.pathname in files, (route) => {
      const [file, type] = files[new URL(route.request().url()).pathname];
      route.fulfill({ contentType: `${type}; charset=utf-8`, body: readFileSync(path.join(WIDGET_DIR, file)) });
    });
  }
  return context;
}

/** Shorthands for the widget's parts (Playwright's CSS engine pierces open shadow roots). */
export function widget(page) {
  return {
    launcher: page.locator('ticket-widget .tw-launcher'),
    panel: page.getByRole('dialog'),
    input: page.getByRole('textbox', { name: /Votre message|Your message/ }),
    log: page.getByRole('log'),
    ticket: page.locator('ticket-widget .tw-ticket'),
    status: page.locator('ticket-widget .tw-status'),
    bubbles: page.locator('ticket-widget .tw-log .tw-msg[data-id] .tw-bubble'),
    visitor: page.locator('ticket-widget .tw-log .tw-visitor'),
    operator: page.locator('ticket-widget .tw-log .tw-operator[data-id]'),
    operatorText: (text) => page.locator('ticket-widget .tw-operator[data-id] .tw-bubble', { hasText: text }),
    visitorText: (text) => page.locator('ticket-widget .tw-visitor .tw-bubble', { hasText: text }),
  };
}

/** Open the widget if it is closed. */
export async function openWidget(page) {
  const w = widget(page);
  await w.launcher.waitFor({ state: 'visible', timeout: TIMEOUT });
  if ((await w.launcher.getAttribute('aria-expanded')) !== 'true') await w.launcher.click();
  await w.panel.waitFor({ state: 'visible', timeout: TIMEOUT });
  // Let the opening animation finish so boxes and screenshots are final.
  await w.panel.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => {}))));
  return w;
}

/** Type a message and press Enter; resolves once the widget shows it as sent. */
export async function sendMessage(page, text) {
  const w = widget(page);
  await w.input.fill(text);
  await w.input.press('Enter');
  const bubble = page.locator('ticket-widget .tw-visitor', { has: page.locator('.tw-bubble', { hasText: text }) }).last();
  await bubble.and(page.locator('[data-state="sent"]')).waitFor({ timeout: TIMEOUT });
  return bubble;
}

/** All message texts currently in the widget's log (messages known by the server). */
export function messageTexts(page) {
  return page.evaluate(() => [...document.querySelector('ticket-widget').shadowRoot
    .querySelectorAll('.tw-log .tw-msg[data-id] .tw-bubble')].map((b) => b.textContent));
}

/** Wait until the widget's socket is (re)connected. */
export async function waitOnline(page) {
  await page.locator('ticket-widget .tw[data-conn="online"]').waitFor({ state: 'attached', timeout: 60_000 });
}

/** Strip Telegram HTML markup, for assertions on notification texts. */
export const plain = (s) => String(s || '').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
