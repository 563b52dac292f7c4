//! Digests: consecutive notifications packed into as few Telegram messages as fit, so that a
//! chat with many notifications waiting at once (a burst of visitors) gets a few messages
//! instead of one per notification.
//!
//! Notifications of one ticket only are merged as they always were (their usual texts, a blank
//! line between them): a reply to that message goes to the ticket. Notifications of several
//! tickets make a digest: a header line, their usual texts, and a hint saying to answer with
//! `/reply`, since a reply to the digest cannot tell which ticket it is for.

use std::ops::Range;

use super::{utf16_len, Renderer, MAX_MESSAGE_UTF16};
use crate::notification::OperatorNotification;
use crate::ports::SentAbout;
use crate::ticket::TicketNumber;

/// Between two notifications of one message, and around a digest's body: a blank line.
const SEPARATOR: &str = "\n\n";

/// One Telegram message made of consecutive notifications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The positions, among the notifications given to [`Renderer::digests`], of those it
    /// holds: consecutive, in order.
    pub notifications: Range<usize>,
    /// [`SentAbout::Ticket`] when every notification in it is about that ticket (their usual
    /// texts merged, to be sent with the ticket's buttons), else
    /// [`SentAbout::SeveralTickets`] (a digest with its header and hint, without buttons).
    pub about: SentAbout,
    /// The text: at most [`MAX_MESSAGE_UTF16`] UTF-16 units, except for a single notification
    /// longer than that on its own, which the Telegram adapter splits.
    pub text: String,
}

/// The notifications of the message being filled.
struct Pack {
    start: usize,
    texts: Vec<String>,
    /// The texts' lengths plus the separators between them, in UTF-16 units.
    units: usize,
    first_ticket: TicketNumber,
    several_tickets: bool,
}

impl Pack {
    fn new(start: usize, ticket: TicketNumber, text: String, units: usize) -> Self {
        Self {
            start,
            texts: vec![text],
            units,
            first_ticket: ticket,
            several_tickets: false,
        }
    }

    fn push(&mut self, ticket: TicketNumber, text: String, units: usize) {
        self.units += utf16_len(SEPARATOR) + units;
        self.several_tickets |= ticket != self.first_ticket;
        self.texts.push(text);
    }
}

impl Renderer<'_> {
    /// Packs `notifications`, in order, into as few messages as fit in [`MAX_MESSAGE_UTF16`]
    /// units each (greedily: each message takes the next notifications while they fit). A
    /// message whose notifications are all about one ticket is their usual texts merged; one
    /// about several tickets is a digest (header, texts, hint). A notification too long to fit
    /// in one message is a message on its own.
    pub fn digests<'n>(
        &self,
        notifications: impl IntoIterator<Item = &'n OperatorNotification>,
    ) -> Vec<Digest> {
        let mut digests = Vec::new();
        let mut open: Option<Pack> = None;
        for (index, notification) in notifications.into_iter().enumerate() {
            let text = self.notification(notification);
            let units = utf16_len(&text);
            let ticket = notification.ticket;
            if let Some(mut pack) = open.take() {
                if self.fits_with(&pack, ticket, units) {
                    pack.push(ticket, text, units);
                    open = Some(pack);
                    continue;
                }
                digests.push(self.finish(pack));
            }
            open = Some(Pack::new(index, ticket, text, units));
        }
        digests.extend(open.map(|pack| self.finish(pack)));
        digests
    }

    /// The first line of a digest of `count` notifications (always two or more).
    pub fn digest_header(&self, count: usize) -> String {
        (self.texts.digest.header)(count)
    }

    /// The last line of a digest: how to answer one of its tickets, with `example` (one of
    /// them) as the example.
    pub fn digest_hint(&self, example: TicketNumber) -> String {
        (self.texts.digest.hint)(example)
    }

    /// The answer to a plain-text reply to a digest: nothing was sent, and how to answer.
    pub fn reply_to_digest(&self) -> String {
        self.texts.digest.reply_to_digest.to_owned()
    }

    /// Whether `pack` with one more notification (of `ticket`, `units` long) fits in one
    /// message.
    fn fits_with(&self, pack: &Pack, ticket: TicketNumber, units: usize) -> bool {
        let body = pack.units + utf16_len(SEPARATOR) + units;
        let total = if pack.several_tickets || ticket != pack.first_ticket {
            body + self.frame_units(pack.texts.len() + 1, pack.first_ticket)
        } else {
            body
        };
        total <= MAX_MESSAGE_UTF16
    }

    /// The length a digest's header and hint add to its body.
    fn frame_units(&self, count: usize, first_ticket: TicketNumber) -> usize {
        utf16_len(&self.digest_header(count))
            + 2 * utf16_len(SEPARATOR)
            + utf16_len(&self.digest_hint(first_ticket))
    }

    fn finish(&self, pack: Pack) -> Digest {
        let notifications = pack.start..pack.start + pack.texts.len();
        let body = pack.texts.join(SEPARATOR);
        if !pack.several_tickets {
            return Digest {
                notifications,
                about: SentAbout::Ticket(pack.first_ticket),
                text: body,
            };
        }
        let text = [
            self.digest_header(pack.texts.len()),
            body,
            self.digest_hint(pack.first_ticket),
        ]
        .join(SEPARATOR);
        Digest {
            notifications,
            about: SentAbout::SeveralTickets,
            text,
        }
    }
}

#[cfg(test)]
mod tests;
