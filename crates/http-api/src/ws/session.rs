//! One visitor socket: relays the hub's live events, answers the client's frames, pings, and
//! drops the client when it goes silent or cannot keep up.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use actix_web::web;
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, ProtocolError};
use ticket_domain::ticket::{Device, MessageId};
use tokio::time::timeout;

use super::frames::{ClientFrame, Outbound, ServerFrame};
use super::hub::Connection;
use super::mailbox::{Delivery, Kick};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::state::AppState;
use crate::wire::MessageInput;

/// How often the server pings the client.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(10);
/// A client that sends nothing (not even a pong) for this long is dropped.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);
/// A frame the client does not take within this long drops the socket.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Who is on the other end.
pub struct Peer {
    /// The visitor.
    pub visitor: Visitor,
    /// The client's address (rate limits).
    pub ip: IpAddr,
    /// The device of the upgrade request's `User-Agent`.
    pub device: Option<Device>,
}

enum Step {
    Continue,
    Stop(Option<CloseReason>),
}

struct Socket {
    state: web::Data<AppState>,
    peer: Peer,
    session: actix_ws::Session,
    /// The highest message id a resume replayed: live events up to it are duplicates.
    replayed_up_to: Option<MessageId>,
    last_seen: Instant,
}

/// Runs the socket until it closes, then unregisters it.
pub async fn run(
    state: web::Data<AppState>,
    peer: Peer,
    conn: Connection,
    session: actix_ws::Session,
    stream: actix_ws::MessageStream,
) {
    let max = state.max_body_bytes;
    let mut stream = stream
        .max_frame_size(max)
        .aggregate_continuations()
        .max_continuation_size(max);
    let mut socket = Socket {
        state,
        peer,
        session,
        replayed_up_to: None,
        last_seen: Instant::now(),
    };
    let mut heartbeat = tokio::time::interval(HEARTBEAT_INTERVAL);
    // The handlers are boxed: an idle socket's task then holds only what it waits on, not
    // room for the largest handler (10,000 idle sockets are 10,000 of these tasks).
    let reason = loop {
        let step = tokio::select! {
            delivery = conn.mailbox.next() => match delivery {
                Delivery::Frame(event) => Box::pin(socket.live(event)).await,
                Delivery::Kicked(kick) => Step::Stop(Some(kick_reason(kick))),
            },
            frame = stream.recv() => Box::pin(socket.incoming(frame)).await,
            _ = heartbeat.tick() => Box::pin(socket.heartbeat()).await,
        };
        if let Step::Stop(reason) = step {
            break reason;
        }
    };
    socket.state.hub.disconnect(conn.visitor, conn.id);
    let _ = Box::pin(timeout(WRITE_TIMEOUT, socket.session.close(reason))).await;
}

fn kick_reason(kick: Kick) -> CloseReason {
    match kick {
        Kick::TooSlow => CloseReason {
            code: CloseCode::Again,
            description: Some("too slow: reconnect and resume".into()),
        },
        Kick::ShuttingDown => CloseReason {
            code: CloseCode::Away,
            description: Some("server shutting down: reconnect and resume".into()),
        },
        Kick::TooManySockets => CloseReason {
            code: CloseCode::Policy,
            description: Some("too many sockets for this visitor: the oldest was closed".into()),
        },
        Kick::EventsInterrupted => CloseReason {
            code: CloseCode::Again,
            description: Some("live events were interrupted: reconnect and resume".into()),
        },
    }
}

impl Socket {
    async fn send_text(&mut self, text: String) -> Step {
        match timeout(WRITE_TIMEOUT, self.session.text(text)).await {
            Ok(Ok(())) => Step::Continue,
            Ok(Err(_closed)) => Step::Stop(None),
            Err(_elapsed) => Step::Stop(Some(kick_reason(Kick::TooSlow))),
        }
    }

    async fn send(&mut self, frame: ServerFrame) -> Step {
        self.send_text(frame.to_text()).await
    }

    async fn live(&mut self, event: Outbound) -> Step {
        let replayed = event
            .message_id
            .zip(self.replayed_up_to)
            .is_some_and(|(id, up_to)| id <= up_to);
        if replayed {
            return Step::Continue;
        }
        self.send_text(event.text.to_string()).await
    }

