//! The HTTP side: routing `POST /bot{token}/{method}` to the method handlers, scripted
//! failures first, then the flood limits on the methods that send something.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::failure::error_body;
use crate::limiter::retry_after_seconds;
use crate::state::{bot_user, int_field, RecordedCall, Shared};
use crate::{chats, send, topics, updates};

/// A method that sends something: it answers its result or Telegram's refusal.
type Sending = fn(&Value, &Shared) -> Result<Value, ApiError>;

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

/// Telegram's success envelope.
pub(crate) fn ok(result: Value) -> HttpResponse {
    HttpResponse::Ok().json(json!({"ok": true, "result": result}))
}

fn reply(result: Result<Value, ApiError>) -> HttpResponse {
    result.map_or_else(ApiError::response, ok)
}

async fn answer(method: &str, body: &Value, shared: &Shared) -> HttpResponse {
    if let Some(sending) = sending(method) {
        return limited(sending, body, shared);
    }
    match method {
        "getUpdates" => updates::get_updates(body, shared).await,
        "getMe" => ok(bot_user()),
        "getChat" => reply(chats::get_chat(body, shared)),
        "answerCallbackQuery"
        | "setMyCommands"
        | "deleteMyCommands"
        | "deleteWebhook"
        | "setWebhook" => ok(json!(true)),
        _ => error_body(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

/// The methods counted against the flood limits: those that put a message in a chat (the
/// topic methods post service messages in the group).
fn sending(method: &str) -> Option<Sending> {
    Some(match method {
        "sendMessage" => send::send_message,
        "createForumTopic" => topics::create,
        "editForumTopic" => topics::edit,
        "closeForumTopic" => topics::close,
        "reopenForumTopic" => topics::reopen,
        "deleteForumTopic" => topics::delete,
        _ => return None,
    })
}

/// Runs `sending` if the flood limits let it through, and spends the budgets only if it
/// succeeded: a refused call (429) or a failed one (400) leaves them as they were.
fn limited(sending: Sending, body: &Value, shared: &Shared) -> HttpResponse {
    let chat_id = int_field(body, "chat_id");
    // Held through the call, so that two concurrent calls cannot both take the last place.
    let mut limiter = shared.limiter();
    let now = Instant::now();
    if let Err(wait) = limiter.check(chat_id, now) {
        let retry_after = retry_after_seconds(wait);
        return ApiError::TooManyRequests { retry_after }.response();
    }
    let result = sending(body, shared);
    if result.is_ok() {
        limiter.record(chat_id, now);
    }
    reply(result)
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
