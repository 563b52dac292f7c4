//! Rows as read from the tables (the same on every backend), and their conversions to and from
//! domain values. Stored data
//! that is not a valid domain value is reported as a storage failure, never silently fixed.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;
use ticket_domain::ports::SentAbout;
use ticket_domain::ticket::{
    Author, Device, Message, MessageId, Note, Priority, Status, Ticket, TicketNumber,
};
use ticket_domain::values::{DisplayName, Email, Operator, Page};
use ticket_domain::visitor::{VisitorId, VisitorProfile};

use crate::error::{Fail, Res};
use crate::schema::{messages, ticket_notes, tickets, visitors};

/// The stored value of [`Priority::Urgent`].
pub const URGENT: i64 = 3;

/// An instant as stored: microseconds since the Unix epoch.
pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// When a lease of `lease` taken at `now` ends, as stored (the far future if it overflows).
pub fn lease_end(now: DateTime<Utc>, lease: std::time::Duration) -> i64 {
    chrono::TimeDelta::from_std(lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .map_or(i64::MAX, micros)
}

/// A stored instant.
pub fn instant(micros: i64) -> Res<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| Fail::corrupt("instant", micros))
}

fn optional_instant(micros: Option<i64>) -> Res<Option<DateTime<Utc>>> {
    micros.map(instant).transpose()
}

/// A count, which SQL returns signed.
pub fn unsigned(n: i64) -> Res<u64> {
    u64::try_from(n).map_err(|_| Fail::corrupt("count", n))
}

/// A priority as stored: 0 low … 3 urgent.
pub fn priority_value(priority: Priority) -> i64 {
    match priority {
        Priority::Low => 0,
        Priority::Medium => 1,
        Priority::High => 2,
        Priority::Urgent => URGENT,
    }
}

/// A stored priority.
pub fn priority(value: i64) -> Res<Priority> {
    Priority::ALL
        .into_iter()
        .find(|p| priority_value(*p) == value)
        .ok_or_else(|| Fail::corrupt("priority", value))
}

/// A stored status.
pub fn status(raw: &str) -> Res<Status> {
    Status::parse(raw).map_err(|_| Fail::corrupt("status", raw))
}

/// A ticket number as stored.
pub fn number_value(number: TicketNumber) -> i64 {
    i64::from(number.value())
}

/// A stored ticket number.
pub fn number(value: i64) -> Res<TicketNumber> {
    u32::try_from(value)
        .ok()
        .and_then(|v| TicketNumber::new(v).ok())
        .ok_or_else(|| Fail::corrupt("ticket number", value))
}

/// A stored visitor name.
pub fn display_name(raw: Option<String>) -> Res<Option<DisplayName>> {
    raw.map(|n| DisplayName::new(&n).map_err(|_| Fail::corrupt("visitor name", n)))
        .transpose()
}

/// A member of the team as stored (`operator_id`, `operator_name` of a message or a note,
/// `assignee_id`, `assignee_name` of a ticket): both columns or neither.
pub fn operator_columns(operator: Option<&Operator>) -> (Option<i64>, Option<&str>) {
    operator.map_or((None, None), |o| (Some(o.id), Some(o.name.as_str())))
}

/// A stored member of the team: both columns or neither. A name that is not a valid display
/// name is corrupt, as a visitor's is.
pub fn operator(id: Option<i64>, name: Option<String>) -> Res<Option<Operator>> {
    match (id, name) {
        (None, None) => Ok(None),
        (Some(id), Some(name)) => {
            let name = DisplayName::new(&name).map_err(|_| Fail::corrupt("operator name", name))?;
            Ok(Some(Operator { id, name }))
        }
        (id, name) => Err(Fail::corrupt("operator", format!("{id:?}, {name:?}"))),
    }
}

fn email(raw: Option<String>) -> Res<Option<Email>> {
    raw.map(|e| Email::new(&e).map_err(|_| Fail::corrupt("e-mail address", e)))
        .transpose()
}

fn page(raw: Option<String>) -> Res<Option<Page>> {
    raw.map(|p| Page::new(&p).map_err(|_| Fail::corrupt("page", p)))
        .transpose()
}

fn device(raw: Option<String>) -> Res<Option<Device>> {
    raw.map(|d| Device::parse(&d).ok_or_else(|| Fail::corrupt("device", d)))
        .transpose()
}

/// What a sent message is about, as stored in `sent_messages`: its ticket, or `NULL` for
/// several tickets.
pub fn about_value(about: SentAbout) -> Option<i64> {
    match about {
        SentAbout::Ticket(ticket) => Some(number_value(ticket)),
        SentAbout::SeveralTickets => None,
    }
}

/// A stored `ticket_number` of `sent_messages`.
pub fn stored_about(value: Option<i64>) -> Res<SentAbout> {
    Ok(match value {
        Some(value) => SentAbout::Ticket(number(value)?),
        None => SentAbout::SeveralTickets,
    })
}

/// A row of `visitors`, without its token hash.
#[derive(Debug, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = visitors, check_for_backend(Sqlite, Pg))]
pub struct VisitorRow {
    /// The id.
    pub id: i64,
    /// The name the visitor gave.
    pub name: Option<String>,
    /// The e-mail address the visitor gave.
    pub email: Option<String>,
}

impl VisitorRow {
    /// The visitor profile.
    pub fn into_profile(self) -> Res<VisitorProfile> {
        Ok(VisitorProfile {
            id: VisitorId(self.id),
            name: display_name(self.name)?,
            email: email(self.email)?,
        })
    }
}

