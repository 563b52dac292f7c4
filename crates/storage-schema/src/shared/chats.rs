//! The operator chats' durable state: what each bot message is about (a ticket, or several
//! for a digest), and the focused ticket of each chat.

/// Expands the module `chats`: [`OperatorChatStore`] for `$store`.
///
/// [`OperatorChatStore`]: ticket_domain::ports::OperatorChatStore
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_chats {
    ($store:ty) => {
        /// [`OperatorChatStore`](ticket_domain::ports::OperatorChatStore): sent messages and
        /// focus.
        pub(crate) mod chats {
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::diesel::upsert::excluded;
            use $crate::__private::ticket_domain::ports::{
                OperatorChat, OperatorChatStore, RepositoryError, SentAbout,
            };
            use $crate::__private::ticket_domain::ticket::TicketNumber;
            use $crate::rows::{about_value, micros, number, number_value, stored_about};
            use $crate::schema::{chat_focus, sent_messages};

            impl OperatorChatStore for $store {
                fn remember_sent(
                    &self,
                    chat: OperatorChat,
                    message_id: i64,
                    about: SentAbout,
                ) -> Result<(), RepositoryError> {
                    let ticket_number = about_value(about);
                    self.write(move |c| {
                        $crate::__private::diesel::insert_into(sent_messages::table)
                            .values((
                                sent_messages::chat_id.eq(chat.0),
                                sent_messages::message_id.eq(message_id),
                                sent_messages::ticket_number.eq(ticket_number),
                            ))
                            .on_conflict((sent_messages::chat_id, sent_messages::message_id))
                            .do_update()
                            .set(
                                sent_messages::ticket_number
                                    .eq(excluded(sent_messages::ticket_number)),
                            )
                            .execute(c)?;
                        Ok(())
                    })
                }

                fn sent_about(
                    &self,
                    chat: OperatorChat,
                    message_id: i64,
                ) -> Result<Option<SentAbout>, RepositoryError> {
                    self.read(move |c| {
                        sent_messages::table
                            .find((chat.0, message_id))
                            .select(sent_messages::ticket_number)
                            .get_result::<Option<i64>>(c)
                            .optional()?
                            .map(stored_about)
                            .transpose()
                    })
                }

                fn set_focus(
                    &self,
                    chat: OperatorChat,
                    ticket: TicketNumber,
                    at: DateTime<Utc>,
                ) -> Result<(), RepositoryError> {
                    self.write(move |c| {
                        $crate::__private::diesel::insert_into(chat_focus::table)
                            .values((
                                chat_focus::chat_id.eq(chat.0),
                                chat_focus::ticket_number.eq(number_value(ticket)),
                                chat_focus::updated_at.eq(micros(at)),
                            ))
                            .on_conflict(chat_focus::chat_id)
                            .do_update()
                            .set((
                                chat_focus::ticket_number.eq(excluded(chat_focus::ticket_number)),
                                chat_focus::updated_at.eq(excluded(chat_focus::updated_at)),
                            ))
                            .execute(c)?;
                        Ok(())
                    })
                }

                fn focus(
                    &self,
                    chat: OperatorChat,
                ) -> Result<Option<TicketNumber>, RepositoryError> {
                    self.read(|c| {
                        chat_focus::table
                            .find(chat.0)
                            .select(chat_focus::ticket_number)
                            .get_result::<i64>(c)
                            .optional()?
                            .map(number)
                            .transpose()
                    })
                }
            }
        }
    };
}
