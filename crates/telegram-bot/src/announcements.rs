//! The one-line announcements of new tickets in a forum's General topic: the lowest priority
//! of a group's budget. Each is queued once its ticket's topic and card are out, sent at the
//! end of a delivery pass, and kept for a later pass when Telegram says the group's budget is
//! spent (`429`): they wait, the topics and visitor messages go first, and none is dropped for
//! a rate limit. The queue lives in memory: an instance that dies loses the lines it held,
//! never a notification.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ticket_domain::ports::SentAbout;
use ticket_domain::ticket::TicketNumber;

use crate::backoff::backoff;
use crate::client::ApiFailure;
use crate::core::{lock, Core, Place};

/// The most lines one chat keeps waiting; past it the oldest is dropped (logged), so that a
/// group that never has room cannot grow the queue without bound.
const MAX_WAITING: usize = 1_000;

/// The lines waiting, per forum chat.
#[derive(Default)]
pub(crate) struct Announcements {
    chats: Mutex<HashMap<i64, Waiting>>,
}

/// One chat's lines, and when Telegram lets the next one go.
#[derive(Default)]
struct Waiting {
    lines: VecDeque<(TicketNumber, String)>,
    not_before: Option<Instant>,
    failures: u32,
}

impl Announcements {
    /// Queues the announcement `line` of `ticket` for `chat`.
    pub(crate) fn queue(&self, chat: i64, ticket: TicketNumber, line: String) {
        let mut chats = lock(&self.chats);
        let waiting = chats.entry(chat).or_default();
        if waiting.lines.len() >= MAX_WAITING {
            if let Some((dropped, _)) = waiting.lines.pop_front() {
                tracing::warn!(chat_id = chat, ticket = %dropped,
                    "too many announcements waiting: the oldest is dropped");
            }
        }
        waiting.lines.push_back((ticket, line));
    }

    /// Nothing goes to `chat` for `wait` (Telegram answered `429` there).
    pub(crate) fn hold(&self, chat: i64, wait: Duration) {
        let mut chats = lock(&self.chats);
        let waiting = chats.entry(chat).or_default();
        let until = Instant::now() + wait;
        waiting.not_before = Some(waiting.not_before.map_or(until, |at| at.max(until)));
    }

    /// The chats with lines that may go now.
    fn ready(&self) -> Vec<i64> {
        let now = Instant::now();
        let mut chats: Vec<i64> = lock(&self.chats)
            .iter()
            .filter(|(_, w)| !w.lines.is_empty() && w.not_before.is_none_or(|at| at <= now))
            .map(|(chat, _)| *chat)
            .collect();
        chats.sort_unstable();
        chats
    }

    /// The next line of `chat`, if it may go now.
    fn next(&self, chat: i64) -> Option<(TicketNumber, String)> {
        let now = Instant::now();
        let mut chats = lock(&self.chats);
        let waiting = chats.get_mut(&chat)?;
        if waiting.not_before.is_some_and(|at| at > now) {
            return None;
        }
        waiting.lines.pop_front()
    }

    /// Puts a line that could not go back in front, not before `wait` from now.
    fn put_back(&self, chat: i64, line: (TicketNumber, String), wait: Duration) {
        let mut chats = lock(&self.chats);
        let waiting = chats.entry(chat).or_default();
        waiting.lines.push_front(line);
        waiting.not_before = Some(Instant::now() + wait);
    }

    /// How many transient failures in a row `chat` had, counting this one.
    fn failed(&self, chat: i64) -> u32 {
        let mut chats = lock(&self.chats);
        let waiting = chats.entry(chat).or_default();
        waiting.failures = waiting.failures.saturating_add(1);
        waiting.failures
    }

    fn succeeded(&self, chat: i64) {
        if let Some(waiting) = lock(&self.chats).get_mut(&chat) {
            waiting.failures = 0;
        }
    }
}

impl Core {
    /// Sends the announcements that may go now, in order, chat after chat, until Telegram
    /// says a chat's budget is spent. A line Telegram refuses for good is dropped (logged).
    pub(crate) async fn send_announcements(&self) {
        for chat in self.announcements.ready() {
            while let Some((ticket, line)) = self.announcements.next(chat) {
                match self.api.send_text(Place::chat(chat), &line, None).await {
                    Ok(id) => {
                        self.announcements.succeeded(chat);
                        self.remember_sent(chat, vec![id], SentAbout::Ticket(ticket))
                            .await;
                    }
                    Err(ApiFailure::RateLimited { retry_after, .. }) => {
                        self.announcements
                            .put_back(chat, (ticket, line), retry_after);
                        break;
                    }
                    Err(failure @ ApiFailure::Retryable(_)) => {
                        let wait = backoff(self.announcements.failed(chat));
                        tracing::warn!(chat_id = chat, %ticket, %failure,
                            "a new ticket's announcement in General will be tried again");
                        self.announcements.put_back(chat, (ticket, line), wait);
                        break;
                    }
                    Err(failure) => {
                        tracing::warn!(chat_id = chat, %ticket, %failure,
                            "Telegram refused a new ticket's announcement in General");
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: u32) -> TicketNumber {
        TicketNumber::new(n).unwrap()
    }

    #[test]
    fn lines_wait_in_order_and_a_held_chat_gives_none() {
        let queue = Announcements::default();
        queue.queue(-1_001, t(1001), "a".into());
        queue.queue(-1_001, t(1002), "b".into());
        assert_eq!(queue.ready(), [-1_001]);
        assert_eq!(queue.next(-1_001).map(|(n, _)| n), Some(t(1001)));

        queue.hold(-1_001, Duration::from_secs(60));
        assert!(queue.ready().is_empty());
        assert_eq!(queue.next(-1_001), None);
    }

    #[test]
    fn a_line_put_back_comes_first_again() {
        let queue = Announcements::default();
        queue.queue(-1_001, t(1002), "b".into());
        queue.put_back(-1_001, (t(1001), "a".into()), Duration::ZERO);
        assert_eq!(queue.next(-1_001).map(|(n, _)| n), Some(t(1001)));
        assert_eq!(queue.next(-1_001).map(|(n, _)| n), Some(t(1002)));
        assert_eq!(queue.next(-1_001), None);
    }

    #[test]
    fn the_queue_of_a_chat_never_exceeds_its_cap() {
        let queue = Announcements::default();
        for n in 0..(MAX_WAITING as u32 + 10) {
            queue.queue(-1_001, t(1001 + n), String::new());
        }
        let waiting = lock(&queue.chats).get(&-1_001).map(|w| w.lines.len());
        assert_eq!(waiting, Some(MAX_WAITING));
    }
}
