//! The HTTP side: routing `POST /bot{token}/{method}` to the method handlers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::failure::error_body;
use crate::state::{bot_user, chat, int_field, unix_now, RecordedCall, SentMessage, Shared};

/// Telegram's limit for a message text, in UTF-16 code units.
const MAX_TEXT_UTF16: usize = 4_096;

/// Every request: records it, answers a scripted failure if one is due, else the method.
pub(crate) async fn handle(
    request: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Arc<Shared>>,
) -> HttpResponse {
    let Some(method) = method_of(request.path()) else {
        return error_body(StatusCode::NOT_FOUND, "Not Found", None);
    };
    let body = parse_body(&body);
    // Recorded on arrival (a long poll in progress is visible at once); status set at the end.
    let (index, failure) = {
        let mut state = shared.lock();
        state.calls.push(RecordedCall {
            method: method.clone(),
            body: body.clone(),
            at: Instant::now(),
            status: 0,
        });
        let failure = state
            .failures
            .get_mut(&method)
            .and_then(|queue| queue.pop_front());
        (state.calls.len() - 1, failure)
    };
    let response = match failure {
        Some(failure) => failure.response(),
        None => answer(&method, &body, &shared).await,
    };
    if let Some(call) = shared.lock().calls.get_mut(index) {
        call.status = response.status().as_u16();
    }
    response
}

/// `sendMessage` from `/bot123:abc/sendMessage`; `None` for any other path.
fn method_of(path: &str) -> Option<String> {
    let mut segments = path.trim_start_matches('/').split('/');
    let token = segments.next()?;
    let method = segments.next()?;
    if !token.starts_with("bot") || method.is_empty() || segments.next().is_some() {
        return None;
    }
    Some(method.to_owned())
}

/// A JSON body, a form body (values kept as strings), or `{}`.
fn parse_body(raw: &[u8]) -> Value {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return json!({});
    }
    if let Ok(value) = serde_json::from_slice::<Value>(raw) {
        return value;
    }
    match serde_urlencoded::from_bytes::<HashMap<String, String>>(raw) {
        Ok(fields) => fields
            .into_iter()
            .map(|(key, value)| {
                let parsed = serde_json::from_str(&value).unwrap_or(Value::String(value));
                (key, parsed)
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Err(_) => json!({}),
    }
}

fn ok(result: Value) -> HttpResponse {
    HttpResponse::Ok().json(json!({"ok": true, "result": result}))
}

fn bad_request(description: &str) -> HttpResponse {
    error_body(
        StatusCode::BAD_REQUEST,
        &format!("Bad Request: {description}"),
        None,
    )
}

async fn answer(method: &str, body: &Value, shared: &Shared) -> HttpResponse {
    match method {
        "getUpdates" => get_updates(body, shared).await,
        "sendMessage" => send_message(body, shared),
        "getMe" => ok(bot_user()),
        "answerCallbackQuery"
        | "setMyCommands"
        | "deleteMyCommands"
        | "deleteWebhook"
        | "setWebhook" => ok(json!(true)),
        _ => error_body(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

/// What Telegram answers a long poll that another `getUpdates` call interrupted.
pub(crate) const POLL_CONFLICT: &str =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance \
     is running";

/// Drops the updates below `offset` (confirmed), then answers the pending ones, waiting up to
/// `timeout` seconds (capped) for one to arrive. A poll still waiting when another starts
/// (a second instance of the bot polling) is answered `409 Conflict`, as Telegram does.
async fn get_updates(body: &Value, shared: &Shared) -> HttpResponse {
    use std::sync::atomic::Ordering;
    let offset = int_field(body, "offset");
    let limit = int_field(body, "limit").unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(int_field(body, "timeout").unwrap_or(0).max(0) as u64);
    let deadline = Instant::now() + timeout.min(shared.long_poll_cap);
    let this_poll = shared.polls_started.fetch_add(1, Ordering::SeqCst) + 1;
    shared.poll_started.notify_waiters();
    loop {
        let pushed = shared.updates_pushed.notified();
        let superseded = shared.poll_started.notified();
        tokio::pin!(pushed, superseded);
        pushed.as_mut().enable();
        superseded.as_mut().enable();
        if shared.polls_started.load(Ordering::SeqCst) != this_poll {
            return error_body(StatusCode::CONFLICT, POLL_CONFLICT, None);
        }
        {
            let mut state = shared.lock();
            if let Some(offset) = offset.filter(|o| *o > 0) {
                state
                    .updates
                    .retain(|u| int_field(u, "update_id").is_none_or(|id| id >= offset));
            }
            if !state.updates.is_empty() {
                let batch: Vec<Value> = state.updates.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout(deadline - now, async {
            tokio::select! {
                () = &mut pushed => {}
                () = &mut superseded => {}
            }
        })
        .await;
    }
}

/// Records the message and returns it as Telegram would, enforcing the length limit.
fn send_message(body: &Value, shared: &Shared) -> HttpResponse {
    let Some(chat_id) = int_field(body, "chat_id") else {
        return bad_request("chat not found");
    };
    let text = body.get("text").and_then(Value::as_str).unwrap_or_default();
    if text.trim().is_empty() {
        return bad_request("message text is empty");
    }
    if text.encode_utf16().count() > MAX_TEXT_UTF16 {
        return bad_request("message is too long");
    }
    let reply_markup = body.get("reply_markup").cloned();
    let mut state = shared.lock();
    let message_id = state.fresh_message_id();
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat(chat_id),
        "date": unix_now(),
        "text": text,
    });
    if let Some(markup) = reply_markup
        .as_ref()
        .filter(|m| m.get("inline_keyboard").is_some())
    {
        message["reply_markup"] = markup.clone();
    }
    state.remember(chat_id, message_id, message.clone());
    state.sent.push(SentMessage {
        chat_id,
        text: text.to_owned(),
        message_id,
        reply_markup,
        body: body.clone(),
    });
    ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bot_paths_name_a_method() {
        assert_eq!(method_of("/bot1:abc/getMe").as_deref(), Some("getMe"));
        assert_eq!(method_of("/1:abc/getMe"), None);
        assert_eq!(method_of("/bot1:abc/"), None);
        assert_eq!(method_of("/bot1:abc/a/b"), None);
    }

    #[test]
    fn form_and_empty_bodies_are_accepted() {
        assert_eq!(parse_body(b""), json!({}));
        assert_eq!(
            parse_body(b"chat_id=42&text=hi"),
            json!({"chat_id": 42, "text": "hi"})
        );
        assert_eq!(parse_body(br#"{"a":1}"#), json!({"a": 1}));
    }
}
