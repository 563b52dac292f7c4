// A tiny fake of the Telegram Bot API, enough for the app's bot:
//   POST {url}/bot{TOKEN}/{method} with a JSON body -> {"ok": true, "result": ...}
// getUpdates long-polls like Telegram: asking with `offset` confirms (drops) older updates.
import http from 'node:http';

const OPERATOR_CHAT = 42;

export async function startFakeTelegram() {
  const sentBodies = []; // recorded sendMessage bodies
  const sentById = new Map(); // message_id -> sendMessage body
  let queue = []; // pending updates, not yet confirmed by an offset
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  let highestOffset = 0;
  const waiters = new Set(); // held getUpdates requests
  const listeners = new Set(); // waitFor* callbacks, re-checked on every change

  const changed = () => listeners.forEach((fn) => fn());
  const now = () => Math.floor(Date.now() / 1000);

  function reply(res, result) {
    if (res.writableEnded) return;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
  }

  function pending(offset) {
    return queue.filter((u) => u.update_id >= offset);
  }

  function releaseWaiters() {
    for (const w of [...waiters]) {
      const updates = pending(w.offset);
      if (updates.length) {
        waiters.delete(w);
        clearTimeout(w.timer);
        reply(w.res, updates);
      }
    }
  }

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { body = {}; }
    // Query-string parameters are accepted too, in case a client uses them.
    const url = new URL(req.url, 'http://fake');
    for (const [k, v] of url.searchParams) if (!(k in body)) body[k] = v;
    const method = url.pathname.split('/').pop();

    switch (method) {
      case 'getMe':
        return reply(res, { id: 1, is_bot: true, first_name: 'Support', username: 'support_bot' });
      case 'sendMessage': {
        sentBodies.push(body);
        const messageId = nextMessageId++;
        sentById.set(messageId, body);
        changed();
        return reply(res, {
          message_id: messageId,
          date: now(),
          chat: { id: Number(body.chat_id) || OPERATOR_CHAT, type: 'private' },
          text: body.text,
        });
      }
      case 'getUpdates': {
        const offset = Number(body.offset) || 0;
        if (offset > 0) {
          // Telegram semantics: an offset confirms every update before it.
          queue = queue.filter((u) => u.update_id >= offset);
          highestOffset = Math.max(highestOffset, offset);
          changed();
        }
        const updates = pending(offset);
        const timeoutS = Math.max(0, Math.min(Number(body.timeout) || 0, 50));
        if (updates.length || timeoutS === 0) return reply(res, updates);
        const w = { offset, res };
        w.timer = setTimeout(() => { waiters.delete(w); reply(res, []); }, timeoutS * 1000);
        waiters.add(w);
        res.on('close', () => { clearTimeout(w.timer); waiters.delete(w); });
        return undefined;
      }
      default:
        // setMyCommands, deleteWebhook, answerCallbackQuery, ...
        return reply(res, true);
    }
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  function waitFor(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const done = (fn, v) => { listeners.delete(test); clearTimeout(timer); fn(v); };
      const test = () => { const v = check(); if (v) done(resolve, v); };
      const timer = setTimeout(() => done(reject, new Error(`fake telegram: timed out waiting for ${what}`)), timeoutMs);
      listeners.add(test);
      test();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,

    /** Queue an operator message in the operator chat, as the bot would receive it. */
    pushOperatorText(text, replyToMessageId) {
      const update = {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: now(),
          chat: { id: OPERATOR_CHAT, type: 'private' },
          from: { id: OPERATOR_CHAT, is_bot: false, first_name: 'Op' },
          text,
        },
      };
      if (replyToMessageId != null) {
        const original = sentById.get(replyToMessageId);
        update.message.reply_to_message = {
          message_id: replyToMessageId,
          date: now(),
          chat: { id: OPERATOR_CHAT, type: 'private' },
          from: { id: 1, is_bot: true, first_name: 'Support', username: 'support_bot' },
          text: original ? original.text : '',
        };
      }
      queue.push(update);
      releaseWaiters();
      changed();
      return update.update_id;
    },

    /** Recorded sendMessage bodies, oldest first. */
    sent() { return sentBodies.slice(); },

    /** Resolves with the first recorded sendMessage body matching predicate. */
    waitForSent(predicate, timeoutMs = 30000) {
      return waitFor(() => sentBodies.find(predicate), timeoutMs, 'a matching sendMessage');
    },

    /** Resolves once the bot has confirmed (fetched past) the given update id. */
    waitForConfirmed(updateId, timeoutMs = 30000) {
      return waitFor(() => highestOffset > updateId, timeoutMs, `confirmation of update ${updateId}`);
    },

    async close() {
      for (const w of waiters) { clearTimeout(w.timer); reply(w.res, []); }
      waiters.clear();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
