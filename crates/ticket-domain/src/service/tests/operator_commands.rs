//! The operator's commands.

use mockall::predicate::eq;

use super::fixtures::*;
use crate::command::{ListFilter, OperatorCommand};
use crate::ports::{
    MockOperatorChatStore, MockTicketRepository, MockVisitorChannel, OperatorChat, RepositoryError,
    StatusCounts, TicketListPage, TicketQuery, TicketStats, VisitorEvent,
};
use crate::render::Locale;
use crate::service::{OperatorError, OperatorService};
use crate::ticket::{Author, Priority, Status, TicketHistory};

const CHAT: OperatorChat = OperatorChat(42);

type Service = OperatorService<
    MockTicketRepository,
    MockOperatorChatStore,
    MockVisitorChannel,
    crate::ports::MockClock,
>;

fn service(
    repo: MockTicketRepository,
    chats: MockOperatorChatStore,
    channel: MockVisitorChannel,
) -> Service {
    OperatorService::new(repo, chats, channel, clock(), Locale::Fr)
}

fn run(service: &Service, command: OperatorCommand) -> String {
    service.execute(CHAT, command, None).unwrap().text
}

#[test]
fn listing_asks_for_the_right_page_and_renders_it() {
    let mut repo = MockTicketRepository::new();
    repo.expect_status_counts().returning(|| {
        Ok(StatusCounts {
            open: 1,
            pending: 0,
            closed: 0,
        })
    });
    repo.expect_list_tickets()
        .with(eq(TicketQuery {
            filter: ListFilter::Urgent,
            offset: 20,
            limit: 10,
        }))
        .returning(|_| {
            Ok(TicketListPage {
                tickets: vec![ticket(Status::Open)],
                total_matching: 21,
            })
        });
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let text = run(
        &service,
        OperatorCommand::List {
            filter: ListFilter::Urgent,
            page: 3,
        },
    );

    assert!(text.starts_with("🎫 GESTION DES TICKETS"));
    assert!(text.contains("🟡 T1001 - Jean Dupont"));
    assert!(text.ends_with("📄 Page 3/3"));
}

#[test]
fn showing_a_ticket_focuses_the_chat_on_it() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket_history()
        .with(eq(t1001()), eq(40))
        .returning(|_, _| {
            Ok(Some(TicketHistory {
                ticket: ticket(Status::Open),
                messages: vec![message(1, Author::Visitor, "Bonjour")],
                total_messages: 1,
            }))
        });
    let mut chats = MockOperatorChatStore::new();
    chats
        .expect_set_focus()
        .with(eq(CHAT), eq(t1001()), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    let service = service(repo, chats, MockVisitorChannel::new());

    let response = service
        .execute(CHAT, OperatorCommand::Show(t1001()), None)
        .unwrap();

    assert!(response.text.starts_with("🎫 TICKET T1001"));
    assert_eq!(response.ticket, Some(t1001()));
}

#[test]
fn an_unknown_ticket_gets_a_friendly_answer_and_no_focus() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket_history().returning(|_, _| Ok(None));
    let mut chats = MockOperatorChatStore::new();
    chats.expect_set_focus().never();
    let service = service(repo, chats, MockVisitorChannel::new());

    let text = run(&service, OperatorCommand::Show(t1001()));

    assert_eq!(text, "❌ Le ticket T1001 n'existe pas. Voir /tickets");
}

#[test]
fn closing_records_the_change_and_tells_the_visitor() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket()
        .returning(|_| Ok(Some(ticket(Status::Pending))));
    repo.expect_change_status()
        .withf(|c| {
            c.from == Status::Pending
                && c.to == Status::Closed
                && c.note.as_str().starts_with("Conversation fermée")
        })
        .times(1)
        .returning(|c| {
            Ok((
                ticket(Status::Closed),
                message(5, Author::System, c.note.as_str()),
            ))
        });
    let mut channel = MockVisitorChannel::new();
    channel
        .expect_push()
        .withf(|_, e| matches!(e, VisitorEvent::Message { message, .. } if message.author == Author::System))
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
    let service = service(repo, MockOperatorChatStore::new(), channel);

    let text = run(&service, OperatorCommand::Close(t1001()));

    assert_eq!(
        text,
        "✅ Ticket T1001 fermé avec succès.\n👤 Client: Jean Dupont\n📝 Sujet: \"Problème avec ma commande\""
    );
}

#[test]
fn closing_a_closed_ticket_is_a_friendly_error_that_writes_nothing() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket()
        .returning(|_| Ok(Some(ticket(Status::Closed))));
    repo.expect_change_status().never();
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let text = run(&service, OperatorCommand::Close(t1001()));

    assert_eq!(
        text,
        "ℹ️ Le ticket T1001 est déjà fermé. Pour le rouvrir : /reopen T1001"
    );
}

#[test]
fn reopening_an_open_ticket_is_a_friendly_error() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket()
        .returning(|_| Ok(Some(ticket(Status::Open))));
    repo.expect_change_status().never();
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let text = run(&service, OperatorCommand::Reopen(t1001()));

    assert_eq!(
        text,
        "ℹ️ Le ticket T1001 n'est pas fermé (status: 🟢 OPEN)."
    );
}

#[test]
fn a_concurrent_change_is_retried_on_the_fresh_status() {
    let mut repo = MockTicketRepository::new();
    repo.expect_ticket()
        .returning(|_| Ok(Some(ticket(Status::Closed))));
    let mut seq = mockall::Sequence::new();
    repo.expect_change_status()
        .withf(|c| c.from == Status::Closed)
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| {
            Err(RepositoryError::StatusConflict {
                current: Status::Open,
            })
        });
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    // The visitor reopened it meanwhile: reopening is now pointless, and said so.
    let text = run(&service, OperatorCommand::Reopen(t1001()));

    assert_eq!(
        text,
        "ℹ️ Le ticket T1001 n'est pas fermé (status: 🟢 OPEN)."
    );
}

#[test]
fn changing_the_priority_reads_as_in_the_guide() {
    let mut repo = MockTicketRepository::new();
    repo.expect_set_priority()
        .with(eq(t1001()), eq(Priority::Urgent), eq(now()))
        .returning(|_, _, _| Ok(Priority::Medium));
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let text = run(
        &service,
        OperatorCommand::SetPriority(t1001(), Priority::Urgent),
    );

    assert_eq!(
        text,
        "🚨 Priorité du ticket T1001 changée de medium → urgent"
    );
}

#[test]
fn stats_are_asked_with_the_local_day_and_the_stale_bound() {
    let mut repo = MockTicketRepository::new();
    repo.expect_stats()
        .withf(|q| {
            // 14:30 in Paris: the local day began at 23:00 UTC the day before.
            q.today_starts_at == now() - chrono::Duration::minutes(14 * 60 + 30)
                && q.stale_before == now() - chrono::Duration::days(7)
                && q.urgent_limit == 10
        })
        .returning(|_| {
            Ok(TicketStats {
                counts: StatusCounts::default(),
                urgent: 0,
                stale: 0,
                created_today: 0,
                median_first_response: None,
                urgent_tickets: vec![],
            })
        });
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    assert!(run(&service, OperatorCommand::Stats).starts_with("📊 STATISTIQUES DÉTAILLÉES"));
}

#[test]
fn a_storage_failure_is_an_error_for_the_adapter_to_report() {
    let mut repo = MockTicketRepository::new();
    repo.expect_status_counts()
        .returning(|| Err(RepositoryError::Storage("I/O".into())));
    let service = service(
        repo,
        MockOperatorChatStore::new(),
        MockVisitorChannel::new(),
    );

    let result = service.execute(
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
