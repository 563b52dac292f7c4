#![doc = include_str!("../README.md")]

mod failure;
mod server;
mod state;

pub use failure::Failure;
pub use state::{RecordedCall, SentMessage};

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpServer};
use serde_json::{json, Value};

use state::{chat, int_field, unix_now, user, Shared};

/// How often the `wait_*` helpers look again.
const WAIT_STEP: Duration = Duration::from_millis(10);

/// How the fake behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeOptions {
    /// The longest a `getUpdates` long poll waits, whatever `timeout` the bot asks for.
    pub long_poll_cap: Duration,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            long_poll_cap: Duration::from_secs(2),
        }
    }
}

/// A running fake Bot API server. Dropping it stops the server.
pub struct FakeTelegram {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: Option<actix_web::dev::ServerHandle>,
    thread: Option<JoinHandle<()>>,
}

impl FakeTelegram {
    /// Starts a fake with the default options on `127.0.0.1` and a free port.
    ///
    /// # Panics
    /// When no loopback port can be bound or the server thread cannot start: a test cannot go
    /// on without its fake.
    pub fn start() -> Self {
        Self::start_with(FakeOptions::default())
    }

    /// Starts a fake with `options` (see [`FakeTelegram::start`]).
    ///
    /// # Panics
    /// As [`FakeTelegram::start`].
    pub fn start_with(options: FakeOptions) -> Self {
        let shared = Arc::new(Shared::new(options.long_poll_cap));
        #[allow(clippy::expect_used)] // A test support crate: no loopback port, no test.
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        #[allow(clippy::expect_used)] // Just bound: the address is known.
        let addr = listener.local_addr().expect("the bound address");
        let (sender, receiver) = std::sync::mpsc::channel();
        let data = web::Data::new(Arc::clone(&shared));
        let thread = std::thread::spawn(move || {
            let system = actix_rt::System::new();
            let result = system.block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .default_service(web::to(server::handle))
                })
                .workers(1)
                .disable_signals()
                .shutdown_timeout(0)
                .listen(listener)?
                .run();
                let _ = sender.send(server.handle());
                server.await
            });
            if let Err(error) = result {
                tracing_free_log(&format!("fake-telegram stopped: {error}"));
            }
        });
        let server = receiver.recv().ok();
        Self {
            shared,
            addr,
            server,
            thread: Some(thread),
        }
    }

    /// The value of `TELEGRAM_API_URL` that points a bot here, e.g. `http://127.0.0.1:41234`.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues an update. Gives it a fresh `update_id` unless it has one; returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = match int_field(&update, "update_id") {
            Some(id) => id,
            None => {
                let id = self.shared.lock().fresh_update_id();
                update["update_id"] = json!(id);
                id
            }
        };
        self.shared.enqueue(update);
        id
    }

    /// Queues an update exactly as given (to deliver the same `update_id` twice).
    pub fn push_update_raw(&self, update: Value) {
        self.shared.enqueue(update);
    }

    /// Queues a text message written in `chat_id`; returns the message's id.
    pub fn push_text(&self, chat_id: i64, text: &str) -> i64 {
        self.push_message(chat_id, |m| m["text"] = json!(text)).1
    }

    /// Queues a text message written in `chat_id` in reply to the message
    /// `reply_to_message_id` of that chat; returns the new message's id.
    pub fn push_reply(&self, chat_id: i64, text: &str, reply_to_message_id: i64) -> i64 {
        let replied = self
            .shared
            .lock()
            .message_or_stub(chat_id, reply_to_message_id);
        self.push_message(chat_id, |m| {
            m["text"] = json!(text);
            m["reply_to_message"] = replied;
        })
        .1
    }

    /// Queues a photo (no text) sent in `chat_id`; returns the message's id.
    pub fn push_photo(&self, chat_id: i64) -> i64 {
        self.push_message(chat_id, |m| {
            m["photo"] = json!([{"file_id": "photo-1", "file_unique_id": "p1", "width": 90,
                                 "height": 90}]);
        })
        .1
    }

    /// Builds a message update of `chat_id`, lets `fill` add its content, queues it.
    /// Returns `(update_id, message_id)`.
    fn push_message(&self, chat_id: i64, fill: impl FnOnce(&mut Value)) -> (i64, i64) {
        let (update_id, message_id, update) = {
            let mut state = self.shared.lock();
            let update_id = state.fresh_update_id();
            let message_id = state.fresh_message_id();
            let mut message = json!({
                "message_id": message_id,
                "from": user(chat_id),
                "chat": chat(chat_id),
                "date": unix_now(),
            });
            fill(&mut message);
            state.remember(chat_id, message_id, message.clone());
            let update = json!({"update_id": update_id, "message": message});
            (update_id, message_id, update)
        };
        self.shared.enqueue(update);
        (update_id, message_id)
    }

    /// Queues a press on an inline button carrying `data`, under the message `message_id` of
    /// `chat_id`. Returns the callback query's id.
    pub fn push_callback(&self, chat_id: i64, data: &str, message_id: i64) -> String {
        let update = {
            let mut state = self.shared.lock();
            let update_id = state.fresh_update_id();
            let id = state.fresh_callback_id();
            let message = state.message_or_stub(chat_id, message_id);
            json!({"update_id": update_id, "callback_query": {
                "id": id, "from": user(chat_id), "message": message,
                "chat_instance": format!("ci{chat_id}"), "data": data,
            }})
        };
        let id = update["callback_query"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.shared.enqueue(update);
        id
    }

    /// Updates queued and not yet confirmed by an `offset`.
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().updates.len()
    }

    /// Every message the bot sent, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared.lock().sent.clone()
    }

    /// The messages the bot sent to `chat_id`, oldest first.
    pub fn sent_to(&self, chat_id: i64) -> Vec<SentMessage> {
        let state = self.shared.lock();
        state
            .sent
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// The first sent message matching `condition`, waiting up to `timeout` for it.
    pub fn wait_for_sent(
        &self,
        condition: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> Option<SentMessage> {
        wait_for(timeout, || {
            self.shared.lock().sent.iter().find(|m| condition(m)).cloned()
        })
    }

    /// The first recorded call of `method` matching `condition`, waiting up to `timeout`.
    pub fn wait_for_call(
        &self,
        method: &str,
        condition: impl Fn(&RecordedCall) -> bool,
        timeout: Duration,
    ) -> Option<RecordedCall> {
        wait_for(timeout, || {
            let state = self.shared.lock();
            state
                .calls
                .iter()
                .find(|c| c.method == method && condition(c))
                .cloned()
        })
    }

    /// Whether `condition` became true within `timeout` (checked every few milliseconds).
    pub fn wait_until(&self, condition: impl Fn(&Self) -> bool, timeout: Duration) -> bool {
        wait_for(timeout, || condition(self).then_some(())).is_some()
    }

    /// The bodies of every call of `method`, in order (failed ones included).
    pub fn calls(&self, method: &str) -> Vec<Value> {
        self.call_log(method).into_iter().map(|c| c.body).collect()
    }

    /// Every call of `method` with its arrival time and status, in order.
    pub fn call_log(&self, method: &str) -> Vec<RecordedCall> {
        let state = self.shared.lock();
        state
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// The next calls of `method` get `failures`, one each, in order; later calls succeed.
    pub fn fail_next(&self, method: &str, failures: Vec<Failure>) {
        self.shared
            .lock()
            .failures
            .entry(method.to_owned())
            .or_default()
            .extend(failures);
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            // The stop command is sent at once; the returned future only waits for it.
            drop(server.stop(false));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Polls `probe` until it gives a value or `timeout` passes.
fn wait_for<T>(timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(found) = probe() {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(WAIT_STEP);
    }
}

/// The fake has no logger of its own: a server error goes to standard error.
#[allow(clippy::print_stderr)]
fn tracing_free_log(line: &str) {
    eprintln!("{line}");
}
