// Accessibility of the widget (WCAG 2.2 AA), one behaviour per test, against the real app + fake
// Telegram: focus rings measured from pixels, text contrast, language, right-to-left, the
// launcher's name, phones, zoom, live regions, dark scheme and accents, a keyboard-only chat.
// (axe-core in every state of the widget: states.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startStack, freePort, launchBrowser, newContext, widget, openWidget, sendMessage, waitOnline,
} from './harness.mjs';
import {
  assertTextContrastByPixels, changedPixels, contrast, grab, inShadow, parseColor, luminance,
} from './a11y.mjs';

let stack;
let browser;
let hostUrl;
let hostSite;

before(async () => {
  const hostPort = await freePort();
  hostUrl = `http://127.0.0.1:${hostPort}`;
  stack = await startStack({ extraOrigins: [hostUrl] });
  hostSite = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(hostPage(new URL(req.url, hostUrl).searchParams));
  });
  await new Promise((r) => hostSite.listen(hostPort, '127.0.0.1', r));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  hostSite?.close();
  await stack?.stop();
});

/**
 * Another site embedding the widget: ?lang=de&dir=rtl&bg=%23111 set the page, every data-*
 * parameter goes on the script tag, ?button=1 puts a button in the bottom-right corner.
 */
function hostPage(params) {
  const attr = (s) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const data = [...params].filter(([k]) => k.startsWith('data-')).map(([k, v]) => ` ${k}="${attr(v)}"`).join('');
  return `<!doctype html><html lang="${attr(params.get('lang') || 'en')}" dir="${attr(params.get('dir') || 'ltr')}">
    <head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host site</title></head>
    <body style="margin:0;min-height:100vh;background:${attr(params.get('bg') || '#fff')}"><main><h1>Host site</h1><a href="#top">Top</a></main>
    ${params.get('button') ? '<button id="corner" style="position:fixed;right:60px;bottom:300px">Corner</button>' : ''}
    <script src="${stack.url}/widget.js" defer${data}></script></body></html>`;
}

const host = (params = {}) => `${hostUrl}/?${new URLSearchParams(params)}`;

/** A fresh visitor (own context). */
async function visitor(options = {}) {
  const ctx = await newContext(browser, stack, { deviceScaleFactor: 1, ...options });
  const page = await ctx.newPage();
  return { ctx, page };
}

/** The ticket shown in the header, once the first message created it. */
async function ticketOf(page) {
  const w = widget(page);
  await w.ticket.filter({ hasText: /T\d{4}/ }).waitFor();
  return (await w.ticket.textContent()).match(/T\d{4}/)[0];
}

/** Let every animation in the widget finish. */
const settle = (page) => inShadow(page, (root) => Promise.all(root.getAnimations()
  .map((a) => a.finished.catch(() => {}))).then(() => new Promise((r) => requestAnimationFrame(() => r()))));

/** Nothing focused in the page or the widget, the mouse out of the way. */
async function blurAll(page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    document.querySelector('ticket-widget')?.shadowRoot.activeElement?.blur();
    document.activeElement?.blur();
  });
}

/** The element focused in the page, through the widget's shadow root: {inWidget, cls, tag, id}. */
const focused = (page) => page.evaluate(() => {
  const hostEl = document.querySelector('ticket-widget');
  const a = document.activeElement;
  if (a === hostEl) {
    const e = hostEl.shadowRoot.activeElement;
    return { inWidget: true, cls: e?.className || '', tag: e?.tagName.toLowerCase() };
  }
  return { inWidget: false, cls: '', tag: a?.tagName.toLowerCase(), id: a?.id || '' };
});

/**
 * The focus ring of a control, from pixels: a screenshot around it unfocused, then focused from
 * the keyboard; counts the pixels whose colour changed by a contrast of 3:1 or more, against the
 * area of a 2 CSS px thick line along the perimeter of the control (the measure of WCAG 2.4.13, which is stricter
 * than the 3:1 against adjacent colours that 1.4.11 asks of the indicator).
 */
