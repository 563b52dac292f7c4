//! The routing table, and the per-IP flood guard of the API.

mod conversation;
mod messages;
mod visitors;
mod webhook;

pub use webhook::{WebhookHandler, WebhookReply};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders, Next};
use actix_web::{web, Resource, ResponseError};

use crate::error::method_not_allowed;
use crate::state::AppState;
use crate::{client_ip, cors, health, metrics, static_files, ws};

/// A resource whose wrong methods get a JSON 405.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Registers every route. The WebSocket comes first (outside the compressed API scope); the
/// webhook only when the application gives a handler.
pub fn configure(cfg: &mut web::ServiceConfig, with_webhook: bool) {
    cfg.service(
        resource(ws::WS_PATH)
            .route(web::get().to(ws::upgrade))
            .wrap(from_fn(per_ip)),
    );
    cfg.service(
        web::scope("/api/v1")
            .service(resource("/visitors").route(web::post().to(visitors::create)))
            .service(resource("/messages").route(web::post().to(messages::create)))
            .service(resource("/conversation").route(web::get().to(conversation::get)))
            .wrap(from_fn(per_ip))
            .wrap(DefaultHeaders::new().add((header::CACHE_CONTROL, "no-store")))
            .wrap(Compress::default())
            .wrap(from_fn(cors::middleware)),
    );
    let compressed = [
        ("/", web::get().to(static_files::demo_page)),
        ("/widget.js", web::get().to(static_files::widget_js)),
        ("/widget.css", web::get().to(static_files::widget_css)),
        ("/healthz", web::get().to(health::get)),
        ("/metrics", web::get().to(metrics::get)),
    ];
    for (path, route) in compressed {
        cfg.service(resource(path).route(route).wrap(Compress::default()));
    }
    if with_webhook {
        cfg.service(resource("/telegram/webhook").route(web::post().to(webhook::receive)));
    }
}

/// Middleware: the generous per-IP limit of every API request.
async fn per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let refused = req.app_data::<web::Data<AppState>>().and_then(|state| {
        let ip = client_ip::of_request(req.request(), &state.trusted_proxies);
        state.limit_ip(ip).err()
    });
    if let Some(error) = refused {
        return Ok(req
            .into_response(error.error_response())
            .map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}
