//! The visitor use cases.

use mockall::predicate::eq;

use super::fixtures::*;
use crate::ports::{
    MockOperatorNotifier, MockTicketRepository, MockVisitorChannel, RecordedVisitorMessage,
    RepositoryError, VisitorEvent,
};
use crate::service::{VisitorError, VisitorMessage, VisitorService};
use crate::ticket::{Author, Status, VisitorMessageEffect};
use crate::values::{ClientId, MessageText};
use crate::visitor::{TokenHash, VisitorId};

fn bonjour() -> VisitorMessage {
    VisitorMessage {
        text: MessageText::new("Bonjour").unwrap(),
        client_id: Some(ClientId::new("c-1").unwrap()),
        page: None,
        device: None,
        name: None,
        email: None,
    }
}

#[test]
fn a_first_message_notifies_the_operator_and_reaches_the_other_tabs() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_visitor_message()
        .withf(|m| m.visitor == VisitorId(7) && m.text.as_str() == "Bonjour" && m.at == now())
        .times(1)
        .returning(|_| {
            Ok(RecordedVisitorMessage::Stored {
                ticket: ticket(Status::Open),
                message: message(1, Author::Visitor, "Bonjour"),
                previous_status: None,
                notification: notification(VisitorMessageEffect::Created),
            })
        });
    let mut notifier = MockOperatorNotifier::new();
    notifier
        .expect_notify()
        .with(eq(notification(VisitorMessageEffect::Created)))
        .times(1)
        .return_const(());
    let mut channel = MockVisitorChannel::new();
    channel
        .expect_push()
        .withf(|v, e| *v == VisitorId(7) && matches!(e, VisitorEvent::Message { .. }))
        .times(1)
        .return_const(());
    let service = VisitorService::new(repo, notifier, channel, clock());

    let sent = service.send_message(VisitorId(7), bonjour()).unwrap();

    assert_eq!(sent.ticket, t1001());
    assert_eq!(sent.status, Status::Open);
    assert!(!sent.duplicate);
    assert!(sent.created_ticket);
}

#[test]
fn a_message_on_a_closed_ticket_also_pushes_the_new_status() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_visitor_message().returning(|_| {
        Ok(RecordedVisitorMessage::Stored {
            ticket: ticket(Status::Open),
            message: message(9, Author::Visitor, "Encore moi"),
            previous_status: Some(Status::Closed),
            notification: notification(VisitorMessageEffect::Reopened),
        })
    });
    let mut notifier = MockOperatorNotifier::new();
    notifier.expect_notify().times(1).return_const(());
    let mut channel = MockVisitorChannel::new();
    channel
        .expect_push()
        .withf(|_, e| matches!(e, VisitorEvent::Message { .. }))
        .times(1)
        .return_const(());
    channel
        .expect_push()
        .with(
            eq(VisitorId(7)),
            eq(VisitorEvent::Status {
                ticket: t1001(),
                status: Status::Open,
            }),
        )
        .times(1)
        .return_const(());
    let service = VisitorService::new(repo, notifier, channel, clock());

    service.send_message(VisitorId(7), bonjour()).unwrap();
}

#[test]
fn a_repeated_send_notifies_nobody_and_returns_the_first_message() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_visitor_message().returning(|_| {
        Ok(RecordedVisitorMessage::Duplicate {
            ticket: ticket(Status::Pending),
            message: message(3, Author::Visitor, "Bonjour"),
        })
    });
    let mut notifier = MockOperatorNotifier::new();
    notifier.expect_notify().never();
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = VisitorService::new(repo, notifier, channel, clock());

    let sent = service.send_message(VisitorId(7), bonjour()).unwrap();

    assert!(sent.duplicate);
    assert_eq!(sent.message.id.0, 3);
}

#[test]
fn an_unknown_visitor_is_reported_as_such() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_visitor_message()
        .returning(|m| Err(RepositoryError::VisitorNotFound(m.visitor)));
    let mut notifier = MockOperatorNotifier::new();
    notifier.expect_notify().never();
    let service = VisitorService::new(repo, notifier, MockVisitorChannel::new(), clock());

    let error = service.send_message(VisitorId(7), bonjour()).unwrap_err();

    assert!(matches!(error, VisitorError::UnknownVisitor));
}

#[test]
fn a_storage_failure_notifies_nobody() {
    let mut repo = MockTicketRepository::new();
    repo.expect_record_visitor_message()
        .returning(|_| Err(RepositoryError::Storage("disk full".into())));
    let mut notifier = MockOperatorNotifier::new();
    notifier.expect_notify().never();
    let mut channel = MockVisitorChannel::new();
    channel.expect_push().never();
    let service = VisitorService::new(repo, notifier, channel, clock());

    let error = service.send_message(VisitorId(7), bonjour()).unwrap_err();

    assert!(matches!(error, VisitorError::Storage(_)));
}

#[test]
fn registering_stores_the_token_hash_at_the_current_time() {
    let mut repo = MockTicketRepository::new();
    repo.expect_create_visitor()
        .with(eq(TokenHash("abc".into())), eq(now()))
        .returning(|_, _| Ok(VisitorId(42)));
    let service = VisitorService::new(
        repo,
        MockOperatorNotifier::new(),
        MockVisitorChannel::new(),
        clock(),
    );

    assert_eq!(
        service.register_visitor(&TokenHash("abc".into())).unwrap(),
        VisitorId(42)
    );
}

#[test]
fn the_first_purge_deletes_unused_visitors_older_than_the_retention() {
    let cutoff = now() - crate::service::UNUSED_VISITOR_RETENTION;
    let mut repo = MockTicketRepository::new();
    repo.expect_delete_unused_visitors()
        .with(eq(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH), eq(cutoff))
        .times(1)
        .returning(|_, _| Ok(3));
    let service = VisitorService::new(
        repo,
        MockOperatorNotifier::new(),
        MockVisitorChannel::new(),
        clock(),
    );

    let purged = service.purge_unused_visitors(None).unwrap();

    assert_eq!(purged.deleted, 3);
    assert_eq!(purged.up_to, cutoff);
}

#[test]
fn a_later_purge_only_looks_at_visitors_created_since_the_previous_one() {
    let cutoff = now() - crate::service::UNUSED_VISITOR_RETENTION;
    let previous = cutoff - chrono::TimeDelta::hours(1);
    let mut repo = MockTicketRepository::new();
    repo.expect_delete_unused_visitors()
        .with(eq(previous), eq(cutoff))
        .times(1)
        .returning(|_, _| Ok(0));
    let service = VisitorService::new(
        repo,
        MockOperatorNotifier::new(),
        MockVisitorChannel::new(),
        clock(),
    );

    let purged = service.purge_unused_visitors(Some(previous)).unwrap();

    assert_eq!((purged.deleted, purged.up_to), (0, cutoff));
}
