//! `sendMessage`: the checks Telegram makes (text, length, the topic it goes to), the message
//! it returns, and the record tests read.

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::state::{bot_user, int_field, string_field, unix_now, SentMessage, Shared};

/// Telegram's limit for a message text, in UTF-16 code units.
const MAX_TEXT_UTF16: usize = 4_096;

/// Records the message and returns it as Telegram would.
pub(crate) fn send_message(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    let chat_id = int_field(body, "chat_id").ok_or(ApiError::ChatNotFound)?;
    let text = string_field(body, "text").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::TextEmpty);
    }
    if text.encode_utf16().count() > MAX_TEXT_UTF16 {
        return Err(ApiError::TextTooLong);
    }
    let reply_markup = body.get("reply_markup").cloned();
    let reply_to = reply_target(body, chat_id);
    let mut state = shared.lock();
    let thread_id =
        state.thread_for_send(chat_id, int_field(body, "message_thread_id"), reply_to)?;
    let message_id = state.fresh_message_id();
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": state.chat_object(chat_id),
        "date": unix_now(),
        "text": text,
    });
    if let Some(thread_id) = thread_id {
        message["message_thread_id"] = json!(thread_id);
        message["is_topic_message"] = json!(true);
    }
    // The message replied to if known, else, in a topic, the one that opened it (as Telegram
    // quotes it for a topic message that replies to nothing).
    let quoted = reply_to
        .filter(|id| state.message(chat_id, *id).is_some())
        .or(thread_id);
    if let Some(quoted) = quoted {
        message["reply_to_message"] = state.quote(chat_id, quoted);
    }
    if let Some(markup) = reply_markup
        .as_ref()
        .filter(|m| m.get("inline_keyboard").is_some())
    {
        message["reply_markup"] = markup.clone();
    }
    state.remember(chat_id, message_id, message.clone());
    state.sent.push(SentMessage {
        chat_id,
        text,
        message_id,
        thread_id,
        reply_markup,
        body: body.clone(),
    });
    Ok(message)
}

/// The message of `chat_id` this one replies to: `reply_parameters.message_id` (unless it
/// names another chat) or the older `reply_to_message_id`.
fn reply_target(body: &Value, chat_id: i64) -> Option<i64> {
    match body.get("reply_parameters") {
        Some(parameters) => {
            let elsewhere = int_field(parameters, "chat_id").is_some_and(|id| id != chat_id);
            int_field(parameters, "message_id").filter(|_| !elsewhere)
        }
        None => int_field(body, "reply_to_message_id"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_found_in_reply_parameters_or_the_older_field() {
        assert_eq!(
            reply_target(&json!({"reply_parameters": {"message_id": 7}}), 42),
            Some(7)
        );
        assert_eq!(
            reply_target(&json!({"reply_to_message_id": 8}), 42),
            Some(8)
        );
        assert_eq!(
            reply_target(
                &json!({"reply_parameters": {"message_id": 7, "chat_id": 43}}),
                42
            ),
            None,
            "a message of another chat"
        );
    }
}
