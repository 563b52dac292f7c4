//! Every text of every catalog, rendered in every locale: each one is there, fits in one
//! Telegram message, has its values filled in, and keeps the French layout (the same lines, the
//! same emoji in the same order).

use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};

use super::test_support::paris_clock;
use super::{button_label, command_menu, fits_in_one_message, Locale, Renderer};
use crate::command::{buttons, parse_operator_input, ListFilter, COMMANDS};
use crate::notification::OperatorNotification;
use crate::ports::{StatusCounts, TicketListPage, TicketStats};
use crate::ticket::{
    Author, Device, Message, MessageId, Priority, Status, Ticket, TicketHistory, TicketNumber,
    VisitorMessageEffect,
};
use crate::values::{DisplayName, Email, Page};
use crate::visitor::{VisitorId, VisitorProfile};

fn t(number: u32) -> TicketNumber {
    TicketNumber::new(number).unwrap()
}

fn jean() -> Option<DisplayName> {
    Some(DisplayName::new("Jean Dupont").unwrap())
}

fn at(minutes: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap() + Duration::minutes(minutes)
}

/// A ticket with every optional field when `full`, none otherwise.
fn ticket(number: u32, status: Status, full: bool) -> Ticket {
    Ticket {
        number: t(number),
        visitor: VisitorProfile {
            id: VisitorId(1),
            name: if full { jean() } else { None },
            email: full.then(|| Email::new("jean@email.com").unwrap()),
        },
        subject: "Problème avec ma commande".into(),
        status,
        priority: Priority::High,
        created_at: at(0),
        last_activity_at: at(110),
        closed_at: (status == Status::Closed).then(|| at(200)),
        last_page: full.then(|| Page::new("/prix").unwrap()),
        last_device: full.then_some(Device::Tablet),
        assignee: None,
    }
}

fn notification(number: u32, effect: VisitorMessageEffect, device: Device) -> OperatorNotification {
    OperatorNotification {
        effect,
        ticket: t(number),
        visitor_name: (device != Device::Desktop).then(jean).flatten(),
        visitor_email: (device == Device::Mobile).then(|| Email::new("jean@email.com").unwrap()),
        text: "Bonjour".into(),
        sent_at: at(0),
        page: Some(Page::new("/prix").unwrap()),
        device: Some(device),
    }
}

fn stats(urgent: u64, stale: u64, open: u64, median_minutes: Option<u64>) -> TicketStats {
    TicketStats {
        counts: StatusCounts {
            open,
            pending: 2,
            closed: 9,
        },
        urgent,
        stale,
        created_today: 1,
        median_first_response: median_minutes.map(|m| StdDuration::from_secs(m * 60)),
        urgent_tickets: if urgent > 1 {
            vec![(t(1002), jean()), (t(1003), None)]
        } else {
            vec![]
        },
    }
}

