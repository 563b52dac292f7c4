//! Plain-text replies and how they are routed.

use mockall::predicate::eq;

use super::fixtures::*;
use crate::ports::{
    MockClock, MockOperatorChatStore, MockTicketRepository, MockVisitorChannel, OperatorChat,
    RecordedOperatorMessage, RepositoryError, SentAbout, VisitorEvent,
};
use crate::render::Locale;
use crate::service::{OperatorRequest, OperatorService};
use crate::ticket::{Author, Status, TicketNumber};
use crate::values::ClientId;
use crate::visitor::VisitorId;

const CHAT: OperatorChat = OperatorChat(42);

type Service =
    OperatorService<MockTicketRepository, MockOperatorChatStore, MockVisitorChannel, MockClock>;

fn request(text: &str, reply_to: Option<i64>) -> OperatorRequest<'_> {
    OperatorRequest {
        chat: CHAT,
        text,
        reply_to,
        key: Some(ClientId::new("tg-42-100").unwrap()),
        bot_username: Some("support_bot"),
    }
}

fn stored_reply(previous_status: Status) -> RecordedOperatorMessage {
    RecordedOperatorMessage::Stored {
        ticket: ticket(Status::Pending),
        message: message(12, Author::Operator, "Bonjour Jean"),
        previous_status,
    }
}

fn replying_repo(expected_ticket: TicketNumber) -> MockTicketRepository {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message()
        .withf(move |m| {
            m.ticket == expected_ticket
                && m.text.as_str() == "Bonjour Jean"
                && m.client_id.as_ref().map(ClientId::as_str) == Some("tg-42-100")
        })
        .times(1)
        .returning(|_| Ok(stored_reply(Status::Open)));
    repo
}

fn pushing_channel() -> MockVisitorChannel {
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().return_const(());
    channel
}

fn service(
    repo: MockTicketRepository,
    chats: MockOperatorChatStore,
    channel: MockVisitorChannel,
) -> Service {
    OperatorService::new(repo, chats, channel, clock(), Locale::Fr)
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
    let service = service(replying_repo(t1001()), chats, pushing_channel());

    let response = service
        .handle(request("Bonjour Jean", Some(555)))
        .unwrap()
        .unwrap();

    assert_eq!(
        response.text,
        "✅ Réponse envoyée au ticket T1001 (Jean Dupont)."
    );
    assert_eq!(response.ticket, Some(t1001()));
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
    let service = service(replying_repo(t1002), chats, pushing_channel());

    service.handle(request("Bonjour Jean", Some(999))).unwrap();
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
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message().never();
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = service(repo, chats, channel);

    let response = service
        .handle(request("Bonjour à tous", Some(777)))
        .unwrap()
        .unwrap();

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
    let service = service(replying_repo(t1001()), chats, pushing_channel());

    let response = service
        .handle(request("/reply T1001 Bonjour Jean", Some(777)))
        .unwrap()
        .unwrap();

    assert_eq!(response.ticket, Some(t1001()));
}

#[test]
fn with_no_target_the_operator_learns_how_to_reply_and_nothing_is_stored() {
    let mut chats = MockOperatorChatStore::new();
    chats.expect_focus().returning(|_| Ok(None));
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message().never();
    let service = service(repo, chats, MockVisitorChannel::new());

    let response = service
        .handle(request("Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert!(response.text.starts_with("🤔 À quel ticket répondre ?"));
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
    let service = service(replying_repo(t1001()), chats, channel);

    service.handle(request("Bonjour Jean", None)).unwrap();
}

#[test]
fn slash_reply_to_a_closed_ticket_focuses_it_and_says_it_is_pending_again() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message()
        .returning(|_| Ok(stored_reply(Status::Closed)));
    let mut chats = MockOperatorChatStore::new();
    chats.expect_set_focus().returning(|_, _, _| Ok(()));
    let service = service(repo, chats, pushing_channel());

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
}

#[test]
fn a_duplicated_reply_pushes_nothing_and_confirms_again() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message().returning(|_| {
        Ok(RecordedOperatorMessage::Duplicate {
            ticket: ticket(Status::Pending),
            message: message(12, Author::Operator, "Bonjour Jean"),
        })
    });
    let mut chats = MockOperatorChatStore::new();
    chats.expect_focus().returning(|_| Ok(Some(t1001())));
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = service(repo, chats, channel);

    let response = service
        .handle(request("Bonjour Jean", None))
        .unwrap()
        .unwrap();

    assert!(response
        .text
        .starts_with("✅ Réponse envoyée au ticket T1001"));
}

#[test]
fn a_reply_to_an_unknown_ticket_is_explained() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_operator_message()
        .returning(|m| Err(RepositoryError::TicketNotFound(m.ticket)));
    let mut chats = MockOperatorChatStore::new();
    chats.expect_set_focus().never();
    let service = service(repo, chats, MockVisitorChannel::new());

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
        MockTicketRepository::new(),
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
        MockTicketRepository::new(),
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let response = service.handle(request("/close", None)).unwrap().unwrap();

    assert_eq!(
        response.text,
        "⚠️ Il manque un argument.\nUsage : /close T1001"
    );
}