async function ring(page, locator, name) {
  // Scrolled into view as focusing it from the keyboard does (the ring included).
  await locator.focus();
  await blurAll(page);
  await settle(page);
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  const x = Math.max(0, Math.floor(box.x - 9));
  const y = Math.max(0, Math.floor(box.y - 9));
  const clip = { x, y, width: Math.min(vp.width, Math.ceil(box.x + box.width + 9)) - x, height: Math.min(vp.height, Math.ceil(box.y + box.height + 9)) - y };
  const before = await grab(page, clip);
  await page.keyboard.press('Shift'); // keyboard modality: a scripted focus now shows :focus-visible
  await locator.focus();
  assert.ok(await locator.evaluate((el) => el.matches(':focus-visible')), `${name} shows its focus-visible state`);
  const after = await grab(page, clip);
  const changed = changedPixels(before, after, 3);
  // The perimeter of the control, rounded corners included (a circle's is 2πr).
  const radius = await locator.evaluate((el) => {
    const r = getComputedStyle(el).borderTopLeftRadius;
    return r.endsWith('%') ? (parseFloat(r) / 100) * el.offsetWidth : parseFloat(r) || 0;
  });
  const r = Math.min(radius, box.width / 2, box.height / 2);
  const needed = Math.round(2 * (2 * (box.width + box.height) - (8 - 2 * Math.PI) * r));
  return { name, changed, needed, ok: changed >= needed };
}

/**
 * Every visible piece of text in the widget, measured from pixels (text against what is drawn
 * behind it): returns [{text, ratio}] and fails below 4.5:1 (3:1 for large text).
 */
async function assertAllTextContrast(page, state) {
  const count = await inShadow(page, (root) => {
    let n = 0;
    for (const el of root.querySelectorAll('*')) {
      el.removeAttribute('data-probe');
      const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
      const r = el.getBoundingClientRect();
      if (own && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && r.width > 2 && r.height > 2) {
        el.setAttribute('data-probe', String(n++));
      }
    }
    return n;
  });
  assert.ok(count > 0, 'some text to measure');
  const results = [];
  for (let i = 0; i < count; i++) {
    results.push(await assertTextContrastByPixels(page, [['ticket-widget', `[data-probe="${i}"]`]], state));
  }
  return results;
}

/** Computed colours of an element in the widget. */
const colours = (page, selector) => inShadow(page, (root, sel) => {
  const el = root.querySelector(sel);
  const cs = getComputedStyle(el);
  return { color: cs.color, bg: cs.backgroundColor, stroke: el.querySelector('svg') && getComputedStyle(el.querySelector('svg')).stroke, fontSize: cs.fontSize };
}, selector);

/**
 * Wait until a live region of the widget that assistive technology can hear (aria-live or a live
 * role, rendered, not aria-hidden, not made inert by a modal dialog) contains the text; returns
 * the region's text.
 */
async function announced(page, text) {
  const handle = await page.waitForFunction((t) => {
    const root = document.querySelector('ticket-widget').shadowRoot;
    const modal = root.querySelector('dialog:modal');
    const region = [...root.querySelectorAll('[aria-live], [role="status"], [role="log"], [role="alert"]')].find((r) =>
      r.getAttribute('aria-live') !== 'off' && r.textContent.includes(t) && r.checkVisibility() &&
      !r.closest('[aria-hidden="true"], [inert]') && (!modal || modal.contains(r)));
    return region && region.textContent;
  }, text);
  return handle.jsonValue();
}

// ---------------------------------------------------------------------------------------------

