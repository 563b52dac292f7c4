//! `Renderer::digests` on generated notifications (any count, text lengths from nothing to a
//! whole 4,000-character message, emoji, line breaks, every locale): every notification is in
//! exactly one message, in order, with its usual text; every message fits in 4,096 UTF-16
//! units unless it is one notification too long on its own; a message about one ticket is
//! that ticket's, one about several is a digest with its header and hint; and no message could
//! have taken the next notification.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{Clock, SentAbout};
use ticket_domain::render::{utf16_len, Digest, Locale, Renderer, MAX_MESSAGE_UTF16};
use ticket_domain::ticket::{Device, TicketNumber, VisitorMessageEffect};
use ticket_domain::values::{DisplayName, Email, Page};

/// The operator's wall clock: UTC+1.
struct ParisWinter;

impl Clock for ParisWinter {
    fn now(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, 15, 20, 0).unwrap()
    }
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        (at + Duration::hours(1)).naive_utc()
    }
}

/// Characters of visitor messages: ASCII (most), accented letters, CJK, emoji (two UTF-16
/// units each), combining accents and line breaks.
fn message_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => proptest::char::range(' ', '~'),
        2 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('一', '龥'),
        2 => proptest::char::range('😀', '🙏'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => Just('\n'),
    ]
}

/// A visitor message's text: mostly short, sometimes long, up to the 4,000-character limit
/// (which, in emoji, is far more than one Telegram message). A long text repeats a generated
/// piece: generating thousands of characters one by one would make each case slow.
fn message_text() -> impl Strategy<Value = String> {
    let long = (vec(message_char(), 1..50), 80..=4_000usize)
        .prop_map(|(piece, chars)| piece.into_iter().cycle().take(chars).collect());
    prop_oneof![
        6 => vec(message_char(), 0..80).prop_map(String::from_iter),
        4 => long,
    ]
}

/// A ticket: often one of a few (so that runs of one ticket happen), sometimes any.
fn ticket() -> impl Strategy<Value = TicketNumber> {
    prop_oneof![
        4 => 1_001..1_005u32,
        1 => 1_001..=u32::MAX,
    ]
    .prop_map(|n| TicketNumber::new(n).unwrap())
}

fn notification() -> impl Strategy<Value = OperatorNotification> {
    let effect = select(vec![
        VisitorMessageEffect::Created,
        VisitorMessageEffect::Appended,
        VisitorMessageEffect::Reopened,
    ]);
    let name = proptest::option::of(
        prop_oneof![Just("Jean Dupont".to_owned()), "[A-Za-zÀ-ÿ😀-🙏 ]{1,100}"]
            .prop_filter_map("a valid name", |raw| DisplayName::new(&raw).ok()),
    );
    let email = proptest::option::of(
        "[a-z0-9.]{1,20}@[a-z]{1,20}\\.(com|fr)"
            .prop_filter_map("a valid address", |raw| Email::new(&raw).ok()),
    );
    let page = proptest::option::of(
        "/[a-zA-Z0-9/_é-]{0,60}".prop_filter_map("a valid page", |raw| Page::new(&raw).ok()),
    );
    let device = proptest::option::of(select(vec![
        Device::Mobile,
        Device::Tablet,
        Device::Desktop,
    ]));
    // From 1970 to 2100.
    let sent_at = (0..4_102_444_800i64).prop_map(|secs| Utc.timestamp_opt(secs, 0).unwrap());
    (
        effect,
        ticket(),
        name,
        email,
        message_text(),
        sent_at,
        page,
        device,
    )
        .prop_map(
            |(effect, ticket, visitor_name, visitor_email, text, sent_at, page, device)| {
                OperatorNotification {
                    effect,
                    ticket,
                    visitor_name,
                    visitor_email,
                    text,
                    sent_at,
                    page,
                    device,
                }
            },
        )
}

fn locale() -> impl Strategy<Value = Locale> {
    select(Locale::ALL.to_vec())
}

