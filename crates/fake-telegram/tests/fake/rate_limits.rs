//! The flood limits: a 429 with `retry_after`, nothing done, and the call accepted again once
//! the wait is over. The overall limit's exact figures are unit-tested in `limiter.rs`; here a
//! narrower window proves the wiring without racing the clock.

use std::time::Duration;

use fake_telegram::{Failure, FakeOptions, FakeTelegram, RateLimits, SlidingWindow};
use frankenstein::methods::{CloseForumTopicParams, CreateForumTopicParams};
use frankenstein::AsyncTelegramApi;

use crate::helpers::{bot, create_topic, forum, refusal, text, FORUM, OPERATOR};

/// The `retry_after` of a 429, checking the rest of Telegram's answer.
fn retry_after<T: std::fmt::Debug>(result: Result<T, frankenstein::Error>) -> u16 {
    let error = refusal(result);
    assert_eq!(error.error_code, 429, "{error:?}");
    let seconds = error.parameters.and_then(|p| p.retry_after).unwrap();
    assert_eq!(
        error.description,
        format!("Too Many Requests: retry after {seconds}")
    );
    seconds
}

#[tokio::test]
async fn a_private_chat_takes_three_at_once_then_one_a_second() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    for n in 0..3 {
        bot.send_message(&text(OPERATOR, None, &format!("#{n}")))
            .await
            .unwrap();
    }

    let refused = bot.send_message(&text(OPERATOR, None, "#3")).await;
    assert_eq!(retry_after(refused), 1);
    assert_eq!(
        telegram.sent_to(OPERATOR).len(),
        3,
        "the refused one is not sent"
    );
    assert_eq!(telegram.call_log("sendMessage")[3].status, 429);
    let elsewhere = bot.send_message(&text(OPERATOR + 1, None, "hi")).await;
    assert!(elsewhere.is_ok(), "another chat has its own budget");

    tokio::time::sleep(Duration::from_secs(1)).await;
    let later = bot.send_message(&text(OPERATOR, None, "#3")).await;
    assert!(later.is_ok(), "{later:?}");
    assert_eq!(telegram.sent_to(OPERATOR).len(), 4);
}

#[tokio::test]
async fn a_group_takes_twenty_a_minute() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    for n in 0..20 {
        bot.send_message(&text(FORUM, None, &format!("#{n}")))
            .await
            .unwrap();
    }

    let refused = bot.send_message(&text(FORUM, None, "#20")).await;

    let seconds = retry_after(refused);
    assert!((55..=60).contains(&seconds), "retry after {seconds}");
    assert_eq!(telegram.sent_to(FORUM).len(), 20);
    assert!(bot.send_message(&text(OPERATOR, None, "hi")).await.is_ok());
}

#[tokio::test]
async fn topic_operations_spend_the_groups_budget_and_a_refused_one_changes_nothing() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;
    for n in 0..19 {
        bot.send_message(&text(FORUM, Some(thread_id), &format!("#{n}")))
            .await
            .unwrap();
    }
    let close = CloseForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build();
    let create = CreateForumTopicParams::builder()
        .chat_id(FORUM)
        .name("T1002")
        .build();

    let closing = bot.close_forum_topic(&close).await;
    let creating = bot.create_forum_topic(&create).await;

    assert!(retry_after(closing) >= 55);
    assert!(retry_after(creating) >= 55);
    let topics = telegram.topics(FORUM);
    assert_eq!(topics.len(), 1, "no topic created");
    assert!(!topics[0].closed, "not closed");
}

#[tokio::test]
async fn the_overall_window_counts_every_chat() {
    let limits = RateLimits {
        global: Some(SlidingWindow {
            max: 5,
            window: Duration::from_secs(30),
        }),
        ..RateLimits::unlimited()
    };
    let telegram = FakeTelegram::start_with(FakeOptions {
        limits,
        ..FakeOptions::default()
    });
    let bot = bot(&telegram);
    for chat_id in 1..=5 {
        bot.send_message(&text(chat_id, None, "hi")).await.unwrap();
    }

    let refused = bot.send_message(&text(6, None, "hi")).await;

    assert!((25..=30).contains(&retry_after(refused)));
    assert_eq!(telegram.sent_messages().len(), 5);
}

#[tokio::test]
async fn unlimited_lets_a_load_run_through() {
    let telegram = FakeTelegram::start_with(FakeOptions {
        limits: RateLimits::unlimited(),
        ..FakeOptions::default()
    });
    let bot = bot(&telegram);

    for n in 0..40 {
        let sent = bot
            .send_message(&text(OPERATOR, None, &format!("#{n}")))
            .await;
        assert!(sent.is_ok(), "#{n}: {sent:?}");
    }
}

#[tokio::test]
async fn scripted_failures_and_refused_calls_spend_no_budget() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    telegram.fail_next("sendMessage", vec![Failure::Status500; 5]);
    for _ in 0..5 {
        assert!(bot.send_message(&text(OPERATOR, None, "hi")).await.is_err());
    }
    for _ in 0..5 {
        let empty = bot.send_message(&text(OPERATOR, None, " ")).await;
        assert_eq!(refusal(empty).error_code, 400);
    }

    for n in 0..3 {
        let sent = bot.send_message(&text(OPERATOR, None, "hi")).await;
        assert!(sent.is_ok(), "#{n}: {sent:?}");
    }
}