test('the styles of the buttons are their own: the base reset does not outrank .tw-save, .tw-link, .tw-retry, the icons', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Question pour la cascade.');
    await page.route('**/api/v1/messages', (route) => route.abort('connectionreset'));
    await w.input.fill('Échec pour la cascade');
    await w.input.press('Enter');
    await page.locator('ticket-widget .tw-retry').waitFor();
    await page.locator('ticket-widget .tw-profile').waitFor();
    const vars = await inShadow(page, (root) => {
      const cs = getComputedStyle(root.querySelector('.tw'));
      return { onAccent: cs.getPropertyValue('--tw-on-accent').trim(), muted: cs.getPropertyValue('--tw-muted').trim() };
    });
    const on = parseColor(vars.onAccent);
    const same = (css, rgb) => parseColor(css).slice(0, 3).every((v, i) => Math.abs(v - rgb[i]) < 1.5);
    const save = await colours(page, '.tw-save');
    const link = await colours(page, '.tw-link');
    const retry = await colours(page, '.tw-retry');
    const meta = await colours(page, '.tw-visitor[data-state="failed"] .tw-meta');
    const launcher = await colours(page, '.tw-launcher');
    const send = await colours(page, '.tw-send');
    assert.ok(same(save.color, on), `Enregistrer is written in the on-accent colour ${vars.onAccent}, not ${save.color}`);
    assert.equal(save.fontSize, '13px', 'Enregistrer has its own size');
    assert.equal(link.fontSize, '13px', 'Plus tard has its own size');
    assert.ok(same(link.color, parseColor(vars.muted)), `Plus tard is muted (${vars.muted}), not ${link.color}`);
    assert.equal(retry.fontSize, meta.fontSize, 'Réessayer has the size of its line');
    assert.notEqual(retry.color, meta.color, 'Réessayer has the colour of a link, not of its line');
    assert.ok(same(launcher.stroke, on), `the launcher icon is in the on-accent colour, not ${launcher.stroke}`);
    assert.ok(same(send.stroke, on), `the send icon is in the on-accent colour, not ${send.stroke}`);
    for (const [name, c] of [['launcher', launcher], ['send', send], ['save', save]]) {
      const fg = name === 'save' ? c.color : c.stroke;
      assert.ok(contrast(fg, c.bg) >= 4.5, `${name}: ${fg} on ${c.bg} is ${contrast(fg, c.bg).toFixed(2)}:1`);
    }
  } finally {
    await ctx.close();
  }
});

test('accents: data-accent and TicketWidget.setAccent, text on any accent ≥ 4.5:1 (chosen by computed contrast), links ≥ 4.5:1 in light and dark', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(host({ 'data-accent': '#fde047', 'data-locale': 'fr' }));
    const w = await openWidget(page);
    const bgOf = (sel) => inShadow(page, (root, s) => getComputedStyle(root.querySelector(s)).backgroundColor, sel);
    assert.equal(await bgOf('.tw-launcher'), 'rgb(253, 224, 71)', 'data-accent is the launcher colour');
    await sendMessage(page, 'Question en couleurs.');
    const tk = await ticketOf(page);
    stack.tg.pushOperatorText(`/reply ${tk} Un lien https://example.com/couleurs pour vous.`);
    await w.operatorText('Un lien').waitFor();
    await page.locator('ticket-widget .tw-profile').waitFor();

    const accents = ['#fde047', '#808080', '#777777', '#767676', 'rgb(0 128 128)', 'orange', 'hsl(200 90% 45%)', '#1e1b4b', '#ffffff', '#000000', 'oklch(62% 0.2 20)'];
    const report = [];
    for (const accent of accents) {
      assert.equal(await page.evaluate((a) => window.TicketWidget.setAccent(a), accent), true, `setAccent(${accent}) accepted`);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const c = await inShadow(page, (root) => {
          const st = (sel) => getComputedStyle(root.querySelector(sel));
          return {
            launcher: [st('.tw-launcher svg').stroke, st('.tw-launcher').backgroundColor],
            bubble: [st('.tw-visitor .tw-bubble').color, st('.tw-visitor .tw-bubble').backgroundColor],
            save: [st('.tw-save').color, st('.tw-save').backgroundColor],
            link: [st('.tw-operator a').color, st('.tw-operator .tw-bubble').backgroundColor],
          };
        });
        for (const [part, [fg, bgc]] of Object.entries(c)) {
          const r = contrast(fg, bgc);
          report.push(`${accent} ${scheme} ${part} ${r.toFixed(2)}`);
          assert.ok(r >= 4.5, `accent ${accent}, ${scheme}: ${part} ${fg} on ${bgc} is ${r.toFixed(2)}:1`);
        }
        const header = await assertTextContrastByPixels(page, [['ticket-widget', '.tw-title']], `accent ${accent}, ${scheme}`);
        report.push(`${accent} ${scheme} header ${header.ratio}`);
      }
    }
    console.log(`# accents: ${report.join(', ')}`);
    assert.equal(await page.evaluate(() => window.TicketWidget.setAccent('not a colour')), false);
  } finally {
    await ctx.close();
  }
});

