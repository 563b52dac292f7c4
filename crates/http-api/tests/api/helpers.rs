//! The app under test: the real server on 127.0.0.1:0 over a SQLite file in a temporary
//! directory, an operator playing from the same store, and HTTP and WebSocket clients.

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use http_api::{HttpConfig, HttpDeps, VisitorHub, WebhookHandler};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use serde_json::{json, Value};
use storage_sqlite::{SqliteStore, StoreConfig};
use ticket_domain::command::OperatorCommand;
use ticket_domain::notification::OperatorNotification;
use ticket_domain::ports::{Clock, OperatorChat, OperatorNotifier, TicketRepository, TicketStore};
use ticket_domain::render::Locale;
use ticket_domain::service::{DynOperatorService, VisitorService};
use ticket_domain::ticket::TicketNumber;
use ticket_domain::values::MessageText;
use ticket_domain::visitor::{TokenHash, VisitorId};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for something that should happen (never an upper bound asserted on
/// speed: only a guard against hanging forever).
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc()
    }
}

/// Records the notifications the operator would get.
#[derive(Default)]
pub struct RecordingNotifier {
    pub sent: Mutex<Vec<OperatorNotification>>,
}

impl RecordingNotifier {
    pub fn count(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

impl OperatorNotifier for RecordingNotifier {
    fn notify(&self, notification: &OperatorNotification) {
        self.sent.lock().unwrap().push(notification.clone());
    }
}

/// A running app.
pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub ws_base: String,
    pub hub: VisitorHub,
    pub store: Arc<SqliteStore>,
    pub notifier: Arc<RecordingNotifier>,
    pub operator: Arc<DynOperatorService>,
    pub healthy: Arc<AtomicBool>,
    pub client: reqwest::Client,
    pub handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}, None).await
}

