// Accessibility helpers for the browser tests: WCAG contrast arithmetic, a PNG decoder for
// measuring pixels, axe-core injected into the page, and a pixel check of the text contrasts
// that axe leaves for review (text on gradients, translucent layers).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's tags for every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// ---------------------------------------------------------------- contrast (WCAG 2.x)

/** [r, g, b, a] (0–255, alpha 0–1) from a computed CSS colour: rgb(), rgba(), color(srgb …). */
export function parseColor(css) {
  const s = String(css).trim();
  let m = /^rgba?\(([^)]+)\)$/.exec(s);
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  m = /^color\(srgb ([^)]+)\)$/.exec(s);
  if (m) {
    const p = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
    return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
  }
  m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (m) {
    const hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(1);
  }
  throw new Error(`cannot parse colour ${css}`);
}

/** Relative luminance of an sRGB colour [r, g, b] (0–255). */
export function luminance([r, g, b]) {
  const lin = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (arrays or CSS strings); translucent fg over opaque bg. */
export function contrast(fg, bg) {
  const b = typeof bg === 'string' ? parseColor(bg) : bg;
  let f = typeof fg === 'string' ? parseColor(fg) : fg;
  if (f[3] != null && f[3] < 1) f = [0, 1, 2].map((i) => f[i] * f[3] + b[i] * (1 - f[3]));
  const [l1, l2] = [luminance(f), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

// ---------------------------------------------------------------- pixels

/** Decode a PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes them) to RGBA pixels. */
export function decodePng(buf) {
  let pos = 8;
  let width; let height; let type;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const kind = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      type = data[9];
      assert.ok(data[8] === 8 && (type === 2 || type === 6) && data[12] === 0, 'PNG: 8-bit RGB(A), not interlaced');
    } else if (kind === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = type === 6 ? 4 : 3;
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out.set([cur[x * bpp], cur[x * bpp + 1], cur[x * bpp + 2], bpp === 4 ? cur[x * bpp + 3] : 255], (y * width + x) * 4);
    }
    prev = cur;
  }
  return { width, height, data: out };
}

/** A screenshot of a clip of the page (CSS px, deviceScaleFactor 1), decoded. */
export async function grab(page, clip) {
  return decodePng(await page.screenshot({ clip, animations: 'disabled', caret: 'hide' }));
}

/** Pixel [r, g, b] at (x, y) of a decoded image. */
const px = (img, i) => [img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]];

/** How many pixels changed between two images of the same clip by a contrast of at least `min`. */
export function changedPixels(before, after, min = 3) {
  let n = 0;
  for (let i = 0; i < before.width * before.height; i++) if (contrast(px(before, i), px(after, i)) >= min) n++;
  return n;
}

/** The lowest contrast between a colour and any pixel of an image. */
export function worstContrast(color, img) {
  let worst = Infinity;
  for (let i = 0; i < img.width * img.height; i++) worst = Math.min(worst, contrast(color, px(img, i)));
  return worst;
}

// ---------------------------------------------------------------- the widget's DOM

/** Evaluate fn(shadowRoot, arg) in the page. */
export const inShadow = (page, fn, arg) => page.evaluate(
  ([src, a]) => (0, eval)(src)(document.querySelector('ticket-widget').shadowRoot, a), [String(fn), arg]);

// ---------------------------------------------------------------- axe-core

/**
 * Run axe-core (WCAG 2.0–2.2, A and AA) on the page, widget included (open shadow root).
 * Fails on any violation. Each "needs review" item is checked here: text contrasts that axe could
 * not decide (gradients, translucent layers) are measured from pixels; anything else fails.
 * Returns a summary {passes, reviewed} for the test's log.
 */
export async function assertAxeClean(page, state) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'],
  }), WCAG_TAGS);
  const describe = (items) => items.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) =>
    `${JSON.stringify(n.target)} ${n.failureSummary || ''}`.trim()).join(' | ')}`).join('\n');
  assert.deepEqual(results.violations.map((v) => v.id), [], `axe violations in state "${state}":\n${describe(results.violations)}`);
  const reviewed = [];
  for (const item of results.incomplete) {
    assert.equal(item.id, 'color-contrast', `axe needs review in state "${state}" (no check of our own for it):\n${describe([item])}`);
    for (const node of item.nodes) reviewed.push(await assertTextContrastByPixels(page, node.target, state));
  }
  return { state, passes: results.passes?.length, reviewed };
}

/**
 * Measure the contrast of an element's text from pixels: screenshot the boxes of its text with
 * the text made transparent, and compare the text colour with every background pixel there.
 * `target` is axe's selector path (through shadow roots).
 */
export async function assertTextContrastByPixels(page, target, state) {
  const info = await page.evaluate((path) => {
    let scope = document;
    let el = null;
    for (const sel of path.flat()) {
      el = scope.querySelector(sel);
      scope = el.shadowRoot || el;
    }
    el.scrollIntoView({ block: 'nearest' }); // text scrolled out of the message list: bring it in
    const cs = getComputedStyle(el);
    // The boxes of the element's own text (not of the children with their own colours).
    const rects = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).flatMap((n) => {
      const range = document.createRange();
      range.selectNodeContents(n);
      return [...range.getClientRects()];
    }).filter((r) => r.width > 1 && r.height > 1).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
    let opacity = 1;
    for (let e = el; e; e = e.parentElement || e.getRootNode().host) opacity *= Number(getComputedStyle(e).opacity);
    el.style.setProperty('-webkit-text-fill-color', 'transparent', 'important');
    el.style.setProperty('text-shadow', 'none', 'important');
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    return { color: cs.color, rects, opacity, large, text: text.slice(0, 40) };
  }, target);
  try {
    // Translucent text (opacity on it or an ancestor) is blended with what is behind it.
    const rgba = parseColor(info.color);
    const color = [rgba[0], rgba[1], rgba[2], rgba[3] * info.opacity];
    let worst = Infinity;
    for (const r of info.rects) {
      // Inside the line box only: the glyph area, away from rounded corners of the box itself.
      const clip = { x: Math.ceil(r.x), y: Math.ceil(r.y + r.height * 0.15), width: Math.floor(r.width) - 1, height: Math.floor(r.height * 0.7) };
      if (clip.width < 1 || clip.height < 1) continue;
      worst = Math.min(worst, worstContrast(color, await grab(page, clip)));
    }
    const need = info.large ? 3 : 4.5;
    assert.ok(worst >= need, `state "${state}": "${info.text}" has ${worst.toFixed(2)}:1 on its background (measured from pixels), needs ${need}:1`);
    return { text: info.text, ratio: Number(worst.toFixed(2)) };
  } finally {
    await page.evaluate((path) => {
      let scope = document;
      let el = null;
      for (const sel of path.flat()) { el = scope.querySelector(sel); scope = el.shadowRoot || el; }
      el.style.removeProperty('-webkit-text-fill-color');
      el.style.removeProperty('text-shadow');
    }, target);
  }
}