test('text contrast: every text of the widget is ≥ 4.5:1 from pixels (header on its gradient, card, badge, buttons)', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Question pour le contraste.');
    const tk = await ticketOf(page);
    await waitOnline(page);
    await page.locator('ticket-widget .tw-profile').waitFor();
    await settle(page);
    const open = await assertAllTextContrast(page, 'open, profile card');
    await w.launcher.click();
    await w.panel.waitFor({ state: 'hidden' });
    stack.tg.pushOperatorText(`/reply ${tk} Réponse pendant que le panneau est fermé.`);
    await page.locator('ticket-widget .tw-badge').filter({ hasText: '1' }).waitFor();
    await settle(page);
    const closed = await assertAllTextContrast(page, 'closed, unread badge');
    console.log(`# text contrast from pixels: ${[...open, ...closed].map((r) => `"${r.text}" ${r.ratio}`).join(', ')}`);
  } finally {
    await ctx.close();
  }
});

test('focus rings: every control changes ≥ a 2 px perimeter of pixels by ≥ 3:1 when focused, on light and dark pages', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Bonjour, une question sur les rings.');
    const tk = await ticketOf(page);
    stack.tg.pushOperatorText(`/reply ${tk} Voir https://example.com/aide pour les détails.`);
    await w.operatorText('Voir').waitFor();
    await page.route('**/api/v1/messages', (route) => route.abort('connectionreset'));
    await w.input.fill('Ce message échoue');
    await w.input.press('Enter');
    await page.locator('ticket-widget .tw-visitor[data-state="failed"]').waitFor();
    await page.locator('ticket-widget .tw-profile').waitFor();

    const sr = (sel) => page.locator(`ticket-widget ${sel}`).first();
    const controls = [
      ['launcher (open)', w.launcher],
      ['close', sr('.tw-close')],
      ['message list', w.log],
      ['message box', w.input],
      ['send', sr('.tw-send')],
      ['retry', sr('.tw-retry')],
      ['link in a reply', sr('.tw-operator a')],
      ['name', page.getByRole('textbox', { name: 'Votre nom' })],
      ['e-mail', page.getByRole('textbox', { name: 'Votre e-mail' })],
      ['profile: not now (×)', sr('.tw-profile-x')],
      ['profile: not now', sr('.tw-link')],
      ['profile: save', sr('.tw-save')],
    ];
    const results = [];
    for (const [name, loc] of controls) results.push(await ring(page, loc, name));
    await w.launcher.click();
    await w.panel.waitFor({ state: 'hidden' });
    results.push(await ring(page, w.launcher, 'launcher (closed), white page'));

    // The launcher sits on the host page: its ring must show on any background.
    for (const bg of ['#111111', '#2563eb', '#808080']) {
      const p = await ctx.newPage();
      await p.goto(host({ bg }));
      await widget(p).launcher.waitFor();
      await settle(p);
      results.push(await ring(p, widget(p).launcher, `launcher (closed), page ${bg}`));
      await p.close();
    }
    console.log(`# focus rings (changed pixels ≥ 3:1 / 2 px perimeter): ${results.map((r) => `${r.name} ${r.changed}/${r.needed}`).join(', ')}`);
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.changed} < ${r.needed}`), []);
  } finally {
    await ctx.close();
  }
});

test('dark scheme: dark colours under prefers-color-scheme: dark, every text ≥ 4.5:1 from pixels', async () => {
  const { ctx, page } = await visitor({ colorScheme: 'dark' });
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Question dans le noir.');
    const tk = await ticketOf(page);
    stack.tg.pushOperatorText(`/reply ${tk} Réponse avec un lien https://example.com/nuit.`);
    await w.operatorText('Réponse avec un lien').waitFor();
    await page.locator('ticket-widget .tw-profile').waitFor();
    await settle(page);
    const bg = await inShadow(page, (root) => ['.tw-panel', '.tw-log', '.tw-compose', '.tw-operator .tw-bubble']
      .map((sel) => getComputedStyle(root.querySelector(sel)).backgroundColor));
    for (const c of bg) assert.ok(luminance(parseColor(c)) < 0.06, `dark background, not ${c}`);
    const results = await assertAllTextContrast(page, 'dark, open');
    console.log(`# dark text contrast from pixels: ${results.map((r) => `"${r.text}" ${r.ratio}`).join(', ')}`);
  } finally {
    await ctx.close();
  }
});

