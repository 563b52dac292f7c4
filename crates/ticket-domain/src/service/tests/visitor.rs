//! The visitor use cases, against the in-memory store: the rules of a visitor message (a ticket
//! created, numbered, reopened, notified), and what the operator and the other tabs are told.

use std::sync::{Arc, Mutex};

use super::fixtures::*;
use crate::memory::InMemoryStore;
use crate::notification::OperatorNotification;
use crate::ports::{
    transact, MockClock, MockOperatorNotifier, OperatorNotifier, TicketRepository, VisitorChannel,
    VisitorEvent,
};
use crate::service::{VisitorError, VisitorMessage, VisitorService, UNUSED_VISITOR_RETENTION};
use crate::ticket::{Author, Device, Priority, Status, TicketNumber, VisitorMessageEffect};
use crate::values::{ClientId, DisplayName, Email, MessageText, Page};
use crate::visitor::{TokenHash, VisitorId};

/// Remembers what the visitor's sockets were sent.
#[derive(Default)]
struct Sockets(Mutex<Vec<(VisitorId, VisitorEvent)>>);

impl VisitorChannel for Sockets {
    fn push(&self, visitor: VisitorId, event: VisitorEvent) {
        self.0.lock().unwrap().push((visitor, event));
    }
}

/// Remembers what the operator was told.
#[derive(Default)]
struct Operator(Mutex<Vec<OperatorNotification>>);

impl OperatorNotifier for Operator {
    fn notify(&self, notification: &OperatorNotification) {
        self.0.lock().unwrap().push(notification.clone());
    }
}

type Service = VisitorService<Arc<InMemoryStore>, Arc<Operator>, Arc<Sockets>, MockClock>;

struct World {
    store: Arc<InMemoryStore>,
    operator: Arc<Operator>,
    sockets: Arc<Sockets>,
    service: Service,
}

impl World {
    fn new() -> Self {
        let store = Arc::new(InMemoryStore::new());
        let operator = Arc::new(Operator::default());
        let sockets = Arc::new(Sockets::default());
        let service = VisitorService::new(
            Arc::clone(&store),
            Arc::clone(&operator),
            Arc::clone(&sockets),
            clock(),
            vec!["chat-a".into(), "chat-b".into()],
        );
        Self {
            store,
            operator,
            sockets,
            service,
        }
    }

    fn visitor(&self, token: &str) -> VisitorId {
        self.service
            .register_visitor(&TokenHash(token.into()))
            .unwrap()
    }

    fn notified(&self) -> Vec<OperatorNotification> {
        self.operator.0.lock().unwrap().clone()
    }

    fn pushed(&self) -> Vec<(VisitorId, VisitorEvent)> {
        self.sockets.0.lock().unwrap().clone()
    }
}

fn says(text: &str) -> VisitorMessage {
    VisitorMessage {
        text: MessageText::new(text).unwrap(),
        client_id: None,
        page: None,
        device: None,
        name: None,
        email: None,
    }
}

fn keyed(text: &str, key: &str) -> VisitorMessage {
    VisitorMessage {
        client_id: Some(ClientId::new(key).unwrap()),
        ..says(text)
    }
}

#[test]
fn a_first_message_creates_an_open_medium_ticket_t1001_with_the_message_as_subject() {
    let world = World::new();
    let visitor = world.visitor("v");

    let sent = world
        .service
        .send_message(visitor, says("Bonjour"))
        .unwrap();

    assert_eq!((sent.ticket, sent.status), (t1001(), Status::Open));
    assert!(sent.created_ticket && !sent.duplicate);
    let ticket = world.store.ticket_now(t1001()).unwrap();
    assert_eq!(
        (ticket.priority, ticket.subject.as_str(), ticket.created_at),
        (Priority::Medium, "Bonjour", now())
    );
    assert_eq!(world.store.messages(t1001())[0].author, Author::Visitor);
}

#[test]
fn numbering_continues_from_visitor_to_visitor() {
    let world = World::new();
    let first = world.visitor("a");
    let second = world.visitor("b");

    world.service.send_message(first, says("un")).unwrap();
    world.service.send_message(first, says("deux")).unwrap();
    let sent = world.service.send_message(second, says("trois")).unwrap();

    assert_eq!(sent.ticket, TicketNumber::new(1002).unwrap());
}

