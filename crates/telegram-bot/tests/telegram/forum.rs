//! A team in a forum group: one topic per ticket, opened with the card; plain text in a topic
//! is the answer; commands there act on its ticket; the topic follows the ticket (renamed,
//! closed, reopened) and is re-created when an admin deleted it. Against the fake at
//! Telegram's real limits.

use fake_telegram::{ForumTopicState, OperatorUser};
use ticket_domain::ports::{OperatorChat, OperatorChatStore, VisitorEvent};
use ticket_domain::ticket::{Author, Status, TicketNumber};

use crate::helpers::{spawn_app_with, Options, TestApp, OPERATOR, PATIENCE};

/// The team's forum supergroup.
const FORUM: i64 = -1_001_234_567_890;

/// A bot whose only operator chat is the forum.
async fn forum_app() -> TestApp {
    forum_app_with(Options {
        operator_chats: vec![FORUM],
        destinations: vec![FORUM.to_string()],
        ..Options::default()
    })
    .await
}

async fn forum_app_with(options: Options) -> TestApp {
    let app = spawn_app_with(options).await;
    app.telegram.make_forum(FORUM);
    app
}

fn t(n: u32) -> TicketNumber {
    TicketNumber::new(n).unwrap()
}

impl TestApp {
    /// The topic named `name`, waiting for it.
    fn wait_for_topic_named(&self, name: &str) -> ForumTopicState {
        self.telegram
            .wait_for_topic(
                FORUM,
                |topic| topic.name == name && !topic.deleted,
                PATIENCE,
            )
            .unwrap_or_else(|| {
                panic!(
                    "no topic named {name:?}: {:#?}",
                    self.telegram.topics(FORUM)
                )
            })
    }

    /// Waits for a message containing `needle` in topic `thread`.
    fn wait_for_in_topic(&self, thread: i64, needle: &str) {
        let found = self.telegram.wait_for_sent(
            |m| m.chat_id == FORUM && m.thread_id == Some(thread) && m.text.contains(needle),
            PATIENCE,
        );
        assert!(
            found.is_some(),
            "nothing containing {needle:?} in topic {thread}: {:#?}",
            self.telegram.sent_in_topic(FORUM, thread)
        );
    }

    /// Waits until topic `thread` matches `condition`.
    fn wait_for_topic_state(&self, thread: i64, condition: impl Fn(&ForumTopicState) -> bool) {
        let found = self.telegram.wait_for_topic(
            FORUM,
            |topic| topic.thread_id == thread && condition(topic),
            PATIENCE,
        );
        assert!(found.is_some(), "{:#?}", self.telegram.topics(FORUM));
    }

    /// Waits until the ticket has `count` operator replies.
    fn wait_for_replies(&self, ticket: TicketNumber, count: usize) {
        let done = self.telegram.wait_until(
            |_| self.operator_replies_on(ticket).len() >= count,
            PATIENCE,
        );
        assert!(
            done,
            "replies on {ticket}: {:?}",
            self.operator_replies_on(ticket)
        );
    }

    /// The first names recorded on the ticket's operator replies.
    fn who_answered(&self, ticket: TicketNumber) -> Vec<String> {
        use ticket_domain::ports::TicketRepository;
        let history = self.store.ticket_history(ticket, 100).unwrap().unwrap();
        history
            .messages
            .iter()
            .filter(|m| m.author == Author::Operator)
            .map(|m| {
                m.operator
                    .as_ref()
                    .map_or("?", |o| o.name.as_str())
                    .to_owned()
            })
            .collect()
    }

