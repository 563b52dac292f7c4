//! Forum topics' lifecycle through the Bot API methods, and Telegram's refusals word for word.

use fake_telegram::FakeTelegram;
use frankenstein::methods::{
    CloseForumTopicParams, CreateForumTopicParams, DeleteForumTopicParams, EditForumTopicParams,
    ReopenForumTopicParams,
};
use frankenstein::updates::UpdateContent;
use frankenstein::AsyncTelegramApi;

use crate::helpers::{bad_request, bot, create_topic, forum, poll, text, FORUM, OPERATOR};

fn close(thread_id: i32) -> CloseForumTopicParams {
    CloseForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build()
}

fn reopen(thread_id: i32) -> ReopenForumTopicParams {
    ReopenForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build()
}

fn delete(thread_id: i32) -> DeleteForumTopicParams {
    DeleteForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build()
}

fn rename(thread_id: i32, name: &str) -> EditForumTopicParams {
    EditForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .name(name)
        .build()
}

#[tokio::test]
async fn a_created_topic_is_a_forum_topic_whose_thread_id_is_a_fresh_message_id() {
    let (telegram, bot) = forum();
    let before = telegram.push_text(FORUM, "in General");
    let params = CreateForumTopicParams::builder()
        .chat_id(FORUM)
        .name("T1001 Jean Dupont")
        .build();

    let topic = bot.create_forum_topic(&params).await.unwrap().result;

    assert_eq!(topic.name, "T1001 Jean Dupont");
    assert_eq!(topic.icon_color, 7_322_096, "Telegram's first colour");
    assert!(i64::from(topic.message_thread_id) > before);
    let known = telegram.topics(FORUM);
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].thread_id, i64::from(topic.message_thread_id));
    assert!(!known[0].closed && !known[0].deleted);
}

#[tokio::test]
async fn topics_outside_a_forum_are_refused() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);
    let create = |chat_id: i64| {
        CreateForumTopicParams::builder()
            .chat_id(chat_id)
            .name("T1001")
            .build()
    };

    for chat_id in [OPERATOR, FORUM, -4_242] {
        assert_eq!(
            bad_request(bot.create_forum_topic(&create(chat_id)).await),
            "Bad Request: the chat is not a forum",
            "chat {chat_id}"
        );
    }
    assert_eq!(
        bad_request(bot.create_forum_topic(&create(0)).await),
        "Bad Request: chat not found"
    );
    assert!(telegram.topics(FORUM).is_empty());
}

#[tokio::test]
async fn a_blank_name_is_refused_and_a_long_one_is_cut_to_128_characters() {
    let (telegram, bot) = forum();
    let named = |name: &str| {
        CreateForumTopicParams::builder()
            .chat_id(FORUM)
            .name(name)
            .build()
    };

    let blank = bot.create_forum_topic(&named(" \n ")).await;
    let long = bot.create_forum_topic(&named(&"é".repeat(200))).await;

    assert_eq!(bad_request(blank), "Bad Request: title must be non-empty");
    assert_eq!(long.unwrap().result.name.chars().count(), 128);
    assert_eq!(telegram.topics(FORUM).len(), 1);
}

#[tokio::test]
async fn renaming_to_the_same_name_is_not_a_modification() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;

    let renamed = bot.edit_forum_topic(&rename(thread_id, "T1001 ✅")).await;
    let again = bot.edit_forum_topic(&rename(thread_id, "T1001 ✅")).await;
    let nothing = EditForumTopicParams::builder()
        .chat_id(FORUM)
        .message_thread_id(thread_id)
        .build();
    let nothing = bot.edit_forum_topic(&nothing).await;

    assert!(renamed.unwrap().result);
    assert_eq!(bad_request(again), "Bad Request: TOPIC_NOT_MODIFIED");
    assert!(
        nothing.unwrap().result,
        "nothing to change: true, as TDLib answers"
    );
    let topic = &telegram.topics(FORUM)[0];
    assert_eq!(topic.name, "T1001 ✅");
    assert_eq!(topic.renames, 1);
}

