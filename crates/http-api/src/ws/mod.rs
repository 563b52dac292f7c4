//! `GET /api/v1/ws?token=…`: the visitor's live socket. The token and the page's origin are
//! checked before the upgrade (401 / 403 JSON); the socket is registered in the hub before
//! the 101 answer, so every push made after the client sees the upgrade reaches it.

mod frames;
mod hub;
mod mailbox;
mod session;

pub use hub::VisitorHub;
pub use session::{CLIENT_TIMEOUT, HEARTBEAT_INTERVAL};

/// The WebSocket's path.
pub const WS_PATH: &str = "/api/v1/ws";

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use ticket_domain::service::DynVisitorService;

use crate::auth::{self, Visitor};
use crate::client_ip;
use crate::cors::Origins;
use crate::error::ApiError;
use crate::state::AppState;
use crate::wire;

/// The upgrade's query string.
#[derive(Debug, Deserialize)]
pub struct WsQuery {
    token: Option<String>,
}

/// Checks the origin and the token, upgrades, and starts the socket's task.
pub async fn upgrade(
    req: HttpRequest,
    body: web::Payload,
    query: web::Query<WsQuery>,
    state: web::Data<AppState>,
    origins: web::Data<Origins>,
    visitors: web::Data<DynVisitorService>,
) -> Result<HttpResponse, ApiError> {
    if !origins.admits(req.headers()) {
        return Err(ApiError::OriginNotAllowed);
    }
    if state.hub.is_closed() {
        return Err(ApiError::ShuttingDown);
    }
    let hash = query
        .token
        .as_deref()
        .and_then(auth::hash_presented)
        .ok_or(ApiError::Unauthorized)?;
    let id = auth::visitor_of(visitors, hash.clone()).await?;
    let (response, session, stream) =
        actix_ws::handle(&req, body).map_err(|_| ApiError::WebSocketRequired)?;
    let peer = session::Peer {
        visitor: Visitor { id, hash },
        ip: client_ip::of_request(&req, &state.trusted_proxies),
        device: wire::device_of(&req),
    };
    let conn = state
        .hub
        .connect(id, state.socket_queue, state.sockets_per_visitor);
    actix_web::rt::spawn(session::run(state, peer, conn, session, stream));
    Ok(response)
}
