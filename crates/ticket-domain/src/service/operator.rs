//! The operator's use cases: every command, and plain-text replies routed to the right ticket.

use chrono::{DateTime, Duration, Utc};

use super::transactions::{self, NoteAdded, StatusChanged, StatusTransition};
use crate::command::{parse_operator_input_about, CommandError, OperatorCommand, OperatorInput};
use crate::notification::OperatorNotification;
use crate::ports::{
    transact, Clock, NewNote, NewOperatorMessage, OperatorChat, OperatorChatStore,
    RecordedOperatorMessage, RepositoryError, SentAbout, StatsQuery, TicketQuery, TicketStore,
    VisitorChannel, VisitorEvent,
};
use crate::render::{Locale, Renderer};
use crate::ticket::{Priority, Status, TicketNumber, TransitionError};
use crate::values::{ClientId, MessageText, Operator};

/// Tickets a `/tickets` page shows.
pub const LIST_PAGE_SIZE: u32 = 10;
/// Messages `/ticket` loads (the view shows the latest that fit).
pub const VIEW_MESSAGES: u32 = 40;
/// Urgent tickets `/stats` names.
pub const STATS_URGENT_LIMIT: u32 = 10;
/// Days without activity after which an open or pending ticket is stale.
pub const STALE_AFTER_DAYS: i64 = 7;

/// Storage failed: nothing was done. The adapter answers with
/// [`Renderer::internal_error`] and logs the cause.
#[derive(Debug, thiserror::Error)]
#[error("the operator's request failed: {0}")]
pub struct OperatorError(#[from] pub RepositoryError);

/// What the operator wrote, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRequest<'a> {
    /// The chat it came from.
    pub chat: OperatorChat,
    /// The text as typed.
    pub text: &'a str,
    /// The bot message it replies to, if it is a reply.
    pub reply_to: Option<i64>,
    /// An idempotency key for the reply it may store (for Telegram, derived from the chat and
    /// message ids), so that a message delivered twice is stored once.
    pub key: Option<ClientId>,
    /// The bot's username, to ignore commands addressed to other bots in a group.
    pub bot_username: Option<&'a str>,
    /// The forum topic it was written in (its thread id), when it was written in one; `None`
    /// in a private chat, a group without topics, or a forum's General topic.
    pub topic: Option<i64>,
    /// Who wrote it (`None`: the console): recorded on the replies and notes it stores.
    pub operator: Option<Operator>,
    /// The colleague whose message it replies to, if it replies to a member of the team
    /// (`/assign T1001` gives them the ticket).
    pub colleague: Option<Operator>,
}

/// The answer to show the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorResponse {
    /// The rendered text (one Telegram message).
    pub text: String,
    /// The ticket the answer is about, when it is about one (for buttons, and so that a reply
    /// to the answer goes to that ticket).
    pub ticket: Option<TicketNumber>,
    /// Nothing to show: the text is for logs only. A reply written in its ticket's topic is
    /// its own confirmation (the team sees it there), and a group's messages are counted.
    pub quiet: bool,
}

impl OperatorResponse {
    fn about(ticket: TicketNumber, text: String) -> Self {
        Self {
            text,
            ticket: Some(ticket),
            quiet: false,
        }
    }

    fn plain(text: String) -> Self {
        Self {
            text,
            ticket: None,
            quiet: false,
        }
    }

    fn quietly(self) -> Self {
        Self {
            quiet: true,
            ..self
        }
    }
}

/// What a ticket's forum topic should look like now: its name and whether it is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicState {
    /// `🟡 T1001 · Jean Dupont`.
    pub name: String,
    /// Closed with its ticket.
    pub closed: bool,
    /// The ticket's priority: when a group's budget is short, the most urgent go first.
    pub priority: Priority,
}

/// Where a plain-text reply goes.
enum ReplyTarget {
    /// The ticket of the forum topic it was written in.
    Topic(TicketNumber),
    /// A ticket.
    Ticket(TicketNumber),
    /// Nowhere: it replies to a digest of several tickets.
    Digest,
    /// Nowhere: no ticket to go to.
    Nothing,
}

/// The operator's side of the product.
pub struct OperatorService<R, S, V, C> {
    repository: R,
    chats: S,
    channel: V,
    clock: C,
    locale: Locale,
    auto_assign: bool,
}

