//! The fake speaks the Bot API closely enough for frankenstein's client and types.

#![allow(clippy::unwrap_used)]

mod chats;
mod helpers;
mod rate_limits;
mod topic_feed;
mod topic_messages;
mod topics;

use std::time::{Duration, Instant};

use fake_telegram::{Failure, FakeOptions, FakeTelegram};
use frankenstein::methods::SendMessageParams;
use frankenstein::types::MaybeInaccessibleMessage;
use frankenstein::updates::UpdateContent;
use frankenstein::AsyncTelegramApi;

use helpers::{bot, poll};

#[tokio::test]
async fn pushed_updates_decode_as_frankenstein_types() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    let sent = bot
        .send_message(&SendMessageParams::builder().chat_id(42).text("hi").build())
        .await
        .unwrap()
        .result;
    telegram.push_text(42, "hello");
    telegram.push_reply(42, "a reply", i64::from(sent.message_id));
    telegram.push_photo(-1_001_234_567_890);
    telegram.push_callback(42, "v:T1001", i64::from(sent.message_id));

    let updates = bot.get_updates(&poll(None, 0)).await.unwrap().result;

    assert_eq!(updates.len(), 4);
    let UpdateContent::Message(reply) = &updates[1].content else {
        panic!("a message")
    };
    assert_eq!(
        reply.reply_to_message.as_ref().unwrap().message_id,
        sent.message_id
    );
    let UpdateContent::Message(photo) = &updates[2].content else {
        panic!("a message")
    };
    assert!(photo.text.is_none() && photo.photo.is_some());
    let UpdateContent::CallbackQuery(query) = &updates[3].content else {
        panic!("a callback query")
    };
    assert_eq!(query.data.as_deref(), Some("v:T1001"));
    assert!(
        matches!(&query.message, Some(MaybeInaccessibleMessage::Message(m)) if m.chat.id == 42)
    );
}

#[tokio::test]
async fn an_offset_confirms_the_updates_below_it() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    telegram.push_text(42, "one");
    let second = telegram.push_update(serde_json::json!({"message": {"message_id": 9,
        "date": 0, "chat": {"id": 42, "type": "private"}, "text": "two"}}));

    let updates = bot
        .get_updates(&poll(Some(second), 0))
        .await
        .unwrap()
        .result;

    assert_eq!(updates.len(), 1);
    assert_eq!(i64::from(updates[0].update_id), second);
    assert_eq!(telegram.pending_updates(), 1);
}

/// A long poll asked to wait 30 s: it must still be waiting well after it reached the fake,
/// and come back with the update soon after the push, far sooner than its timeout. The bounds
/// are generous (a shared, slow machine) and still an order of magnitude apart.
#[tokio::test]
async fn a_waiting_long_poll_returns_with_an_update_as_soon_as_it_is_pushed() {
    const TIMEOUT: Duration = Duration::from_secs(30);
    const STILL_WAITING_AFTER: Duration = Duration::from_millis(200);
    const BACK_WITHIN: Duration = Duration::from_secs(10);
    let telegram = FakeTelegram::start_with(FakeOptions {
        long_poll_cap: TIMEOUT,
        ..FakeOptions::default()
    });
    let bot = bot(&telegram);
    let timeout = u32::try_from(TIMEOUT.as_secs()).unwrap();
    let mut waiting = tokio::spawn(async move { bot.get_updates(&poll(None, timeout)).await });
    let arrived = long_poll_arrival(&telegram).await;
    tokio::time::sleep_until((arrived + STILL_WAITING_AFTER).into()).await;
    assert!(
        !waiting.is_finished(),
        "the long poll answered before any update was pushed"
    );
    assert_eq!(telegram.call_log("getUpdates")[0].status, 0, "still open");

    telegram.push_text(42, "wake up");
    let updates = tokio::time::timeout(BACK_WITHIN, &mut waiting)
        .await
        .unwrap_or_else(|_| {
            panic!("the long poll was still waiting {BACK_WITHIN:?} after the push")
        })
        .unwrap()
        .unwrap()
        .result;

    assert_eq!(updates.len(), 1);
    let UpdateContent::Message(message) = &updates[0].content else {
        panic!("a message")
    };
    assert_eq!(message.text.as_deref(), Some("wake up"));
}

/// When the first `getUpdates` reached the fake (recorded on arrival, before it waits).
async fn long_poll_arrival(telegram: &FakeTelegram) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(call) = telegram.call_log("getUpdates").first() {
            return call.at;
        }
        assert!(Instant::now() < deadline, "the long poll never arrived");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn scripted_failures_come_first_then_calls_succeed() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    telegram.fail_next(
        "sendMessage",
        vec![
            Failure::Status500,
            Failure::Html502,
            Failure::TooManyRequests { retry_after: 3 },
            Failure::BadRequest("chat not found".into()),
            Failure::Forbidden,
        ],
    );
    let params = SendMessageParams::builder().chat_id(42).text("hi").build();

    let mut errors = Vec::new();
    for _ in 0..5 {
        errors.push(bot.send_message(&params).await.unwrap_err());
    }
    let ok = bot.send_message(&params).await;

    assert!(matches!(&errors[0], frankenstein::Error::Api(e) if e.error_code == 500));
    assert!(matches!(&errors[1], frankenstein::Error::JsonDecode { .. }));
    assert!(matches!(&errors[2], frankenstein::Error::Api(e)
        if e.error_code == 429 && e.parameters.unwrap().retry_after == Some(3)));
    assert!(matches!(&errors[3], frankenstein::Error::Api(e) if e.error_code == 400));
    assert!(matches!(&errors[4], frankenstein::Error::Api(e) if e.error_code == 403));
    assert!(ok.is_ok());
    let statuses: Vec<u16> = telegram
        .call_log("sendMessage")
        .iter()
        .map(|c| c.status)
        .collect();
    assert_eq!(statuses, [500, 502, 429, 400, 403, 200]);
    assert_eq!(telegram.sent_messages().len(), 1);
}

#[tokio::test]
async fn texts_longer_than_telegram_allows_are_refused() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    let params = SendMessageParams::builder()
        .chat_id(42)
        .text("🎉".repeat(2_049))
        .build();

    let refused = bot.send_message(&params).await.unwrap_err();

    assert!(matches!(refused, frankenstein::Error::Api(e) if e.description.contains("too long")));
}

#[tokio::test]
async fn unknown_methods_get_telegrams_404() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);

    let answer = bot.get_webhook_info().await.unwrap_err();

    assert!(matches!(answer, frankenstein::Error::Api(e) if e.error_code == 404));
}

#[tokio::test]
async fn a_second_poller_ends_the_waiting_long_poll_with_a_conflict() {
    let telegram = FakeTelegram::start_with(FakeOptions {
        long_poll_cap: Duration::from_secs(30),
        ..FakeOptions::default()
    });
    let first = bot(&telegram);
    let mut waiting = tokio::spawn(async move { first.get_updates(&poll(None, 30)).await });
    long_poll_arrival(&telegram).await;

    let second = bot(&telegram);
    let second_poll = tokio::spawn(async move { second.get_updates(&poll(None, 1)).await });

    let interrupted = tokio::time::timeout(Duration::from_secs(10), &mut waiting)
        .await
        .expect("the first poll is ended at once")
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&interrupted, frankenstein::Error::Api(e)
            if e.error_code == 409 && e.description.contains("terminated by other getUpdates")),
        "{interrupted:?}"
    );
    assert!(
        second_poll.await.unwrap().is_ok(),
        "the newer poll is served"
    );
}
