//! The operator's commands, against the in-memory store: what each command changes, and what
//! the operator reads.

use std::sync::Arc;

use mockall::predicate::eq;

use super::fixtures::*;
use crate::command::{ListFilter, OperatorCommand};
use crate::memory::InMemoryStore;
use crate::ports::{
    MockOperatorChatStore, MockVisitorChannel, OperatorChat, RepositoryError, VisitorEvent,
};
use crate::render::Locale;
use crate::service::{OperatorError, OperatorService};
use crate::ticket::{Author, Priority, Status, TicketNumber};
use crate::visitor::VisitorId;

const CHAT: OperatorChat = OperatorChat(42);

type Service = OperatorService<
    Arc<InMemoryStore>,
    MockOperatorChatStore,
    MockVisitorChannel,
    crate::ports::MockClock,
>;

fn service(
    store: &Arc<InMemoryStore>,
    chats: MockOperatorChatStore,
    channel: MockVisitorChannel,
) -> Service {
    OperatorService::new(Arc::clone(store), chats, channel, clock(), Locale::Fr)
}

fn quiet(store: &Arc<InMemoryStore>) -> Service {
    service(
        store,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    )
}

fn run(service: &Service, command: OperatorCommand) -> String {
    service.execute(CHAT, command, None).unwrap().text
}

fn store_with(status: Status) -> Arc<InMemoryStore> {
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&ticket(status));
    store
}

#[test]
fn listing_shows_the_asked_page_of_the_filter() {
    let store = Arc::new(InMemoryStore::new());
    for i in 0..21 {
        let mut urgent = ticket(Status::Open);
        urgent.number = TicketNumber::new(1001 + i).unwrap();
        urgent.visitor.id = VisitorId(i64::from(i) + 1);
        urgent.priority = Priority::Urgent;
        urgent.last_activity_at = now() - chrono::Duration::minutes(i64::from(i));
        store.insert_ticket(&urgent);
    }
    let mut calm = ticket(Status::Open);
    calm.number = TicketNumber::new(1100).unwrap();
    calm.visitor.id = VisitorId(100);
    store.insert_ticket(&calm);

    let text = run(
        &quiet(&store),
        OperatorCommand::List {
            filter: ListFilter::Urgent,
            page: 3,
        },
    );

    assert!(text.starts_with("🎫 GESTION DES TICKETS"), "{text}");
    assert!(
        text.contains("🚨 T1021 - Jean Dupont"),
        "the oldest urgent is on page 3: {text}"
    );
    assert!(!text.contains("T1020 "), "{text}");
    assert!(!text.contains("T1100"), "not urgent: {text}");
    assert!(text.ends_with("📄 Page 3/3"), "{text}");
}

#[test]
fn showing_a_ticket_focuses_the_chat_on_it() {
    let store = store_with(Status::Open);
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_set_focus()
        .with(eq(CHAT), eq(t1001()), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    let service = service(&store, chats, MockVisitorChannel::new());

    let response = service
        .execute(CHAT, OperatorCommand::Show(t1001()), None)
        .unwrap();

    assert!(response.text.starts_with("🎫 TICKET T1001"));
    assert_eq!(response.ticket, Some(t1001()));
}

#[test]
fn an_unknown_ticket_gets_a_friendly_answer_and_no_focus() {
    let store = Arc::new(InMemoryStore::new());
    let mut chats = MockOperatorChatStore::new();
    chats.expect_set_focus().never();
    let service = service(&store, chats, MockVisitorChannel::new());

    let text = run(&service, OperatorCommand::Show(t1001()));

    assert_eq!(text, "❌ Le ticket T1001 n'existe pas. Voir /tickets");
}

#[test]
fn closing_records_the_change_and_the_note_and_tells_the_visitor() {
    let store = store_with(Status::Pending);
    let mut channel = MockVisitorChannel::new();
    channel
        .expect_push()
        .withf(|v, e| *v == VisitorId(7) && matches!(e, VisitorEvent::Message { message, .. } if message.author == Author::System))
        .times(1)
        .return_const(());
    channel
        .expect_push()
        .withf(|_, e| {
            *e == VisitorEvent::Status {
                ticket: t1001(),
                status: Status::Closed,
            }
        })
        .times(1)
        .return_const(());
    let service = service(&store, MockOperatorChatStore::new(), channel);

    let text = run(&service, OperatorCommand::Close(t1001()));

    assert_eq!(
        text,
        "✅ Ticket T1001 fermé avec succès.\n👤 Client: Jean Dupont\n📝 Sujet: \"Problème avec ma commande\""
    );
    let ticket = store.ticket_now(t1001()).unwrap();
    assert_eq!(
        (ticket.status, ticket.closed_at, ticket.last_activity_at),
        (Status::Closed, Some(now()), now())
    );
    let notes = store.messages(t1001());
    assert_eq!(notes.len(), 1);
    assert!(notes[0].text.starts_with("Conversation fermée"));
}

#[test]
fn closing_a_closed_ticket_is_a_friendly_error_that_writes_nothing() {
    let store = store_with(Status::Closed);

    let text = run(&quiet(&store), OperatorCommand::Close(t1001()));

    assert_eq!(
        text,
        "ℹ️ Le ticket T1001 est déjà fermé. Pour le rouvrir : /reopen T1001"
    );
    assert!(store.messages(t1001()).is_empty());
}

#[test]
fn reopening_an_open_ticket_is_a_friendly_error_that_writes_nothing() {
    let store = store_with(Status::Open);

    let text = run(&quiet(&store), OperatorCommand::Reopen(t1001()));

    assert_eq!(
        text,
        "ℹ️ Le ticket T1001 n'est pas fermé (status: 🟢 OPEN)."
    );
    assert!(store.messages(t1001()).is_empty());
}

#[test]
fn reopening_a_closed_ticket_makes_it_open_and_clears_closed_at() {
    let mut closed = ticket(Status::Closed);
    closed.closed_at = Some(now() - chrono::Duration::hours(1));
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&closed);
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().times(2).return_const(());
    let service = service(&store, MockOperatorChatStore::new(), channel);

    run(&service, OperatorCommand::Reopen(t1001()));

    let ticket = store.ticket_now(t1001()).unwrap();
    assert_eq!((ticket.status, ticket.closed_at), (Status::Open, None));
}

