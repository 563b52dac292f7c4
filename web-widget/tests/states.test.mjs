// axe-core (WCAG 2.0–2.2, A and AA) in every state the widget has, in the light and the dark
// scheme: zero violations, and each "needs review" contrast measured from pixels (a11y.mjs).
// Tests in this file run in order and share one visitor; the right-to-left screenshot is taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  startStack, launchBrowser, newContext, widget, openWidget, sendMessage, waitOnline, SCREENSHOT_DIR,
} from './harness.mjs';
import { assertAxeClean, inShadow } from './a11y.mjs';

let stack;
let browser;
let context;
let page;
let ticket;
const summary = [];

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await newContext(browser, stack);
  page = await context.newPage();
});

after(async () => {
  console.log(`# axe states (violations 0; needs-review contrasts measured from pixels): ${summary.map((s) =>
    `${s.state} [${s.reviewed.map((r) => `"${r.text}" ${r.ratio}`).join('; ') || 'nothing to review'}]`).join(' · ')}`);
  await browser?.close().catch(() => {});
  await stack?.stop();
});

/** Let every animation of the widget finish, then one frame. */
const settle = (p) => inShadow(p, (root) => Promise.all(root.getAnimations()
  .map((a) => a.finished.catch(() => {}))).then(() => new Promise((r) => requestAnimationFrame(() => r()))));

/** axe in this state, in the light and the dark scheme. */
async function axeBothSchemes(p, state) {
  for (const scheme of ['light', 'dark']) {
    await p.emulateMedia({ colorScheme: scheme });
    await settle(p);
    summary.push(await assertAxeClean(p, `${state}, ${scheme}`));
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

test('closed (launcher only)', async () => {
  await page.goto(stack.url);
  await widget(page).launcher.waitFor();
  await axeBothSchemes(page, 'closed');
});

test('open and empty', async () => {
  await openWidget(page);
  await axeBothSchemes(page, 'open, empty');
});

test('the first message sent, the profile card shown', async () => {
  await sendMessage(page, 'Bonjour, une question pour axe.');
  ticket = (await widget(page).ticket.textContent()).match(/T\d{4}/)[0];
  await page.locator('ticket-widget .tw-profile').waitFor();
  await waitOnline(page);
  await axeBothSchemes(page, 'profile card');
});

test('with messages (visitor, operator, a link), the card dismissed', async () => {
  await page.locator('ticket-widget .tw-link').click();
  await page.locator('ticket-widget .tw-profile').waitFor({ state: 'hidden' });
  stack.tg.pushOperatorText(`/reply ${ticket} Bonjour ! Tout est expliqué sur https://example.com/aide, dites-moi si besoin.`);
  await widget(page).operatorText('Tout est expliqué').waitFor();
  await axeBothSchemes(page, 'with messages');
});

test('a failed send (Non envoyé + Réessayer)', async () => {
  await page.route('**/api/v1/messages', (route) => route.abort('connectionreset'));
  const w = widget(page);
  await w.input.fill('Ce message ne part pas');
  await w.input.press('Enter');
  await page.locator('ticket-widget .tw-visitor[data-state="failed"]').waitFor();
  await axeBothSchemes(page, 'failed send');
  await page.unroute('**/api/v1/messages');
  await page.locator('ticket-widget .tw-retry').click();
  await page.locator('ticket-widget .tw-visitor[data-state="sent"]', { hasText: 'ne part pas' }).waitFor();
});

test('offline (reconnecting)', async () => {
  await context.setOffline(true);
  await page.locator('ticket-widget .tw[data-conn="offline"]').waitFor({ state: 'attached' });
  await axeBothSchemes(page, 'offline');
  await context.setOffline(false);
  await waitOnline(page);
});

test('closed with an unread badge', async () => {
  const w = widget(page);
  await w.launcher.click();
  await w.panel.waitFor({ state: 'hidden' });
  stack.tg.pushOperatorText(`/reply ${ticket} Une réponse pendant que c’est fermé.`);
  await page.locator('ticket-widget .tw-badge').filter({ hasText: '1' }).waitFor();
  await axeBothSchemes(page, 'closed, unread badge');
  await w.launcher.click();
  await w.panel.waitFor();
});

test('right-to-left replies (Arabic, Hebrew)', async () => {
  stack.tg.pushOperatorText(`/reply ${ticket} مرحبا! كيف يمكنني مساعدتك اليوم؟`);
  stack.tg.pushOperatorText(`/reply ${ticket} שלום, איך אפשר לעזור?`);
  await widget(page).operatorText('שלום').waitFor();
  await axeBothSchemes(page, 'right-to-left replies');
});

test('a closed ticket (status pill, closing line)', async () => {
  stack.tg.pushOperatorText(`/close ${ticket}`);
  await widget(page).status.filter({ hasText: 'Fermé' }).waitFor();
  await axeBothSchemes(page, 'closed ticket');
});

test('phone (360×740), open with the conversation; and the right-to-left screenshot', async () => {
  const phone = await newContext(browser, stack, {
    viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    storageState: await context.storageState(),
  });
  try {
    const p = await phone.newPage();
    await p.goto(stack.url);
    await widget(p).launcher.waitFor();
    await axeBothSchemes(p, 'phone, closed');
    const w = await openWidget(p);
    await w.operatorText('שלום').waitFor();
    await axeBothSchemes(p, 'phone, open');
    await sendMessage(p, 'شكرا جزيلا، سؤال أخير: هل يعمل هذا على الهاتف؟');
    stack.tg.pushOperatorText(`/reply ${ticket} نعم، بالتأكيد! اكتب لنا في أي وقت.`);
    await w.operatorText('بالتأكيد').waitFor();
    await p.evaluate(() => document.activeElement?.blur());
    await settle(p);
    await p.screenshot({ path: path.join(SCREENSHOT_DIR, 'rtl.png') });
  } finally {
    await phone.close();
  }
});

test('200 % zoom (640×400 CSS px), open with the profile card', async () => {
  const zoomed = await newContext(browser, stack, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  try {
    const p = await zoomed.newPage();
    await p.goto(stack.url);
    await openWidget(p);
    await sendMessage(p, 'Question à 200 %');
    await p.locator('ticket-widget .tw-profile').waitFor();
    await axeBothSchemes(p, '200 % zoom');
  } finally {
    await zoomed.close();
  }
  assert.ok(summary.length >= 24, `axe ran in ${summary.length} states`);
});
