//! Messages the operators write in forum topics, as the bot receives them.

use fake_telegram::OperatorUser;
use frankenstein::types::Message;
use frankenstein::updates::UpdateContent;
use frankenstein::AsyncTelegramApi;

use crate::helpers::{create_topic, forum, poll, FORUM};

/// The messages of the pending updates, in order.
async fn received(bot: &frankenstein::client_reqwest::Bot) -> Vec<Message> {
    let updates = bot.get_updates(&poll(None, 0)).await.unwrap().result;
    updates
        .into_iter()
        .map(|u| match u.content {
            UpdateContent::Message(m) => *m,
            other => panic!("a message, not {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn a_topic_message_replies_to_the_topics_creation_as_telegram_shows_it() {
    let (telegram, bot) = forum();
    let thread_id = create_topic(&bot, "T1001 Jean").await;

    let id = telegram.push_topic_text(FORUM, i64::from(thread_id), "bonjour");
    let messages = received(&bot).await;

    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(i64::from(message.message_id), id);
    assert_eq!(message.message_thread_id, Some(thread_id));
    assert_eq!(message.is_topic_message, Some(true));
    assert_eq!(message.chat.is_forum, Some(true));
    let opened = message.reply_to_message.as_ref().unwrap();
    assert_eq!(opened.message_id, thread_id);
    assert_eq!(
        opened.forum_topic_created.as_ref().unwrap().name,
        "T1001 Jean"
    );
}

#[tokio::test]
async fn a_topic_reply_quotes_the_message_without_nesting_its_reply() {
    let (telegram, bot) = forum();
    let thread_id = i64::from(create_topic(&bot, "T1001").await);
    let first = telegram.push_topic_text(FORUM, thread_id, "première");

    telegram.push_topic_reply(FORUM, thread_id, "deuxième", first);
    let messages = received(&bot).await;

    let quoted = messages[1].reply_to_message.as_ref().unwrap();
    assert_eq!(i64::from(quoted.message_id), first);
    assert!(
        quoted.reply_to_message.is_none(),
        "Telegram does not nest replies"
    );
    assert_eq!(
        messages[1].message_thread_id.map(i64::from),
        Some(thread_id)
    );
}

#[tokio::test]
async fn several_operators_write_under_their_own_names() {
    let (telegram, bot) = forum();
    let thread_id = i64::from(create_topic(&bot, "T1001").await);
    let alice = OperatorUser {
        id: 501,
        first_name: "Alice".into(),
        username: Some("alice".into()),
    };

    telegram.push_topic_text_from(FORUM, thread_id, alice, "je prends");
    telegram.push_text_from(FORUM, OperatorUser::new(502, "Bob"), "dans General");
    let messages = received(&bot).await;

    let alice = messages[0].from.as_ref().unwrap();
    assert_eq!((alice.id, alice.username.as_deref()), (501, Some("alice")));
    let bob = messages[1].from.as_ref().unwrap();
    assert_eq!((bob.id, bob.first_name.as_str()), (502, "Bob"));
    assert_eq!(messages[1].message_thread_id, None);
}

#[tokio::test]
async fn a_plain_text_in_a_forum_is_in_general() {
    let (telegram, bot) = forum();

    telegram.push_text(FORUM, "/list");
    let messages = received(&bot).await;

    assert_eq!(messages[0].message_thread_id, None);
    assert_eq!(messages[0].is_topic_message, None);
    assert!(messages[0].reply_to_message.is_none());
    assert_eq!(messages[0].chat.is_forum, Some(true));
}
