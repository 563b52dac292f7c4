//! Plain-text replies and how they are routed.

use mockall::predicate::eq;

use std::sync::Arc;

use super::fixtures::*;
use crate::memory::InMemoryStore;
use crate::ports::{
    MockClock, MockOperatorChatStore, MockVisitorChannel, OperatorChat, SentAbout,
    TicketRepository, VisitorEvent,
};
use crate::render::Locale;
use crate::service::{OperatorRequest, OperatorService};
use crate::ticket::{Author, Status, TicketNumber};
use crate::values::ClientId;
use crate::visitor::VisitorId;

const CHAT: OperatorChat = OperatorChat(42);

type Service =
    OperatorService<Arc<InMemoryStore>, MockOperatorChatStore, MockVisitorChannel, MockClock>;

fn request(text: &str, reply_to: Option<i64>) -> OperatorRequest<'_> {
    OperatorRequest {
        chat: CHAT,
        text,
        reply_to,
        key: Some(ClientId::new("tg-42-100").unwrap()),
        bot_username: Some("support_bot"),
        topic: None,
        operator: None,
        colleague: None,
    }
}

/// A store holding T1001 (and T1002) with the given status.
fn store_with(status: Status) -> Arc<InMemoryStore> {
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&ticket(status));
    let mut second = ticket(status);
    second.number = TicketNumber::new(1002).unwrap();
    second.visitor.id = VisitorId(8);
    store.insert_ticket(&second);
    store
}

/// The operator messages stored on `number`.
fn replies(store: &InMemoryStore, number: TicketNumber) -> Vec<String> {
    store
        .messages(number)
        .into_iter()
        .filter(|m| m.author == Author::Operator)
        .map(|m| m.text)
        .collect()
}

fn pushing_channel() -> MockVisitorChannel {
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().return_const(());
    channel
}

fn service(
    store: &Arc<InMemoryStore>,
    chats: MockOperatorChatStore,
    channel: MockVisitorChannel,
) -> Service {
    OperatorService::new(Arc::clone(store), chats, channel, clock(), Locale::Fr)
}

#[test]
fn a_reply_to_a_notification_goes_to_its_ticket_and_leaves_the_focus_alone() {
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_sent_about()
        .with(eq(CHAT), eq(555))
        .returning(|_, _| Ok(Some(SentAbout::Ticket(t1001()))));
    chats.expect_focus().never();
    chats
        .expect_set_focus()
        .with(eq(CHAT), eq(t1001()), eq(now()))
        .returning(|_, _, _| Ok(()));
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    let response = service
        .handle(request("Bonjour Jean", Some(555)))
        .unwrap()
        .unwrap();

    assert_eq!(
        response.text,
        "✅ Réponse envoyée au ticket T1001 (Jean Dupont)."
    );
    assert_eq!(response.ticket, Some(t1001()));
    assert_eq!(replies(&store, t1001()), ["Bonjour Jean"]);
}

#[test]
fn without_a_known_reply_the_focused_ticket_gets_the_text() {
    let t1002 = TicketNumber::new(1002).unwrap();
    let mut chats = MockOperatorChatStore::new();
    chats.expect_sent_about().returning(|_, _| Ok(None));
    chats
        .expect_focus()
        .with(eq(CHAT))
        .returning(move |_| Ok(Some(t1002)));
    chats.expect_set_focus().returning(|_, _, _| Ok(()));
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    service.handle(request("Bonjour Jean", Some(999))).unwrap();

    assert_eq!(replies(&store, t1002), ["Bonjour Jean"]);
    assert!(replies(&store, t1001()).is_empty());
}

#[test]
fn a_reply_to_a_digest_is_explained_and_neither_stored_nor_sent_to_the_focus() {
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_sent_about()
        .with(eq(CHAT), eq(777))
        .returning(|_, _| Ok(Some(SentAbout::SeveralTickets)));
    chats.expect_focus().never();
    chats.expect_set_focus().never();
    let store = store_with(Status::Open);
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = service(&store, chats, channel);

    let response = service
        .handle(request("Bonjour à tous", Some(777)))
        .unwrap()
        .unwrap();

    assert!(replies(&store, t1001()).is_empty());
    assert_eq!(
        response.text,
        "↩️ Ce message regroupe plusieurs tickets : rien n'a été envoyé. Répondez avec /reply \
         T1001 votre message."
    );
    assert_eq!(response.ticket, None);
}

