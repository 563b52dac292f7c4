//! The Bot API client: the few calls the adapter makes, over frankenstein's reqwest client.

use std::sync::Arc;
use std::time::Duration;

use frankenstein::client_reqwest::Bot;
use frankenstein::methods::{
    AnswerCallbackQueryParams, CloseForumTopicParams, CreateForumTopicParams, DeleteWebhookParams,
    EditForumTopicParams, GetChatParams, GetUpdatesParams, ReopenForumTopicParams,
    SendMessageParams, SetMyCommandsParams, SetWebhookParams,
};
use frankenstein::response::MethodResponse;
use frankenstein::types::{
    AllowedUpdate, BotCommand, BotCommandScope, BotCommandScopeChat, InlineKeyboardMarkup,
    LinkPreviewOptions, ReplyMarkup,
};
use frankenstein::AsyncTelegramApi;
use serde_json::Value;

use crate::api_failure::classify;
pub(crate) use crate::api_failure::ApiFailure;
use crate::config::TelegramSetupError;
use crate::core::Place;
use crate::metrics::Counters;

/// How long connecting to Telegram may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The updates the bot asks for: messages and button presses.
pub(crate) fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery]
}

/// The Bot API calls the adapter makes. Every failure is counted in the metrics.
#[derive(Clone)]
pub(crate) struct TelegramClient {
    bot: Bot,
    counters: Arc<Counters>,
}

impl TelegramClient {
    /// A client for `bot_url` (`{api_url}/bot{token}`) whose calls time out after `timeout`.
    pub(crate) fn new(
        bot_url: String,
        timeout: Duration,
        counters: Arc<Counters>,
    ) -> Result<Self, TelegramSetupError> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(timeout)
            .build()
            .map_err(TelegramSetupError::HttpClient)?;
        let bot = Bot::builder().api_url(bot_url).client(client).build();
        Ok(Self { bot, counters })
    }

    fn failed(&self, error: frankenstein::Error) -> ApiFailure {
        Counters::add(&self.counters.api_errors, 1);
        classify(error)
    }

    /// Sends `text` to `place` as plain text (no `parse_mode`: the visitor's `<b>`, `*`, `_`
    /// stay literal), with optional inline buttons. Returns the sent message's id.
    pub(crate) async fn send_text(
        &self,
        place: Place,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<i64, ApiFailure> {
        let params = SendMessageParams::builder()
            .chat_id(place.chat)
            .maybe_message_thread_id(place.thread_id()?)
            .text(text)
            .link_preview_options(LinkPreviewOptions::builder().is_disabled(true).build())
            .maybe_reply_markup(keyboard.map(ReplyMarkup::InlineKeyboardMarkup))
            .build();
        match self.bot.send_message(&params).await {
            Ok(response) => Ok(i64::from(response.result.message_id)),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Whether `chat` is a forum (a supergroup with topics), as `getChat` says.
    pub(crate) async fn is_forum(&self, chat: i64) -> Result<bool, ApiFailure> {
        let params = GetChatParams::builder().chat_id(chat).build();
        match self.bot.get_chat(&params).await {
            Ok(response) => Ok(response.result.is_forum == Some(true)),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Creates a topic named `name` in the forum `chat`; returns its thread id.
    pub(crate) async fn create_topic(&self, chat: i64, name: &str) -> Result<i64, ApiFailure> {
        let params = CreateForumTopicParams::builder()
            .chat_id(chat)
            .name(name)
            .build();
        match self.bot.create_forum_topic(&params).await {
            Ok(response) => Ok(i64::from(response.result.message_thread_id)),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Renames the topic `thread` of `chat`.
    pub(crate) async fn rename_topic(
        &self,
        chat: i64,
        thread: i64,
        name: &str,
    ) -> Result<(), ApiFailure> {
        let params = EditForumTopicParams::builder()
            .chat_id(chat)
            .message_thread_id(thread_id(thread)?)
            .name(name)
            .build();
        match self.bot.edit_forum_topic(&params).await {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Closes (`closed`) or reopens the topic `thread` of `chat`.
    pub(crate) async fn set_topic_closed(
        &self,
        chat: i64,
        thread: i64,
        closed: bool,
    ) -> Result<(), ApiFailure> {
        let thread = thread_id(thread)?;
        let result = if closed {
            let params = CloseForumTopicParams::builder()
                .chat_id(chat)
                .message_thread_id(thread)
                .build();
            self.bot.close_forum_topic(&params).await
        } else {
            let params = ReopenForumTopicParams::builder()
                .chat_id(chat)
                .message_thread_id(thread)
                .build();
            self.bot.reopen_forum_topic(&params).await
        };
        match result {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Long-polls for updates from `offset`, as raw JSON so that one update the client cannot
    /// decode does not block the ones after it.
    pub(crate) async fn get_updates(
        &self,
        offset: Option<i64>,
        timeout_secs: u32,
    ) -> Result<Vec<Value>, ApiFailure> {
        let params = GetUpdatesParams::builder()
            .maybe_offset(offset)
            .timeout(timeout_secs)
            .allowed_updates(allowed_updates())
            .build();
        let answer: Result<MethodResponse<Vec<Value>>, _> =
            self.bot.request("getUpdates", Some(params)).await;
        answer.map(|r| r.result).map_err(|e| self.failed(e))
    }

    /// Answers a button press (stops the spinner), with an optional short notice.
    pub(crate) async fn answer_callback(
        &self,
        id: &str,
        text: Option<String>,
    ) -> Result<(), ApiFailure> {
        let params = AnswerCallbackQueryParams::builder()
            .callback_query_id(id)
            .maybe_text(text)
            .build();
        match self.bot.answer_callback_query(&params).await {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// The bot's username, without `@`.
    pub(crate) async fn get_me(&self) -> Result<Option<String>, ApiFailure> {
        match self.bot.get_me().await {
            Ok(response) => Ok(response.result.username),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Sets the command menu shown in `chat`.
    pub(crate) async fn set_commands(
        &self,
        chat: i64,
        commands: Vec<BotCommand>,
    ) -> Result<(), ApiFailure> {
        let scope = BotCommandScope::Chat(BotCommandScopeChat::builder().chat_id(chat).build());
        let params = SetMyCommandsParams::builder()
            .commands(commands)
            .scope(scope)
            .build();
        match self.bot.set_my_commands(&params).await {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Removes any webhook (it would make `getUpdates` fail with 409). Pending updates are kept.
    pub(crate) async fn delete_webhook(&self) -> Result<(), ApiFailure> {
        let params = DeleteWebhookParams::builder()
            .drop_pending_updates(false)
            .build();
        match self.bot.delete_webhook(&params).await {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Points Telegram at the webhook `url`, with the secret header and the updates wanted.
    pub(crate) async fn set_webhook(&self, url: &str, secret: &str) -> Result<(), ApiFailure> {
        let params = SetWebhookParams::builder()
            .url(url)
            .secret_token(secret)
            .allowed_updates(allowed_updates())
            .build();
        match self.bot.set_webhook(&params).await {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(error)),
        }
    }
}

/// A thread id as the Bot API types it; Telegram's ids fit, a larger one is refused here
/// rather than sent truncated.
fn thread_id(thread: i64) -> Result<i32, ApiFailure> {
    i32::try_from(thread).map_err(|_| ApiFailure::Permanent {
        code: 400,
        description: format!("message thread id {thread} out of range"),
        migrate_to_chat_id: None,
    })
}

impl Place {
    /// The `message_thread_id` to send with, if any.
    fn thread_id(self) -> Result<Option<i32>, ApiFailure> {
        self.thread.map(thread_id).transpose()
    }
}
