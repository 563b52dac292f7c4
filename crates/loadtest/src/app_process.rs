//! The app under test as a child process: started on a fresh (or given) database against
//! the fake Telegram, timed until its first healthy `/healthz`, measured through
//! `/proc/<pid>/status`, stopped with SIGTERM.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// The longest the app may take to serve.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest the app may take to stop after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);
/// Lines of the app's log kept for error messages.
const LOG_TAIL: usize = 40;
/// The bot token given to the app (the fake accepts any).
const BOT_TOKEN: &str = "123:LOAD";
/// The operator chat the notifications go to (a private chat), unless a scenario says another.
pub const OPERATOR_CHAT: i64 = 42;

/// How to start the app.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The binary.
    pub bin: PathBuf,
    /// `DATABASE_URL`: a SQLite file or a PostgreSQL URL.
    pub database: OsString,
    /// The fake Telegram's base URL.
    pub telegram_api_url: String,
    /// `SQLITE_SYNCHRONOUS`.
    pub synchronous: String,
    /// `TELEGRAM_OPERATOR_CHAT_IDS`: the one operator chat ([`OPERATOR_CHAT`] but in the
    /// forum scenario).
    pub operator_chat: i64,
    /// `TELEGRAM_FORUM_ANNOUNCE` (`on`/`off`); `None` leaves the app's default.
    pub forum_announce: Option<bool>,
    /// Extra environment variables (experiments only).
    pub extra_env: Vec<(String, String)>,
}

/// A running app.
pub struct AppProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// From spawning the process to the first `200` of `/healthz`.
    pub startup: Duration,
    log_tail: Arc<Mutex<VecDeque<String>>>,
    http: reqwest::Client,
}