#[test]
fn a_command_replying_to_a_digest_runs_as_usual() {
    let mut chats = MockOperatorChatStore::new();
    chats.expect_sent_about().never();
    chats.expect_set_focus().returning(|_, _, _| Ok(()));
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    let response = service
        .handle(request("/reply T1001 Bonjour Jean", Some(777)))
        .unwrap()
        .unwrap();

    assert_eq!(response.ticket, Some(t1001()));
    assert_eq!(replies(&store, t1001()), ["Bonjour Jean"]);
}

#[test]
fn with_no_target_the_operator_learns_how_to_reply_and_nothing_is_stored() {
    let mut chats = MockOperatorChatStore::new();
    chats.expect_focus().returning(|_| Ok(None));
    let store = store_with(Status::Open);
    let service = service(&store, chats, MockVisitorChannel::new());

    let response = service
        .handle(request("Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert!(response.text.starts_with("🤔 À quel ticket répondre ?"));
    assert!(replies(&store, t1001()).is_empty());
}

#[test]
fn a_reply_reaches_the_visitor_with_the_new_status() {
    let mut chats = MockOperatorChatStore::new();
    chats.expect_focus().returning(|_| Ok(Some(t1001())));
    let mut channel = MockVisitorChannel::new();
    channel
        .expect_push()
        .withf(|v, e| *v == VisitorId(7) && matches!(e, VisitorEvent::Message { message, .. } if message.author == Author::Operator))
        .times(1)
        .return_const(());
    channel
        .expect_push()
        .with(
            eq(VisitorId(7)),
            eq(VisitorEvent::Status {
                ticket: t1001(),
                status: Status::Pending,
            }),
        )
        .times(1)
        .return_const(());
    let store = store_with(Status::Open);
    let service = service(&store, chats, channel);

    service.handle(request("Bonjour Jean", None)).unwrap();

    let ticket = store.ticket_now(t1001()).unwrap();
    assert_eq!(
        (ticket.status, ticket.last_activity_at),
        (Status::Pending, now())
    );
    assert_eq!(store.first_response_at(t1001()), Some(now()));
}

#[test]
fn slash_reply_to_a_closed_ticket_focuses_it_and_says_it_is_pending_again() {
    let mut closed = ticket(Status::Closed);
    closed.closed_at = Some(now());
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&closed);
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_set_focus()
        .with(eq(CHAT), eq(t1001()), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    let service = service(&store, chats, pushing_channel());

    let response = service
        .handle(request("/reply T1001 Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert!(
        response
            .text
            .ends_with("il est de nouveau en attente du client."),
        "{}",
        response.text
    );
    let ticket = store.ticket_now(t1001()).unwrap();
    assert_eq!((ticket.status, ticket.closed_at), (Status::Pending, None));
}

#[test]
fn a_duplicated_reply_pushes_nothing_and_confirms_again() {
    let store = store_with(Status::Open);
    let mut first_chats = MockOperatorChatStore::new();
    first_chats.expect_focus().returning(|_| Ok(Some(t1001())));
    service(&store, first_chats, pushing_channel())
        .handle(request("Bonjour Jean", None))
        .unwrap();
    let mut chats = MockOperatorChatStore::new();
    chats.expect_focus().returning(|_| Ok(Some(t1001())));
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = service(&store, chats, channel);

    let response = service
        .handle(request("Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert!(response
        .text
        .starts_with("✅ Réponse envoyée au ticket T1001"));
    assert_eq!(replies(&store, t1001()), ["Bonjour Jean"], "stored once");
}

#[test]
fn a_reply_to_an_unknown_ticket_is_explained() {
    let store = Arc::new(InMemoryStore::new());
    let mut chats = MockOperatorChatStore::new();
    chats.expect_set_focus().never();
    let service = service(&store, chats, MockVisitorChannel::new());

    let response = service
        .handle(request("/reply T1001 Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert_eq!(
        response.text,
        "❌ Le ticket T1001 n'existe pas. Voir /tickets"
    );
}

#[test]
fn a_command_for_another_bot_is_ignored() {
    let service = service(
        &Arc::new(InMemoryStore::new()),
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    assert_eq!(
        service.handle(request("/stats@other_bot", None)).unwrap(),
        None
    );
}

#[test]
fn a_malformed_command_answers_with_its_usage() {
    let service = service(
        &Arc::new(InMemoryStore::new()),
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let response = service.handle(request("/close", None)).unwrap().unwrap();

    assert_eq!(
        response.text,
        "⚠️ Il manque un argument.\nUsage : /close T1001"
    );
}

/// A chat store whose every topic is `ticket`'s.
fn in_the_topic_of(ticket: TicketNumber) -> MockOperatorChatStore {
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_ticket_of_topic()
        .returning(move |_, _| Ok(Some(ticket)));
    chats
}

/// `text` written in the forum topic `thread`.
fn in_topic(text: &str, thread: i64) -> OperatorRequest<'_> {
    OperatorRequest {
        topic: Some(thread),
        reply_to: Some(thread),
        ..request(text, None)
    }
}

#[test]
fn plain_text_in_a_tickets_topic_is_its_answer_and_needs_no_confirmation() {
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_ticket_of_topic()
        .with(eq(CHAT), eq(77))
        .returning(|_, _| Ok(Some(TicketNumber::new(1002).unwrap())));
    chats.expect_sent_about().never();
    chats.expect_focus().never();
    chats.expect_set_focus().never();
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    let response = service.handle(in_topic("Bonjour", 77)).unwrap().unwrap();

    assert!(response.quiet);
    assert_eq!(response.ticket, Some(TicketNumber::new(1002).unwrap()));
    assert_eq!(
        replies(&store, TicketNumber::new(1002).unwrap()),
        ["Bonjour"]
    );
    assert!(replies(&store, t1001()).is_empty());
}

#[test]
fn commands_in_a_tickets_topic_act_on_it_unless_they_name_another() {
    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    let closed = service.handle(in_topic("/close", 77)).unwrap().unwrap();
    assert!(!closed.quiet);
    assert_eq!(closed.ticket, Some(t1001()));
    assert_eq!(
        store.ticket_now(t1001()).map(|t| t.status),
        Some(Status::Closed)
    );
    assert_eq!(
        store
            .ticket_now(TicketNumber::new(1002).unwrap())
            .map(|t| t.status),
        Some(Status::Open)
    );

    service.handle(in_topic("/close T1002", 77)).unwrap();
    assert_eq!(
        store
            .ticket_now(TicketNumber::new(1002).unwrap())
            .map(|t| t.status),
        Some(Status::Closed)
    );
}

#[test]
fn a_topic_that_is_no_tickets_routes_like_any_other_chat() {
    let mut chats = MockOperatorChatStore::new();
    chats.expect_ticket_of_topic().returning(|_, _| Ok(None));
    chats.expect_sent_about().returning(|_, _| Ok(None));
    chats.expect_focus().returning(|_| Ok(None));
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());

    let response = service.handle(in_topic("Bonjour", 5)).unwrap().unwrap();

    assert!(!response.quiet);
    assert!(replies(&store, t1001()).is_empty());
}

#[test]
fn the_topic_state_follows_the_ticket() {
    let store = store_with(Status::Closed);
    let service = service(&store, MockOperatorChatStore::new(), pushing_channel());

    let state = service.topic_state(t1001()).unwrap().unwrap();

    assert_eq!(state.name, "✅ T1001 · Jean Dupont");
    assert!(state.closed);
    assert_eq!(
        service
            .topic_state(TicketNumber::new(4_000).unwrap())
            .unwrap(),
        None
    );
}

#[test]
fn a_note_is_kept_for_the_team_and_never_reaches_the_visitor() {
    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = service(&store, chats, channel);
    let marie = crate::values::Operator::from_telegram(501, "Marie").unwrap();

    let response = service
        .handle(OperatorRequest {
            operator: Some(marie.clone()),
            ..in_topic("/note client fidèle", 77)
        })
        .unwrap()
        .unwrap();
    // The same Telegram message delivered twice is one note.
    service
        .handle(OperatorRequest {
            operator: Some(marie.clone()),
            ..in_topic("/note client fidèle", 77)
        })
        .unwrap();

    assert_eq!(
        response.text,
        "🔒 Note ajoutée au ticket T1001 (visible de l'équipe seulement)."
    );
    let history = store.ticket_history(t1001(), 10).unwrap().unwrap();
    assert_eq!(history.notes.len(), 1);
    assert_eq!(history.notes[0].text, "client fidèle");
    assert_eq!(history.notes[0].operator, Some(marie));
    assert!(replies(&store, t1001()).is_empty());
    let conversation = store
        .visitor_conversation(VisitorId(7), None, 100)
        .unwrap()
        .unwrap();
    assert!(conversation
        .messages
        .iter()
        .all(|m| !m.text.contains("fidèle")));
    assert_eq!(
        store.ticket_now(t1001()).map(|t| t.status),
        Some(Status::Open),
        "a note changes nothing the visitor sees"
    );
}

#[test]
fn a_reply_records_who_wrote_it() {
    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());
    let paul = crate::values::Operator::from_telegram(502, "Paul").unwrap();

    service
        .handle(OperatorRequest {
            operator: Some(paul.clone()),
            ..in_topic("Bonjour Jean", 77)
        })
        .unwrap();

    let operator_messages: Vec<_> = store
        .messages(t1001())
        .into_iter()
        .filter(|m| m.author == Author::Operator)
        .collect();
    assert_eq!(operator_messages[0].operator, Some(paul));
}

#[test]
fn take_assign_and_unassign_give_the_ticket_to_a_member_of_the_team() {
    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());
    let marie = crate::values::Operator::from_telegram(501, "Marie").unwrap();
    let paul = crate::values::Operator::from_telegram(502, "Paul").unwrap();
    let as_marie = |text| OperatorRequest {
        operator: Some(marie.clone()),
        ..in_topic(text, 77)
    };
    let assignee = || store.ticket_now(t1001()).unwrap().assignee;

    let taken = service.handle(as_marie("/take")).unwrap().unwrap();
    assert_eq!(taken.text, "👥 Ticket T1001 assigné à Marie.");
    assert_eq!(assignee(), Some(marie.clone()));

    let how = service.handle(as_marie("/assign")).unwrap().unwrap();
    assert!(
        how.text.contains("répondez à l'un de ses messages"),
        "{}",
        how.text
    );
    service
        .handle(OperatorRequest {
            colleague: Some(paul.clone()),
            ..as_marie("/assign")
        })
        .unwrap();
    assert_eq!(assignee(), Some(paul));

    let unassigned = service
        .handle(as_marie("/unassign T1001"))
        .unwrap()
        .unwrap();
    assert_eq!(unassigned.text, "👥 Le ticket T1001 n'est plus assigné.");
    assert_eq!(assignee(), None);

    let console = service.handle(in_topic("/take", 77)).unwrap().unwrap();
    assert!(console.text.starts_with("⚠️"), "{}", console.text);
}

#[test]
fn the_first_to_answer_an_unassigned_ticket_gets_it_unless_turned_off() {
    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let service = service(&store, chats, pushing_channel());
    let marie = crate::values::Operator::from_telegram(501, "Marie").unwrap();
    let paul = crate::values::Operator::from_telegram(502, "Paul").unwrap();
    let answer = |who: &crate::values::Operator, text| OperatorRequest {
        operator: Some(who.clone()),
        key: None,
        ..in_topic(text, 77)
    };

    service.handle(answer(&marie, "Bonjour")).unwrap();
    service
        .handle(answer(&paul, "Je prends le relais"))
        .unwrap();
    assert_eq!(
        store.ticket_now(t1001()).unwrap().assignee,
        Some(marie),
        "the first who answered keeps it"
    );

    let chats = in_the_topic_of(t1001());
    let store = store_with(Status::Open);
    let without = self::service(&store, chats, pushing_channel()).with_auto_assign(false);
    without.handle(answer(&paul, "Bonjour")).unwrap();
    assert_eq!(store.ticket_now(t1001()).unwrap().assignee, None);
}
