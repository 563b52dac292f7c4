// Budget: everything a visitor downloads up front (widget.js + widget.css) stays within 16 KB gzip,
// shared by the accessibility work (issue 18) and files (issue 14).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { WIDGET_DIR } from './harness.mjs';

const BUDGET = 16 * 1024;

test('widget.js + widget.css ≤ 16 KB gzip', () => {
  const sizes = ['widget.js', 'widget.css'].map((f) => gzipSync(readFileSync(`${WIDGET_DIR}/${f}`), { level: 9 }).length);
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`# gzip sizes: widget.js ${sizes[0]} B, widget.css ${sizes[1]} B, total ${total} B (budget ${BUDGET} B)`);
  assert.ok(total <= BUDGET, `total ${total} B exceeds ${BUDGET} B`);
});

test('no HTML parsing sinks in widget.js', () => {
  const src = readFileSync(`${WIDGET_DIR}/widget.js`, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
  assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
});
