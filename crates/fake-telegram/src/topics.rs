//! The forum topic methods the bot calls: `createForumTopic`, `editForumTopic`,
//! `closeForumTopic`, `reopenForumTopic`, `deleteForumTopic`. The rules are in `forum.rs`; here
//! the request is read and the answer shaped.

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::forum::{valid_thread_id, ForumTopicState};
use crate::state::{bot_user, chat_id_of, int_field, string_field, Shared};

/// `createForumTopic {chat_id, name, icon_color?, icon_custom_emoji_id?}` → a `ForumTopic`.
pub(crate) fn create(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    let chat_id = chat_id_of(body)?;
    let name = string_field(body, "name").unwrap_or_default();
    let icon_color = int_field(body, "icon_color").and_then(|c| u32::try_from(c).ok());
    let emoji = string_field(body, "icon_custom_emoji_id").filter(|e| !e.is_empty());
    let (topic, _opened) =
        shared
            .lock()
            .open_topic(chat_id, &name, icon_color, emoji, bot_user())?;
    Ok(forum_topic(&topic))
}

/// `editForumTopic {chat_id, message_thread_id, name?, icon_custom_emoji_id?}` → `true`.
pub(crate) fn edit(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    let chat_id = chat_id_of(body)?;
    let mut state = shared.lock();
    state.forum(chat_id)?;
    let thread_id = valid_thread_id(int_field(body, "message_thread_id"))?;
    let name = string_field(body, "name");
    // An empty id removes the custom emoji.
    let emoji =
        string_field(body, "icon_custom_emoji_id").map(|e| Some(e).filter(|e| !e.is_empty()));
    state.edit_topic(chat_id, thread_id, name.as_deref(), emoji, bot_user())?;
    Ok(json!(true))
}

/// `closeForumTopic {chat_id, message_thread_id}` → `true`.
pub(crate) fn close(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    set_closed(body, shared, true)
}

/// `reopenForumTopic {chat_id, message_thread_id}` → `true`.
pub(crate) fn reopen(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    set_closed(body, shared, false)
}

fn set_closed(body: &Value, shared: &Shared, closed: bool) -> Result<Value, ApiError> {
    let chat_id = chat_id_of(body)?;
    let mut state = shared.lock();
    state.forum(chat_id)?;
    let thread_id = valid_thread_id(int_field(body, "message_thread_id"))?;
    state.set_topic_closed(chat_id, thread_id, closed, bot_user())?;
    Ok(json!(true))
}

/// `deleteForumTopic {chat_id, message_thread_id}` → `true`; the topic's messages go with it.
pub(crate) fn delete(body: &Value, shared: &Shared) -> Result<Value, ApiError> {
    let chat_id = chat_id_of(body)?;
    let mut state = shared.lock();
    state.forum(chat_id)?;
    let thread_id = valid_thread_id(int_field(body, "message_thread_id"))?;
    state.delete_topic(chat_id, thread_id)?;
    Ok(json!(true))
}

/// A `ForumTopic` object.
fn forum_topic(topic: &ForumTopicState) -> Value {
    let mut object = json!({
        "message_thread_id": topic.thread_id,
        "name": topic.name,
        "icon_color": topic.icon_color,
    });
    if let Some(emoji) = &topic.icon_custom_emoji_id {
        object["icon_custom_emoji_id"] = json!(emoji);
    }
    object
}
