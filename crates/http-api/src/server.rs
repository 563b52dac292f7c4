//! The server itself: actix-server accepts on the listener, each accepted connection is checked
//! against its address's cap and wrapped in a [`GuardedStream`], then served by actix-http's
//! HTTP/1 dispatcher running the actix-web application.
//!
//! This is what `actix_web::HttpServer` assembles, built from the same public parts because
//! `HttpServer` gives no way to wrap a connection's stream, and the stream is where the
//! deadlines actix lacks can be enforced.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_http::error::DispatchError;
use actix_http::{Extensions, HttpService, Protocol};
use actix_service::{fn_service, map_config, IntoServiceFactory as _, ServiceFactoryExt as _};
use actix_web::dev::{AppConfig, Server};
use actix_web::middleware::from_fn;
use actix_web::rt::net::TcpStream;
use actix_web::{web, App};

use crate::app_data::AppData;
use crate::config::{Deadlines, HttpConfig};
use crate::connection::{self, AddressSlots, GuardedStream};
use crate::{error, metrics, routes, SHUTDOWN_TIMEOUT_SECS};

/// The listener's name in actix-server's logs.
const SERVICE_NAME: &str = "http-api";

/// Serves `listener`: the routes over `state`, under `config`'s caps and deadlines.
pub fn serve(listener: TcpListener, config: &HttpConfig, data: AppData) -> io::Result<Server> {
    let local = listener.local_addr()?;
    let workers = config.workers.max(1);
    let deadlines = config.deadlines;
    let max_body = config.limits.max_body_bytes;
    let with_webhook = data.state.webhook.is_some();
    let slots = Arc::clone(&data.state.connections);
    let builder = Server::build()
        .workers(workers)
        // Past this, workers stop accepting and the kernel queues new connections: the
        // process never runs out of file descriptors.
        .max_concurrent_connections((config.max_connections() / workers).max(1))
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS);
    let shutdown = builder.graceful_shutdown_signal();
    let server = builder.listen(SERVICE_NAME, listener, move || {
        let app = data
            .clone()
            .register(App::new())
            .app_data(
                web::JsonConfig::default()
                    .limit(max_body)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .configure(|cfg| routes::configure(cfg, with_webhook))
            .default_service(web::to(error::not_found))
            .wrap(from_fn(metrics::track))
            .wrap(from_fn(connection::deadlines));
        let app = app
            .into_factory()
            .map_err(|error: actix_web::Error| error.error_response());
        let shutdown = shutdown.clone();
        let http = HttpService::build()
            .keep_alive(deadlines.keep_alive)
            .client_request_timeout(deadlines.request_head)
            .client_disconnect_timeout(deadlines.linger)
            .graceful_shutdown_signal(move || {
                let shutdown = shutdown.clone();
                async move { shutdown.notified().await }
            })
            .local_addr(local)
            .on_connect_ext(|stream: &GuardedStream, data: &mut Extensions| {
                data.insert(stream.phase());
            })
            .finish(map_config(app, move |()| AppConfig::default()));
        let slots = Arc::clone(&slots);
        fn_service(move |stream: TcpStream| {
            let accepted = accept(stream, &slots, deadlines);
            async move { accepted }
        })
        .and_then(http)
    })?;
    Ok(server.run())
}

/// Admits a new connection, or closes it at once (dropping it gives its file descriptor back)
/// when its address holds the cap.
fn accept(
    stream: TcpStream,
    slots: &Arc<AddressSlots>,
    deadlines: Deadlines,
) -> Result<(GuardedStream, Protocol, Option<SocketAddr>), DispatchError> {
    let peer = stream.peer_addr().ok();
    match slots.admit(peer.map(|peer| peer.ip())) {
        Some(slot) => Ok((
            GuardedStream::new(stream, slot, deadlines),
            Protocol::Http1,
            peer,
        )),
        None => {
            tracing::debug!(
                ?peer,
                "connection closed: its address holds the connection cap"
            );
            Err(DispatchError::Io(io::Error::other(
                "too many connections from this address",
            )))
        }
    }
}
