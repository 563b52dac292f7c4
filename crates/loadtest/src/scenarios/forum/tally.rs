//! What the forum group holds, read from the fake: each ticket's topics (by the visitor's name
//! in the topic's name), the messages in each topic (by the marker of the visitor's message),
//! the lines in General; and the counted calls of the group's call log.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use fake_telegram::{FakeTelegram, RecordedCall, SentMessage};

use super::{FORUM_CHAT, VISITOR};
use crate::scenarios::messages::markers;

/// The methods Telegram counts against a group's 20 a minute (they put a message in it).
pub const COUNTED: [&str; 6] = [
    "sendMessage",
    "createForumTopic",
    "editForumTopic",
    "closeForumTopic",
    "reopenForumTopic",
    "deleteForumTopic",
];
/// The heading of a new ticket's card.
const CARD: &str = "NOUVEAU TICKET T";

/// One ticket as the group shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketView {
    /// Topics named after its visitor.
    pub topics: usize,
    /// Its number (`T1001`), from its topic's name.
    pub number: Option<String>,
    /// Messages in its topic that quote its marker (the card, or lines).
    pub in_topic: usize,
    /// Of those, cards (`NOUVEAU TICKET T…`).
    pub cards: usize,
    /// Whether its topic's first message is its card.
    pub card_first: bool,
    /// Lines in General naming its visitor.
    pub general: usize,
    /// Messages quoting its marker in a topic that is not its own.
    pub elsewhere: usize,
}

/// The group, ticket by ticket (`seq` of the visitor), and what matches none.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// By the visitor's `seq`.
    pub tickets: BTreeMap<usize, TicketView>,
    /// Topics named after no visitor of the run.
    pub stray_topics: usize,
}

impl Tally {
    /// Reads the group for the visitors `0..tickets`.
    pub fn read(telegram: &FakeTelegram, tickets: usize) -> Self {
        let topics: Vec<(i64, String)> = telegram
            .topics(FORUM_CHAT)
            .into_iter()
            .map(|topic| (topic.thread_id, topic.name))
            .collect();
        Self::of(&topics, &telegram.sent_to(FORUM_CHAT), tickets)
    }

    /// The tally of `topics` (thread id, name) and the `sent` messages of the group.
    pub fn of(topics: &[(i64, String)], sent: &[SentMessage], tickets: usize) -> Self {
        let mut tally = Self {
            tickets: (0..tickets)
                .map(|seq| (seq, TicketView::default()))
                .collect(),
            stray_topics: 0,
        };
        let mut owner: HashMap<i64, usize> = HashMap::new();
        for (thread, name) in topics {
            match visitor_of(name).and_then(|seq| tally.tickets.get_mut(&seq).map(|v| (seq, v))) {
                Some((seq, view)) => {
                    view.topics += 1;
                    view.number = ticket_of(name);
                    owner.insert(*thread, seq);
                }
                None => tally.stray_topics += 1,
            }
        }
        let mut first_in_topic: HashMap<i64, &SentMessage> = HashMap::new();
        for message in sent {
            match message.thread_id {
                Some(thread) => {
                    first_in_topic.entry(thread).or_insert(message);
                    for seq in markers(&message.text) {
                        let Some(view) = tally.tickets.get_mut(&seq) else {
                            continue;
                        };
                        if owner.get(&thread) == Some(&seq) {
                            view.in_topic += 1;
                            view.cards += usize::from(message.text.contains(CARD));
                        } else {
                            view.elsewhere += 1;
                        }
                    }
                }
                None => {
                    if let Some(view) =
                        visitor_of(&message.text).and_then(|seq| tally.tickets.get_mut(&seq))
                    {
                        view.general += 1;
                    }
                }
            }
        }
        for (thread, seq) in &owner {
            let first = first_in_topic.get(thread);
            if let Some(view) = tally.tickets.get_mut(seq) {
                view.card_first = first.is_some_and(|m| {
                    m.text.contains(CARD) && markers(&m.text).any(|marked| marked == *seq)
                });
            }
        }
        tally
    }

    /// Tickets with a topic.
    pub fn with_topic(&self) -> usize {
        self.count(|v| v.topics >= 1)
    }

    /// Tickets whose card is in their topic.
    pub fn with_card(&self) -> usize {
        self.count(|v| v.topics == 1 && v.cards >= 1)
    }

    /// Tickets with a line in General.
    pub fn with_general(&self) -> usize {
        self.count(|v| v.general >= 1)
    }

    /// The tickets without a line in General: their number, or their visitor's name when
    /// they have no topic either.
    pub fn without_general(&self) -> Vec<String> {
        self.tickets
            .iter()
            .filter(|(_, v)| v.general == 0)
            .map(|(seq, v)| {
                v.number
                    .clone()
                    .unwrap_or_else(|| format!("{VISITOR}{seq}"))
            })
            .collect()
    }

    /// Tickets shown more than once: two topics, two messages, two General lines, or a
    /// message in another ticket's topic.
    pub fn duplicated(&self) -> usize {
        self.count(|v| v.topics > 1 || v.in_topic > 1 || v.general > 1 || v.elsewhere > 0)
    }

