//! `sendMessage` into forum topics: where Telegram accepts a `message_thread_id`, and what the
//! message it returns says.

use fake_telegram::FakeTelegram;
use frankenstein::methods::{DeleteForumTopicParams, ReopenForumTopicParams, SendMessageParams};
use frankenstein::types::ReplyParameters;
use frankenstein::AsyncTelegramApi;

use crate::helpers::{bad_request, bot, create_topic, forum, text, FORUM, OPERATOR};

#[tokio::test]
async fn a_message_in_a_topic_carries_its_thread_and_quotes_the_topics_creation() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;

    let sent = bot
        .send_message(&text(FORUM, Some(thread_id), "🆕 T1001"))
        .await
        .unwrap()
        .result;

    assert_eq!(sent.message_thread_id, Some(thread_id));
    assert_eq!(sent.is_topic_message, Some(true));
    assert_eq!(sent.chat.is_forum, Some(true));
    let opened = sent.reply_to_message.unwrap();
    assert_eq!(opened.message_id, thread_id);
    assert_eq!(opened.forum_topic_created.unwrap().name, "T1001");
    let recorded = telegram.sent_in_topic(FORUM, i64::from(thread_id));
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].thread_id, Some(i64::from(thread_id)));
    assert_eq!(recorded[0].text, "🆕 T1001");
}

#[tokio::test]
async fn the_general_topic_takes_messages_without_a_thread_id_only() {
    let (telegram, bot) = forum();

    let with_id = bot.send_message(&text(FORUM, Some(1), "hi")).await;
    let without = bot
        .send_message(&text(FORUM, None, "hi"))
        .await
        .unwrap()
        .result;

    assert_eq!(
        bad_request(with_id),
        "Bad Request: message thread not found"
    );
    assert_eq!(without.message_thread_id, None);
    assert_eq!(without.is_topic_message, None);
    assert_eq!(telegram.sent_to(FORUM).len(), 1);
    assert_eq!(telegram.sent_to(FORUM)[0].thread_id, None);
}

#[tokio::test]
async fn unknown_and_deleted_topics_are_threads_not_found() {
    let (telegram, bot) = forum();
    let deleted_by_bot = create_topic(&bot, "T1001").await;
    let deleted_by_hand = create_topic(&bot, "T1002").await;
    let delete = DeleteForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(deleted_by_bot)
        .build();
    bot.delete_forum_topic(&delete).await.unwrap();
    telegram.delete_topic(FORUM, i64::from(deleted_by_hand));

    for thread_id in [deleted_by_bot, deleted_by_hand, 999] {
        let refused = bot.send_message(&text(FORUM, Some(thread_id), "hi")).await;
        assert_eq!(
            bad_request(refused),
            "Bad Request: message thread not found",
            "thread {thread_id}"
        );
    }
    assert!(telegram.sent_messages().is_empty(), "nothing recorded");
}

#[tokio::test]
async fn a_closed_topic_refuses_messages_until_it_is_reopened() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;
    telegram.close_topic(FORUM, i64::from(thread_id));

    let refused = bot.send_message(&text(FORUM, Some(thread_id), "hi")).await;
    let reopen = ReopenForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build();
    bot.reopen_forum_topic(&reopen).await.unwrap();
    let accepted = bot.send_message(&text(FORUM, Some(thread_id), "hi")).await;

    assert_eq!(bad_request(refused), "Bad Request: TOPIC_CLOSED");
    assert!(accepted.is_ok());
    assert_eq!(telegram.sent_in_topic(FORUM, i64::from(thread_id)).len(), 1);
}

#[tokio::test]
async fn a_thread_id_in_a_chat_that_is_not_a_forum_is_not_found() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);

    for chat_id in [OPERATOR, FORUM, -4_242] {
        let refused = bot.send_message(&text(chat_id, Some(5), "hi")).await;
        assert_eq!(
            bad_request(refused),
            "Bad Request: message thread not found",
            "chat {chat_id}"
        );
    }
}

#[tokio::test]
async fn a_reply_goes_to_the_topic_of_the_message_it_replies_to() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;
    let operator_said = telegram.push_topic_text(FORUM, i64::from(thread_id), "c'est réglé");
    let reply = SendMessageParams::builder()
        .chat_id(FORUM)
        .text("✅ Réponse envoyée")
        .reply_parameters(
            ReplyParameters::builder()
                .message_id(i32::try_from(operator_said).unwrap())
                .build(),
        )
        .build();

    let sent = bot.send_message(&reply).await.unwrap().result;

    assert_eq!(sent.message_thread_id, Some(thread_id));
    assert_eq!(
        sent.reply_to_message.map(|m| i64::from(m.message_id)),
        Some(operator_said)
    );
    assert_eq!(telegram.sent_in_topic(FORUM, i64::from(thread_id)).len(), 1);
}