test('language: the widget declares its own language (English on a French page, German on a German page, Spanish on a Spanish one, English where it has no table; French on the demo)', async () => {
  const { ctx, page } = await visitor();
  try {
    /** The language that assistive technology reads each part in: the nearest lang, through the shadow host. */
    const langs = () => inShadow(page, (root) => ['.tw-title', '.tw-launcher', 'textarea', '.tw-greet'].map((sel) => {
      for (let n = root.querySelector(sel); n; n = n.parentElement || n.getRootNode().host) {
        if (n.hasAttribute('lang')) return n.getAttribute('lang');
      }
      return null;
    }));
    for (const [params, want] of [[{ lang: 'fr', 'data-locale': 'en' }, 'en'], [{ lang: 'de' }, 'de'], [{ lang: 'es-ES' }, 'es'], [{ lang: 'pt' }, 'en'], [{ lang: 'de', 'data-locale': 'fr' }, 'fr']]) {
      await page.goto(host(params));
      await openWidget(page);
      assert.deepEqual(await langs(), [want, want, want, want], `page ${JSON.stringify(params)}`);
      assert.ok(await inShadow(page, (root, l) => root.querySelector('.tw-title').matches(`:lang(${l})`), want));
    }
    await page.goto(stack.url);
    await openWidget(page);
    assert.deepEqual(await langs(), ['fr', 'fr', 'fr', 'fr']);
  } finally {
    await ctx.close();
  }
});

test('right-to-left: Arabic and Hebrew replies and the message box run right to left; on an rtl page the widget keeps its own direction', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Bonjour, je parle arabe et hébreu.');
    const tk = await ticketOf(page);
    const arabic = 'مرحبا بك، كيف يمكنني المساعدة!';
    const hebrew = 'שלום, איך אפשר לעזור?';
    stack.tg.pushOperatorText(`/reply ${tk} ${arabic}`);
    stack.tg.pushOperatorText(`/reply ${tk} ${hebrew}`);
    for (const text of [arabic, hebrew]) {
      const bubble = w.operatorText(text.slice(0, 4));
      await bubble.waitFor();
      // In right-to-left order the first letter is drawn right of the last one, and the final
      // question mark ends up at the left end.
      const [first, last, box] = await bubble.evaluate((el) => {
        const node = el.firstChild;
        const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
        const b = el.getBoundingClientRect();
        return [at(0).x, at(node.length - 1).x, { left: b.left, right: b.right }];
      });
      assert.ok(first > last, `"${text}": first letter at x=${first}, last at x=${last}: laid out right to left`);
      assert.ok(last - box.left < 20, `"${text}": the final mark is at the left end of its bubble (${last} vs ${box.left})`);
    }
    await w.input.fill('שלום, יש לי שאלה');
    assert.equal(await w.input.evaluate((el) => getComputedStyle(el).direction), 'rtl', 'the message box follows what is typed');
    await w.input.fill('Hello');
    assert.equal(await w.input.evaluate((el) => getComputedStyle(el).direction), 'ltr');

    // An Arabic page (dir=rtl) with the widget in English: the widget's own text stays ltr.
    await page.goto(host({ lang: 'ar', dir: 'rtl', 'data-locale': 'en' }));
    await openWidget(page);
    assert.equal(await inShadow(page, (root) => getComputedStyle(root.querySelector('.tw-title')).direction), 'ltr');
    const close = await page.locator('ticket-widget .tw-close').boundingBox();
    const panel = await widget(page).panel.boundingBox();
    assert.ok(close.x > panel.x + panel.width / 2, 'the close button stays at the end (right) of the English header');
  } finally {
    await ctx.close();
  }
});

