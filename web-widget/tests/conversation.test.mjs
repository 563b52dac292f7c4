// End-to-end conversation flow against the real app binary + fake Telegram.
// Tests in this file run in order and share one visitor (ticket T1001).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  startStack, launchBrowser, newContext, widget, openWidget, sendMessage, messageTexts, waitOnline,
  plain, TIMEOUT, SCREENSHOT_DIR,
} from './harness.mjs';

let stack;
let browser;
let context;
let page;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await newContext(browser, stack);
  page = await context.newPage();
});

after(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
});

/** Exactly one bubble has this text (after a later sentinel proved everything arrived). */
async function assertOnce(p, text) {
  const texts = await messageTexts(p);
  assert.equal(texts.filter((t) => t === text).length, 1, `"${text}" should be shown exactly once in ${JSON.stringify(texts)}`);
}

test('demo page: open the widget, send a message, get ticket T1001 and a Telegram notification', async () => {
  await page.goto(stack.url);
  assert.match(await page.title(), /Carnet/);
  const w = await openWidget(page);
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
  // focus moved into the panel, on the message box
  assert.equal(await w.input.evaluate((el) => el.getRootNode().activeElement === el), true);

  await sendMessage(page, 'Bonjour, le plan Indépendant inclut-il les relances ?');
  await w.ticket.filter({ hasText: 'Ticket T1001' }).waitFor();

  const note = await stack.tg.waitForSent((b) => plain(b.text).includes('NOUVEAU TICKET T1001'));
  assert.equal(String(note.chat_id), '42');
  assert.match(plain(note.text), /relances/);
});

test('optional name/email form: dismissible, remembered, sent with the next message', async () => {
  const form = page.locator('ticket-widget .tw-profile');
  await form.waitFor({ state: 'visible' });
  // The message box stays usable while the form is shown.
  assert.equal(await widget(page).input.isEditable(), true);
  await form.getByRole('textbox', { name: 'Votre nom' }).fill('Jeanne Martin');
  await form.getByRole('textbox', { name: 'Votre e-mail' }).fill('jeanne@example.com');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await form.waitFor({ state: 'hidden' });
  const stored = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith(':profile'))?.[1]);
  assert.match(stored, /jeanne@example.com/);

  const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/messages') && r.method() === 'POST');
  await sendMessage(page, 'Je suis graphiste, 4 clients par mois.');
  const body = (await posted).postDataJSON();
  assert.equal(body.name, 'Jeanne Martin');
  assert.equal(body.email, 'jeanne@example.com');
  assert.equal(body.page, '/');
  assert.match(body.client_id, /^[0-9a-f-]{16,}$/);
});

test('the operator reply (/reply T1001 …) appears live without reload', async () => {
  stack.tg.pushOperatorText('/reply T1001 Oui ! Les relances sont incluses dès le plan Indépendant.');
  const w = widget(page);
  await w.operatorText('Les relances sont incluses').waitFor();
  assert.equal(await w.ticket.textContent(), 'Ticket T1001');
  // Who answered: the operator's first name in Telegram, before the support's name.
  const meta = page.locator('ticket-widget .tw-operator[data-id] .tw-meta', { hasText: 'Op · ' });
  await meta.first().waitFor();
});

test('reload keeps the history', async () => {
  const before = await messageTexts(page);
  await page.reload();
  const w = await openWidget(page);
  await w.ticket.filter({ hasText: 'Ticket T1001' }).waitFor();
  await w.operatorText('Les relances sont incluses').waitFor();
  assert.deepEqual(await messageTexts(page), before);
});

test('another tab shows the same conversation and receives live replies', async () => {
  const page2 = await context.newPage();
  try {
    await page2.goto(stack.url);
    const w2 = await openWidget(page2);
    await w2.operatorText('Les relances sont incluses').waitFor();
    await waitOnline(page2);
    await waitOnline(page);

    stack.tg.pushOperatorText('/reply T1001 Vous pouvez essayer 30 jours gratuitement.');
    await w2.operatorText('30 jours gratuitement').waitFor();
    await widget(page).operatorText('30 jours gratuitement').waitFor();

    // A message written in tab 2 shows up in tab 1 too.
    await sendMessage(page2, 'Merci, je vais essayer.');
    await widget(page).visitorText('Merci, je vais essayer.').waitFor();
    assert.deepEqual(await messageTexts(page2), await messageTexts(page));
  } finally {
    await page2.close();
  }
});

test('screenshots: desktop (1280x800, light and dark), phone (390x844), widget open with a conversation', async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.reload();
  const w = await openWidget(page);
  await w.operatorText('30 jours gratuitement').waitFor();
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop.png') });
  // The same in the dark scheme (prefers-color-scheme: dark).
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Same visitor on a phone (390x844): the panel fills the screen.
  const mobile = await newContext(browser, stack, {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    storageState: await context.storageState(),
  });
  try {
    const p = await mobile.newPage();
    await p.goto(stack.url);
    const m = await openWidget(p);
    await m.operatorText('30 jours gratuitement').waitFor({ timeout: TIMEOUT });
    const box = await m.panel.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844]);
    await p.evaluate(() => document.activeElement?.blur());
    await p.screenshot({ path: path.join(SCREENSHOT_DIR, 'mobile.png') });
  } finally {
    await mobile.close();
  }
});