    fn status_of(&self, ticket: TicketNumber) -> Status {
        use ticket_domain::ports::TicketRepository;
        self.store.ticket(ticket).unwrap().unwrap().status
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_ticket_gets_a_topic_that_opens_with_the_card() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(
        visitor,
        Some("Jean Dupont"),
        "Bonjour, vos tarifs ?",
        "/prix",
    );

    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    app.wait_for_in_topic(topic.thread_id, "🆕 NOUVEAU TICKET T1001");
    let announced = app.telegram.wait_for_sent(
        |m| m.chat_id == FORUM && m.thread_id.is_none() && m.text.starts_with("🆕 T1001"),
        PATIENCE,
    );
    assert_eq!(
        announced.map(|m| m.text).as_deref(),
        Some("🆕 T1001 · Jean Dupont: Bonjour, vos tarifs ?"),
        "one line in General"
    );

    app.same_visitor_writes(visitor, None, "Et pour la livraison ?", "/prix");
    app.wait_for_in_topic(topic.thread_id, "💬 Et pour la livraison ?");
    let in_topic = app.telegram.sent_in_topic(FORUM, topic.thread_id);
    assert_eq!(in_topic.len(), 2, "the card, then the follow-up alone");
    assert_eq!(app.telegram.topics(FORUM).len(), 1, "one topic per ticket");
    assert_eq!(
        app.store
            .topic_of_ticket(OperatorChat(FORUM), t(1001))
            .unwrap()
            .map(|topic| topic.thread),
        Some(topic.thread_id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_in_a_topic_answers_its_visitor_and_two_topics_never_cross() {
    let app = forum_app().await;
    let jean = app.new_visitor();
    app.same_visitor_writes(jean, Some("Jean Dupont"), "Bonjour", "/");
    let marie = app.new_visitor();
    app.same_visitor_writes(marie, Some("Marie Martin"), "Allô ?", "/");
    let jean_topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    let marie_topic = app.wait_for_topic_named("🟡 T1002 · Marie Martin");
    app.wait_for_in_topic(marie_topic.thread_id, "NOUVEAU TICKET T1002");

    // Two operators answer at the same moment, each in a topic.
    app.telegram.push_topic_text_from(
        FORUM,
        jean_topic.thread_id,
        OperatorUser::new(501, "Marie"),
        "Bonjour Jean",
    );
    app.telegram.push_topic_text_from(
        FORUM,
        marie_topic.thread_id,
        OperatorUser::new(502, "Paul"),
        "Bonjour Marie",
    );
    app.wait_for_replies(t(1001), 1);
    app.wait_for_replies(t(1002), 1);

    assert_eq!(app.operator_replies_on(t(1001)), ["Bonjour Jean"]);
    assert_eq!(app.operator_replies_on(t(1002)), ["Bonjour Marie"]);
    assert_eq!(
        app.who_answered(t(1001)),
        ["Marie"],
        "each reply records who wrote it"
    );
    assert_eq!(app.who_answered(t(1002)), ["Paul"]);
    let events = app.channel.events.lock().unwrap().clone();
    let pushed = |visitor, text: &str| {
        events.iter().any(|(to, event)| {
            *to == visitor
                && matches!(event, VisitorEvent::Message { message, .. }
                    if message.text == text && message.author == Author::Operator)
        })
    };
    assert!(pushed(jean, "Bonjour Jean"), "Jean sees his answer live");
    assert!(pushed(marie, "Bonjour Marie"), "Marie sees hers");
    assert!(!pushed(jean, "Bonjour Marie") && !pushed(marie, "Bonjour Jean"));
    // The answer in the topic is its own confirmation: the bot adds nothing there.
    assert!(app
        .telegram
        .sent_in_topic(FORUM, jean_topic.thread_id)
        .iter()
        .all(|m| !m.text.contains("Réponse envoyée")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_in_a_topic_closes_both_and_the_visitor_writing_again_reopens_both() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Bonjour", "/");
    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    app.wait_for_in_topic(topic.thread_id, "NOUVEAU TICKET T1001");

    app.telegram
        .push_topic_text(FORUM, topic.thread_id, "/close");
    app.wait_for_in_topic(topic.thread_id, "T1001");
    app.wait_for_topic_state(topic.thread_id, |t| {
        t.closed && t.name == "✅ T1001 · Jean Dupont"
    });
    assert_eq!(app.status_of(t(1001)), Status::Closed);

    app.same_visitor_writes(visitor, None, "Encore une question", "/");
    app.wait_for_in_topic(topic.thread_id, "💬 Encore une question");
    app.wait_for_topic_state(topic.thread_id, |t| {
        !t.closed && t.name == "🟡 T1001 · Jean Dupont"
    });
    assert_eq!(app.status_of(t(1001)), Status::Open);
    assert_eq!(
        app.telegram.topics(FORUM).len(),
        1,
        "the same topic, reopened"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_in_a_topic_act_on_its_ticket_and_general_is_the_desk() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Bonjour", "/");
    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");

    app.telegram
        .push_topic_text(FORUM, topic.thread_id, "/priority urgent");
    app.wait_for_topic_named("🚨 T1001 · Jean Dupont");
    app.telegram
        .push_topic_text(FORUM, topic.thread_id, "/ticket");
    app.wait_for_in_topic(topic.thread_id, "🎫 TICKET T1001");

    app.telegram.push_text(FORUM, "/tickets");
    let listed = app.telegram.wait_for_sent(
        |m| m.chat_id == FORUM && m.thread_id.is_none() && m.text.contains("GESTION DES TICKETS"),
        PATIENCE,
    );
    assert!(listed.is_some(), "/tickets answered in General");
    assert_eq!(app.telegram.topics(FORUM).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_topic_is_created_again_and_nothing_is_lost() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Bonjour", "/");
    let first = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    app.wait_for_in_topic(first.thread_id, "NOUVEAU TICKET T1001");

    app.telegram.delete_topic(FORUM, first.thread_id);
    app.same_visitor_writes(visitor, None, "Vous êtes là ?", "/");

    let second = app
        .telegram
        .wait_for_topic(
            FORUM,
            |t| !t.deleted && t.name == "🟡 T1001 · Jean Dupont",
            PATIENCE,
        )
        .expect("a new topic");
    assert_ne!(second.thread_id, first.thread_id);
    app.wait_for_in_topic(second.thread_id, "Vous êtes là ?");
    app.wait_for_in_topic(second.thread_id, "T1001");
    app.wait_for_empty_outbox();
    let mapped = app
        .store
        .topic_of_ticket(OperatorChat(FORUM), t(1001))
        .unwrap()
        .map(|topic| topic.thread);
    assert_eq!(mapped, Some(second.thread_id));
    assert_eq!(
        app.store
            .ticket_of_topic(OperatorChat(FORUM), first.thread_id)
            .unwrap(),
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_private_chat_keeps_its_notifications_beside_the_forum() {
    let app = forum_app_with(Options {
        operator_chats: vec![OPERATOR, FORUM],
        destinations: vec![OPERATOR.to_string(), FORUM.to_string()],
        announce_new_tickets: false,
        ..Options::default()
    })
    .await;
    app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/");

    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    app.wait_for_in_topic(topic.thread_id, "NOUVEAU TICKET T1001");
    let private = app.wait_for_operator_message("NOUVEAU TICKET T1001");
    assert_eq!(private.thread_id, None);
    app.wait_for_empty_outbox();
    assert!(
        app.telegram
            .sent_to(FORUM)
            .iter()
            .all(|m| m.thread_id.is_some()),
        "announcements off: nothing in General"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_whose_topics_were_turned_off_gets_plain_notifications() {
    let app = forum_app().await;
    app.visitor_writes(Some("Jean Dupont"), "Bonjour", "/");
    app.wait_for_topic_named("🟡 T1001 · Jean Dupont");

    app.telegram.set_forum(FORUM, false);
    app.visitor_writes(Some("Marie Martin"), "Allô ?", "/");

    let plain = app.telegram.wait_for_sent(
        |m| m.chat_id == FORUM && m.thread_id.is_none() && m.text.contains("NOUVEAU TICKET T1002"),
        PATIENCE,
    );
    assert!(plain.is_some(), "{:#?}", app.telegram.sent_to(FORUM));
    app.wait_for_empty_outbox();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_in_a_topic_stays_with_the_team() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Bonjour", "/");
    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    app.wait_for_in_topic(topic.thread_id, "NOUVEAU TICKET T1001");

    app.telegram.push_topic_text_from(
        FORUM,
        topic.thread_id,
        OperatorUser::new(501, "Marie"),
        "/note client fidèle, geste commercial possible",
    );
    app.wait_for_in_topic(topic.thread_id, "🔒 Note ajoutée au ticket T1001");
    app.telegram
        .push_topic_text(FORUM, topic.thread_id, "/ticket");
    app.wait_for_in_topic(topic.thread_id, "🔒 Note interne · Marie");

    let events = app.channel.events.lock().unwrap().clone();
    assert!(
        events.iter().all(|(_, event)| !matches!(event,
            VisitorEvent::Message { message, .. } if message.text.contains("fidèle"))),
        "the visitor is never told"
    );
    let conversation = {
        use ticket_domain::ports::TicketRepository;
        app.store
            .visitor_conversation(visitor, None, 100)
            .unwrap()
            .unwrap()
    };
    assert!(conversation
        .messages
        .iter()
        .all(|m| !m.text.contains("fidèle")));
    assert!(app.operator_replies_on(t(1001)).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_outage_the_urgent_tickets_topics_get_their_messages_first() {
    let mut app = forum_app().await;
    let jean = app.new_visitor();
    app.same_visitor_writes(jean, Some("Jean Dupont"), "Bonjour", "/");
    let marie = app.new_visitor();
    app.same_visitor_writes(marie, Some("Marie Martin"), "Allô ?", "/");
    let marie_topic = app.wait_for_topic_named("🟡 T1002 · Marie Martin");
    app.telegram
        .push_topic_text(FORUM, marie_topic.thread_id, "/priority urgent");
    app.wait_for_topic_named("🚨 T1002 · Marie Martin");
    app.wait_for_empty_outbox();

    app.stop().await;
    app.same_visitor_writes(jean, None, "Jean encore", "/");
    app.same_visitor_writes(marie, None, "Marie encore", "/");
    app.restart().await;
    app.wait_for_empty_outbox();

    let position = |needle: &str| {
        app.telegram
            .sent_to(FORUM)
            .iter()
            .position(|m| m.text.contains(needle))
            .unwrap()
    };
    assert!(
        position("Marie encore") < position("Jean encore"),
        "the urgent ticket first, though written second"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_to_answer_gets_the_ticket_and_the_team_can_hand_it_over() {
    let app = forum_app().await;
    let visitor = app.new_visitor();
    app.same_visitor_writes(visitor, Some("Jean Dupont"), "Bonjour", "/");
    let topic = app.wait_for_topic_named("🟡 T1001 · Jean Dupont");
    let thread = topic.thread_id;
    let assignee = || {
        use ticket_domain::ports::TicketRepository;
        app.store
            .ticket(t(1001))
            .unwrap()
            .unwrap()
            .assignee
            .map(|a| a.name.to_string())
    };
    let wait_for_assignee = |name: Option<&str>| {
        let done = app
            .telegram
            .wait_until(|_| assignee().as_deref() == name, PATIENCE);
        assert!(done, "assignee {:?}, expected {name:?}", assignee());
    };

    let marie_says = app.telegram.push_topic_text_from(
        FORUM,
        thread,
        OperatorUser::new(501, "Marie"),
        "Bonjour Jean",
    );
    wait_for_assignee(Some("Marie"));
    app.telegram.push_topic_text(FORUM, thread, "/ticket");
    app.wait_for_in_topic(thread, "👥 Assigné à: Marie");

    app.telegram
        .push_topic_text_from(FORUM, thread, OperatorUser::new(502, "Paul"), "/take");
    app.wait_for_in_topic(thread, "👥 Ticket T1001 assigné à Paul.");
    wait_for_assignee(Some("Paul"));

    app.telegram
        .push_topic_reply(FORUM, thread, "/assign", marie_says);
    app.wait_for_in_topic(thread, "👥 Ticket T1001 assigné à Marie.");
    wait_for_assignee(Some("Marie"));

    app.telegram.push_topic_text(FORUM, thread, "/unassign");
    app.wait_for_in_topic(thread, "n'est plus assigné");
    wait_for_assignee(None);
}
