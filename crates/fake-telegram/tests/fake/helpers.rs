//! What the tests share: a bot pointed at the fake, a forum, and reading Telegram's refusals.

use fake_telegram::FakeTelegram;
use frankenstein::client_reqwest::Bot;
use frankenstein::methods::{CreateForumTopicParams, GetUpdatesParams, SendMessageParams};
use frankenstein::response::ErrorResponse;
use frankenstein::AsyncTelegramApi;

/// A supergroup the tests make a forum.
pub const FORUM: i64 = -1_001_234_567_890;

/// A private chat with an operator.
pub const OPERATOR: i64 = 42;

pub fn bot(telegram: &FakeTelegram) -> Bot {
    Bot::new_url(format!("{}/bot123:abc", telegram.api_url()))
}

pub fn poll(offset: Option<i64>, timeout: u32) -> GetUpdatesParams {
    GetUpdatesParams::builder()
        .maybe_offset(offset)
        .timeout(timeout)
        .build()
}

/// A fake with `FORUM` a forum, and a bot talking to it.
pub fn forum() -> (FakeTelegram, Bot) {
    let telegram = FakeTelegram::start();
    telegram.make_forum(FORUM);
    let bot = bot(&telegram);
    (telegram, bot)
}

/// The bot creates topic `name` in `FORUM`; its thread id.
pub async fn create_topic(bot: &Bot, name: &str) -> i32 {
    let params = CreateForumTopicParams::builder()
        .chat_id(FORUM)
        .name(name)
        .build();
    bot.create_forum_topic(&params)
        .await
        .unwrap()
        .result
        .message_thread_id
}

/// `text` for `chat_id`, in topic `thread_id` if given.
pub fn text(chat_id: i64, thread_id: Option<i32>, text: &str) -> SendMessageParams {
    SendMessageParams::builder()
        .chat_id(chat_id)
        .maybe_message_thread_id(thread_id)
        .text(text)
        .build()
}

/// The API error a call ended with.
///
/// # Panics
/// When the call succeeded or failed otherwise (network, decoding).
pub fn refusal<T: std::fmt::Debug>(result: Result<T, frankenstein::Error>) -> ErrorResponse {
    match result {
        Err(frankenstein::Error::Api(error)) => error,
        other => panic!("expected Telegram's refusal, got {other:?}"),
    }
}

/// The `description` of the API error a call ended with, checking it is a 400.
pub fn bad_request<T: std::fmt::Debug>(result: Result<T, frankenstein::Error>) -> String {
    let error = refusal(result);
    assert_eq!(error.error_code, 400, "{error:?}");
    error.description
}