#[test]
fn the_notification_says_a_ticket_was_created_and_goes_to_every_operator_chat() {
    let world = World::new();
    let visitor = world.visitor("v");
    let message = VisitorMessage {
        name: Some(DisplayName::new("Jean Dupont").unwrap()),
        email: Some(Email::new("jean@example.com").unwrap()),
        page: Some(Page::new("/prix").unwrap()),
        device: Some(Device::Mobile),
        ..says("Bonjour")
    };

    world.service.send_message(visitor, message).unwrap();

    let notified = world.notified();
    assert_eq!(notified.len(), 1);
    let notification = &notified[0];
    assert_eq!(notification.effect, VisitorMessageEffect::Created);
    assert_eq!(
        notification.visitor_name.as_ref().map(DisplayName::as_str),
        Some("Jean Dupont")
    );
    assert_eq!(notification.page.as_ref().map(Page::as_str), Some("/prix"));
    let queued: Vec<String> = world
        .store
        .outbox()
        .into_iter()
        .map(|q| q.destination)
        .collect();
    assert_eq!(queued, ["chat-a", "chat-b"]);
    assert!(world
        .store
        .outbox()
        .iter()
        .all(|q| q.notification == *notification));
}

#[test]
fn the_message_reaches_the_visitors_other_tabs() {
    let world = World::new();
    let visitor = world.visitor("v");

    world
        .service
        .send_message(visitor, says("Bonjour"))
        .unwrap();

    assert!(matches!(
        world.pushed().as_slice(),
        [(v, VisitorEvent::Message { ticket, message })]
            if *v == visitor && *ticket == t1001() && message.text == "Bonjour"
    ));
}

#[test]
fn a_message_on_a_closed_ticket_reopens_it_and_says_so() {
    let world = World::new();
    let visitor = world.visitor("v");
    world
        .service
        .send_message(visitor, says("Bonjour"))
        .unwrap();
    let mut closed = world.store.ticket_now(t1001()).unwrap();
    closed.status = Status::Closed;
    closed.closed_at = Some(now());
    transact(world.store.as_ref(), move |tx| tx.update_ticket(&closed)).unwrap();

    let sent = world
        .service
        .send_message(visitor, says("Encore moi"))
        .unwrap();

    assert_eq!(sent.status, Status::Open);
    let ticket = world.store.ticket_now(t1001()).unwrap();
    assert_eq!((ticket.status, ticket.closed_at), (Status::Open, None));
    assert_eq!(world.notified()[1].effect, VisitorMessageEffect::Reopened);
    assert!(world.pushed().contains(&(
        visitor,
        VisitorEvent::Status {
            ticket: t1001(),
            status: Status::Open
        }
    )));
}

#[test]
fn a_message_on_a_pending_ticket_makes_it_open_again() {
    let world = World::new();
    let store = Arc::clone(&world.store);
    store.insert_ticket(&ticket(Status::Pending));

    let sent = world
        .service
        .send_message(VisitorId(7), says("Merci"))
        .unwrap();

    assert_eq!(sent.status, Status::Open);
    assert_eq!(world.notified()[0].effect, VisitorMessageEffect::Appended);
    assert_eq!(
        world.store.ticket_now(t1001()).unwrap().status,
        Status::Open
    );
}

#[test]
fn page_and_device_follow_the_latest_message_that_has_them() {
    let world = World::new();
    let visitor = world.visitor("v");
    let first = VisitorMessage {
        page: Some(Page::new("/prix").unwrap()),
        device: Some(Device::Desktop),
        ..says("un")
    };
    world.service.send_message(visitor, first).unwrap();

    world.service.send_message(visitor, says("deux")).unwrap();

    let ticket = world.store.ticket_now(t1001()).unwrap();
    assert_eq!(
        (
            ticket.last_page.as_ref().map(Page::as_str),
            ticket.last_device
        ),
        (Some("/prix"), Some(Device::Desktop))
    );
}