test("the launcher's accessible name contains what its badge shows (12 unread replies)", async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Envoyez-moi plein de réponses.');
    const tk = await ticketOf(page);
    await waitOnline(page);
    await w.launcher.click();
    await w.panel.waitFor({ state: 'hidden' });
    for (let i = 1; i <= 12; i++) stack.tg.pushOperatorText(`/reply ${tk} Réponse numéro ${i}.`);
    await page.waitForFunction(() => document.querySelector('ticket-widget').shadowRoot
      .querySelectorAll('.tw-operator[data-id]').length === 12, null, { timeout: 60_000 });
    const badge = page.locator('ticket-widget .tw-badge');
    await badge.waitFor();
    const shown = (await badge.textContent()).trim();
    const snapshot = await w.launcher.ariaSnapshot();
    const name = snapshot.match(/button "([^"]*)"/)[1];
    // As axe-core reads 2.5.3: the visible text among the words of the name, outside parentheses.
    const words = (str) => str.replace(/\([^()]*\)/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    assert.ok(words(shown).every((x) => words(name).includes(x)), `the name "${name}" contains the badge's "${shown}"`);
    assert.equal(shown, '12');
  } finally {
    await ctx.close();
  }
});

test('live regions: the connection state and a reply that arrives while the panel is closed are announced', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Dites-moi quand vous répondez.');
    const tk = await ticketOf(page);
    await waitOnline(page);
    await ctx.setOffline(true);
    await announced(page, 'Hors ligne');
    await ctx.setOffline(false);
    await waitOnline(page);
    await announced(page, 'En ligne');

    await w.launcher.click();
    await w.panel.waitFor({ state: 'hidden' });
    stack.tg.pushOperatorText(`/reply ${tk} Voici la réponse, panneau fermé.`);
    const said = await announced(page, 'Voici la réponse, panneau fermé.');
    assert.match(said, /support/i, 'says who wrote');
  } finally {
    await ctx.close();
  }
});

/** A phone (360×740) with a conversation, the profile card and a failed message (Réessayer). */
async function phoneWithEverything() {
  const v = await visitor({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await v.page.goto(stack.url);
  const w = await openWidget(v.page);
  await sendMessage(v.page, 'Question depuis un téléphone.');
  await v.page.locator('ticket-widget .tw-profile').waitFor();
  await v.page.route('**/api/v1/messages', (route) => route.abort('connectionreset'));
  await w.input.fill('Échec depuis le téléphone');
  await w.input.press('Enter');
  await v.page.locator('ticket-widget .tw-retry').waitFor();
  await v.page.unroute('**/api/v1/messages');
  return { ...v, w };
}

test('phones: every field is at least 16 px, so iOS does not zoom on focus', async () => {
  const { ctx, page } = await phoneWithEverything();
  try {
    const fields = await inShadow(page, (root) => [...root.querySelectorAll('input, textarea')]
      .map((el) => [el.name || el.tagName, parseFloat(getComputedStyle(el).fontSize)]));
    assert.equal(fields.length, 3);
    assert.deepEqual(fields.filter(([, size]) => size < 16), [], 'no field under 16 px');
  } finally {
    await ctx.close();
  }
});

test('phones: every target is at least 24×24 CSS px (2.5.8)', async () => {
  const { ctx, page } = await phoneWithEverything();
  try {
    const targets = await inShadow(page, (root) => [...root.querySelectorAll('button, input, textarea, summary, [tabindex]')]
      .filter((el) => el.checkVisibility())
      .map((el) => { const r = el.getBoundingClientRect(); return [el.className || el.tagName, Math.round(r.width), Math.round(r.height)]; }));
    assert.ok(targets.length >= 9, JSON.stringify(targets));
    assert.deepEqual(targets.filter(([, wd, ht]) => wd < 24 || ht < 24), []);
  } finally {
    await ctx.close();
  }
});

test('phones: the full-screen panel is modal, Tab and Shift+Tab never reach the page hidden under it (2.4.11)', async () => {
  const { ctx, page, w } = await phoneWithEverything();
  try {
    // From the message box forward, then backward: focus stays in the panel (or leaves to the
    // browser), never on the page hidden under it.
    await w.input.focus();
    const seen = [];
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 16; i++) {
        await page.keyboard.press(key);
        seen.push(await focused(page));
      }
    }
    const onPage = seen.filter((f) => !f.inWidget && f.tag !== 'body' && f.tag !== undefined);
    assert.deepEqual(onPage, [], 'Tab never lands on the page behind the full-screen panel');
    assert.ok(seen.some((f) => f.inWidget && f.tag === 'textarea'), 'Tab comes back around to the message box');
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    assert.ok((await focused(page)).cls.includes('tw-launcher'), 'focus back on the launcher');
  } finally {
    await ctx.close();
  }
});