/// A row of `tickets`.
#[derive(Debug, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = tickets, check_for_backend(Sqlite, Pg))]
pub struct TicketRow {
    /// The ticket number.
    pub number: i64,
    /// The first message.
    pub subject: String,
    /// The status, as stored.
    pub status: String,
    /// The priority, as stored.
    pub priority: i64,
    /// When it was created (microseconds).
    pub created_at: i64,
    /// The latest activity (microseconds).
    pub last_activity_at: i64,
    /// When it was closed (microseconds).
    pub closed_at: Option<i64>,
    /// The page of the latest visitor message.
    pub last_page: Option<String>,
    /// The device of the latest visitor message.
    pub last_device: Option<String>,
    /// The member of the team it is assigned to: their Telegram user id.
    pub assignee_id: Option<i64>,
    /// Their name.
    pub assignee_name: Option<String>,
}

impl TicketRow {
    /// The ticket, with its visitor.
    pub fn into_ticket(self, visitor: VisitorRow) -> Res<Ticket> {
        Ok(Ticket {
            number: number(self.number)?,
            visitor: visitor.into_profile()?,
            subject: self.subject,
            status: status(&self.status)?,
            priority: priority(self.priority)?,
            created_at: instant(self.created_at)?,
            last_activity_at: instant(self.last_activity_at)?,
            closed_at: optional_instant(self.closed_at)?,
            last_page: page(self.last_page)?,
            last_device: device(self.last_device)?,
            assignee: operator(self.assignee_id, self.assignee_name)?,
        })
    }
}

/// A row of `messages`.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = messages, check_for_backend(Sqlite, Pg))]
pub struct MessageRow {
    /// The id.
    pub id: i64,
    /// Who wrote it, as stored.
    pub author: String,
    /// The text.
    pub text: String,
    /// When it was stored (microseconds).
    pub sent_at: i64,
    /// The page it was written from.
    pub page: Option<String>,
    /// The member of the team who wrote it: their Telegram user id.
    pub operator_id: Option<i64>,
    /// Their name.
    pub operator_name: Option<String>,
}

impl MessageRow {
    /// The message.
    pub fn into_message(self) -> Res<Message> {
        Ok(Message {
            id: MessageId(self.id),
            author: Author::parse(&self.author)
                .ok_or_else(|| Fail::corrupt("author", &self.author))?,
            text: self.text,
            sent_at: instant(self.sent_at)?,
            page: page(self.page)?,
            operator: operator(self.operator_id, self.operator_name)?,
        })
    }
}

/// A row of `ticket_notes`.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = ticket_notes, check_for_backend(Sqlite, Pg))]
pub struct NoteRow {
    /// The text.
    pub text: String,
    /// The member of the team who wrote it: their Telegram user id.
    pub operator_id: Option<i64>,
    /// Their name.
    pub operator_name: Option<String>,
    /// When it was written (microseconds).
    pub written_at: i64,
}

impl NoteRow {
    /// The note.
    pub fn into_note(self) -> Res<Note> {
        Ok(Note {
            text: self.text,
            operator: operator(self.operator_id, self.operator_name)?,
            written_at: instant(self.written_at)?,
        })
    }
}

/// What ends an attempt at delivering an outbox entry changes besides the count of attempts
/// and the claim: its error, and either when to try again or when it was given up (a `None`
/// column is left as it is).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = crate::schema::outbox)]
pub struct EndOfAttempt<'a> {
    /// The error of the attempt.
    pub last_error: &'a str,
    /// When to try again (microseconds).
    pub next_attempt_at: Option<i64>,
    /// When it was given up (microseconds).
    pub failed_at: Option<i64>,
}

/// A ticket of the list with its visitor, as [`crate::sql::page_sql`] selects it.
#[derive(Debug, QueryableByName)]
pub struct ListedRow {
    /// The ticket.
    #[diesel(embed)]
    pub ticket: TicketRow,
    /// Its visitor.
    #[diesel(embed)]
    pub visitor: VisitorRow,
}

/// One integer named `n`, as the statistics' statements select it.
#[derive(Debug, QueryableByName)]
pub struct CountValue {
    /// The value.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// Converts rows of messages, keeping their order.
pub fn into_messages(rows: Vec<MessageRow>) -> Res<Vec<Message>> {
    rows.into_iter().map(MessageRow::into_message).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_round_trip_in_urgency_order() {
        let values: Vec<i64> = Priority::ALL.into_iter().map(priority_value).collect();
        assert_eq!(values, [0, 1, 2, URGENT]);
        for p in Priority::ALL {
            assert_eq!(priority(priority_value(p)).unwrap(), p);
        }
        assert!(priority(4).is_err());
    }

    #[test]
    fn instants_keep_microseconds() {
        let at = DateTime::from_timestamp_micros(1_764_000_000_123_456).unwrap();
        assert_eq!(instant(micros(at)).unwrap(), at);
    }

    #[test]
    fn an_operator_is_both_columns_or_neither() {
        let marie = Operator::from_telegram(501, "Marie").unwrap();
        assert_eq!(operator_columns(Some(&marie)), (Some(501), Some("Marie")));
        assert_eq!(
            operator(Some(501), Some("Marie".to_owned())).unwrap(),
            Some(marie)
        );
        assert_eq!(operator_columns(None), (None, None));
        assert_eq!(operator(None, None).unwrap(), None);
        assert!(operator(Some(501), None).is_err());
        assert!(operator(None, Some("Marie".to_owned())).is_err());
    }

    #[test]
    fn an_operator_name_that_is_no_display_name_is_corrupt() {
        let error = operator(Some(501), Some("\u{200b} ".to_owned())).unwrap_err();
        assert!(
            error.0.to_string().contains("corrupt operator name"),
            "{:?}",
            error.0
        );
    }

    #[test]
    fn numbers_below_1001_are_corrupt() {
        assert!(number(1000).is_err());
        assert_eq!(number(1001).unwrap(), TicketNumber::FIRST);
    }
}
