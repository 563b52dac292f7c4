// Safety, robustness and accessibility of the widget, against the real app + fake Telegram.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startStack, freePort, launchBrowser, newContext, widget, openWidget, sendMessage, TIMEOUT,
} from './harness.mjs';

let stack;
let hostSite; // a page on another origin that embeds the widget from the app's origin
let hostUrl;
let browser;
let context; // one visitor for the markup/link/mobile tests (ticket T1001)
let page;
const dialogs = []; // any alert() would land here

before(async () => {
  const hostPort = await freePort();
  hostUrl = `http://127.0.0.1:${hostPort}`;
  stack = await startStack({ extraOrigins: [hostUrl] });
  hostSite = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="de"><head><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Other site</title></head><body><h1>Another site</h1>
      <script src="${stack.url}/widget.js" defer data-locale="en" data-position="left" data-color="#16a34a"
        data-title="Acme help"></script></body></html>`);
  });
  await new Promise((r) => hostSite.listen(hostPort, '127.0.0.1', r));
  browser = await launchBrowser();
  context = await newContext(browser, stack);
  page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
});

after(async () => {
  await browser?.close().catch(() => {});
  hostSite?.close();
  await stack?.stop();
});

const MARKUP = '<b>bold</b> & <img src=x onerror=alert(1)>';

/** Elements inside the widget's message list matching a selector. */
const countInLog = (p, selector) => p.evaluate((sel) =>
  document.querySelector('ticket-widget').shadowRoot.querySelector('.tw-log').querySelectorAll(sel).length, selector);

test('markup in visitor and operator messages is shown literally', async () => {
  await page.goto(stack.url);
  const w = await openWidget(page);
  const mine = await sendMessage(page, MARKUP);
  assert.equal(await mine.locator('.tw-bubble').textContent(), MARKUP);
  await w.ticket.filter({ hasText: 'T1001' }).waitFor();

  stack.tg.pushOperatorText(`/reply T1001 ${MARKUP}`);
  const reply = w.operatorText('bold');
  await reply.waitFor();
  assert.equal(await reply.textContent(), MARKUP);
  assert.equal(await countInLog(page, 'b, img, script, [onerror]'), 0);
  assert.deepEqual(dialogs, []);

  // Survives a reload (history path) just as well.
  await page.reload();
  await openWidget(page);
  await w.operatorText('bold').waitFor();
  assert.equal(await countInLog(page, 'b, img, script, [onerror]'), 0);
  assert.deepEqual(dialogs, []);
});

test('links in operator replies: only http(s), safe attributes, no script URLs', async () => {
  const w = widget(page);
  stack.tg.pushOperatorText('/reply T1001 Le guide : https://example.com/guide?a=1&b=2. Pas javascript:alert(1) ni <a href="javascript:alert(2)">ceci</a> ni data:text/html,<script>alert(3)</script>');
  const reply = w.operatorText('Le guide');
  await reply.waitFor();
  const links = await reply.evaluate((el) => [...el.querySelectorAll('a')].map((a) => ({
    href: a.getAttribute('href'), rel: a.rel, target: a.target, text: a.textContent,
  })));
  assert.deepEqual(links, [{
    href: 'https://example.com/guide?a=1&b=2', rel: 'noopener noreferrer', target: '_blank', text: 'https://example.com/guide?a=1&b=2',
  }]);
  assert.match(await reply.textContent(), /<a href="javascript:alert\(2\)">ceci<\/a>/);
  assert.equal(await countInLog(page, 'a[href^="javascript:" i], a[href^="data:" i], script'), 0);
  // Visitor text is never linkified.
  const mine = await sendMessage(page, 'Mon site : https://exemple.fr');
  assert.equal(await mine.locator('a').count(), 0);
  assert.deepEqual(dialogs, []);
});

test('mobile viewport (390x844): the panel fills the screen', async () => {
  const mobile = await newContext(browser, stack, {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    storageState: await context.storageState(), // same visitor: shows the conversation
  });
  try {
    const p = await mobile.newPage();
    await p.goto(stack.url);
    const w = await openWidget(p);
    await w.ticket.filter({ hasText: 'T1001' }).waitFor({ timeout: TIMEOUT });
    await w.operatorText('Le guide').waitFor({ timeout: TIMEOUT });
    const box = await w.panel.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844]);
    assert.ok(await w.input.isVisible());
    // The header's close button is reachable and closes the full-screen panel.
    await p.getByRole('button', { name: 'Fermer', exact: true }).click();
    await w.panel.waitFor({ state: 'hidden', timeout: TIMEOUT });
  } finally {
    await mobile.close();
  }
});

test('hostile host page CSS (* { all: unset }, div { display: none }) does not break the widget', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    await p.addStyleTag({ content: '* { all: unset } div { display: none } button { display: none } textarea { display: none }' });
    const w = widget(p);
    await w.launcher.waitFor({ state: 'visible', timeout: TIMEOUT });
    const lb = await w.launcher.boundingBox();
    assert.ok(lb.width >= 48 && lb.height >= 48, `launcher is button-sized: ${JSON.stringify(lb)}`);
    assert.ok(lb.x > 1280 - 120 && lb.y > 800 - 120, `launcher sits bottom-right: ${JSON.stringify(lb)}`);
    await w.launcher.click();
    await w.panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    const pb = await w.panel.boundingBox();
    assert.ok(pb.width >= 300 && pb.height >= 300, `panel has its size: ${JSON.stringify(pb)}`);
    await sendMessage(p, 'Envoyé malgré le CSS hostile');
    await w.ticket.filter({ hasText: /T\d{4}/ }).waitFor({ timeout: TIMEOUT });
  } finally {
    await ctx.close();
  }
});

test('keyboard only: Tab to the launcher, Enter opens, Enter sends, Shift+Enter new line, Escape closes', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    const w = widget(p);
    await w.launcher.waitFor({ state: 'visible', timeout: TIMEOUT });
    const launcherFocused = () => p.evaluate(() => {
      const host = document.querySelector('ticket-widget');
      return document.activeElement === host && host.shadowRoot.activeElement?.classList.contains('tw-launcher');
    });
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await p.keyboard.press('Tab');
      reached = await launcherFocused();
    }
    assert.ok(reached, 'the launcher is reachable with Tab');
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
    assert.ok(await w.launcher.getAttribute('aria-label'));

    await p.keyboard.press('Enter');
    await w.panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
    assert.ok(await w.panel.getAttribute('aria-label'));
    assert.equal(await w.log.getAttribute('aria-live'), 'polite');
    assert.equal(await w.input.evaluate((el) => el.getRootNode().activeElement === el), true, 'focus in the message box');

    await p.keyboard.type('Ligne un');
    await p.keyboard.press('Shift+Enter');
    await p.keyboard.type('Ligne deux');
    await p.keyboard.press('Enter');
    const bubble = p.locator('ticket-widget .tw-visitor[data-state="sent"] .tw-bubble', { hasText: 'Ligne deux' });
    await bubble.waitFor({ timeout: TIMEOUT });
    assert.equal(await bubble.textContent(), 'Ligne un\nLigne deux');
    assert.equal(await w.input.inputValue(), '');

    await p.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden', timeout: TIMEOUT });
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
    assert.ok(await launcherFocused(), 'focus is back on the launcher');
  } finally {
    await ctx.close();
  }
});

test('public API: window.TicketWidget open/close/toggle/on/identify', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    await p.waitForFunction(() => window.TicketWidget);
    const globals = await p.evaluate(() => Object.keys(window.TicketWidget).sort());
    assert.deepEqual(globals, ['close', 'identify', 'on', 'open', 'setAccent', 'toggle']);
    await p.evaluate(() => {
      window.events = [];
      ['open', 'close', 'message'].forEach((ev) => TicketWidget.on(ev, () => window.events.push(ev)));
      TicketWidget.identify({ name: 'Paul API', email: 'paul@example.com' });
      TicketWidget.open();
    });
    const w = widget(p);
    await w.panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    const posted = p.waitForRequest((r) => r.url().endsWith('/api/v1/messages') && r.method() === 'POST');
    await sendMessage(p, 'Message via API');
    const body = (await posted).postDataJSON();
    assert.equal(body.name, 'Paul API');
    assert.equal(body.email, 'paul@example.com');
    // identify() answered the question already: no name/email form.
    assert.equal(await p.locator('ticket-widget .tw-profile').isVisible(), false);
    await p.evaluate(() => TicketWidget.toggle());
    await w.panel.waitFor({ state: 'hidden', timeout: TIMEOUT });
    const events = await p.evaluate(() => window.events);
    assert.deepEqual(events.filter((e) => e !== 'message'), ['open', 'close']);
    assert.ok(events.includes('message'));
  } finally {
    await ctx.close();
  }
});

test('cross-origin embedding: API base from the script src, CORS, data-locale/position/color', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    const apiCalls = [];
    p.on('request', (r) => { if (r.url().includes('/api/v1/')) apiCalls.push(r.url()); });
    await p.goto(hostUrl);
    const launcher = p.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor({ timeout: TIMEOUT });
    const lb = await launcher.boundingBox();
    assert.ok(lb.x < 100, `data-position="left": ${JSON.stringify(lb)}`);
    assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(22, 163, 74)');
    await launcher.click();
    const panel = p.getByRole('dialog', { name: 'Acme help' });
    await panel.waitFor({ timeout: TIMEOUT });
    const input = p.getByRole('textbox', { name: 'Your message' });
    await input.fill('Hello from another origin');
    await input.press('Enter');
    await p.locator('ticket-widget .tw-visitor[data-state="sent"]').waitFor({ timeout: TIMEOUT });
    const ticket = (await p.locator('ticket-widget .tw-ticket').textContent()).match(/T\d{4}/)[0];
    stack.tg.pushOperatorText(`/reply ${ticket} Hi! Cross-origin works.`);
    await p.locator('ticket-widget .tw-operator[data-id]', { hasText: 'Cross-origin works' }).waitFor({ timeout: TIMEOUT });
    assert.ok(apiCalls.length > 0 && apiCalls.every((u) => u.startsWith(stack.url)), `API calls go to the app: ${apiCalls}`);
    await p.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden', timeout: TIMEOUT });
  } finally {
    await ctx.close();
  }
});

test('a failed send shows "Non envoyé" + Réessayer; the retry reuses its client_id', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    const w = await openWidget(p);
    const bodies = [];
    p.on('request', (r) => { if (r.url().endsWith('/api/v1/messages')) bodies.push(r.postDataJSON()); });
    let failNext = true;
    await p.route('**/api/v1/messages', (route) => {
      if (failNext) { failNext = false; return route.abort('connectionreset'); }
      return route.continue();
    });
    await w.input.fill('Message qui échoue puis passe');
    await w.input.press('Enter');
    const bubble = p.locator('ticket-widget .tw-visitor', { hasText: 'échoue puis passe' });
    await bubble.and(p.locator('[data-state="failed"]')).waitFor();
    assert.match(await bubble.locator('.tw-meta').textContent(), /Non envoyé/);
    await bubble.getByRole('button', { name: 'Réessayer' }).click();
    await bubble.and(p.locator('[data-state="sent"]')).waitFor();
    assert.equal(bodies.length, 2);
    assert.equal(bodies[0].client_id, bodies[1].client_id);
    assert.equal(await bubble.count(), 1);
  } finally {
    await ctx.close();
  }
});

test('rate limited (429): a gentle note, automatic retry, every message sent once and in order', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    const w = await openWidget(p);
    const statuses = [];
    p.on('response', (r) => { if (r.url().endsWith('/api/v1/messages')) statuses.push(r.status()); });
    const N = 30;
    // Queue N messages at once, faster than any person could type.
    await w.input.evaluate((el, n) => {
      for (let i = 1; i <= n; i++) {
        el.value = `Rafale ${i}`;
        el.form.requestSubmit();
      }
    }, N);
    await p.locator('ticket-widget .tw-note', { hasText: /nouvel essai/ }).waitFor({ timeout: 60_000 });
    // The bubble's exact text: "Rafale 3" followed by a time such as 09:41 also contains "Rafale 30".
    await p.locator('ticket-widget .tw-visitor[data-state="sent"]', { has: p.locator('.tw-bubble', { hasText: new RegExp(`^Rafale ${N}$`) }) })
      .waitFor({ timeout: 120_000 });
    assert.ok(statuses.includes(429), `the server rate-limited the burst: ${statuses}`);
    const texts = await p.locator('ticket-widget .tw-visitor .tw-bubble').allTextContents();
    assert.deepEqual(texts, Array.from({ length: N }, (_, i) => `Rafale ${i + 1}`));
    assert.equal(await p.locator('ticket-widget .tw-visitor[data-state="sent"]').count(), N);
  } finally {
    await ctx.close();
  }
});
