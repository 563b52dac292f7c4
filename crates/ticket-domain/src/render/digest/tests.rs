//! Packing notifications into digests: texts, order, and the 4,096-unit bound.

use chrono::{TimeZone, Utc};

use super::*;
use crate::render::test_support::paris_clock;
use crate::render::{fits_in_one_message, Locale};
use crate::ticket::VisitorMessageEffect;
use crate::values::DisplayName;

fn t(number: u32) -> TicketNumber {
    TicketNumber::new(number).unwrap()
}

fn notification(ticket: u32, effect: VisitorMessageEffect, text: &str) -> OperatorNotification {
    OperatorNotification {
        effect,
        ticket: t(ticket),
        visitor_name: Some(DisplayName::new("Jean Dupont").unwrap()),
        visitor_email: None,
        text: text.to_owned(),
        // 14:30 in Paris in January (UTC+1).
        sent_at: Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap(),
        page: None,
        device: None,
    }
}

fn new_ticket(ticket: u32, text: &str) -> OperatorNotification {
    notification(ticket, VisitorMessageEffect::Created, text)
}

fn follow_up(ticket: u32, text: &str) -> OperatorNotification {
    notification(ticket, VisitorMessageEffect::Appended, text)
}

fn digests(locale: Locale, notifications: &[OperatorNotification]) -> Vec<Digest> {
    let clock = paris_clock();
    Renderer::new(locale, &clock).digests(notifications)
}

fn rendered(locale: Locale, n: &OperatorNotification) -> String {
    let clock = paris_clock();
    Renderer::new(locale, &clock).notification(n)
}

/// The digests cover every notification once, in order, each message a run of them.
fn assert_in_order(digests: &[Digest], count: usize) {
    let mut next = 0;
    for digest in digests {
        assert_eq!(digest.notifications.start, next, "no gap, no overlap");
        assert!(!digest.notifications.is_empty());
        next = digest.notifications.end;
    }
    assert_eq!(next, count, "every notification is in a message");
}

#[test]
fn notifications_of_two_tickets_make_one_digest_with_a_header_and_a_hint() {
    let all = [
        new_ticket(1001, "Bonjour"),
        new_ticket(1002, "Allô ?"),
        follow_up(1001, "Vous êtes là ?"),
    ];

    let digests = digests(Locale::Fr, &all);

    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].notifications, 0..3);
    assert_eq!(digests[0].about, SentAbout::SeveralTickets);
    assert_eq!(
        digests[0].text,
        format!(
            "📬 3 notifications regroupées\n\n{}\n\n{}\n\n{}\n\n\
             ↩️ Ce message regroupe plusieurs tickets. Répondez avec /reply T1001 votre message.",
            rendered(Locale::Fr, &all[0]),
            rendered(Locale::Fr, &all[1]),
            rendered(Locale::Fr, &all[2]),
        )
    );
}

#[test]
fn an_english_digest_uses_english_words() {
    let all = [new_ticket(1002, "Hello"), new_ticket(1001, "Hi")];

    let digests = digests(Locale::En, &all);

    assert_eq!(digests.len(), 1);
    let text = &digests[0].text;
    assert!(text.starts_with("📬 2 notifications grouped\n\n🆕 NEW TICKET T1002\n"));
    assert!(text.ends_with(
        "\n\n↩️ This message groups several tickets. Answer with /reply T1002 your message."
    ));
}

#[test]
fn notifications_of_one_ticket_are_merged_as_before_without_a_header() {
    let all = [new_ticket(1001, "Premier"), follow_up(1001, "Second")];

    let digests = digests(Locale::Fr, &all);

    assert_eq!(
        digests,
        vec![Digest {
            notifications: 0..2,
            about: SentAbout::Ticket(t(1001)),
            text: format!(
                "{}\n\n{}",
                rendered(Locale::Fr, &all[0]),
                rendered(Locale::Fr, &all[1])
            ),
        }]
    );
}

#[test]
fn a_single_notification_is_its_usual_text() {
    let all = [new_ticket(1001, "Bonjour")];

    let digests = digests(Locale::Fr, &all);

    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].about, SentAbout::Ticket(t(1001)));
    assert_eq!(digests[0].text, rendered(Locale::Fr, &all[0]));
}

#[test]
fn no_notification_gives_no_message() {
    assert!(digests(Locale::Fr, &[]).is_empty());
}