impl<R, S, V, C> OperatorService<R, S, V, C>
where
    R: TicketStore,
    S: OperatorChatStore,
    V: VisitorChannel,
    C: Clock,
{
    /// Wires the use cases to their ports; texts are rendered in `locale`.
    pub fn new(repository: R, chats: S, channel: V, clock: C, locale: Locale) -> Self {
        Self {
            repository,
            chats,
            channel,
            clock,
            locale,
            auto_assign: true,
        }
    }

    /// Whether an unassigned ticket becomes the first member of the team's who answers it
    /// (on unless turned off here).
    pub fn with_auto_assign(self, auto_assign: bool) -> Self {
        Self {
            auto_assign,
            ..self
        }
    }

    /// A renderer in the configured locale and time zone.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(self.locale, &self.clock)
    }

    /// The chat store, for adapters that record sent messages and handled updates.
    pub fn chats(&self) -> &S {
        &self.chats
    }

    /// The notification text for `notification`.
    pub fn render_notification(&self, notification: &OperatorNotification) -> String {
        self.renderer().notification(notification)
    }

    /// What the topic of ticket `number` should look like now; `None` when there is no such
    /// ticket.
    pub fn topic_state(&self, number: TicketNumber) -> Result<Option<TopicState>, OperatorError> {
        Ok(self.repository.ticket(number)?.map(|ticket| TopicState {
            name: self.renderer().topic_name(
                number,
                ticket.priority,
                ticket.status,
                ticket.visitor.name.as_ref(),
            ),
            closed: ticket.status == Status::Closed,
            priority: ticket.priority,
        }))
    }

    /// Handles what the operator typed: a command, or a reply. In a ticket's forum topic,
    /// plain text is the answer to that ticket and commands act on it unless they name
    /// another. Elsewhere a reply goes to (1) the ticket of the bot message it replies to,
    /// else (2) the chat's focused ticket, else an explanation; a reply to a digest of several
    /// tickets is not routed at all: it is explained, and nothing is stored. `Ok(None)`:
    /// nothing to answer (a command for another bot).
    pub fn handle(
        &self,
        request: OperatorRequest<'_>,
    ) -> Result<Option<OperatorResponse>, OperatorError> {
        let topic_ticket = match request.topic {
            Some(thread) => self.chats.ticket_of_topic(request.chat, thread)?,
            None => None,
        };
        let parsed = parse_operator_input_about(request.text, request.bot_username, topic_ticket);
        let response = match parsed {
            Err(CommandError::AddressedToAnotherBot(_)) => return Ok(None),
            Err(error) => OperatorResponse::plain(self.renderer().command_error(&error)),
            Ok(OperatorInput::Command(command)) => self.execute_as(
                request.chat,
                command,
                request.key.clone(),
                request.operator.as_ref(),
                request.colleague.as_ref(),
            )?,
            Ok(OperatorInput::Text(text)) => match self.reply_target(&request, topic_ticket)? {
                ReplyTarget::Topic(ticket) => {
                    let by = request.operator.as_ref();
                    let key = request.key.clone();
                    let response = self.reply(request.chat, ticket, text, key, by, false)?;
                    match response.ticket {
                        Some(_) => response.quietly(),
                        None => response,
                    }
                }
                ReplyTarget::Ticket(ticket) => {
                    let by = request.operator.as_ref();
                    let key = request.key.clone();
                    self.reply(request.chat, ticket, text, key, by, false)?
                }
                ReplyTarget::Digest => OperatorResponse::plain(self.renderer().reply_to_digest()),
                ReplyTarget::Nothing => OperatorResponse::plain(self.renderer().no_reply_target()),
            },
        };
        Ok(Some(response))
    }

    /// The ticket of the topic it was written in, else the ticket of the remembered message
    /// replied to, else the focus; a reply to a digest goes nowhere (the focus would be a
    /// guess).
    fn reply_target(
        &self,
        request: &OperatorRequest<'_>,
        topic_ticket: Option<TicketNumber>,
    ) -> Result<ReplyTarget, OperatorError> {
        if let Some(ticket) = topic_ticket {
            return Ok(ReplyTarget::Topic(ticket));
        }
        if let Some(message_id) = request.reply_to {
            match self.chats.sent_about(request.chat, message_id)? {
                Some(SentAbout::Ticket(ticket)) => return Ok(ReplyTarget::Ticket(ticket)),
                Some(SentAbout::SeveralTickets) => return Ok(ReplyTarget::Digest),
                None => {}
            }
        }
        Ok(match self.chats.focus(request.chat)? {
            Some(ticket) => ReplyTarget::Ticket(ticket),
            None => ReplyTarget::Nothing,
        })
    }

    /// Runs one command from `chat`, written by nobody known (the console, a test). `key`
    /// makes a `/reply` or a `/note` idempotent.
    pub fn execute(
        &self,
        chat: OperatorChat,
        command: OperatorCommand,
        key: Option<ClientId>,
    ) -> Result<OperatorResponse, OperatorError> {
        self.execute_as(chat, command, key, None, None)
    }

    /// Runs one command from `chat` written by `by` (a member of the team, recorded on what
    /// it stores), replying to a message of `colleague` if given. `key` makes a `/reply` or a
    /// `/note` idempotent.
    pub fn execute_as(
        &self,
        chat: OperatorChat,
        command: OperatorCommand,
        key: Option<ClientId>,
        by: Option<&Operator>,
        colleague: Option<&Operator>,
    ) -> Result<OperatorResponse, OperatorError> {
        let r = self.renderer();
        Ok(match command {
            OperatorCommand::List { filter, page } => {
                let counts = self.repository.status_counts()?;
                let tickets = self.repository.list_tickets(TicketQuery {
                    filter,
                    offset: page.saturating_sub(1).saturating_mul(LIST_PAGE_SIZE),
                    limit: LIST_PAGE_SIZE,
                })?;
                OperatorResponse::plain(r.ticket_list(
                    counts,
                    filter,
                    page,
                    LIST_PAGE_SIZE,
                    &tickets,
                ))
            }
            OperatorCommand::Show(number) => {
                match self.repository.ticket_history(number, VIEW_MESSAGES)? {
                    Some(history) => {
                        self.chats.set_focus(chat, number, self.clock.now())?;
                        OperatorResponse::about(number, r.ticket_view(&history))
                    }
                    None => OperatorResponse::plain(r.ticket_not_found(number)),
                }
            }
            OperatorCommand::Close(number) => {
                self.change_status(number, StatusTransition::Close)?
            }
            OperatorCommand::Reopen(number) => {
                self.change_status(number, StatusTransition::Reopen)?
            }
            OperatorCommand::SetPriority(number, priority) => {
                let at = self.clock.now();
                let set = transact(&self.repository, move |tx| {
                    transactions::set_priority(tx, number, priority, at)
                })?;
                match set {
                    Some(previous) => OperatorResponse::about(
                        number,
                        r.priority_changed(number, previous, priority),
                    ),
                    None => OperatorResponse::plain(r.ticket_not_found(number)),
                }
            }
            OperatorCommand::Reply(number, text) => {
                self.reply(chat, number, text, key, by, true)?
            }
            OperatorCommand::Take(number) => match by {
                Some(operator) => self.assign(number, Some(operator.clone()))?,
                None => OperatorResponse::plain(r.take_needs_telegram().to_owned()),
            },
            OperatorCommand::Assign(number) => match colleague {
                Some(colleague) => self.assign(number, Some(colleague.clone()))?,
                None => OperatorResponse::about(number, r.assign_how(number)),
            },
            OperatorCommand::Unassign(number) => self.assign(number, None)?,
            OperatorCommand::Note(number, text) => {
                let note = NewNote {
                    ticket: number,
                    text: text.as_str().to_owned(),
                    operator: by.cloned(),
                    at: self.clock.now(),
                    client_id: key,
                };
                match transact(&self.repository, move |tx| {
                    transactions::add_note(tx, &note)
                })? {
                    NoteAdded::Stored | NoteAdded::Duplicate => {
                        OperatorResponse::about(number, r.note_added(number))
                    }
                    NoteAdded::NotFound => OperatorResponse::plain(r.ticket_not_found(number)),
                }
            }
            OperatorCommand::Stats => {
                let now = self.clock.now();
                let stats = self.repository.stats(StatsQuery {
                    stale_before: now - Duration::days(STALE_AFTER_DAYS),
                    today_starts_at: self.start_of_local_day(now),
                    urgent_limit: STATS_URGENT_LIMIT,
                })?;
                OperatorResponse::plain(r.stats(&stats))
            }
            OperatorCommand::Help => OperatorResponse::plain(r.help()),
            OperatorCommand::Start => OperatorResponse::plain(r.start()),
        })
    }

    /// Midnight of the operator's current day, as an instant.
    fn start_of_local_day(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let local = self.clock.local(now);
        let since_midnight = local - local.date().and_hms_opt(0, 0, 0).unwrap_or(local);
        now - since_midnight
    }

    /// Stores a reply to `number`. Only `/reply` moves the chat's focus (`focus`): a plain
    /// text routed by a Telegram reply leaves it where `/ticket` or `/reply` put it.
    fn reply(
        &self,
        chat: OperatorChat,
        number: TicketNumber,
        text: MessageText,
        key: Option<ClientId>,
        by: Option<&Operator>,
        focus: bool,
    ) -> Result<OperatorResponse, OperatorError> {
        let r = self.renderer();
        let new = NewOperatorMessage {
            ticket: number,
            text,
            client_id: key,
            at: self.clock.now(),
            by: by.cloned(),
            assign_if_unassigned: self.auto_assign,
        };
        let recorded = transact(&self.repository, move |tx| {
            transactions::record_operator_message(tx, &new)
        });
        let response = match recorded {
            Err(RepositoryError::TicketNotFound(_)) => {
                return Ok(OperatorResponse::plain(r.ticket_not_found(number)))
            }
            Err(other) => return Err(other.into()),
            Ok(RecordedOperatorMessage::Duplicate { ticket, .. }) => {
                OperatorResponse::about(number, r.reply_sent(&ticket, ticket.status))
            }
            Ok(RecordedOperatorMessage::Stored {
                ticket,
                message,
                previous_status,
            }) => {
                let visitor = ticket.visitor.id;
                self.channel.push(
                    visitor,
                    VisitorEvent::Message {
                        ticket: number,
                        message,
                    },
                );
                if previous_status != ticket.status {
                    self.channel.push(
                        visitor,
                        VisitorEvent::Status {
                            ticket: number,
                            status: ticket.status,
                        },
                    );
                }
                OperatorResponse::about(number, r.reply_sent(&ticket, previous_status))
            }
        };
        if focus {
            self.chats.set_focus(chat, number, self.clock.now())?;
        }
        Ok(response)
    }

    /// Assigns ticket `number` to `assignee` (`None`: nobody).
    fn assign(
        &self,
        number: TicketNumber,
        assignee: Option<Operator>,
    ) -> Result<OperatorResponse, OperatorError> {
        let r = self.renderer();
        let name = assignee.as_ref().map(|a| a.name.to_string());
        let assigned = transact(&self.repository, move |tx| {
            transactions::assign(tx, number, assignee.clone())
        })?;
        Ok(match (assigned, name) {
            (None, _) => OperatorResponse::plain(r.ticket_not_found(number)),
            (Some(_), Some(name)) => OperatorResponse::about(number, r.assigned(number, &name)),
            (Some(_), None) => OperatorResponse::about(number, r.unassigned(number)),
        })
    }

    /// Closes or reopens a ticket (the transition decides which, on the status the ticket has
    /// inside the transaction), adds the system note the visitor sees, and tells the visitor's
    /// widgets.
    fn change_status(
        &self,
        number: TicketNumber,
        transition: StatusTransition,
    ) -> Result<OperatorResponse, OperatorError> {
        let r = self.renderer();
        let note = if transition == StatusTransition::Close {
            r.note_closed()
        } else {
            r.note_reopened()
        };
        let note = MessageText::new(note).map_err(|e| RepositoryError::Storage(Box::new(e)))?;
        let at = self.clock.now();
        let changed = transact(&self.repository, move |tx| {
            transactions::change_status(tx, number, transition, &note, at)
        })?;
        Ok(match changed {
            StatusChanged::NotFound => OperatorResponse::plain(r.ticket_not_found(number)),
            StatusChanged::Refused {
                error: TransitionError::AlreadyClosed,
                ..
            } => OperatorResponse::about(number, r.already_closed(number)),
            StatusChanged::Refused {
                error: TransitionError::NotClosed,
                current,
            } => OperatorResponse::about(number, r.not_closed(number, current)),
            StatusChanged::Changed { ticket, note } => {
                let visitor = ticket.visitor.id;
                self.channel.push(
                    visitor,
                    VisitorEvent::Message {
                        ticket: number,
                        message: note,
                    },
                );
                self.channel.push(
                    visitor,
                    VisitorEvent::Status {
                        ticket: number,
                        status: ticket.status,
                    },
                );
                let text = if ticket.status == Status::Closed {
                    r.closed(&ticket)
                } else {
                    r.reopened(&ticket)
                };
                OperatorResponse::about(number, text)
            }
        })
    }
}
