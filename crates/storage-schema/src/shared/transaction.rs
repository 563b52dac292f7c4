//! The methods of [`Transaction`](ticket_domain::ports::Transaction) that are the same on
//! every backend: the ones that write rows. Each backend writes the others itself: the reads
//! of rows the use case then changes (which PostgreSQL locks) and the ticket numbers.

/// Expands, inside `impl Transaction for …`, every method but the reads that lock
/// (`visitor`, `ticket`, `ticket_of_visitor`) and `next_ticket_number`, for a type whose field `conn` is a
/// `&mut` connection of [`shared_storage!`](crate::shared_storage).
// `crate::` names the backend's own modules, which this expands into it: intended.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! shared_transaction_methods {
    () => {
        fn insert_visitor(
            &mut self,
            token: &$crate::__private::ticket_domain::visitor::TokenHash,
            at: $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>,
        ) -> Result<
            $crate::__private::ticket_domain::visitor::VisitorId,
            $crate::__private::ticket_domain::ports::RepositoryError,
        > {
            Ok(crate::visitors::create(self.conn, token, at)?)
        }

        fn update_visitor(
            &mut self,
            id: $crate::__private::ticket_domain::visitor::VisitorId,
            name: Option<&$crate::__private::ticket_domain::values::DisplayName>,
            email: Option<&$crate::__private::ticket_domain::values::Email>,
        ) -> Result<(), $crate::__private::ticket_domain::ports::RepositoryError> {
            Ok(crate::visitors::update_profile(self.conn, id, name, email)?)
        }

        fn delete_visitors_without_ticket(
            &mut self,
            from: $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>,
            before: $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>,
        ) -> Result<u64, $crate::__private::ticket_domain::ports::RepositoryError> {
            Ok(crate::visitors::delete_unused(self.conn, from, before)?)
        }

        fn insert_ticket(
            &mut self,
            ticket: &$crate::__private::ticket_domain::ticket::Ticket,
        ) -> Result<(), $crate::__private::ticket_domain::ports::RepositoryError> {
            Ok(crate::tickets::insert(self.conn, ticket)?)
        }

        fn update_ticket(
            &mut self,
            ticket: &$crate::__private::ticket_domain::ticket::Ticket,
        ) -> Result<(), $crate::__private::ticket_domain::ports::RepositoryError> {
            use $crate::__private::diesel::RunQueryDsl;
            use $crate::__private::ticket_domain::values::Page;
            use $crate::rows::{micros, number_value, operator_columns, priority_value};
            let (assignee_id, assignee_name) = operator_columns(ticket.assignee.as_ref());
            let updated = $crate::ticket_updates::UpdateTicket {
                number: number_value(ticket.number),
                status: ticket.status.as_str(),
                priority: priority_value(ticket.priority),
                last_activity_at: micros(ticket.last_activity_at),
                closed_at: ticket.closed_at.map(micros),
                last_page: ticket.last_page.as_ref().map(Page::as_str),
                last_device: ticket.last_device.map(|d| d.as_str()),
                assignee_id,
                assignee_name,
            }
            .execute(self.conn)
            .map_err($crate::error::Fail::from)?;
            if updated == 0 {
                return Err(
                    $crate::__private::ticket_domain::ports::RepositoryError::TicketNotFound(
                        ticket.number,
                    ),
                );
            }
            Ok(())
        }

        fn record_first_response(
            &mut self,
            ticket: $crate::__private::ticket_domain::ticket::TicketNumber,
            at: $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>,
        ) -> Result<(), $crate::__private::ticket_domain::ports::RepositoryError> {
            use $crate::__private::diesel::RunQueryDsl;
            $crate::ticket_updates::FirstResponse {
                number: $crate::rows::number_value(ticket),
                at: $crate::rows::micros(at),
            }
            .execute(self.conn)
            .map_err($crate::error::Fail::from)?;
            Ok(())
        }

        fn message_by_client_id(
            &mut self,
            ticket: $crate::__private::ticket_domain::ticket::TicketNumber,
            author: $crate::__private::ticket_domain::ticket::Author,
            client_id: &$crate::__private::ticket_domain::values::ClientId,
        ) -> Result<
            Option<$crate::__private::ticket_domain::ticket::Message>,
            $crate::__private::ticket_domain::ports::RepositoryError,
        > {
            Ok(crate::messages::by_client_id(
                self.conn, ticket, author, client_id,
            )?)
        }

        fn insert_message(
            &mut self,
            message: &$crate::__private::ticket_domain::ports::NewMessage,
        ) -> Result<
            $crate::__private::ticket_domain::ticket::Message,
            $crate::__private::ticket_domain::ports::RepositoryError,
        > {
            use $crate::__private::ticket_domain::values::{ClientId, Page};
            let (operator_id, operator_name) =
                $crate::rows::operator_columns(message.operator.as_ref());
            Ok(crate::messages::insert(
                self.conn,
                crate::messages::NewRow {
                    ticket: message.ticket,
                    author: message.author,
                    text: &message.text,
                    at: $crate::rows::micros(message.sent_at),
                    page: message.page.as_ref().map(Page::as_str),
                    client_id: message.client_id.as_ref().map(ClientId::as_str),
                    operator_id,
                    operator_name,
                },
            )?)
        }

        fn insert_note(
            &mut self,
            note: &$crate::__private::ticket_domain::ports::NewNote,
        ) -> Result<bool, $crate::__private::ticket_domain::ports::RepositoryError> {
            use $crate::__private::ticket_domain::values::ClientId;
            let (operator_id, operator_name) =
                $crate::rows::operator_columns(note.operator.as_ref());
            Ok(crate::notes::insert(
                self.conn,
                crate::notes::NewRow {
                    ticket: note.ticket,
                    text: &note.text,
                    operator_id,
                    operator_name,
                    at: $crate::rows::micros(note.at),
                    client_id: note.client_id.as_ref().map(ClientId::as_str),
                },
            )?)
        }

        fn enqueue_notification(
            &mut self,
            destination: &str,
            notification: &$crate::__private::ticket_domain::notification::OperatorNotification,
            at: $crate::__private::chrono::DateTime<$crate::__private::chrono::Utc>,
        ) -> Result<(), $crate::__private::ticket_domain::ports::RepositoryError> {
            Ok(crate::outbox::enqueue(
                self.conn,
                destination,
                notification,
                $crate::rows::micros(at),
            )?)
        }
    };
}