/// The text a message of `notifications` must have: their usual texts a blank line apart, and
/// for several tickets the digest's header and hint around them.
fn expected_text(renderer: &Renderer<'_>, notifications: &[OperatorNotification]) -> String {
    let body = notifications
        .iter()
        .map(|n| renderer.notification(n))
        .collect::<Vec<_>>()
        .join("\n\n");
    let first = notifications[0].ticket;
    if notifications.iter().all(|n| n.ticket == first) {
        body
    } else {
        [
            renderer.digest_header(notifications.len()),
            body,
            renderer.digest_hint(first),
        ]
        .join("\n\n")
    }
}

/// Checks every claim of the packer's contract on `digests` of `all`.
fn assert_packed(
    renderer: &Renderer<'_>,
    all: &[OperatorNotification],
    digests: &[Digest],
) -> Result<(), TestCaseError> {
    let mut next = 0;
    for digest in digests {
        let range = digest.notifications.clone();
        prop_assert_eq!(range.start, next, "no notification skipped or repeated");
        prop_assert!(!range.is_empty(), "no empty message");
        prop_assert!(range.end <= all.len());
        next = range.end;

        let held = &all[range.clone()];
        prop_assert_eq!(&digest.text, &expected_text(renderer, held));
        let first = held[0].ticket;
        let expected_about = if held.iter().all(|n| n.ticket == first) {
            SentAbout::Ticket(first)
        } else {
            SentAbout::SeveralTickets
        };
        prop_assert_eq!(&digest.about, &expected_about);

        let units = utf16_len(&digest.text);
        let too_long_alone =
            held.len() == 1 && utf16_len(&renderer.notification(&held[0])) > MAX_MESSAGE_UTF16;
        prop_assert!(
            units <= MAX_MESSAGE_UTF16 || too_long_alone,
            "{} notifications in {} UTF-16 units",
            held.len(),
            units
        );
    }
    prop_assert_eq!(next, all.len(), "every notification is in a message");
    Ok(())
}

proptest! {
    // A case is up to 30 notifications of up to 4,000 characters: 64 cases keep each property
    // near a second in a debug build.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_notification_is_in_one_message_in_order_and_every_message_fits(
        all in vec(notification(), 0..30),
        locale in locale(),
    ) {
        let clock = ParisWinter;
        let renderer = Renderer::new(locale, &clock);

        let digests = renderer.digests(&all);

        assert_packed(&renderer, &all, &digests)?;
    }

    #[test]
    fn no_message_could_have_taken_the_next_notification(
        all in vec(notification(), 2..30),
        locale in locale(),
    ) {
        let clock = ParisWinter;
        let renderer = Renderer::new(locale, &clock);

        let digests = renderer.digests(&all);

        for digest in &digests[..digests.len() - 1] {
            let one_more = digest.notifications.start..digest.notifications.end + 1;
            let text = expected_text(&renderer, &all[one_more]);
            prop_assert!(
                utf16_len(&text) > MAX_MESSAGE_UTF16,
                "notifications {:?} and the next fit in one message ({} units)",
                digest.notifications,
                utf16_len(&text)
            );
        }
    }

}

proptest! {
    #[test]
    fn many_short_notifications_of_many_tickets_stay_within_4096_units(
        count in 1..200usize,
        text in vec(message_char(), 0..40).prop_map(String::from_iter),
        locale in locale(),
    ) {
        let clock = ParisWinter;
        let renderer = Renderer::new(locale, &clock);
        let all: Vec<OperatorNotification> = (0..count)
            .map(|i| OperatorNotification {
                effect: VisitorMessageEffect::Created,
                ticket: TicketNumber::new(1_001 + i as u32).unwrap(),
                visitor_name: None,
                visitor_email: None,
                text: text.clone(),
                sent_at: Utc.with_ymd_and_hms(2024, 1, 15, 13, 30, 0).unwrap(),
                page: None,
                device: None,
            })
            .collect();

        let digests = renderer.digests(&all);

        assert_packed(&renderer, &all, &digests)?;
    }
}