/// An app with a tuned configuration (limits, origins, proxies) and maybe a webhook.
pub async fn spawn_app_with(
    configure: impl FnOnce(&mut HttpConfig),
    webhook: Option<Arc<dyn WebhookHandler>>,
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.db");
    let store = Arc::new(SqliteStore::open(StoreConfig::new(path.to_str().unwrap())).unwrap());
    let hub = VisitorHub::new();
    let notifier = Arc::new(RecordingNotifier::default());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let repository: Arc<dyn TicketStore> = store.clone();
    let visitors = Arc::new(VisitorService::new(
        repository.clone(),
        notifier.clone() as Arc<dyn OperatorNotifier>,
        Arc::new(hub.clone()) as _,
        clock.clone(),
        Vec::new(),
    ));
    let operator = Arc::new(DynOperatorService::new(
        repository,
        store.clone() as _,
        Arc::new(hub.clone()) as _,
        clock,
        Locale::En,
    ));
    let healthy = Arc::new(AtomicBool::new(true));
    let health_flag = healthy.clone();
    let mut config = HttpConfig {
        workers: 1,
        ..HttpConfig::default()
    };
    configure(&mut config);
    let deps = HttpDeps {
        visitors,
        hub: hub.clone(),
        health: Arc::new(move || health_flag.load(Ordering::SeqCst)),
        metrics: app_metrics(),
        webhook,
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port();
    let server = http_api::start(listener, config, deps).unwrap();
    let handle = server.handle();
    tokio::spawn(server);
    TestApp {
        addr,
        base: format!("http://127.0.0.1:{port}"),
        ws_base: format!("ws://127.0.0.1:{port}"),
        hub,
        store,
        notifier,
        operator,
        healthy,
        client: reqwest::Client::new(),
        handle,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new visitor's token.
    pub async fn new_visitor(&self) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/visitors"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn post_message(&self, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/messages"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Sends `text` and returns the stored message's JSON (`{"ticket", "message"}`).
    pub async fn say(&self, token: &str, text: &str) -> Value {
        let response = self.post_message(token, &json!({ "text": text })).await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    pub async fn conversation(&self, token: &str, after: Option<i64>) -> reqwest::Response {
        let path = match after {
            Some(after) => format!("/api/v1/conversation?after={after}"),
            None => "/api/v1/conversation".to_owned(),
        };
        self.client
            .get(self.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// Runs an operator command on a blocking thread, as the Telegram adapter would.
    pub async fn operator_does(&self, command: OperatorCommand) {
        let operator = self.operator.clone();
        tokio::task::spawn_blocking(move || operator.execute(OperatorChat(1), command, None))
            .await
            .unwrap()
            .unwrap();
    }

    /// `/reply <ticket> <text>`.
    pub async fn operator_replies(&self, ticket: &str, text: &str) {
        let command = OperatorCommand::Reply(
            TicketNumber::parse(ticket).unwrap(),
            MessageText::new(text).unwrap(),
        );
        self.operator_does(command).await;
    }

    /// `/close <ticket>`.
    pub async fn operator_closes(&self, ticket: &str) {
        self.operator_does(OperatorCommand::Close(TicketNumber::parse(ticket).unwrap()))
            .await;
    }

    pub async fn ws(&self, token: &str) -> WsClient {
        self.ws_with_origin(token, None).await.unwrap()
    }

    /// Opens a socket, or returns the refusal's status and body.
    pub async fn ws_with_origin(
        &self,
        token: &str,
        origin: Option<&str>,
    ) -> Result<WsClient, (u16, Value)> {
        let url = format!("{}/api/v1/ws?token={token}", self.ws_base);
        let mut request = url.into_client_request().unwrap();
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().unwrap());
        }
        match tokio_tungstenite::connect_async(request).await {
            Ok((stream, _)) => Ok(WsClient { stream }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                let status = response.status().as_u16();
                let body = response.body().clone().unwrap_or_default();
                Err((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
            }
            Err(other) => panic!("unexpected WebSocket failure: {other}"),
        }
    }

    /// The storage id of the visitor with this token.
    pub fn visitor_id(&self, token: &str) -> VisitorId {
        use sha2::Digest;
        let hash = TokenHash(hex::encode(sha2::Sha256::digest(token.as_bytes())));
        self.store.find_visitor(&hash).unwrap().unwrap().id
    }

    /// Waits until the hub counts `n` open sockets.
    pub async fn wait_for_sockets(&self, n: usize) {
        let hub = self.hub.clone();
        eventually(|| hub.connection_count() == n, "socket count").await;
    }
}

/// Polls `condition` until it holds (panics after [`PATIENCE`]).
pub async fn eventually(condition: impl Fn() -> bool, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A test WebSocket client.
pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// What the server sent next.
#[derive(Debug)]
pub enum Received {
    Json(Value),
    Closed(Option<CloseFrame>),
}

impl WsClient {
    pub async fn send_json(&mut self, value: Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream.send(Message::text(text)).await.unwrap();
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.stream.send(Message::binary(bytes)).await.unwrap();
    }

    /// Sends a frame, or says that the socket is closed.
    pub async fn try_send(&mut self, message: Message) -> bool {
        self.stream.send(message).await.is_ok()
    }

    /// The next text frame or close (pings and pongs skipped), within [`PATIENCE`].
    pub async fn next(&mut self) -> Received {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let message = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .expect("no frame in time");
            match message {
                Some(Ok(Message::Text(text))) => {
                    return Received::Json(serde_json::from_str(text.as_str()).unwrap())
                }
                Some(Ok(Message::Close(frame))) => return Received::Closed(frame),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Received::Closed(None),
            }
        }
    }

    /// The next JSON frame (panics on close).
    pub async fn next_json(&mut self) -> Value {
        match self.next().await {
            Received::Json(value) => value,
            Received::Closed(frame) => panic!("socket closed: {frame:?}"),
        }
    }

    /// Frames up to and including the first one `stop` accepts.
    pub async fn until(&mut self, stop: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut frames = Vec::new();
        loop {
            let frame = self.next_json().await;
            let done = stop(&frame);
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}

/// The ids of the `message` frames among `frames`.
pub fn message_ids(frames: &[Value]) -> Vec<i64> {
    frames
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["message"]["id"].as_i64().unwrap())
        .collect()
}

/// Whether `frame` is the `message` frame of a message with this text.
pub fn is_message(frame: &Value, text: &str) -> bool {
    frame["type"] == "message" && frame["message"]["text"] == text
}

/// The application's own metrics, as the app would register them: one outbox gauge.
fn app_metrics() -> Registry {
    let mut registry = Registry::default();
    let backlog: Gauge = Gauge::default();
    registry.register("chat_outbox_backlog", "Notifications waiting", backlog);
    registry
}