#[test]
fn many_long_notifications_make_several_digests_of_at_most_4096_units_in_order() {
    // 60 tickets, texts of 900 to 1,700 characters with emoji (two UTF-16 units each).
    let all: Vec<OperatorNotification> = (0..60)
        .map(|i| {
            let body = format!("{i:02} 🎉 {}", "é".repeat(900 + (i * 137) % 800));
            new_ticket(1001 + i as u32, &body)
        })
        .collect();

    let digests = digests(Locale::Fr, &all);

    assert_in_order(&digests, all.len());
    assert!(
        digests.len() > 1 && digests.len() < all.len(),
        "{}",
        digests.len()
    );
    for digest in &digests {
        assert!(
            fits_in_one_message(&digest.text),
            "{} units",
            utf16_len(&digest.text)
        );
        let mut rest = digest.text.as_str();
        for n in &all[digest.notifications.clone()] {
            let at = rest.find(&rendered(Locale::Fr, n)).expect("in the digest");
            rest = &rest[at..];
        }
        if digest.notifications.len() > 1 {
            assert_eq!(digest.about, SentAbout::SeveralTickets);
            assert!(digest.text.starts_with(&format!(
                "📬 {} notifications regroupées\n\n",
                digest.notifications.len()
            )));
        }
    }
    assert!(digests.iter().any(|d| d.notifications.len() > 1));
}

#[test]
fn a_digest_filling_exactly_4096_units_is_one_message_and_one_more_unit_is_two() {
    let clock = paris_clock();
    let r = Renderer::new(Locale::Fr, &clock);
    let short = new_ticket(1002, "x");
    let frame = r.frame_units(2, t(1001));
    let fixed = utf16_len(&r.notification(&new_ticket(1001, "")))
        + utf16_len(SEPARATOR)
        + utf16_len(&r.notification(&short))
        + frame;
    let exact = new_ticket(1001, &"a".repeat(MAX_MESSAGE_UTF16 - fixed));

    let one = r.digests(&[exact.clone(), short.clone()]);
    let longer = new_ticket(1001, &"a".repeat(MAX_MESSAGE_UTF16 - fixed + 1));
    let two = r.digests(&[longer, short]);

    assert_eq!(one.len(), 1);
    assert_eq!(utf16_len(&one[0].text), MAX_MESSAGE_UTF16);
    assert_eq!(two.len(), 2);
    assert_eq!(two[0].about, SentAbout::Ticket(t(1001)));
    assert_eq!(two[1].about, SentAbout::Ticket(t(1002)));
}

#[test]
fn a_notification_longer_than_a_message_goes_alone_for_the_adapter_to_split() {
    let long = follow_up(1002, &"ligne de texte\n".repeat(700));
    let all = [
        new_ticket(1001, "Avant"),
        long.clone(),
        new_ticket(1003, "Après"),
    ];

    let digests = digests(Locale::Fr, &all);

    assert_in_order(&digests, 3);
    assert_eq!(digests.len(), 3);
    assert_eq!(digests[1].notifications, 1..2);
    assert_eq!(digests[1].about, SentAbout::Ticket(t(1002)));
    assert_eq!(digests[1].text, rendered(Locale::Fr, &long));
    assert!(!fits_in_one_message(&digests[1].text));
}

#[test]
fn a_message_left_with_one_ticket_is_a_plain_message_of_that_ticket() {
    // T1001's two notifications fill most of a message: T1002's cannot join them.
    let big = "b".repeat(1_800);
    let all = [
        new_ticket(1001, &big),
        follow_up(1001, &big),
        new_ticket(1002, "Bonjour"),
        follow_up(1003, "Allô"),
    ];

    let digests = digests(Locale::Fr, &all);

    assert_in_order(&digests, 4);
    assert_eq!(digests.len(), 2);
    assert_eq!(digests[0].about, SentAbout::Ticket(t(1001)));
    assert!(!digests[0].text.contains("📬"));
    assert_eq!(digests[1].notifications, 2..4);
    assert_eq!(digests[1].about, SentAbout::SeveralTickets);
    assert!(digests[1].text.ends_with("/reply T1002 votre message."));
}

#[test]
fn a_reply_to_a_digest_is_explained_in_both_languages() {
    let clock = paris_clock();

    assert_eq!(
        Renderer::new(Locale::Fr, &clock).reply_to_digest(),
        "↩️ Ce message regroupe plusieurs tickets : rien n'a été envoyé. Répondez avec /reply \
         T1001 votre message."
    );
    assert_eq!(
        Renderer::new(Locale::En, &clock).reply_to_digest(),
        "↩️ This message groups several tickets: nothing was sent. Answer with /reply T1001 \
         your message."
    );
}