test('desktop: with the panel open, Escape from the page closes it, so nothing focused stays hidden under it (2.4.11)', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(host({ button: '1' }));
    const w = await openWidget(page);
    const corner = page.locator('#corner');
    const [b, p] = [await corner.boundingBox(), await w.panel.boundingBox()];
    assert.ok(b.x >= p.x && b.x + b.width <= p.x + p.width && b.y >= p.y && b.y + b.height <= p.y + p.height, 'the page button is under the panel');
    await corner.focus();
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    assert.equal((await focused(page)).id, 'corner', 'focus stays where it was, now visible');
  } finally {
    await ctx.close();
  }
});

test('zoom 200 % (640×400, 640×360) and 400 % (320×256): the message box and Send stay in view, the list keeps room, no sideways scrolling', async () => {
  for (const [width, height, zoom] of [[640, 400, 2], [640, 360, 2], [320, 256, 4]]) {
    const { ctx, page } = await visitor({ viewport: { width, height }, deviceScaleFactor: zoom });
    try {
      await page.goto(stack.url);
      const w = await openWidget(page);
      await sendMessage(page, `Question à ${zoom * 100} %`);
      await page.locator('ticket-widget .tw-profile').waitFor();
      await settle(page);
      const m = await inShadow(page, (root) => {
        const vis = (sel) => {
          const el = root.querySelector(sel);
          const r = el.getBoundingClientRect();
          const hit = root.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return { inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth, hit: hit === el || el.contains(hit) };
        };
        const panel = root.querySelector('.tw-panel');
        return {
          input: vis('textarea'), send: vis('.tw-send'),
          log: root.querySelector('.tw-log').clientHeight,
          sideways: panel.scrollWidth > panel.clientWidth || document.documentElement.scrollWidth > innerWidth,
          summary: !!root.querySelector('.tw-profile summary'),
        };
      });
      const at = `${width}×${height} (${zoom * 100} %)`;
      assert.deepEqual(m.input, { inView: true, hit: true }, `${at}: the message box is in view`);
      assert.deepEqual(m.send, { inView: true, hit: true }, `${at}: Send is in view`);
      assert.ok(m.log >= 64, `${at}: the message list keeps room (${m.log} px)`);
      assert.equal(m.sideways, false, `${at}: nothing wider than the screen`);
      assert.ok(m.summary, `${at}: the profile card can be collapsed`);
      // Typing still works there.
      await sendMessage(page, 'Toujours utilisable');
    } finally {
      await ctx.close();
    }
  }
});

test('text spacing (1.4.12): with the spacing of WCAG applied, no text is cut off and nothing spills sideways', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = await openWidget(page);
    await sendMessage(page, 'Un message pour l’espacement du texte.');
    await page.locator('ticket-widget .tw-profile').waitFor();
    await page.route('**/api/v1/messages', (route) => route.abort('connectionreset'));
    await w.input.fill('Un échec pour l’espacement');
    await w.input.press('Enter');
    await page.locator('ticket-widget .tw-retry').waitFor();
    const clipped = await inShadow(page, (root) => {
      const style = document.createElement('style');
      style.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }';
      root.append(style);
      const panel = root.querySelector('.tw-panel').getBoundingClientRect();
      const bad = [];
      for (const el of root.querySelectorAll('.tw-panel *, .tw-badge')) {
        if (!el.checkVisibility() || el.closest('.tw-sr') || !el.textContent.trim()) continue;
        const cs = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
        const scrolls = /auto|scroll/.test(cs.overflowX + cs.overflowY);
        const name = el.className || el.tagName;
        if (clips && !scrolls && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) bad.push(`${name} cut off`);
        if (el.closest('.tw-panel') && (r.left < panel.left - 1 || r.right > panel.right + 1)) bad.push(`${name} spills out of the panel`);
        // Its own text stays inside its box (text running over its neighbours is lost too).
        for (const n of el.childNodes) {
          if (n.nodeType !== 3 || !n.textContent.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const t of range.getClientRects()) {
            if (t.left < r.left - 1 || t.right > r.right + 1) bad.push(`the text of ${name} runs out of its box`);
          }
        }
      }
      style.remove();
      return bad;
    });
    assert.deepEqual(clipped, []);
  } finally {
    await ctx.close();
  }
});