impl AppProcess {
    /// Starts the app and waits until `/healthz` answers `200`.
    pub async fn start(config: &AppConfig) -> anyhow::Result<Self> {
        let mut command = Command::new(&config.bin);
        command
            .env_clear()
            .env("BIND_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", &config.database)
            .env("SQLITE_SYNCHRONOUS", &config.synchronous)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", &config.telegram_api_url)
            .env(
                "TELEGRAM_OPERATOR_CHAT_IDS",
                config.operator_chat.to_string(),
            )
            .env("RUST_LOG", "warn")
            .envs(config.extra_env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(announce) = config.forum_announce {
            command.env(
                "TELEGRAM_FORUM_ANNOUNCE",
                if announce { "on" } else { "off" },
            );
        }
        let spawned_at = Instant::now();
        let mut child = command.spawn().with_context(|| {
            format!(
                "cannot start {} (build it with `cargo build --release -p app`)",
                config.bin.display()
            )
        })?;
        let log_tail = Arc::new(Mutex::new(VecDeque::new()));
        let (listening_tx, listening_rx) = mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            drain(stdout, Arc::clone(&log_tail), Some(listening_tx));
        }
        if let Some(stderr) = child.stderr.take() {
            drain(stderr, Arc::clone(&log_tail), None);
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .context("cannot build the HTTP client")?;
        let mut app = Self {
            child,
            base: String::new(),
            startup: Duration::ZERO,
            log_tail,
            http,
        };
        let line = tokio::task::spawn_blocking(move || listening_rx.recv_timeout(START_TIMEOUT))
            .await
            .context("the start-up watcher failed")?;
        let Ok(line) = line else {
            bail!("the app did not start: {}", app.log_excerpt());
        };
        app.base = base_url(&line).with_context(|| format!("unexpected line: {line}"))?;
        app.wait_healthy(spawned_at).await?;
        app.startup = spawned_at.elapsed();
        Ok(app)
    }

    async fn wait_healthy(&mut self, spawned_at: Instant) -> anyhow::Result<()> {
        let url = format!("{}/healthz", self.base);
        loop {
            if let Ok(response) = self.http.get(&url).send().await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            if let Some(status) = self.child.try_wait()? {
                bail!("the app exited ({status}): {}", self.log_excerpt());
            }
            if spawned_at.elapsed() > START_TIMEOUT {
                bail!("/healthz never answered 200: {}", self.log_excerpt());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory (`VmRSS`), in bytes.
    pub fn rss_bytes(&self) -> anyhow::Result<u64> {
        status_field(self.pid(), "VmRSS")
    }

    /// A gauge or counter of `/metrics`, by its full name with labels (`chat_outbox_pending`).
    pub async fn metric(&self, name: &str) -> anyhow::Result<f64> {
        let text = self
            .http
            .get(format!("{}/metrics", self.base))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        text.lines()
            .filter_map(|line| line.strip_prefix(name))
            .filter_map(|rest| rest.strip_prefix(' '))
            .find_map(|value| value.trim().parse().ok())
            .with_context(|| format!("no {name} in /metrics"))
    }

    /// Waits until the outbox has nothing pending (at most `timeout`).
    pub async fn wait_outbox_empty(&self, timeout: Duration) -> anyhow::Result<Duration> {
        let started = Instant::now();
        loop {
            if self.metric("chat_outbox_pending").await? == 0.0 {
                return Ok(started.elapsed());
            }
            if started.elapsed() > timeout {
                bail!("the outbox was still not empty after {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends SIGTERM and waits for the exit (kills it after a while).
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let pid = self.pid().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                if !status.success() {
                    bail!("the app exited with {status}: {}", self.log_excerpt());
                }
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                bail!("the app did not stop within {STOP_TIMEOUT:?} of SIGTERM");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The last lines of the app's output, for an error message.
    pub fn log_excerpt(&self) -> String {
        let lines = self
            .log_tail
            .lock()
            .map(|tail| tail.iter().cloned().collect::<Vec<_>>().join("\n"))
            .unwrap_or_default();
        if lines.is_empty() {
            "(no output)".to_owned()
        } else {
            format!("its last lines:\n{lines}")
        }
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        if self.is_running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads a pipe of the child to its end (so that it never blocks on a full pipe), keeping the
/// last lines; the first `Listening on` line goes to `listening`.
fn drain(
    stream: impl Read + Send + 'static,
    tail: Arc<Mutex<VecDeque<String>>>,
    mut listening: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line.starts_with("Listening on http://") {
                if let Some(sender) = listening.take() {
                    let _ = sender.send(line.clone());
                }
            }
            if let Ok(mut tail) = tail.lock() {
                if tail.len() == LOG_TAIL {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        }
    });
}

/// `http://127.0.0.1:PORT` from `Listening on http://127.0.0.1:PORT/ — …`.
fn base_url(line: &str) -> Option<String> {
    let rest = line.strip_prefix("Listening on http://")?;
    let host = rest.split('/').next()?.trim();
    (!host.is_empty()).then(|| format!("http://{host}"))
}

/// A `kB` field of `/proc/<pid>/status`, in bytes.
pub fn status_field(pid: u32, field: &str) -> anyhow::Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    status
        .lines()
        .filter_map(|line| line.strip_prefix(field))
        .filter_map(|rest| rest.strip_prefix(':'))
        .find_map(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib * 1024)
        .with_context(|| format!("no {field} in {path}"))
}

/// A fresh directory for the databases of one scenario.
pub fn fresh_dir(parent: Option<&Path>) -> anyhow::Result<tempfile::TempDir> {
    let dir = match parent {
        Some(parent) => {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
            tempfile::Builder::new()
                .prefix("loadtest-")
                .tempdir_in(parent)
        }
        None => tempfile::Builder::new().prefix("loadtest-").tempdir(),
    };
    dir.context("cannot create a temporary directory for the database")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_is_read_from_the_listening_line() {
        assert_eq!(
            base_url("Listening on http://127.0.0.1:41234/ — open it to see the demo page."),
            Some("http://127.0.0.1:41234".to_owned())
        );
        assert_eq!(base_url("serving"), None);
    }

    #[test]
    fn our_own_resident_memory_is_readable() {
        assert!(status_field(std::process::id(), "VmRSS").unwrap() > 0);
    }
}
