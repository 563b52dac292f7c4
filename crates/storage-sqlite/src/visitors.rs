//! Visitors: creating and finding them, their messages (which create, reopen and notify about
//! their ticket), and what they read of their conversation.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::SqliteConnection;
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{
    NewVisitorMessage, RecordedVisitorMessage, RepositoryError, VisitorConversation,
};
use ticket_domain::ticket::{Author, MessageId, Priority, Status, VisitorMessageEffect};
use ticket_domain::values::{ClientId, DisplayName, Email, Page};
use ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};

use crate::error::Res;
use crate::rows::{micros, number, priority_value, status, VisitorRow};
use crate::schema::{tickets, visitors};
use crate::ticket_touch::TouchTicket;
use crate::{messages, outbox, tickets as ticket_rows};

/// Creates a visitor.
pub(crate) fn create(
    conn: &mut SqliteConnection,
    token: &TokenHash,
    at: DateTime<Utc>,
) -> Res<VisitorId> {
    let id = diesel::insert_into(visitors::table)
        .values((
            visitors::token_hash.eq(&token.0),
            visitors::created_at.eq(micros(at)),
        ))
        .returning(visitors::id)
        .get_result(conn)?;
    Ok(VisitorId(id))
}

/// Deletes the visitors created in `[from, before)` that have no ticket; returns how many.
pub(crate) fn delete_unused(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Res<u64> {
    let with_ticket = tickets::table.select(tickets::visitor_id);
    let deleted = diesel::delete(
        visitors::table
            .filter(visitors::created_at.ge(micros(from)))
            .filter(visitors::created_at.lt(micros(before)))
            .filter(visitors::id.ne_all(with_ticket)),
    )
    .execute(conn)?;
    Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
}

/// The visitor whose token has this hash.
pub(crate) fn find(conn: &mut SqliteConnection, token: &TokenHash) -> Res<Option<VisitorProfile>> {
    visitors::table
        .filter(visitors::token_hash.eq(&token.0))
        .select(VisitorRow::as_select())
        .get_result(conn)
        .optional()?
        .map(VisitorRow::into_profile)
        .transpose()
}

/// The visitor's ticket number and status, if the visitor has a ticket.
fn ticket_of(conn: &mut SqliteConnection, visitor: VisitorId) -> Res<Option<(i64, String)>> {
    Ok(tickets::table
        .filter(tickets::visitor_id.eq(visitor.0))
        .select((tickets::number, tickets::status))
        .get_result(conn)
        .optional()?)
}

/// Stores a visitor message as the port's contract says; see
/// [`ticket_domain::ports::TicketRepository::record_visitor_message`].
pub(crate) fn record_message(
    conn: &mut SqliteConnection,
    new: &NewVisitorMessage,
    destinations: &[String],
) -> Res<RecordedVisitorMessage> {
    let known = visitors::table
        .find(new.visitor.0)
        .select(visitors::id)
        .get_result::<i64>(conn)
        .optional()?;
    if known.is_none() {
        return Err(RepositoryError::VisitorNotFound(new.visitor).into());
    }
    let current = ticket_of(conn, new.visitor)?;
    if let (Some((n, _)), Some(client_id)) = (&current, &new.client_id) {
        let n = number(*n)?;
        if let Some(message) = messages::by_client_id(conn, n, Author::Visitor, client_id)? {
            let ticket = ticket_rows::existing(conn, n)?;
            return Ok(RecordedVisitorMessage::Duplicate { ticket, message });
        }
    }
    update_profile(conn, new.visitor, new.name.as_ref(), new.email.as_ref())?;

    let at = micros(new.at);
    let page = new.page.as_ref().map(Page::as_str);
    let device = new.device.map(|d| d.as_str());
    let (n, previous_status) = match current {
        Some((n, previous)) => {
            let previous = status(&previous)?;
            TouchTicket {
                number: n,
                status: previous.after_visitor_message().as_str(),
                at,
                page,
                device,
            }
            .execute(conn)?;
            (n, Some(previous))
        }
        None => {
            let n = ticket_rows::next_number(conn)?;
            diesel::insert_into(tickets::table)
                .values((
                    tickets::number.eq(n),
                    tickets::visitor_id.eq(new.visitor.0),
                    tickets::subject.eq(new.text.as_str()),
                    tickets::status.eq(Status::Open.as_str()),
                    tickets::priority.eq(priority_value(Priority::default())),
                    tickets::created_at.eq(at),
                    tickets::last_activity_at.eq(at),
                    tickets::last_page.eq(page),
                    tickets::last_device.eq(device),
                ))
                .execute(conn)?;
            (n, None)
        }
    };
    let n = number(n)?;
    let message = messages::insert(
        conn,
        messages::NewRow {
            ticket: n,
            author: Author::Visitor,
            text: new.text.as_str(),
            at,
            page,
            client_id: new.client_id.as_ref().map(ClientId::as_str),
        },
    )?;
    let ticket = ticket_rows::existing(conn, n)?;
    let notification = OperatorNotification {
        effect: VisitorMessageEffect::of(previous_status),
        ticket: n,
        visitor_name: ticket.visitor.name.clone(),
        visitor_email: ticket.visitor.email.clone(),
        text: message.text.clone(),
        sent_at: message.sent_at,
        page: message.page.clone(),
        device: new.device,
    };
    outbox::enqueue(conn, &notification, destinations, at)?;
    Ok(RecordedVisitorMessage::Stored {
        ticket,
        message,
        previous_status,
        notification,
    })
}

/// Records the name and the e-mail address that are given.
fn update_profile(
    conn: &mut SqliteConnection,
    visitor: VisitorId,
    name: Option<&DisplayName>,
    email: Option<&Email>,
) -> Res<()> {
    let row = visitors::table.find(visitor.0);
    if let Some(name) = name {
        diesel::update(row)
            .set(visitors::name.eq(name.as_str()))
            .execute(conn)?;
    }
    if let Some(email) = email {
        diesel::update(row)
            .set(visitors::email.eq(email.as_str()))
            .execute(conn)?;
    }
    Ok(())
}

/// The visitor's ticket and its messages after `after`, oldest first.
pub(crate) fn conversation(
    conn: &mut SqliteConnection,
    visitor: VisitorId,
    after: Option<MessageId>,
    limit: u32,
) -> Res<Option<VisitorConversation>> {
    let Some((n, raw_status)) = ticket_of(conn, visitor)? else {
        return Ok(None);
    };
    let ticket = number(n)?;
    Ok(Some(VisitorConversation {
        ticket,
        status: status(&raw_status)?,
        messages: messages::after(conn, ticket, after, limit)?,
    }))
}
