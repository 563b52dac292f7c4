#![doc = include_str!("../README.md")]

mod api_error;
mod chats;
mod failure;
mod feed;
mod feed_topics;
mod forum;
mod forum_admin;
mod limiter;
mod limits;
mod send;
mod server;
mod state;
mod topics;
mod updates;

pub use failure::Failure;
pub use feed::OperatorUser;
pub use forum::ForumTopicState;
pub use limits::{RateLimits, SlidingWindow, TokenBucket};
pub use state::{RecordedCall, SentMessage};

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpServer};
use serde_json::Value;

use state::Shared;

/// How often the `wait_*` helpers look again.
const WAIT_STEP: Duration = Duration::from_millis(10);

/// How the fake behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeOptions {
    /// The longest a `getUpdates` long poll waits, whatever `timeout` the bot asks for.
    pub long_poll_cap: Duration,
    /// The flood limits on the methods that send something ([`RateLimits::telegram`] by
    /// default; [`RateLimits::unlimited`] for load runs).
    pub limits: RateLimits,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            long_poll_cap: Duration::from_secs(2),
            limits: RateLimits::telegram(),
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
        let shared = Arc::new(Shared::new(options));
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
                log_to_stderr(&format!("fake-telegram stopped: {error}"));
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
            self.shared
                .lock()
                .sent
                .iter()
                .find(|m| condition(m))
                .cloned()
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
pub(crate) fn wait_for<T>(timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
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
fn log_to_stderr(line: &str) {
    eprintln!("{line}");
}