test('forced colours (Windows high contrast): the launcher, Send, the panel and the bubbles keep a visible edge', async () => {
  const { ctx, page } = await visitor({ forcedColors: 'active' });
  try {
    await page.goto(stack.url);
    await openWidget(page);
    await sendMessage(page, 'Bonjour en contraste élevé.');
    const edges = await inShadow(page, (root) => ['.tw-launcher', '.tw-send', '.tw-panel', '.tw-visitor .tw-bubble', '.tw-greet .tw-bubble']
      .map((sel) => [sel, parseFloat(getComputedStyle(root.querySelector(sel)).borderTopWidth)]));
    assert.deepEqual(edges.filter(([, wd]) => !(wd >= 1)), [], 'each has a border, drawn in a system colour');
  } finally {
    await ctx.close();
  }
});

test('an e-mail address the server refuses is said in words (3.3.1), and the message still goes', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    await openWidget(page);
    await sendMessage(page, 'Premier message.');
    await page.getByRole('textbox', { name: 'Votre nom' }).fill('Jeanne');
    // The browser takes "jeanne@exemple" as an address; the server wants a domain with a dot.
    await page.getByRole('textbox', { name: 'Votre e-mail' }).fill('jeanne@exemple');
    await page.locator('ticket-widget .tw-save').click();
    await sendMessage(page, 'Deuxième message, avec mon adresse.');
    assert.match(await announced(page, 'e-mail'), /refusée.*nom@exemple\.fr/);
  } finally {
    await ctx.close();
  }
});

test('keyboard only: Tab to the launcher, open, send a message, read the reply in the message list, close', async () => {
  const { ctx, page } = await visitor();
  try {
    await page.goto(stack.url);
    const w = widget(page);
    await w.launcher.waitFor();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)).cls.includes('tw-launcher');
    }
    assert.ok(reached, 'Tab reaches the launcher');
    await page.keyboard.press('Space');
    await w.panel.waitFor();
    assert.equal((await focused(page)).tag, 'textarea', 'focus in the message box');
    await page.keyboard.type('Bonjour, tout au clavier.');
    await page.keyboard.press('Enter');
    await page.locator('ticket-widget .tw-visitor[data-state="sent"]').waitFor();
    const tk = await ticketOf(page);
    await waitOnline(page);
    stack.tg.pushOperatorText(`/reply ${tk} Bien reçu, au clavier aussi.`);
    await w.operatorText('Bien reçu').waitFor();

    // Back to the message list with Shift+Tab, as a keyboard user reads it.
    let onLog = false;
    for (let i = 0; i < 15 && !onLog; i++) {
      await page.keyboard.press('Shift+Tab');
      onLog = (await focused(page)).cls.includes('tw-log');
    }
    assert.ok(onLog, 'Shift+Tab reaches the message list');
    const read = await w.log.ariaSnapshot();
    assert.match(read, /Vous :\s*Bonjour, tout au clavier\./, read);
    assert.match(read, /Support :\s*Bien reçu, au clavier aussi\./, read);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('ticket-widget').shadowRoot.querySelector('.tw-log').scrollTop === 0);
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    assert.ok((await focused(page)).cls.includes('tw-launcher'), 'focus back on the launcher');
  } finally {
    await ctx.close();
  }
});
