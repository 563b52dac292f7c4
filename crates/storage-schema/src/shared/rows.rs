//! The row-level queries: visitors, messages, notes, reading tickets, the counts, the list and
//! the statistics.

/// Expands the modules `visitors`, `messages`, `notes`, `tickets`, `updates`, `listing` and
/// `stats` for
/// connections of type `$conn`, with the hand-written SQL of `$dialect`.
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_rows {
    ($conn:ty, $dialect:expr) => {
        /// Visitors: creating, finding, updating and purging them, and what they read of
        /// their conversation.
        pub(crate) mod visitors {
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::ticket_domain::ports::VisitorConversation;
            use $crate::__private::ticket_domain::ticket::MessageId;
            use $crate::__private::ticket_domain::values::{DisplayName, Email};
            use $crate::__private::ticket_domain::visitor::{TokenHash, VisitorId, VisitorProfile};
            use $crate::error::Res;
            use $crate::rows::{micros, number, status, VisitorRow};
            use $crate::schema::{tickets, visitors};

            /// Creates a visitor.
            pub(crate) fn create(
                conn: &mut $conn,
                token: &TokenHash,
                at: DateTime<Utc>,
            ) -> Res<VisitorId> {
                let id = $crate::__private::diesel::insert_into(visitors::table)
                    .values((
                        visitors::token_hash.eq(&token.0),
                        visitors::created_at.eq(micros(at)),
                    ))
                    .returning(visitors::id)
                    .get_result(conn)?;
                Ok(VisitorId(id))
            }

            /// Deletes the visitors created in `[from, before)` that have no ticket; returns
            /// how many.
            pub(crate) fn delete_unused(
                conn: &mut $conn,
                from: DateTime<Utc>,
                before: DateTime<Utc>,
            ) -> Res<u64> {
                let with_ticket = tickets::table.select(tickets::visitor_id);
                let deleted = $crate::__private::diesel::delete(
                    visitors::table
                        .filter(visitors::created_at.ge(micros(from)))
                        .filter(visitors::created_at.lt(micros(before)))
                        .filter(visitors::id.ne_all(with_ticket)),
                )
                .execute(conn)?;
                Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
            }

            /// The visitor with this id.
            pub(crate) fn by_id(conn: &mut $conn, id: VisitorId) -> Res<Option<VisitorProfile>> {
                visitors::table
                    .find(id.0)
                    .select(VisitorRow::as_select())
                    .get_result(conn)
                    .optional()?
                    .map(VisitorRow::into_profile)
                    .transpose()
            }

            /// The visitor whose token has this hash.
            pub(crate) fn find(conn: &mut $conn, token: &TokenHash) -> Res<Option<VisitorProfile>> {
                visitors::table
                    .filter(visitors::token_hash.eq(&token.0))
                    .select(VisitorRow::as_select())
                    .get_result(conn)
                    .optional()?
                    .map(VisitorRow::into_profile)
                    .transpose()
            }

            /// The visitor's ticket number and status, if the visitor has a ticket.
            fn ticket_of(conn: &mut $conn, visitor: VisitorId) -> Res<Option<(i64, String)>> {
                Ok(tickets::table
                    .filter(tickets::visitor_id.eq(visitor.0))
                    .select((tickets::number, tickets::status))
                    .get_result(conn)
                    .optional()?)
            }

            /// Records the name and the e-mail address that are given.
            pub(crate) fn update_profile(
                conn: &mut $conn,
                visitor: VisitorId,
                name: Option<&DisplayName>,
                email: Option<&Email>,
            ) -> Res<()> {
                let row = visitors::table.find(visitor.0);
                if let Some(name) = name {
                    $crate::__private::diesel::update(row)
                        .set(visitors::name.eq(name.as_str()))
                        .execute(conn)?;
                }
                if let Some(email) = email {
                    $crate::__private::diesel::update(row)
                        .set(visitors::email.eq(email.as_str()))
                        .execute(conn)?;
                }
                Ok(())
            }

            /// The visitor's ticket and its messages after `after`, oldest first.
            pub(crate) fn conversation(
                conn: &mut $conn,
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
                    messages: super::messages::after(conn, ticket, after, limit)?,
                }))
            }
        }

        /// Messages: storing one, finding one by its client id, reading a conversation.
        pub(crate) mod messages {
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::ticket_domain::ticket::{
                Author, Message, MessageId, TicketNumber,
            };
            use $crate::__private::ticket_domain::values::ClientId;
            use $crate::error::{Fail, Res};
            use $crate::rows::{into_messages, number_value, MessageRow};
            use $crate::schema::messages;

            /// A message to insert.
            pub(crate) struct NewRow<'a> {
                pub(crate) ticket: TicketNumber,
                pub(crate) author: Author,
                pub(crate) text: &'a str,
                pub(crate) at: i64,
                pub(crate) page: Option<&'a str>,
                pub(crate) client_id: Option<&'a str>,
                pub(crate) operator_id: Option<i64>,
                pub(crate) operator_name: Option<&'a str>,
            }

            /// Inserts a message and returns it as stored.
            pub(crate) fn insert(conn: &mut $conn, row: NewRow<'_>) -> Res<Message> {
                $crate::__private::diesel::insert_into(messages::table)
                    .values((
                        messages::ticket_number.eq(number_value(row.ticket)),
                        messages::author.eq(row.author.as_str()),
                        messages::text.eq(row.text),
                        messages::sent_at.eq(row.at),
                        messages::page.eq(row.page),
                        messages::client_id.eq(row.client_id),
                        messages::operator_id.eq(row.operator_id),
                        messages::operator_name.eq(row.operator_name),
                    ))
                    .returning(MessageRow::as_returning())
                    .get_result(conn)?
                    .into_message()
            }

            /// The message of `ticket` that `author` stored with `client_id`, if any: each
            /// author's client ids are a namespace of their own.
            pub(crate) fn by_client_id(
                conn: &mut $conn,
                ticket: TicketNumber,
                author: Author,
                client_id: &ClientId,
            ) -> Res<Option<Message>> {
                messages::table
                    .filter(messages::ticket_number.eq(number_value(ticket)))
                    .filter(messages::author.eq(author.as_str()))
                    .filter(messages::client_id.eq(client_id.as_str()))
                    .select(MessageRow::as_select())
                    .get_result(conn)
                    .optional()?
                    .map(MessageRow::into_message)
                    .transpose()
            }

            /// The latest `limit` messages of `ticket`, newest first.
            pub(crate) fn latest(
                conn: &mut $conn,
                ticket: TicketNumber,
                limit: u32,
            ) -> Res<Vec<Message>> {
                let rows = messages::table
                    .filter(messages::ticket_number.eq(number_value(ticket)))
                    .order(messages::id.desc())
                    .limit(i64::from(limit))
                    .select(MessageRow::as_select())
                    .load(conn)?;
                into_messages(rows)
            }

            /// The messages of `ticket` after `after` (all when `None`), oldest first, at most
            /// `limit`.
            pub(crate) fn after(
                conn: &mut $conn,
                ticket: TicketNumber,
                after: Option<MessageId>,
                limit: u32,
            ) -> Res<Vec<Message>> {
                let rows = messages::table
                    .filter(messages::ticket_number.eq(number_value(ticket)))
                    .filter(messages::id.gt(after.map_or(0, |id| id.0)))
                    .order(messages::id.asc())
                    .limit(i64::from(limit))
                    .select(MessageRow::as_select())
                    .load(conn)?;
                into_messages(rows)
            }

            /// How many messages `ticket` has.
            pub(crate) fn count(conn: &mut $conn, ticket: TicketNumber) -> Res<u64> {
                let n: i64 = messages::table
                    .filter(messages::ticket_number.eq(number_value(ticket)))
                    .count()
                    .get_result(conn)?;
                u64::try_from(n).map_err(|_| Fail::corrupt("message count", n))
            }
        }

        /// The team's internal notes: storing one, reading a ticket's latest. Nothing here
        /// reads `messages`, and nothing of `messages` reads this table: no visitor path can
        /// reach a note.
        pub(crate) mod notes {
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::ticket_domain::ticket::{Note, TicketNumber};
            use $crate::error::Res;
            use $crate::rows::{number_value, NoteRow};
            use $crate::schema::ticket_notes;

            /// A note to insert.
            pub(crate) struct NewRow<'a> {
                pub(crate) ticket: TicketNumber,
                pub(crate) text: &'a str,
                pub(crate) operator_id: Option<i64>,
                pub(crate) operator_name: Option<&'a str>,
                pub(crate) at: i64,
                pub(crate) client_id: Option<&'a str>,
            }

            /// Inserts a note; `false` (nothing written) when the ticket has a note with the
            /// same client id already.
            pub(crate) fn insert(conn: &mut $conn, row: NewRow<'_>) -> Res<bool> {
                let inserted = $crate::__private::diesel::insert_into(ticket_notes::table)
                    .values((
                        ticket_notes::ticket_number.eq(number_value(row.ticket)),
                        ticket_notes::text.eq(row.text),
                        ticket_notes::operator_id.eq(row.operator_id),
                        ticket_notes::operator_name.eq(row.operator_name),
                        ticket_notes::written_at.eq(row.at),
                        ticket_notes::client_id.eq(row.client_id),
                    ))
                    .on_conflict((ticket_notes::ticket_number, ticket_notes::client_id))
                    .do_nothing()
                    .execute(conn)?;
                Ok(inserted > 0)
            }

            /// The latest `limit` notes of `ticket`, oldest first.
            pub(crate) fn latest(
                conn: &mut $conn,
                ticket: TicketNumber,
                limit: u32,
            ) -> Res<Vec<Note>> {
                let mut notes = ticket_notes::table
                    .filter(ticket_notes::ticket_number.eq(number_value(ticket)))
                    .order(ticket_notes::id.desc())
                    .limit(i64::from(limit))
                    .select(NoteRow::as_select())
                    .load(conn)?
                    .into_iter()
                    .map(NoteRow::into_note)
                    .collect::<Res<Vec<Note>>>()?;
                notes.reverse();
                Ok(notes)
            }
        }

        /// Tickets: reading one (with its visitor), inserting one, and a ticket's history.
        pub(crate) mod tickets {
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::ticket_domain::ticket::{Ticket, TicketHistory, TicketNumber};
            use $crate::__private::ticket_domain::visitor::VisitorId;
            use $crate::error::Res;
            use $crate::rows::{number_value, TicketRow, VisitorRow};
            use $crate::schema::{tickets, visitors};

            /// The ticket numbered `number`, with its visitor, if it exists.
            pub(crate) fn load(conn: &mut $conn, number: TicketNumber) -> Res<Option<Ticket>> {
                tickets::table
                    .inner_join(visitors::table)
                    .filter(tickets::number.eq(number_value(number)))
                    .select((TicketRow::as_select(), VisitorRow::as_select()))
                    .get_result::<(TicketRow, VisitorRow)>(conn)
                    .optional()?
                    .map(|(ticket, visitor)| ticket.into_ticket(visitor))
                    .transpose()
            }

            /// Inserts a new ticket.
            pub(crate) fn insert(conn: &mut $conn, ticket: &Ticket) -> Res<()> {
                use $crate::__private::ticket_domain::values::Page;
                use $crate::rows::{micros, operator_columns, priority_value};
                let (assignee_id, assignee_name) = operator_columns(ticket.assignee.as_ref());
                $crate::__private::diesel::insert_into(tickets::table)
                    .values((
                        tickets::number.eq(number_value(ticket.number)),
                        tickets::visitor_id.eq(ticket.visitor.id.0),
                        tickets::subject.eq(&ticket.subject),
                        tickets::status.eq(ticket.status.as_str()),
                        tickets::priority.eq(priority_value(ticket.priority)),
                        tickets::created_at.eq(micros(ticket.created_at)),
                        tickets::last_activity_at.eq(micros(ticket.last_activity_at)),
                        tickets::closed_at.eq(ticket.closed_at.map(micros)),
                        tickets::last_page.eq(ticket.last_page.as_ref().map(Page::as_str)),
                        tickets::last_device.eq(ticket.last_device.map(|d| d.as_str())),
                        tickets::assignee_id.eq(assignee_id),
                        tickets::assignee_name.eq(assignee_name),
                    ))
                    .execute(conn)?;
                Ok(())
            }

            /// The visitor's ticket, with its visitor, if the visitor has one.
            pub(crate) fn of_visitor(conn: &mut $conn, visitor: VisitorId) -> Res<Option<Ticket>> {
                tickets::table
                    .inner_join(visitors::table)
                    .filter(tickets::visitor_id.eq(visitor.0))
                    .select((TicketRow::as_select(), VisitorRow::as_select()))
                    .get_result::<(TicketRow, VisitorRow)>(conn)
                    .optional()?
                    .map(|(ticket, visitor)| ticket.into_ticket(visitor))
                    .transpose()
            }

            /// A ticket with its latest `last_messages` messages and its latest
            /// `last_messages` notes, each oldest first.
            pub(crate) fn history(
                conn: &mut $conn,
                number: TicketNumber,
                last_messages: u32,
            ) -> Res<Option<TicketHistory>> {
                let Some(ticket) = load(conn, number)? else {
                    return Ok(None);
                };
                let mut messages = super::messages::latest(conn, number, last_messages)?;
                messages.reverse();
                let total_messages = super::messages::count(conn, number)?;
                let notes = super::notes::latest(conn, number, last_messages)?;
                Ok(Some(TicketHistory {
                    ticket,
                    messages,
                    total_messages,
                    notes,
                }))
            }
        }

        /// Incoming updates: which were handled, and recording one as handled.
        pub(crate) mod updates {
            use $crate::__private::chrono::{DateTime, TimeDelta, Utc};
            use $crate::__private::diesel::prelude::*;
            use $crate::error::Res;
            use $crate::rows::micros;
            use $crate::schema::{handled_updates, update_claims};

            /// How long handled update ids are kept at least (the port asks for eight days).
            const KEEP_HANDLED_UPDATES: TimeDelta = TimeDelta::days(8);

            /// Whether update `id` was handled.
            pub(crate) fn handled(conn: &mut $conn, id: i64) -> Res<bool> {
                Ok(handled_updates::table
                    .find(id)
                    .count()
                    .get_result::<i64>(conn)?
                    > 0)
            }

            /// Records update `id` as handled at `at` and drops its claim; forgets the handled
            /// updates older than the retention (an index range, usually empty).
            pub(crate) fn complete(conn: &mut $conn, id: i64, at: DateTime<Utc>) -> Res<()> {
                $crate::__private::diesel::insert_into(handled_updates::table)
                    .values((
                        handled_updates::update_id.eq(id),
                        handled_updates::handled_at.eq(micros(at)),
                    ))
                    .on_conflict_do_nothing()
                    .execute(conn)?;
                $crate::__private::diesel::delete(update_claims::table.find(id)).execute(conn)?;
                let horizon = at
                    .checked_sub_signed(KEEP_HANDLED_UPDATES)
                    .map_or(i64::MIN, micros);
                $crate::__private::diesel::delete(
                    handled_updates::table.filter(handled_updates::handled_at.lt(horizon)),
                )
                .execute(conn)?;
                Ok(())
            }
        }

        /// The list: one query per filter, in the list's order; totals from the counts.
        pub(crate) mod listing {
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::diesel::sql_types::BigInt;
            use $crate::__private::ticket_domain::command::ListFilter;
            use $crate::__private::ticket_domain::ports::{
                StatusCounts, TicketListPage, TicketQuery,
            };
            use $crate::__private::ticket_domain::ticket::Ticket;
            use $crate::counts::Counts;
            use $crate::error::Res;
            use $crate::rows::ListedRow;
            use $crate::schema::ticket_counts;

            /// The counts kept by triggers (at most 24 rows).
            pub(crate) fn counts(conn: &mut $conn) -> Res<Counts> {
                let rows = ticket_counts::table
                    .select((
                        ticket_counts::status,
                        ticket_counts::priority,
                        ticket_counts::answered,
                        ticket_counts::n,
                    ))
                    .load(conn)?;
                Counts::from_rows(rows)
            }

            /// The tickets of a page, in the list's order.
            pub(crate) fn tickets(
                conn: &mut $conn,
                filter: ListFilter,
                offset: u32,
                limit: u32,
            ) -> Res<Vec<Ticket>> {
                $crate::__private::diesel::sql_query($crate::sql::page_sql($dialect, filter))
                    .bind::<BigInt, _>(i64::from(limit))
                    .bind::<BigInt, _>(i64::from(offset))
                    .load::<ListedRow>(conn)?
                    .into_iter()
                    .map(|row| row.ticket.into_ticket(row.visitor))
                    .collect()
            }

            /// A page of the list, with the number of matching tickets.
            pub(crate) fn page(conn: &mut $conn, query: TicketQuery) -> Res<TicketListPage> {
                Ok(TicketListPage {
                    tickets: tickets(conn, query.filter, query.offset, query.limit)?,
                    total_matching: counts(conn)?.matching(query.filter),
                })
            }

            /// How many tickets have each status.
            pub(crate) fn status_counts(conn: &mut $conn) -> Res<StatusCounts> {
                Ok(counts(conn)?.by_status())
            }
        }

        /// Figures over all tickets, for `/stats`: the counts, and ranges of indexes.
        pub(crate) mod stats {
            use std::time::Duration;

            use $crate::__private::diesel::prelude::*;
            use $crate::__private::diesel::sql_types::BigInt;
            use $crate::__private::ticket_domain::command::ListFilter;
            use $crate::__private::ticket_domain::ports::{StatsQuery, TicketStats};
            use $crate::error::{Fail, Res};
            use $crate::rows::{micros, unsigned, CountValue};

            fn count(conn: &mut $conn, sql: &str, bound: i64) -> Res<u64> {
                unsigned(
                    $crate::__private::diesel::sql_query(sql)
                        .bind::<BigInt, _>(bound)
                        .get_result::<CountValue>(conn)?
                        .n,
                )
            }

            /// Computes the figures.
            pub(crate) fn compute(conn: &mut $conn, query: StatsQuery) -> Res<TicketStats> {
                let counts = super::listing::counts(conn)?;
                let urgent_tickets =
                    super::listing::tickets(conn, ListFilter::Urgent, 0, query.urgent_limit)?
                        .into_iter()
                        .map(|ticket| (ticket.number, ticket.visitor.name))
                        .collect();
                Ok(TicketStats {
                    counts: counts.by_status(),
                    urgent: counts.matching(ListFilter::Urgent),
                    stale: count(
                        conn,
                        &$crate::sql::stale_sql($dialect),
                        micros(query.stale_before),
                    )?,
                    created_today: count(
                        conn,
                        &$crate::sql::created_since_sql($dialect),
                        micros(query.today_starts_at),
                    )?,
                    median_first_response: median_first_response(conn, counts.answered())?,
                    urgent_tickets,
                })
            }

            /// The median time from creation to first reply over the `answered` tickets: the
            /// middle entry (or the mean of the two middle ones) of `tickets_first_response`.
            fn median_first_response(conn: &mut $conn, answered: u64) -> Res<Option<Duration>> {
                if answered == 0 {
                    return Ok(None);
                }
                let offset = i64::try_from((answered - 1) / 2).map_err(Fail::storage)?;
                let middle: Vec<i64> = $crate::__private::diesel::sql_query(
                    $crate::sql::first_responses_sql($dialect),
                )
                .bind::<BigInt, _>(if answered.is_multiple_of(2) { 2_i64 } else { 1 })
                .bind::<BigInt, _>(offset)
                .load::<CountValue>(conn)?
                .into_iter()
                .map(|row| row.n)
                .collect();
                let Some(len) = i64::try_from(middle.len()).ok().filter(|len| *len > 0) else {
                    return Err(Fail::corrupt("answered ticket count", answered));
                };
                let mean = middle.iter().sum::<i64>() / len;
                // A reply stored before the ticket (a clock stepping back) counts as immediate.
                Ok(Some(Duration::from_micros(
                    u64::try_from(mean).unwrap_or(0),
                )))
            }
        }
    };
}
