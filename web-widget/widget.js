/*!
 * Ticket chat widget — embeddable live chat for the self-hosted ticket server.
 * Plain modern JavaScript, no dependencies, no build step: this file is shipped as is.
 *
 *   <script src="https://support.example.com/widget.js" defer
 *           data-title="Support" data-accent="#2563eb" data-locale="fr"
 *           data-position="right" data-greeting="Bonjour !" data-sound="on"></script>
 *
 * Everything is rendered inside an open Shadow DOM so the host page's CSS cannot
 * reach it. Message text is only ever inserted as text nodes (never innerHTML).
 * Public API: window.TicketWidget = { open, close, toggle, identify, on, setAccent }.
 * Accessibility (WCAG 2.2 AA) and what it relies on: docs/accessibility.md.
 */
(() => {
  'use strict';
  if (window.TicketWidget) return; // loaded twice: keep the first instance

  // ---------------------------------------------------------------- config
  const script = document.currentScript ||
    [...document.getElementsByTagName('script')].reverse().find((s) => /widget\.js([?#]|$)/.test(s.src));
  if (!script) return;
  const opts = script.dataset;
  // API base = the script URL without its file name: https://host/sub/widget.js -> https://host/sub
  const base = new URL(script.src, location.href).href.replace(/[?#].*$/, '').replace(/\/[^/]*$/, '');
  const wsBase = base.replace(/^http/, 'ws');
  const KEY = 'ticket-widget:' + base + ':';

  // One table per locale (language code; `dir: 'rtl'` for right-to-left): adding one is adding a table.
  const TEXTS = {
    fr: {
      title: 'Support',
      greeting: 'Bonjour 👋 Une question ? Écrivez-nous, nous vous répondons ici même.',
      tagline: 'Nous répondons en général en quelques minutes',
      openChat: 'Ouvrir le chat', closeChat: 'Fermer le chat', close: 'Fermer',
      input: 'Votre message', placeholder: 'Écrivez votre message…', send: 'Envoyer',
      messages: 'Messages', you: 'Vous :', support: 'Support :',
      sending: 'Envoi…', sent: 'Envoyé', failed: 'Non envoyé', retry: 'Réessayer',
      ticket: 'Ticket', open: 'Ouvert', pending: 'Répondu', closed: 'Fermé',
      online: 'En ligne', connecting: 'Connexion…', offline: 'Hors ligne · reconnexion…',
      closedLine: 'Ce ticket est fermé. Écrivez-nous pour le rouvrir.',
      slow: (s) => `Beaucoup de messages d'un coup : nouvel essai dans ${s} s.`,
      tooLong: 'Message trop long.',
      unread: (n, shown) => `${shown} nouveau${n > 1 ? 'x' : ''} message${n > 1 ? 's' : ''}`,
      reply: 'Nouveau message du support :',
      profile: 'Pour pouvoir vous recontacter (facultatif)',
      name: 'Votre nom', email: 'Votre e-mail', save: 'Enregistrer', later: 'Plus tard',
      thanks: 'Merci, c’est noté !', badEmail: 'Adresse e-mail refusée : écrivez-la comme nom@exemple.fr.',
    },
    en: {
      title: 'Support',
      greeting: 'Hi 👋 Got a question? Write to us, we reply right here.',
      tagline: 'We usually reply within minutes',
      openChat: 'Open chat', closeChat: 'Close chat', close: 'Close',
      input: 'Your message', placeholder: 'Write your message…', send: 'Send',
      messages: 'Messages', you: 'You:', support: 'Support:',
      sending: 'Sending…', sent: 'Sent', failed: 'Not sent', retry: 'Retry',
      ticket: 'Ticket', open: 'Open', pending: 'Answered', closed: 'Closed',
      online: 'Online', connecting: 'Connecting…', offline: 'Offline · reconnecting…',
      closedLine: 'This ticket is closed. Write to us to reopen it.',
      slow: (s) => `Lots of messages at once: retrying in ${s} s.`,
      tooLong: 'Message too long.',
      unread: (n, shown) => `${shown} new message${n > 1 ? 's' : ''}`,
      reply: 'New message from support:',
      profile: 'So we can get back to you (optional)',
      name: 'Your name', email: 'Your email', save: 'Save', later: 'Not now',
      thanks: 'Thanks, noted!', badEmail: 'Email address refused: write it like name@example.com.',
    },
    es: {
      title: 'Soporte',
      greeting: 'Hola 👋 ¿Alguna pregunta? Escríbanos, le respondemos aquí mismo.',
      tagline: 'Solemos responder en pocos minutos',
      openChat: 'Abrir el chat', closeChat: 'Cerrar el chat', close: 'Cerrar',
      input: 'Su mensaje', placeholder: 'Escriba su mensaje…', send: 'Enviar',
      messages: 'Mensajes', you: 'Usted:', support: 'Soporte:',
      sending: 'Enviando…', sent: 'Enviado', failed: 'No enviado', retry: 'Reintentar',
      ticket: 'Ticket', open: 'Abierto', pending: 'Respondido', closed: 'Cerrado',
      online: 'En línea', connecting: 'Conectando…', offline: 'Sin conexión · reconectando…',
      closedLine: 'Este ticket está cerrado. Escríbanos para reabrirlo.',
      slow: (s) => `Demasiados mensajes a la vez: nuevo intento en ${s} s.`,
      tooLong: 'Mensaje demasiado largo.',
      unread: (n, shown) => `${shown} mensaje${n > 1 ? 's' : ''} nuevo${n > 1 ? 's' : ''}`,
      reply: 'Nuevo mensaje del soporte:',
      profile: 'Para poder contactarle de nuevo (opcional)',
      name: 'Su nombre', email: 'Su correo electrónico', save: 'Guardar', later: 'Más tarde',
      thanks: '¡Gracias, anotado!', badEmail: 'Correo rechazado: escríbalo como nombre@ejemplo.es.',
    },
    de: {
      title: 'Support',
      greeting: 'Hallo 👋 Eine Frage? Schreiben Sie uns, wir antworten direkt hier.',
      tagline: 'Wir antworten meist innerhalb weniger Minuten',
      openChat: 'Chat öffnen', closeChat: 'Chat schließen', close: 'Schließen',
      input: 'Ihre Nachricht', placeholder: 'Schreiben Sie Ihre Nachricht…', send: 'Senden',
      messages: 'Nachrichten', you: 'Sie:', support: 'Support:',
      sending: 'Wird gesendet…', sent: 'Gesendet', failed: 'Nicht gesendet', retry: 'Erneut senden',
      ticket: 'Ticket', open: 'Offen', pending: 'Beantwortet', closed: 'Geschlossen',
      online: 'Online', connecting: 'Verbinden…', offline: 'Offline · neue Verbindung…',
      closedLine: 'Dieses Ticket ist geschlossen. Schreiben Sie uns, um es wieder zu öffnen.',
      slow: (s) => `Zu viele Nachrichten auf einmal: neuer Versuch in ${s} s.`,
      tooLong: 'Nachricht zu lang.',
      unread: (n, shown) => `${shown} neue Nachricht${n > 1 ? 'en' : ''}`,
      reply: 'Neue Nachricht vom Support:',
      profile: 'Damit wir Sie erreichen können (freiwillig)',
      name: 'Ihr Name', email: 'Ihre E-Mail', save: 'Speichern', later: 'Später',
      thanks: 'Danke, notiert!', badEmail: 'E-Mail-Adresse abgelehnt: schreiben Sie sie wie name@beispiel.de.',
    },
  };
  const lang = (opts.locale || document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  const locale = TEXTS[lang] ? lang : 'en';
  const t = TEXTS[locale];
  const title = opts.title || t.title;
  const soundOn = opts.sound === 'on';
  const position = opts.position === 'left' ? 'left' : 'right';

  // ---------------------------------------------------------------- storage
  // localStorage may throw (privacy modes, sandboxed frames): degrade to memory.
  const store = {
    get(k) { try { return JSON.parse(localStorage.getItem(KEY + k)); } catch { return null; } },
    set(k, v) {
      try { v == null ? localStorage.removeItem(KEY + k) : localStorage.setItem(KEY + k, JSON.stringify(v)); } catch { /* ignore */ }
    },
  };

  // ---------------------------------------------------------------- state
  let token = store.get('token');
  let tokenPromise = null;
  let profile = store.get('profile') || {}; // {name, email, asked, pending}
  let seen = store.get('seen') || 0; // last message id the visitor has seen
  let ticket = null;
  let status = null;
  let isOpen = false;
  let unread = 0;
  let hiddenCount = 0;
  let originalTitle = null;
  let sendChain = Promise.resolve();
  const entries = []; // {id?, cid?, author, text, sent_at, state, el}
  const byId = new Map();
  const handlers = { message: [], open: [], close: [] };

  const emit = (ev, data) => handlers[ev].forEach((fn) => { try { fn(data); } catch (e) { console.error(e); } });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join(''));
  const lastId = () => entries.reduce((max, e) => (e.id > max ? e.id : max), 0);

  // ---------------------------------------------------------------- DOM helpers
  /** Create an element; string children become text nodes (never parsed as HTML). */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    el.append(...kids.filter((c) => c != null));
    return el;
  }
  /** A 24x24 stroke icon from constant path data. */
  function icon(d) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', d);
    svg.append(p);
    return svg;
  }
  const ICON_CHAT = 'M4 5h16v11H9l-5 4z';
  const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
  const ICON_SEND = 'M4 12l16-8-6 16-2-7z';

  /** Append text to el, turning http(s) URLs into safe links (operator messages only). */
  function linkify(el, text) {
    const re = /\bhttps?:\/\/[^\s<>"']+/gi;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, '');
      let link = null;
      try {
        const u = new URL(url);
        if (u.protocol === 'http:' || u.protocol === 'https:') {
          link = h('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer', text: url });
        }
      } catch { /* not a URL: keep as text */ }
      el.append(text.slice(last, m.index), link || url);
      last = m.index + url.length;
      re.lastIndex = last;
    }
    el.append(text.slice(last));
  }

  // ---------------------------------------------------------------- build UI
  const host = document.createElement('ticket-widget');
  // Critical host styles inline + !important: survive `* { all: unset }` on the page.
  const hostStyle = {
    display: 'block', position: 'fixed', 'z-index': '2147483647', bottom: '0', [position]: '0',
    width: '0', height: '0', margin: '0', padding: '0', border: '0', overflow: 'visible',
    visibility: 'visible', opacity: '1', transform: 'none', filter: 'none', contain: 'none',
  };
  for (const [k, v] of Object.entries(hostStyle)) host.style.setProperty(k, v, 'important');
  const shadow = host.attachShadow({ mode: 'open' });

  const launcherBadge = h('span', { class: 'tw-badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h('button', {
    class: 'tw-launcher', type: 'button', 'aria-label': t.openChat, 'aria-expanded': 'false',
    'aria-controls': 'tw-panel', onclick: () => toggle(),
  }, icon(ICON_CHAT), icon(ICON_CLOSE), launcherBadge);

  const connDot = h('span', { class: 'tw-dot', 'aria-hidden': 'true' });
  // A live region: "Hors ligne · reconnexion…" is heard, not only seen.
  const connText = h('span', { class: 'tw-conn', role: 'status', text: t.tagline });
  const ticketText = h('span', { class: 'tw-ticket', hidden: true });
  const statusText = h('span', { class: 'tw-status', hidden: true });
  const header = h('header', { class: 'tw-head' },
    h('div', { class: 'tw-avatar', 'aria-hidden': 'true' }, icon(ICON_CHAT)),
    h('div', { class: 'tw-head-text' },
      h('h2', { class: 'tw-title', text: title }),
      h('p', { class: 'tw-sub' }, connDot, connText, ticketText, statusText)),
    h('button', { class: 'tw-close', type: 'button', 'aria-label': t.close, onclick: () => close() }, icon(ICON_CLOSE)));

  const greeting = h('div', { class: 'tw-msg tw-operator tw-greet' },
    h('div', { class: 'tw-bubble', text: opts.greeting || t.greeting }));
  const log = h('div', { class: 'tw-log', role: 'log', 'aria-live': 'polite', 'aria-label': t.messages, tabindex: '0' }, greeting);
  const closedLine = h('div', { class: 'tw-msg tw-system tw-closed-line' }, h('div', { class: 'tw-bubble', text: t.closedLine }));
  const note = h('div', { class: 'tw-note', role: 'status', hidden: true });
  // Replies arriving while the panel is closed are said here (outside the panel).
  const announcer = h('div', { class: 'tw-sr', 'aria-live': 'polite' });

  const nameInput = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '100', dir: 'auto' });
  const emailInput = h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: '254' });
  // A disclosure, collapsed on short screens: the conversation keeps the room.
  const card = h('details', { class: 'tw-profile', hidden: true, open: true },
    h('summary', { text: t.profile }),
    h('button', { class: 'tw-profile-x', type: 'button', 'aria-label': t.later, onclick: dismissProfile }, icon(ICON_CLOSE)),
    h('form', { onsubmit: onProfileSubmit },
      h('label', null, t.name, nameInput),
      h('label', null, t.email, emailInput),
      h('div', { class: 'tw-profile-actions' },
        h('button', { type: 'button', class: 'tw-link', text: t.later, onclick: dismissProfile }),
        h('button', { type: 'submit', class: 'tw-save', text: t.save }))));

  const input = h('textarea', {
    rows: '1', maxlength: '4000', 'aria-label': t.input, placeholder: t.placeholder, enterkeyhint: 'send', dir: 'auto',
  });
  const sendBtn = h('button', { class: 'tw-send', type: 'submit', 'aria-label': t.send }, icon(ICON_SEND));
  const compose = h('form', { class: 'tw-compose', onsubmit: onSubmit }, input, sendBtn);

  const panel = h('dialog', { class: 'tw-panel', id: 'tw-panel', 'aria-label': title },
    header, log, note, card, compose);

  // The widget's own language and direction, whatever the page's (3.1.2).
  const root = h('div', { class: 'tw', 'data-pos': position, lang: locale, dir: t.dir || 'ltr' }, panel, launcher, announcer);

  // widget.css lives next to widget.js. Until it has loaded the widget stays invisible (no flash of unstyled UI).
  shadow.append(
    h('style', { text: '.tw{visibility:hidden}' }),
    h('link', { rel: 'stylesheet', href: base + '/widget.css' }),
    root);

  // ---------------------------------------------------------------- accent colour
  // Derived by computed contrast (WCAG luminance): text on the accent and the accent as text, ≥ 4.5:1.
  const pen = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  /** Any CSS colour as sRGB [r, g, b] (over white). */
  function rgb(c) {
    for (const f of ['#fff', c]) { pen.fillStyle = f; pen.fillRect(0, 0, 1, 1); }
    return [...pen.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }
  /** Relative luminance + 0.05. */
  const lum = (c) => c.reduce((sum, v, i) => {
    v /= 255;
    return sum + [0.2126, 0.7152, 0.0722][i] * (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  }, 0.05);
  const ratio = (a, b) => Math.max(lum(a) / lum(b), lum(b) / lum(a));
  const mix = (a, b, w) => a.map((v, i) => Math.round(v + (b[i] - v) * w));
  const WHITE = [255, 255, 255];
  const BLACK = [0, 0, 0];
  // --tw-soft of widget.css (light, dark): where links sit.
  const SOFT = [[241, 245, 249], [30, 41, 59]];

  /** Use colour c as the accent; false (and nothing changes) if it is not a CSS colour. */
  function setAccent(c) {
    if (typeof c !== 'string' || !CSS.supports('color', c)) return false;
    const a = rgb(c);
    // White, else ink, else black (over 4.5:1 whenever white is not).
    const on = [WHITE, [15, 23, 42], BLACK].find((x) => ratio(x, a) >= 4.5);
    /** The accent moved towards `to` until it reads at 4.5:1 on bg. */
    const readable = (bg, to) => {
      for (let w = 0; ; w += 0.05) {
        const x = mix(a, to, Math.min(w, 1));
        if (w >= 1 || ratio(x, bg) >= 4.5) return x;
      }
    };
    const vars = {
      accent: a, 'on-accent': on, shade: on === WHITE ? BLACK : WHITE, // away from the text
      'link-light': readable(SOFT[0], BLACK), 'link-dark': readable(SOFT[1], WHITE),
    };
    for (const [k, v] of Object.entries(vars)) root.style.setProperty('--tw-' + k, `rgb(${v})`);
    return true;
  }
  setAccent(opts.accent || opts.color) || setAccent('#2563eb');

  // ---------------------------------------------------------------- rendering
  function timeOf(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }

  /** Who answered, as the visitor reads it: `Marie · Support`, or `Support` without a name. */
  const signed = (e) => (e.op ? `${e.op} · ${t.support}` : t.support);

  /** Create or refresh the DOM of one message entry. */
  function paint(e) {
    if (!e.el) {
      e.bubble = h('div', { class: 'tw-bubble' });
      if (e.author === 'operator') linkify(e.bubble, e.text);
      else e.bubble.textContent = e.text;
      e.meta = h('div', { class: 'tw-meta' });
      const who = e.author === 'visitor' ? t.you : e.author === 'operator' ? signed(e) : null;
      e.el = h('div', { class: 'tw-msg tw-' + (['visitor', 'operator'].includes(e.author) ? e.author : 'system') },
        who && h('span', { class: 'tw-sr', text: who }), e.bubble, e.meta);
    }
    if (e.id) e.el.dataset.id = e.id;
    e.el.dataset.state = e.state;
    const parts = [timeOf(e.sent_at)];
    if (e.author === 'visitor') parts.push(t[e.state]);
    e.meta.replaceChildren(parts.filter(Boolean).join(' · '));
    // Seen, not read twice: the message's hidden label already names who answered.
    if (e.op) e.meta.prepend(h('span', { 'aria-hidden': 'true', text: `${signed(e)} · ` }));
    if (e.state === 'failed') {
      e.meta.append(' ', h('button', { type: 'button', class: 'tw-retry', text: t.retry, onclick: () => queue(e) }));
    }
  }

  /** Keep DOM order = message id order; unsent messages last. A closed ticket gets a closing line
   *  at the very end, unless the server's own system note already ends the conversation. */
  function order() {
    const sorted = entries.slice().sort((a, b) => (a.id || Infinity) - (b.id || Infinity) || a.seq - b.seq);
    let ref = greeting;
    for (const e of sorted) {
      if (ref.nextSibling !== e.el) ref.after(e.el);
      ref = e.el;
    }
    const last = sorted[sorted.length - 1];
    if (status === 'closed' && !(last && last.author === 'system')) {
      if (ref.nextSibling !== closedLine) ref.after(closedLine);
    } else closedLine.remove();
    log.scrollTop = log.scrollHeight;
  }

  let seq = 0;
  function addEntry(e) {
    e.seq = seq++;
    entries.push(e);
    if (e.id) byId.set(e.id, e);
    paint(e);
  }

  /** A message known by the server (history, socket or POST answer). Dedupes by id. */
  function addServerMessage(m, live) {
    if (!m || typeof m.id !== 'number' || byId.has(m.id)) return;
    // Our own message echoed by the socket before its POST answered: attach the id to the pending bubble.
    const mine = m.author === 'visitor' && entries.find((e) => !e.id && e.state === 'sending' &&
      (m.client_id ? e.cid === m.client_id : e.text === m.text));
    if (mine) {
      Object.assign(mine, { id: m.id, sent_at: m.sent_at, state: 'sent' });
      byId.set(m.id, mine);
      paint(mine);
    } else {
      const op = m.author === 'operator' && typeof m.operator === 'string' ? m.operator : '';
      addEntry({ id: m.id, author: m.author, op, text: String(m.text ?? ''), sent_at: m.sent_at, state: 'sent' });
      if (m.author === 'operator' && m.id > seen) {
        if (live) notify();
        if (live && !isOpen) say(`${t.reply} ${m.text.slice(0, 300)}`);
        if (!isOpen || document.hidden) setUnread(unread + 1); else markSeen();
      }
    }
    order();
    if (live) emit('message', { ticket, message: m });
  }

  function setTicket(tk) {
    if (!tk || tk === ticket) return;
    ticket = tk;
    ticketText.textContent = `${t.ticket} ${tk}`;
    ticketText.hidden = false;
  }

  function setStatus(s) {
    if (!s || s === status) return;
    status = s;
    statusText.textContent = t[s] || s;
    statusText.hidden = false;
    statusText.dataset.status = s;
    order();
  }

  function setConn(state) {
    root.dataset.conn = state;
    connText.textContent = state === 'idle' ? t.tagline : t[state];
  }

  function setUnread(n) {
    unread = n;
    const shown = n > 99 ? '99+' : String(n);
    launcherBadge.textContent = shown;
    launcherBadge.hidden = !n;
    // The name contains what the badge shows, not in parentheses (2.5.3).
    const name = isOpen ? t.closeChat : t.openChat;
    launcher.setAttribute('aria-label', n ? `${name}, ${t.unread(n, shown)}` : name);
  }

  /** Say text in the live region outside the panel (keeps the last three). */
  function say(text) {
    announcer.append(h('p', { text }));
    while (announcer.childNodes.length > 3) announcer.firstChild.remove();
  }

  function markSeen() {
    const id = lastId();
    if (id > seen) { seen = id; store.set('seen', seen); }
    setUnread(0);
  }

  let noteTimer;
  function showNote(text, ms) {
    clearTimeout(noteTimer);
    note.textContent = text || '';
    note.hidden = !text;
    if (text && ms) noteTimer = setTimeout(() => showNote(''), ms);
  }

  // ---------------------------------------------------------------- notifications
  let audio;
  function unlockAudio() {
    if (!soundOn || audio) return;
    try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch { /* no audio */ }
  }
  function beep() {
    if (!audio) return;
    try {
      const now = audio.currentTime;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(0.08, now + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(now);
      osc.stop(now + 0.32);
    } catch { /* ignore */ }
  }
  /** A reply arrived live: title badge while the tab is hidden, optional beep. */
  function notify() {
    if (!document.hidden) return;
    if (originalTitle == null) originalTitle = document.title;
    hiddenCount++;
    document.title = `(${hiddenCount}) ${originalTitle}`;
    if (soundOn) beep();
  }
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    if (originalTitle != null) { document.title = originalTitle; originalTitle = null; }
    hiddenCount = 0;
    if (isOpen) markSeen();
    if (token && !ws) connect(true);
  });

  // ---------------------------------------------------------------- HTTP API
  function api(method, path, body, tok) {
    const headers = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (tok) headers.Authorization = 'Bearer ' + tok;
    return fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit' });
  }

  function setToken(tk) {
    token = tk;
    store.set('token', tk);
  }

  /** The visitor token, created lazily (one request even if several sends race). */
  function ensureToken() {
    if (token) return Promise.resolve(token);
    tokenPromise = tokenPromise || api('POST', '/api/v1/visitors').then(async (r) => {
      if (!r.ok) throw Object.assign(new Error('visitor ' + r.status), { res: r });
      setToken((await r.json()).token);
      return token;
    }).finally(() => { tokenPromise = null; });
    return tokenPromise;
  }

  /** The server forgot us (401): start over as a new visitor. */
  function dropToken() {
    setToken(null);
    disconnect();
    ticket = null;
    ticketText.hidden = true;
  }

  async function loadHistory() {
    if (!token) return;
    try {
      const r = await api('GET', '/api/v1/conversation', null, token);
      if (r.status === 401) return dropToken();
      if (r.ok) {
        const d = await r.json();
        setTicket(d.ticket);
        setStatus(d.status);
        (d.messages || []).forEach((m) => addServerMessage(m, false));
      }
    } catch { /* offline: the socket's resume will catch up */ }
    connect();
  }

  // ---------------------------------------------------------------- sending
  function onSubmit(ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text.length > 4000) return showNote(t.tooLong, 4000);
    unlockAudio();
    input.value = '';
    autosize();
    const e = { cid: uuid(), author: 'visitor', text, sent_at: new Date().toISOString(), state: 'sending' };
    addEntry(e);
    order();
    queue(e);
  }

  /** Sends are serialized so messages reach the server in the order they were typed. */
  function queue(e) {
    e.state = 'sending';
    paint(e);
    sendChain = sendChain.then(() => deliver(e));
  }

  async function deliver(e) {
    let authRetry = true;
    for (let tries = 0; tries < 6; tries++) {
      const withProfile = profile.pending && (profile.name || profile.email);
      let res;
      let data;
      try {
        const tok = await ensureToken();
        const body = { text: e.text, client_id: e.cid, page: location.pathname.slice(0, 2000) };
        if (withProfile) {
          if (profile.name) body.name = profile.name;
          if (profile.email) body.email = profile.email;
        }
        res = await api('POST', '/api/v1/messages', body, tok);
      } catch (err) {
        if (!err.res) return fail(e, null); // network error
        res = err.res; // creating the visitor failed (e.g. 429)
      }
      data = await res.json().catch(() => ({}));
      if (res.status === 401 && authRetry) { authRetry = false; dropToken(); continue; }
      if (res.status === 429) {
        const wait = Math.min(60, parseInt(res.headers.get('Retry-After'), 10) || 5);
        showNote(t.slow(wait));
        await sleep(wait * 1000);
        showNote('');
        continue;
      }
      const code = (data.error && data.error.code) || '';
      if (res.status === 400 && withProfile && /email|name/.test(code)) {
        // A bad optional field must not block the message: forget it, say so, and resend.
        if (/email/.test(code)) showNote(t.badEmail, 8000);
        saveProfile({ ...profile, email: '', pending: false });
        continue;
      }
      if (!res.ok) return fail(e, data.error && data.error.message);
      if (withProfile) saveProfile({ ...profile, pending: false });
      const first = !ticket;
      setTicket(data.ticket);
      if (!status || status === 'closed') setStatus('open'); // new, or reopened by the server
      settle(e, data.message);
      connect();
      if (first || !profile.asked) maybeAskProfile();
      return;
    }
    fail(e, null);
  }

  function settle(e, m) {
    if (!m || typeof m.id !== 'number') { e.state = 'sent'; paint(e); return; }
    const other = byId.get(m.id);
    if (other === e) return; // the socket's echo already settled it
    if (other) {
      // The socket delivered it first as a separate bubble: keep one.
      e.el.remove();
      entries.splice(entries.indexOf(e), 1);
      other.state = 'sent';
      paint(other);
    } else {
      Object.assign(e, { id: m.id, sent_at: m.sent_at || e.sent_at, state: 'sent' });
      byId.set(m.id, e);
      paint(e);
      emit('message', { ticket, message: m });
    }
    order();
  }

  /** Not sent: the bubble offers "Retry". (The server's error sentences are English-only, so they go to the console.) */
  function fail(e, message) {
    if (message) console.warn('[TicketWidget]', message);
    e.state = 'failed';
    paint(e);
  }

  // ---------------------------------------------------------------- name / email
  function saveProfile(p) {
    profile = p;
    store.set('profile', p);
  }
  function maybeAskProfile() {
    if (profile.asked || profile.name || profile.email) return;
    card.open = !shortScreen.matches;
    card.hidden = false;
  }
  function dismissProfile() {
    saveProfile({ ...profile, asked: true });
    card.hidden = true;
    if (shadow.activeElement) input.focus();
  }
  function onProfileSubmit(ev) {
    ev.preventDefault();
    if (!emailInput.checkValidity()) return emailInput.reportValidity();
    identify({ name: nameInput.value, email: emailInput.value });
    showNote(t.thanks, 3000);
    input.focus();
  }
  function identify(p) {
    const name = String((p && p.name) || '').trim().slice(0, 100);
    const email = String((p && p.email) || '').trim().slice(0, 254);
    saveProfile({ name, email, asked: true, pending: !!(name || email) });
    card.hidden = true;
  }

  // ---------------------------------------------------------------- live socket
  let ws = null;
  let wsTimer = null;
  let attempt = 0;

  function connect(now) {
    if (!token || ws) return;
    if (wsTimer && !now) return; // a reconnect is already scheduled
    clearTimeout(wsTimer);
    wsTimer = null;
    setConn('connecting');
    let sock;
    try { sock = new WebSocket(wsBase + '/api/v1/ws?token=' + encodeURIComponent(token)); } catch { return schedule(); }
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setConn('online');
      // Replays every message after the last one we know: nothing is missed while we were away.
      sock.send(JSON.stringify({ type: 'resume', after: lastId() }));
    };
    sock.onmessage = (ev) => {
      let f;
      try { f = JSON.parse(ev.data); } catch { return; }
      if (f.ticket) setTicket(f.ticket);
      if (f.type === 'message' || f.type === 'ack') addServerMessage(f.message, true);
      else if (f.type === 'status') setStatus(f.status);
      else if (f.type === 'error') console.warn('[TicketWidget]', f.code, f.message);
    };
    sock.onclose = (ev) => {
      if (ws !== sock) return;
      ws = null;
      setConn('offline');
      // 1008 (policy): e.g. this tab's socket was the visitor's oldest of too many. A hidden tab
      // waits until it is shown again (see visibilitychange) instead of closing another's.
      if (ev.code !== 1008 || !document.hidden) schedule();
    };
  }

  /** Exponential backoff with jitter, capped at 30 s. */
  function schedule() {
    if (!token) return setConn('idle');
    clearTimeout(wsTimer);
    const max = Math.min(30000, 1000 * 2 ** attempt++);
    wsTimer = setTimeout(() => { wsTimer = null; connect(); }, max / 2 + Math.random() * max / 2);
  }

  function disconnect() {
    const sock = ws;
    ws = null;
    if (sock) sock.close();
    clearTimeout(wsTimer);
    wsTimer = null;
    setConn('idle');
  }

  window.addEventListener('online', () => { attempt = 0; disconnect(); connect(true); });
  window.addEventListener('offline', () => { if (ws) { disconnect(); setConn('offline'); schedule(); } });

  // Other tabs of the same site: pick up a token created there, and the profile.
  window.addEventListener('storage', (ev) => {
    if (ev.key === KEY + 'token') {
      const tk = store.get('token');
      if (tk === token) return;
      disconnect();
      token = tk;
      if (tk) loadHistory();
    } else if (ev.key === KEY + 'profile') {
      profile = store.get('profile') || {};
      if (profile.asked) card.hidden = true;
    } else if (ev.key === KEY + 'seen') {
      seen = store.get('seen') || 0;
      if (lastId() <= seen) setUnread(0);
    }
  });

  // ---------------------------------------------------------------- open / close / keys
  // Full screen (phones, zoomed screens: the queries of widget.css), the panel is a modal dialog.
  const fullScreen = matchMedia('(max-width: 480px), (max-height: 500px)');
  const shortScreen = matchMedia('(max-height: 500px)');
  const show = () => (fullScreen.matches ? panel.showModal() : panel.show());
  fullScreen.addEventListener('change', () => {
    if (!isOpen) return;
    const had = shadow.activeElement;
    panel.close();
    show();
    if (had) had.focus();
  });
  panel.addEventListener('cancel', (ev) => { ev.preventDefault(); close(); });

  function open() {
    if (isOpen) return;
    mount();
    isOpen = true;
    unlockAudio();
    show();
    root.classList.add('tw-is-open');
    launcher.setAttribute('aria-expanded', 'true');
    markSeen();
    setUnread(0);
    log.scrollTop = log.scrollHeight;
    input.focus();
    emit('open');
  }

  function close() {
    if (!isOpen) return;
    const hadFocus = !!shadow.activeElement;
    isOpen = false;
    panel.close();
    root.classList.remove('tw-is-open');
    launcher.setAttribute('aria-expanded', 'false');
    setUnread(unread);
    if (hadFocus) launcher.focus();
    emit('close');
  }

  function toggle() { isOpen ? close() : open(); }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 140) + 'px';
  }
  input.addEventListener('input', autosize);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      compose.requestSubmit();
    }
  });
  root.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && isOpen) { ev.stopPropagation(); close(); launcher.focus(); }
  });
  // Escape in the page closes it too: nothing focused stays hidden under it (2.4.11).
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') close(); });

  // ---------------------------------------------------------------- start
  function mount() {
    if (host.isConnected || !document.body) return;
    document.body.append(host);
    setConn('idle');
    loadHistory();
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

  window.TicketWidget = Object.freeze({
    open,
    close,
    toggle,
    identify,
    setAccent,
    /** on('message' | 'open' | 'close', handler) — returns a function that removes the handler. */
    on(ev, fn) {
      if (!handlers[ev] || typeof fn !== 'function') return () => {};
      handlers[ev].push(fn);
      return () => { handlers[ev] = handlers[ev].filter((x) => x !== fn); };
    },
  });
})();