    async fn incoming(&mut self, frame: Option<Result<AggregatedMessage, ProtocolError>>) -> Step {
        self.last_seen = Instant::now();
        match frame {
            Some(Ok(AggregatedMessage::Text(text))) => self.text(&text).await,
            // Every other frame counts against the address's limit too; over it, the socket
            // is closed rather than answered, so that a flood is not echoed back.
            Some(Ok(
                AggregatedMessage::Binary(_)
                | AggregatedMessage::Ping(_)
                | AggregatedMessage::Pong(_),
            )) if self.state.limit_ip(self.peer.ip).is_err() => Step::Stop(Some(flood_reason())),
            Some(Ok(AggregatedMessage::Binary(_))) => {
                self.send(ServerFrame::invalid("binary frames are not supported"))
                    .await
            }
            Some(Ok(AggregatedMessage::Ping(bytes))) => match self.session.pong(&bytes).await {
                Ok(()) => Step::Continue,
                Err(_closed) => Step::Stop(None),
            },
            Some(Ok(AggregatedMessage::Pong(_))) => Step::Continue,
            Some(Ok(AggregatedMessage::Close(reason))) => Step::Stop(reason),
            Some(Err(error)) => Step::Stop(Some(protocol_reason(&error))),
            None => Step::Stop(None),
        }
    }

    async fn heartbeat(&mut self) -> Step {
        if self.last_seen.elapsed() > CLIENT_TIMEOUT {
            return Step::Stop(Some(CloseReason {
                code: CloseCode::Policy,
                description: Some("no heartbeat".into()),
            }));
        }
        match timeout(WRITE_TIMEOUT, self.session.ping(b"")).await {
            Ok(Ok(())) => Step::Continue,
            _ => Step::Stop(None),
        }
    }

    async fn text(&mut self, text: &str) -> Step {
        let frame = ClientFrame::parse(text);
        let client_id = match &frame {
            Ok(ClientFrame::Message(input)) => input.client_id.clone(),
            _ => None,
        };
        if let Err(error) = self.state.limit_ip(self.peer.ip) {
            return self.send(ServerFrame::error(&error, client_id)).await;
        }
        match frame {
            Err(frame) => self.send(frame).await,
            Ok(ClientFrame::Resume { after }) => self.resume(after.map(MessageId)).await,
            Ok(ClientFrame::Message(input)) => self.message(input).await,
        }
    }

    async fn message(&mut self, input: MessageInput) -> Step {
        let client_id = input.client_id.clone();
        let frame = match self.store(input).await {
            Ok(frame) => frame,
            Err(error) => ServerFrame::error(&error, client_id),
        };
        self.send(frame).await
    }

    /// Validates and stores a message exactly as `POST /api/v1/messages` does.
    async fn store(&self, input: MessageInput) -> Result<ServerFrame, ApiError> {
        self.state.limit_message(&self.peer.visitor.hash)?;
        let client_id = input.client_id.clone();
        let message = input.validate(self.peer.device)?;
        let sent = self
            .state
            .send_message(self.peer.visitor.id, message)
            .await?;
        Ok(ServerFrame::Ack {
            client_id,
            ticket: sent.ticket,
            message: (&sent.message).into(),
        })
    }

    /// Replays every stored message after `after`, page by page, then the ticket's status.
    /// The socket was registered in the hub before this read: live events that arrived
    /// meanwhile wait in its queue, and those already replayed are skipped.
    async fn resume(&mut self, mut after: Option<MessageId>) -> Step {
        let mut status = None;
        loop {
            let visitors = self.state.visitors.clone();
            let visitor = self.peer.visitor.id;
            let page = match web::block(move || visitors.conversation(visitor, after)).await {
                Ok(Ok(page)) => page,
                Ok(Err(error)) => return self.send(ServerFrame::error(&error.into(), None)).await,
                Err(error) => return self.send(ServerFrame::error(&error.into(), None)).await,
            };
            let Some(page) = page.filter(|page| !page.messages.is_empty()) else {
                break;
            };
            status = Some((page.ticket, page.status));
            for message in &page.messages {
                let frame = ServerFrame::Message {
                    ticket: page.ticket,
                    message: message.into(),
                };
                if let Step::Stop(reason) = self.send(frame).await {
                    return Step::Stop(reason);
                }
                after = Some(message.id);
                self.replayed_up_to = self.replayed_up_to.max(after);
            }
        }
        match status {
            Some((ticket, status)) => self.send(ServerFrame::Status { ticket, status }).await,
            None => Step::Continue,
        }
    }
}

/// A flood of frames other than text over the address's limit.
fn flood_reason() -> CloseReason {
    CloseReason {
        code: CloseCode::Policy,
        description: Some("too many frames: slow down and reconnect".into()),
    }
}

fn protocol_reason(error: &ProtocolError) -> CloseReason {
    let code = match error {
        ProtocolError::Overflow => CloseCode::Size,
        _ => CloseCode::Protocol,
    };
    CloseReason {
        code,
        description: Some(error.to_string()),
    }
}
