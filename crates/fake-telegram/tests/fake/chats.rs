//! `getChat`: what the bot learns of a chat, decoded with frankenstein's `ChatFullInfo`.

use fake_telegram::FakeTelegram;
use frankenstein::methods::GetChatParams;
use frankenstein::types::{ChatId, ChatType};
use frankenstein::AsyncTelegramApi;

use crate::helpers::{bad_request, bot, forum, FORUM, OPERATOR};

fn get_chat(chat_id: impl Into<ChatId>) -> GetChatParams {
    GetChatParams::builder().chat_id(chat_id).build()
}

#[tokio::test]
async fn a_forum_says_so() {
    let (_telegram, bot) = forum();

    let chat = bot.get_chat(&get_chat(FORUM)).await.unwrap().result;

    assert_eq!(chat.id, FORUM);
    assert_eq!(chat.type_field, ChatType::Supergroup);
    assert_eq!(chat.is_forum, Some(true));
    assert!(chat.accent_color_id.is_some() && chat.max_reaction_count.is_some());
}

#[tokio::test]
async fn other_chats_are_what_their_ids_say() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);

    let private = bot.get_chat(&get_chat(OPERATOR)).await.unwrap().result;
    let supergroup = bot.get_chat(&get_chat(FORUM)).await.unwrap().result;
    let group = bot.get_chat(&get_chat(-4_242)).await.unwrap().result;

    assert_eq!(private.type_field, ChatType::Private);
    assert!(private.first_name.is_some());
    assert_eq!(supergroup.type_field, ChatType::Supergroup);
    assert_eq!(supergroup.is_forum, None);
    assert_eq!(group.type_field, ChatType::Group);
}

#[tokio::test]
async fn a_forum_whose_topics_were_turned_off_is_a_plain_supergroup() {
    let (telegram, bot) = forum();

    telegram.set_forum(FORUM, false);
    let chat = bot.get_chat(&get_chat(FORUM)).await.unwrap().result;

    assert_eq!(chat.is_forum, None);
}

#[tokio::test]
async fn no_chat_is_not_found() {
    let telegram = FakeTelegram::start();
    let bot = bot(&telegram);

    let zero = bot.get_chat(&get_chat(0)).await;
    let username = bot.get_chat(&get_chat("@nobody".to_owned())).await;

    assert_eq!(bad_request(zero), "Bad Request: chat not found");
    assert_eq!(bad_request(username), "Bad Request: chat not found");
}