    /// Tickets whose topic opens with something other than their card.
    pub fn out_of_order(&self) -> usize {
        self.count(|v| v.topics == 1 && v.in_topic >= 1 && !v.card_first)
    }

    /// Whether every ticket has exactly one topic opening with its card, and (if `announce`)
    /// its General line.
    pub fn complete(&self, announce: bool) -> bool {
        let tickets = self.tickets.len();
        self.with_card() == tickets && (!announce || self.with_general() == tickets)
    }

    fn count(&self, condition: impl Fn(&TicketView) -> bool) -> usize {
        self.tickets.values().filter(|v| condition(v)).count()
    }
}

/// The counted calls made to the group, in order of arrival.
pub fn counted_calls(telegram: &FakeTelegram) -> Vec<RecordedCall> {
    let mut calls: Vec<RecordedCall> = COUNTED
        .iter()
        .flat_map(|method| telegram.call_log(method))
        .filter(|call| call.body["chat_id"].as_i64() == Some(FORUM_CHAT))
        .collect();
    calls.sort_by_key(|call| call.at);
    calls
}

/// The arrival of the last counted call, if any.
pub fn last_call_at(calls: &[RecordedCall]) -> Option<Instant> {
    calls.last().map(|call| call.at)
}

/// The visitor `seq` named in `text` (`… · Visiteur 17`, `… · Visiteur 17: …`).
fn visitor_of(text: &str) -> Option<usize> {
    let rest = text.split(VISITOR).nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The ticket number in a topic's name (`🟡 T1001 · Visiteur 0` → `T1001`).
fn ticket_of(name: &str) -> Option<String> {
    name.split_whitespace()
        .find(|word| {
            word.strip_prefix('T').is_some_and(|digits| {
                !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
            })
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::scenarios::messages::MARKER;

    fn sent(thread: Option<i64>, text: &str) -> SentMessage {
        SentMessage {
            chat_id: FORUM_CHAT,
            text: text.to_owned(),
            message_id: 0,
            thread_id: thread,
            reply_markup: None,
            body: json!({}),
        }
    }

    fn card(seq: usize) -> String {
        format!(
            "🆕 NOUVEAU TICKET T{}\n💬 Message: Bonjour {MARKER}{seq}]",
            1001 + seq
        )
    }

    fn topic(thread: i64, seq: usize) -> (i64, String) {
        (thread, format!("🟡 T{} · {VISITOR}{seq}", 1001 + seq))
    }

    #[test]
    fn a_visitor_is_found_in_a_topic_name_and_a_general_line() {
        assert_eq!(visitor_of(&format!("🟡 T1001 · {VISITOR}17")), Some(17));
        assert_eq!(
            visitor_of(&format!("🆕 T1001 · {VISITOR}1: Bonjour")),
            Some(1)
        );
        assert_eq!(visitor_of("🟡 T1001 · Jean"), None);
        assert_eq!(
            ticket_of(&format!("🟡 T1001 · {VISITOR}17")).as_deref(),
            Some("T1001")
        );
        assert_eq!(ticket_of("🟡 Topic · Jean"), None);
    }

    #[test]
    fn a_ticket_with_its_topic_card_and_general_line_is_complete() {
        let topics = [topic(10, 0)];
        let general = format!("🆕 T1001 · {VISITOR}0: Bonjour {MARKER}0]");
        let sent = [sent(Some(10), &card(0)), sent(None, &general)];
        let tally = Tally::of(&topics, &sent, 1);
        assert!(tally.complete(true));
        assert_eq!((tally.duplicated(), tally.out_of_order()), (0, 0));
    }

    #[test]
    fn a_missing_general_line_is_incomplete_only_when_announcing() {
        let tally = Tally::of(&[topic(10, 0)], &[sent(Some(10), &card(0))], 1);
        assert!(!tally.complete(true));
        assert_eq!(tally.without_general(), ["T1001"]);
        assert!(tally.complete(false));
    }

    #[test]
    fn a_second_card_or_topic_is_a_duplicate() {
        let topics = [topic(10, 0), topic(11, 1), topic(12, 1)];
        let sent = [
            sent(Some(10), &card(0)),
            sent(Some(10), &card(0)),
            sent(Some(11), &card(1)),
        ];
        let tally = Tally::of(&topics, &sent, 2);
        assert_eq!(tally.duplicated(), 2);
        assert_eq!(tally.with_card(), 1, "ticket 1 has two topics");
    }

    #[test]
    fn a_topic_opening_with_another_message_is_out_of_order() {
        let topics = [topic(10, 0)];
        let sent = [
            sent(Some(10), &format!("💬 hello {MARKER}0]")),
            sent(Some(10), &card(0)),
        ];
        let tally = Tally::of(&topics, &sent, 1);
        assert_eq!(tally.out_of_order(), 1);
    }

    #[test]
    fn a_message_in_the_wrong_topic_counts_against_its_ticket() {
        let topics = [topic(10, 0), topic(11, 1)];
        let sent = [sent(Some(10), &card(1)), sent(Some(11), &card(1))];
        let tally = Tally::of(&topics, &sent, 2);
        assert_eq!(tally.tickets[&1].elsewhere, 1);
        assert_eq!(tally.duplicated(), 1);
        assert_eq!(tally.with_card(), 1);
    }
}
