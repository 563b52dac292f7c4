//! The middleware around every request: marks the connection busy while the request is
//! served, gives the request's body its deadline (the WebSocket's stream excepted: its frames
//! have their own limits), and marks the connection between requests once the response has
//! been handed over whole.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web;
use bytes::Bytes;

use super::phase::PhaseHandle;
use crate::body_deadline;
use crate::state::AppState;
use crate::ws::WS_PATH;

/// See the module's documentation.
pub async fn deadlines(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<PhaseBody>, actix_web::Error> {
    let phase = req.conn_data::<PhaseHandle>().cloned();
    if let Some(phase) = &phase {
        phase.request_started();
    }
    let body_deadline = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.deadlines.request_body);
    if let Some(within) = body_deadline.filter(|_| req.path() != WS_PATH) {
        body_deadline::limit(&mut req, within);
    }
    match next.call(req).await {
        Ok(response) => {
            let closing = response.response().head().connection_type() == ConnectionType::Close;
            Ok(response.map_body(|_, body| PhaseBody {
                body: BoxBody::new(body),
                phase,
                closing,
            }))
        }
        Err(error) => {
            if let Some(phase) = phase {
                phase.response_ended(true);
            }
            Err(error)
        }
    }
}

/// A response body that tells the connection when the dispatcher is done with it (sent, or
/// abandoned).
pub struct PhaseBody {
    body: BoxBody,
    phase: Option<PhaseHandle>,
    closing: bool,
}

impl MessageBody for PhaseBody {
    type Error = <BoxBody as MessageBody>::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}

impl Drop for PhaseBody {
    fn drop(&mut self) {
        if let Some(phase) = self.phase.take() {
            phase.response_ended(self.closing);
        }
    }
}
