//! The operator chats' durable state: what each bot message is about (a ticket, or several
//! for a digest), the focused ticket of each chat, and the topic of each ticket in each forum
//! group.

/// Expands the module `chats`: [`OperatorChatStore`] for `$store`.
///
/// [`OperatorChatStore`]: ticket_domain::ports::OperatorChatStore
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_chats {
    ($store:ty) => {
        /// [`OperatorChatStore`](ticket_domain::ports::OperatorChatStore): sent messages, focus
        /// and forum topics.
        pub(crate) mod chats {
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::diesel::upsert::excluded;
            use $crate::__private::ticket_domain::ports::{
                ForumTopic, OperatorChat, OperatorChatStore, RepositoryError, SentAbout,
            };
            use $crate::__private::ticket_domain::ticket::TicketNumber;
            use $crate::error::{Fail, Res};
            use $crate::rows::{about_value, micros, number, number_value, stored_about};
            use $crate::schema::{chat_focus, forum_topics, sent_messages};

            /// `forum_topics.closed` as stored: 1 closed, 0 open.
            fn closed_value(closed: bool) -> i64 {
                i64::from(closed)
            }

            /// A stored `forum_topics` row's topic.
            fn stored_topic((thread, name, closed): (i64, String, i64)) -> Res<ForumTopic> {
                let closed = match closed {
                    0 => false,
                    1 => true,
                    other => return Err(Fail::corrupt("topic state", other)),
                };
                Ok(ForumTopic {
                    thread,
                    name,
                    closed,
                })
            }

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

                fn topic_of_ticket(
                    &self,
                    chat: OperatorChat,
                    ticket: TicketNumber,
                ) -> Result<Option<ForumTopic>, RepositoryError> {
                    self.read(move |c| {
                        forum_topics::table
                            .find((chat.0, number_value(ticket)))
                            .select((
                                forum_topics::thread_id,
                                forum_topics::name,
                                forum_topics::closed,
                            ))
                            .get_result::<(i64, String, i64)>(c)
                            .optional()?
                            .map(stored_topic)
                            .transpose()
                    })
                }

                fn ticket_of_topic(
                    &self,
                    chat: OperatorChat,
                    thread: i64,
                ) -> Result<Option<TicketNumber>, RepositoryError> {
                    self.read(move |c| {
                        forum_topics::table
                            .filter(forum_topics::chat_id.eq(chat.0))
                            .filter(forum_topics::thread_id.eq(thread))
                            .select(forum_topics::ticket_number)
                            .get_result::<i64>(c)
                            .optional()?
                            .map(number)
                            .transpose()
                    })
                }

                fn remember_topic(
                    &self,
                    chat: OperatorChat,
                    ticket: TicketNumber,
                    topic: &ForumTopic,
                    at: DateTime<Utc>,
                ) -> Result<(), RepositoryError> {
                    let ticket_number = number_value(ticket);
                    let thread = topic.thread;
                    let name = topic.name.clone();
                    let closed = closed_value(topic.closed);
                    let updated_at = micros(at);
                    self.write(move |c| {
                        // A thread is one ticket's in its chat: another ticket's row holding
                        // it (which Telegram's ids never make) goes first.
                        $crate::__private::diesel::delete(
                            forum_topics::table
                                .filter(forum_topics::chat_id.eq(chat.0))
                                .filter(forum_topics::thread_id.eq(thread))
                                .filter(forum_topics::ticket_number.ne(ticket_number)),
                        )
                        .execute(c)?;
                        $crate::__private::diesel::insert_into(forum_topics::table)
                            .values((
                                forum_topics::chat_id.eq(chat.0),
                                forum_topics::ticket_number.eq(ticket_number),
                                forum_topics::thread_id.eq(thread),
                                forum_topics::name.eq(name.as_str()),
                                forum_topics::closed.eq(closed),
                                forum_topics::updated_at.eq(updated_at),
                            ))
                            .on_conflict((forum_topics::chat_id, forum_topics::ticket_number))
                            .do_update()
                            .set((
                                forum_topics::thread_id.eq(excluded(forum_topics::thread_id)),
                                forum_topics::name.eq(excluded(forum_topics::name)),
                                forum_topics::closed.eq(excluded(forum_topics::closed)),
                                forum_topics::updated_at.eq(excluded(forum_topics::updated_at)),
                            ))
                            .execute(c)?;
                        Ok(())
                    })
                }

                fn forget_topic(
                    &self,
                    chat: OperatorChat,
                    ticket: TicketNumber,
                    thread: i64,
                ) -> Result<(), RepositoryError> {
                    let ticket_number = number_value(ticket);
                    self.write(move |c| {
                        $crate::__private::diesel::delete(
                            forum_topics::table
                                .find((chat.0, ticket_number))
                                .filter(forum_topics::thread_id.eq(thread)),
                        )
                        .execute(c)?;
                        Ok(())
                    })
                }
            }
        }
    };
}