#[test]
fn closing_an_unknown_ticket_is_explained() {
    let store = Arc::new(InMemoryStore::new());

    let text = run(&quiet(&store), OperatorCommand::Close(t1001()));

    assert_eq!(text, "❌ Le ticket T1001 n'existe pas. Voir /tickets");
}

#[test]
fn changing_the_priority_reads_as_in_the_guide_and_counts_as_activity() {
    let mut old = ticket(Status::Open);
    old.last_activity_at = now() - chrono::Duration::days(1);
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&old);

    let text = run(
        &quiet(&store),
        OperatorCommand::SetPriority(t1001(), Priority::Urgent),
    );

    assert_eq!(
        text,
        "🚨 Priorité du ticket T1001 changée de medium → urgent"
    );
    let ticket = store.ticket_now(t1001()).unwrap();
    assert_eq!(
        (ticket.priority, ticket.last_activity_at),
        (Priority::Urgent, now())
    );
}

#[test]
fn setting_the_same_priority_is_no_activity() {
    let mut old = ticket(Status::Open);
    old.last_activity_at = now() - chrono::Duration::days(1);
    let store = Arc::new(InMemoryStore::new());
    store.insert_ticket(&old);

    run(
        &quiet(&store),
        OperatorCommand::SetPriority(t1001(), Priority::Medium),
    );

    assert_eq!(
        store.ticket_now(t1001()).unwrap().last_activity_at,
        old.last_activity_at
    );
}

#[test]
fn stats_count_the_local_day_and_the_stale_tickets() {
    let store = Arc::new(InMemoryStore::new());
    // 14:30 in Paris: the local day began at 23:00 UTC the day before.
    let mut yesterday = ticket(Status::Open);
    yesterday.created_at = now() - chrono::Duration::minutes(14 * 60 + 31);
    yesterday.last_activity_at = now() - chrono::Duration::days(8);
    store.insert_ticket(&yesterday);
    let mut today = ticket(Status::Open);
    today.number = TicketNumber::new(1002).unwrap();
    today.visitor.id = VisitorId(8);
    today.created_at = now() - chrono::Duration::minutes(14 * 60 + 29);
    store.insert_ticket(&today);

    let text = run(&quiet(&store), OperatorCommand::Stats);

    assert!(text.starts_with("📊 STATISTIQUES DÉTAILLÉES"), "{text}");
    assert!(text.contains("🆕 Créés aujourd'hui: 1"), "{text}");
    assert!(text.contains("⏰ Anciens (>7j): 1"), "{text}");
}

#[test]
fn a_storage_failure_is_an_error_for_the_adapter_to_report() {
    let store = store_with(Status::Open);
    store.set_failing(true);

    let result = quiet(&store).execute(
        CHAT,
        OperatorCommand::List {
            filter: ListFilter::Active,
            page: 1,
        },
        None,
    );

    assert!(matches!(
        result,
        Err(OperatorError(RepositoryError::Storage(_)))
    ));
}