/// Every text the renderer and the menu make, with fixed values, named for the failures.
fn every_text(locale: Locale) -> Vec<(String, String)> {
    let clock = paris_clock();
    let r = Renderer::new(locale, &clock);
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, text: String| texts.push((name.to_owned(), text));

    let effects = [
        VisitorMessageEffect::Created,
        VisitorMessageEffect::Appended,
        VisitorMessageEffect::Reopened,
    ];
    for effect in effects {
        for device in [Device::Mobile, Device::Tablet, Device::Desktop] {
            add(
                &format!("notification {effect:?} {device:?}"),
                r.notification(&notification(1001, effect, device)),
            );
        }
    }
    let several = [
        notification(1001, VisitorMessageEffect::Created, Device::Mobile),
        notification(1002, VisitorMessageEffect::Appended, Device::Desktop),
    ];
    for digest in r.digests(&several) {
        add("digest", digest.text);
    }
    add("reply to a digest", r.reply_to_digest());

    let counts = StatusCounts {
        open: 1,
        pending: 2,
        closed: 12,
    };
    let filters = [
        ListFilter::Active,
        ListFilter::Open,
        ListFilter::Pending,
        ListFilter::Closed,
        ListFilter::Urgent,
        ListFilter::All,
    ];
    let page = TicketListPage {
        tickets: vec![
            ticket(1001, Status::Open, true),
            ticket(1002, Status::Pending, false),
            ticket(1003, Status::Closed, true),
        ],
        total_matching: 25,
    };
    let empty = |total_matching| TicketListPage {
        tickets: vec![],
        total_matching,
    };
    for filter in filters {
        for number in [1, 3] {
            add(
                &format!("list {filter:?} page {number}"),
                r.ticket_list(counts, filter, number, 10, &page),
            );
        }
        add(
            &format!("empty list {filter:?}"),
            r.ticket_list(counts, filter, 1, 10, &empty(0)),
        );
        add(
            &format!("list {filter:?} past the end"),
            r.ticket_list(counts, filter, 9, 10, &empty(12)),
        );
    }

    for status in [Status::Open, Status::Pending, Status::Closed] {
        let messages = [Author::Visitor, Author::Operator, Author::System]
            .into_iter()
            .enumerate()
            .map(|(i, author)| Message {
                id: MessageId(i as i64 + 1),
                author,
                text: "Bonjour".into(),
                sent_at: at(i as i64 * 60 * 24),
                page: None,
                operator: None,
            })
            .collect();
        let history = TicketHistory {
            ticket: ticket(1001, status, status != Status::Pending),
            messages,
            total_messages: 5,
            notes: Vec::new(),
        };
        add(&format!("view {status:?}"), r.ticket_view(&history));
    }

    for (urgent, stale, open, median) in [
        (0, 0, 0, None),
        (1, 1, 1, Some(12)),
        (5, 7, 3, Some(4 * 24 * 60 + 65)),
    ] {
        add(
            &format!("stats {urgent} {stale} {open}"),
            r.stats(&stats(urgent, stale, open, median)),
        );
    }

    let full = ticket(1001, Status::Open, true);
    let anonymous = ticket(1002, Status::Closed, false);
    for (name, ticket) in [("named", &full), ("anonymous", &anonymous)] {
        add(&format!("closed {name}"), r.closed(ticket));
        add(&format!("reopened {name}"), r.reopened(ticket));
        for status in [Status::Open, Status::Closed] {
            add(
                &format!("reply sent {name} {status:?}"),
                r.reply_sent(ticket, status),
            );
        }
    }
    add(
        "same priority",
        r.priority_changed(t(1001), Priority::High, Priority::High),
    );
    for to in Priority::ALL {
        add(
            &format!("priority changed to {to}"),
            r.priority_changed(t(1001), Priority::Medium, to),
        );
    }
    add("not found", r.ticket_not_found(t(4242)));
    add("already closed", r.already_closed(t(1001)));
    for status in [Status::Open, Status::Pending] {
        add(
            &format!("not closed {status:?}"),
            r.not_closed(t(1001), status),
        );
    }
    add("no reply target", r.no_reply_target());
    add("help", r.help());
    add("start", r.start());
    add("not authorised", r.not_authorised());
    add("text only", r.text_only());
    add("unreadable line", r.unreadable_line());
    add("internal error", r.internal_error());
    add("note closed", r.note_closed().to_owned());
    add("note reopened", r.note_reopened().to_owned());

    let too_long = format!("/reply T1001 {}", "a".repeat(4_001));
    for raw in [
        "/frob",
        "/priority T1001",
        "/stats now",
        "/ticket ABC",
        "/priority T1001 critical",
        "/tickets bogus",
        "/reply T1001 \u{200b}",
        too_long.as_str(),
        "   ",
    ] {
        let error = parse_operator_input(raw, None).unwrap_err();
        add(&format!("error {raw:.20}"), r.command_error(&error));
    }

    for entry in command_menu(locale) {
        add(&format!("menu {}", entry.command), entry.description);
    }
    for button in buttons() {
        add(&format!("button {button:?}"), button_label(locale, button));
    }
    texts
}

/// The emoji and arrows of a text, in order: what every language must keep of the French.
fn symbols(text: &str) -> String {
    text.chars()
        .filter(|&c| c == 'ℹ' || u32::from(c) >= 0x2190)
        .collect()
}

#[test]
fn every_locale_renders_every_text_within_one_message_with_its_values() {
    for locale in Locale::ALL {
        for (name, text) in every_text(locale) {
            assert!(!text.trim().is_empty(), "{locale:?} {name}");
            assert!(fits_in_one_message(&text), "{locale:?} {name}");
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{locale:?} {name}: {text}"
            );
        }
    }
}

#[test]
fn every_locale_keeps_the_french_lines_and_emoji() {
    let french = every_text(Locale::Fr);
    for locale in Locale::ALL {
        let texts = every_text(locale);
        assert_eq!(texts.len(), french.len(), "{locale:?}");
        for ((name, text), (_, fr)) in texts.iter().zip(&french) {
            assert_eq!(
                text.lines().count(),
                fr.lines().count(),
                "{locale:?} {name}"
            );
            assert_eq!(
                symbols(text),
                symbols(fr),
                "{locale:?} {name}:\n{text}\n{fr}"
            );
        }
    }
}

#[test]
fn spanish_and_german_are_translations_not_copies() {
    let english = every_text(Locale::En);
    for locale in [Locale::Es, Locale::De] {
        let texts = every_text(locale);
        let same: Vec<&str> = texts
            .iter()
            .zip(&english)
            .filter(|((_, text), (_, en))| text == en)
            .map(|((name, _), _)| name.as_str())
            .collect();
        assert!(same.is_empty(), "{locale:?}: {same:?}");
    }
}

#[test]
fn every_catalog_has_the_words_of_exactly_the_listed_commands() {
    for locale in Locale::ALL {
        for spec in COMMANDS {
            assert_eq!(
                locale.catalog().commands.of(spec.name).is_some(),
                spec.listed,
                "{locale:?} {:?}",
                spec.name
            );
        }
    }
}