#[tokio::test]
async fn closing_and_reopening_twice_is_not_a_modification() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;

    assert!(
        bot.close_forum_topic(&close(thread_id))
            .await
            .unwrap()
            .result
    );
    assert!(telegram.topics(FORUM)[0].closed);
    assert_eq!(
        bad_request(bot.close_forum_topic(&close(thread_id)).await),
        "Bad Request: TOPIC_NOT_MODIFIED"
    );
    assert!(
        bot.reopen_forum_topic(&reopen(thread_id))
            .await
            .unwrap()
            .result
    );
    assert!(!telegram.topics(FORUM)[0].closed);
    assert_eq!(
        bad_request(bot.reopen_forum_topic(&reopen(thread_id)).await),
        "Bad Request: TOPIC_NOT_MODIFIED"
    );
}

#[tokio::test]
async fn unknown_and_deleted_topics_are_invalid_topic_ids() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;

    assert!(
        bot.delete_forum_topic(&delete(thread_id))
            .await
            .unwrap()
            .result
    );

    assert!(telegram.topics(FORUM)[0].deleted);
    for thread_id in [thread_id, 999] {
        assert_eq!(
            bad_request(bot.delete_forum_topic(&delete(thread_id)).await),
            "Bad Request: TOPIC_ID_INVALID"
        );
        assert_eq!(
            bad_request(bot.close_forum_topic(&close(thread_id)).await),
            "Bad Request: TOPIC_ID_INVALID"
        );
        assert_eq!(
            bad_request(bot.reopen_forum_topic(&reopen(thread_id)).await),
            "Bad Request: TOPIC_ID_INVALID"
        );
        assert_eq!(
            bad_request(bot.edit_forum_topic(&rename(thread_id, "x")).await),
            "Bad Request: TOPIC_ID_INVALID"
        );
    }
    assert_eq!(
        bad_request(bot.close_forum_topic(&close(0)).await),
        "Bad Request: invalid message thread identifier specified"
    );
}

#[tokio::test]
async fn a_forum_whose_topics_are_turned_off_refuses_them_until_they_are_back() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001").await;

    telegram.set_forum(FORUM, false);
    let create = CreateForumTopicParams::builder()
        .chat_id(FORUM)
        .name("T1002")
        .build();
    let refused = bot.create_forum_topic(&create).await;
    let closing = bot.close_forum_topic(&close(thread_id)).await;
    let sending = bot.send_message(&text(FORUM, Some(thread_id), "hi")).await;
    telegram.set_forum(FORUM, true);
    let back = bot.send_message(&text(FORUM, Some(thread_id), "hi")).await;

    assert_eq!(bad_request(refused), "Bad Request: the chat is not a forum");
    assert_eq!(bad_request(closing), "Bad Request: the chat is not a forum");
    assert_eq!(
        bad_request(sending),
        "Bad Request: message thread not found"
    );
    assert_eq!(
        back.unwrap().result.message_thread_id,
        Some(thread_id),
        "the topics were kept"
    );
}

#[tokio::test]
async fn an_administrator_closing_a_topic_is_a_service_message_for_the_bot() {
    let (telegram, bot) = forum();
    let thread_id = telegram.create_topic(FORUM, "T1001");

    telegram.close_topic(FORUM, thread_id);
    let updates = bot.get_updates(&poll(None, 0)).await.unwrap().result;
    let refused = bot
        .send_message(&text(FORUM, Some(i32::try_from(thread_id).unwrap()), "hi"))
        .await;

    let messages: Vec<_> = updates
        .iter()
        .map(|u| match &u.content {
            UpdateContent::Message(m) => m,
            other => panic!("a message, not {other:?}"),
        })
        .collect();
    assert_eq!(messages.len(), 2);
    let created = messages[0].forum_topic_created.as_ref().unwrap();
    assert_eq!(created.name, "T1001");
    assert_eq!(i64::from(messages[0].message_id), thread_id);
    assert!(messages[1].forum_topic_closed.is_some());
    assert_eq!(
        messages[1].message_thread_id.map(i64::from),
        Some(thread_id)
    );
    assert_eq!(messages[1].is_topic_message, Some(true));
    assert_eq!(bad_request(refused), "Bad Request: TOPIC_CLOSED");
}