test('unread badge while closed, title badge while the tab is hidden', async () => {
  const w = widget(page);
  await waitOnline(page);
  await w.launcher.click(); // close
  await w.panel.waitFor({ state: 'hidden' });
  // Simulate a hidden tab (headless Chromium has no real tab switching).
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const original = await page.title();
  stack.tg.pushOperatorText('/reply T1001 Petite question : combien de factures par mois ?');
  const badge = page.locator('ticket-widget .tw-badge');
  await badge.filter({ hasText: '1' }).waitFor();
  await page.waitForFunction((t) => document.title === `(1) ${t}`, original);
  assert.match(await w.launcher.getAttribute('aria-label'), /1 nouveau message/);
  await page.evaluate(() => {
    delete document.hidden; // back to the real (visible) getter
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction((t) => document.title === t, original);
  await w.launcher.click();
  await badge.waitFor({ state: 'hidden' });
  await w.operatorText('combien de factures').waitFor();
});

test('an invalid stored token is replaced (401 → new visitor, message retried once)', async () => {
  const ctx = await newContext(browser, stack);
  try {
    const p = await ctx.newPage();
    await p.goto(stack.url);
    const key = await p.evaluate(() => {
      // widget keys are namespaced by API base: "ticket-widget:<base>:token"
      const k = `ticket-widget:${location.origin}:token`;
      localStorage.setItem(k, JSON.stringify('not-a-valid-token'));
      return k;
    });
    // Hide the history call so the bad token survives until the first send.
    await p.route('**/api/v1/conversation*', (r) => r.abort());
    await p.reload();
    const statuses = [];
    p.on('response', (r) => { if (r.url().endsWith('/api/v1/messages')) statuses.push(r.status()); });
    await openWidget(p);
    await sendMessage(p, 'Message avec un vieux jeton');
    await widget(p).ticket.filter({ hasText: /T\d{4}/ }).waitFor();
    assert.deepEqual(statuses, [401, 201]);
    const token = await p.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
    assert.ok(token && token !== 'not-a-valid-token');
  } finally {
    await ctx.close();
  }
});

test('offline and back: replies sent meanwhile appear exactly once', async () => {
  const w = widget(page);
  await waitOnline(page);
  await context.setOffline(true);
  await page.locator('ticket-widget .tw[data-conn="online"]').waitFor({ state: 'detached' });

  const a = stack.tg.pushOperatorText('/reply T1001 Réponse pendant la coupure (1).');
  const b = stack.tg.pushOperatorText('/reply T1001 Réponse pendant la coupure (2).');
  await stack.tg.waitForConfirmed(Math.max(a, b));

  await context.setOffline(false);
  await w.operatorText('pendant la coupure (1)').waitFor();
  await w.operatorText('pendant la coupure (2)').waitFor();
  await waitOnline(page);

  // A sentinel sent after reconnection: once it is here, any duplicate would be too.
  stack.tg.pushOperatorText('/reply T1001 Sentinelle après reconnexion.');
  await w.operatorText('Sentinelle après reconnexion').waitFor();
  await assertOnce(page, 'Réponse pendant la coupure (1).');
  await assertOnce(page, 'Réponse pendant la coupure (2).');
  const ids = await page.evaluate(() => [...document.querySelector('ticket-widget').shadowRoot
    .querySelectorAll('.tw-msg[data-id]')].map((e) => Number(e.dataset.id)));
  assert.deepEqual(ids, [...new Set(ids)].sort((x, y) => x - y), 'message ids unique and in order');
});

test('server restart (socket closed by the server): resumes without loss or duplicates', async () => {
  const w = widget(page);
  await waitOnline(page);
  await stack.restart(async () => {
    await page.locator('ticket-widget .tw[data-conn="online"]').waitFor({ state: 'detached' });
    // queued in Telegram while the app is down: the restarted bot fetches it
    stack.tg.pushOperatorText('/reply T1001 Réponse pendant le redémarrage.');
  });
  await w.operatorText('pendant le redémarrage').waitFor({ timeout: 90_000 });
  await waitOnline(page);
  stack.tg.pushOperatorText('/reply T1001 Tout est revenu.');
  await w.operatorText('Tout est revenu').waitFor();
  await assertOnce(page, 'Réponse pendant le redémarrage.');
  await assertOnce(page, 'Sentinelle après reconnexion.');
});

test('a closed ticket is shown as closed; writing again reopens it', async () => {
  const w = widget(page);
  await waitOnline(page);
  stack.tg.pushOperatorText('/close T1001');
  await w.status.filter({ hasText: 'Fermé' }).waitFor();
  // one system line says so (the server's note, or the widget's own line without one)
  const systemLines = page.locator('ticket-widget .tw-log .tw-system');
  await systemLines.filter({ hasText: /ferm/i }).first().waitFor();
  assert.equal(await systemLines.filter({ hasText: /ferm/i }).count(), 1);
  assert.match(await systemLines.last().textContent(), /ferm/i);
  await sendMessage(page, 'Encore une question, finalement.');
  await w.status.filter({ hasText: 'Ouvert' }).waitFor();
  await page.locator('ticket-widget .tw-closed-line').waitFor({ state: 'detached' });
  await w.ticket.filter({ hasText: 'Ticket T1001' }).waitFor();
});