#[test]
fn a_repeated_client_id_notifies_nobody_and_returns_the_first_message() {
    let world = World::new();
    let visitor = world.visitor("v");
    let first = world
        .service
        .send_message(visitor, keyed("Bonjour", "c-1"))
        .unwrap();

    let again = world
        .service
        .send_message(visitor, keyed("Bonjour", "c-1"))
        .unwrap();

    assert!(again.duplicate);
    assert_eq!(again.message, first.message);
    assert_eq!(world.notified().len(), 1);
    assert_eq!(world.pushed().len(), 1);
    assert_eq!(world.store.messages(t1001()).len(), 1);
}

#[test]
fn an_unknown_visitor_is_reported_as_such_and_nothing_is_written() {
    let world = World::new();

    let error = world
        .service
        .send_message(VisitorId(7), says("Bonjour"))
        .unwrap_err();

    assert!(matches!(error, VisitorError::UnknownVisitor));
    assert!(world.notified().is_empty());
    assert!(world.store.ticket_now(t1001()).is_none());
}

#[test]
fn a_storage_failure_notifies_nobody() {
    let world = World::new();
    let visitor = world.visitor("v");
    world.store.set_failing(true);

    let error = world
        .service
        .send_message(visitor, says("Bonjour"))
        .unwrap_err();

    assert!(matches!(error, VisitorError::Storage(_)));
    assert!(world.notified().is_empty() && world.pushed().is_empty());
}

#[test]
fn a_registered_visitor_is_found_by_its_token_hash() {
    let world = World::new();

    let visitor = world.visitor("abc");

    let found = world
        .service
        .authenticate(&TokenHash("abc".into()))
        .unwrap()
        .unwrap();
    assert_eq!(found.id, visitor);
    assert!(world
        .store
        .find_visitor(&TokenHash("other".into()))
        .unwrap()
        .is_none());
}

#[test]
fn unused_visitors_older_than_the_retention_are_purged_and_writers_kept() {
    let world = World::new();
    let old = now() - UNUSED_VISITOR_RETENTION - chrono::Duration::hours(1);
    let (silent, writer) = transact(world.store.as_ref(), move |tx| {
        Ok((
            tx.insert_visitor(&TokenHash("silent".into()), old)?,
            tx.insert_visitor(&TokenHash("writer".into()), old)?,
        ))
    })
    .unwrap();
    world.service.send_message(writer, says("Bonjour")).unwrap();
    let recent = world.visitor("recent");

    let purged = world.service.purge_unused_visitors(None).unwrap();

    assert_eq!(purged.deleted, 1);
    assert_eq!(purged.up_to, now() - UNUSED_VISITOR_RETENTION);
    let known = |token: &str| {
        world
            .store
            .find_visitor(&TokenHash(token.into()))
            .unwrap()
            .map(|p| p.id)
    };
    assert_eq!(known("silent"), None, "{silent:?}");
    assert_eq!(known("writer"), Some(writer));
    assert_eq!(known("recent"), Some(recent));
}

#[test]
fn a_later_purge_starts_where_the_previous_one_stopped() {
    let mut notifier = MockOperatorNotifier::new();
    notifier.expect_notify().never();
    let store = Arc::new(InMemoryStore::new());
    let before_previous = now() - UNUSED_VISITOR_RETENTION - chrono::Duration::days(2);
    transact(store.as_ref(), move |tx| {
        tx.insert_visitor(&TokenHash("forgotten".into()), before_previous)
    })
    .unwrap();
    let service = VisitorService::new(
        Arc::clone(&store),
        notifier,
        Arc::new(Sockets::default()),
        clock(),
        Vec::new(),
    );
    let previous = now() - UNUSED_VISITOR_RETENTION - chrono::Duration::days(1);

    let purged = service.purge_unused_visitors(Some(previous)).unwrap();

    assert_eq!(
        purged.deleted, 0,
        "older visitors were examined by the previous purge"
    );
    assert!(store
        .find_visitor(&TokenHash("forgotten".into()))
        .unwrap()
        .is_some());
}
