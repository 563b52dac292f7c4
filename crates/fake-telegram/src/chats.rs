//! `getChat`: the `ChatFullInfo` Telegram returns, with `is_forum` for a forum supergroup.

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::state::{chat_id_of, Shared};

/// The number of reactions a message may get in a chat without boosts.
const MAX_REACTION_COUNT: u32 = 11;

/// `getChat {chat_id}` → a `ChatFullInfo`: the chat object plus the fields Telegram always
/// sends (`accent_color_id`, `max_reaction_count`, `accepted_gift_types`).
pub(crate) fn get_chat(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    let chat_id = chat_id_of(body)?;
    let mut info = shared.lock().chat_object(chat_id);
    let private = chat_id > 0;
    info["accent_color_id"] = json!(0);
    info["max_reaction_count"] = json!(MAX_REACTION_COUNT);
    info["accepted_gift_types"] = json!({
        "unlimited_gifts": private,
        "limited_gifts": private,
        "unique_gifts": private,
        "premium_subscription": private,
        "gifts_from_channels": private,
    });
    Ok(info)
}
