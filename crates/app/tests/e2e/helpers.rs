//! Starting and stopping the real binary, and talking to it like the widget does.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Generous: the machines running the tests are shared and slow.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The operator chat of the Telegram tests.
pub const OPERATOR: i64 = 42;

/// A running `app` process.
pub struct RunningApp {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// An HTTP client.
    pub http: reqwest::Client,
}

fn collect(stream: impl std::io::Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

fn wait_for_line(
    lines: &Mutex<Vec<String>>,
    matches: impl Fn(&str) -> bool,
    timeout: Duration,
) -> Option<String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(line) = lines.lock().unwrap().iter().find(|l| matches(l)) {
            return Some(line.clone());
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The command that runs the binary with the database `db` (a SQLite file, or a PostgreSQL
/// URL) and the given settings.
pub fn app_command(db: impl AsRef<OsStr>, settings: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_app"));
    for variable in [
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_OPERATOR_CHAT_IDS",
        "TELEGRAM_MODE",
        "TELEGRAM_API_URL",
        "ALLOWED_ORIGINS",
        "TRUSTED_PROXIES",
        "BIND_ADDR",
        "DATABASE_URL",
        "DATABASE_POOL_SIZE",
    ] {
        command.env_remove(variable);
    }
    command
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", db.as_ref())
        // Several apps run at once on the test server: a small pool each.
        .env("DATABASE_POOL_SIZE", "4")
        .env("TICKETS_TIMEZONE", "Europe/Paris")
        .env("RUST_LOG", "info")
        .envs(settings.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

impl RunningApp {
    /// Starts the binary and waits until it serves.
    pub fn start(db: impl AsRef<OsStr>, settings: &[(&str, &str)]) -> Self {
        let mut child = app_command(db, settings)
            .spawn()
            .expect("the app binary starts");
        let stdin = child.stdin.take();
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        let stderr = collect(child.stderr.take().expect("piped stderr"));
        let mut app = Self {
            child,
            stdin,
            stdout,
            stderr,
            base: String::new(),
            http: reqwest::Client::new(),
        };
        let line = app
            .wait_stdout(|line| line.starts_with("Listening on http://"), PATIENCE)
            .unwrap_or_else(|| {
                panic!(
                    "the app did not start; stderr:\n{}",
                    app.stderr().join("\n")
                )
            });
        let address = line
            .trim_start_matches("Listening on ")
            .split('/')
            .take(3)
            .collect::<Vec<_>>()
            .join("/");
        app.base = address;
        app
    }

    /// Starts the binary as the operator's Telegram side would have it, against `telegram`.
    pub fn start_with_telegram(db: impl AsRef<OsStr>, api_url: &str) -> Self {
        Self::start(
            db,
            &[
                ("TELEGRAM_BOT_TOKEN", "123:TEST"),
                ("TELEGRAM_API_URL", api_url),
                ("TELEGRAM_OPERATOR_CHAT_IDS", "42"),
            ],
        )
    }

    /// Every line printed on standard error so far.
    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until a line of standard output matches; returns it.
    pub fn wait_stdout(&self, matches: impl Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        wait_for_line(&self.stdout, matches, timeout)
    }

    /// Waits until a line of standard error (the log) matches; returns it.
    pub fn wait_stderr(&self, matches: impl Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        wait_for_line(&self.stderr, matches, timeout)
    }

    /// Types a line on the operator console.
    pub fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{line}").expect("the console reads its input");
        stdin.flush().expect("flush the console input");
    }

    /// Closes the console's standard input (end of file).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn terminate(self) -> ExitStatus {
        self.send_sigterm();
        self.wait_for_exit()
    }

    /// Sends SIGTERM without waiting for the process to exit.
    pub fn send_sigterm(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    /// Kills the process at once (SIGKILL), as a crash or a lost machine would.
    pub fn kill(mut self) {
        self.child.kill().expect("kill the app");
        self.child.wait().expect("wait on the killed app");
    }

    /// Waits for the process to exit (after a signal).
    pub fn wait_for_exit(mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait on the app") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A new visitor's token.
    pub async fn new_visitor(&self) -> String {
        self.new_visitor_behind(None).await
    }

    /// A new visitor's token, the request coming through a proxy for `forwarded_for` (the app
    /// must trust 127.0.0.1 as a proxy) when given.
    pub async fn new_visitor_behind(&self, forwarded_for: Option<&str>) -> String {
        let mut request = self.http.post(format!("{}/api/v1/visitors", self.base));
        if let Some(address) = forwarded_for {
            request = request.header("X-Forwarded-For", address);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Sends a visitor message; returns the response's status and body.
    pub async fn send(&self, token: &str, body: Value) -> (u16, Value) {
        self.send_behind(token, body, None).await
    }

    /// Sends a visitor message, through a proxy for `forwarded_for` when given; returns the
    /// response's status and body.
    pub async fn send_behind(
        &self,
        token: &str,
        body: Value,
        forwarded_for: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}/api/v1/messages", self.base))
            .bearer_auth(token)
            .header(
                "User-Agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
            );
        if let Some(address) = forwarded_for {
            request = request.header("X-Forwarded-For", address);
        }
        let response = request.json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The visitor's conversation.
    pub async fn conversation(&self, token: &str) -> Value {
        let response = self
            .http
            .get(format!("{}/api/v1/conversation", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Opens the visitor's WebSocket, as a browser tab would.
    pub async fn socket(&self, token: &str) -> Socket {
        let url = format!(
            "{}/api/v1/ws?token={token}",
            self.base.replacen("http", "ws", 1)
        );
        let (stream, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("the socket opens");
        Socket { stream }
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A visitor's WebSocket.
pub struct Socket {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Socket {
    /// The next JSON text frame matching `wanted`, skipping others.
    pub async fn next_matching(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let read = async {
            while let Some(frame) = self.stream.next().await {
                if let Message::Text(text) = frame.expect("a frame") {
                    let value: Value = serde_json::from_str(&text).expect("JSON frames");
                    if wanted(&value) {
                        return value;
                    }
                }
            }
            panic!("the socket closed");
        };
        tokio::time::timeout(PATIENCE, read)
            .await
            .expect("the expected frame came in time")
    }

    /// The close frame the server ends the socket with, skipping the frames before it.
    /// Panics if the connection ends without one (a process that exits without closing its
    /// sockets gives the client a bare end of stream or a reset).
    pub async fn close_frame(&mut self) -> CloseFrame {
        let read = async {
            while let Some(frame) = self.stream.next().await {
                match frame {
                    Ok(Message::Close(Some(frame))) => return frame,
                    Ok(Message::Close(None)) => panic!("the socket closed without a code"),
                    Ok(_) => {}
                    Err(error) => panic!("the socket failed before a close frame: {error}"),
                }
            }
            panic!("the socket ended without a close frame");
        };
        tokio::time::timeout(PATIENCE, read)
            .await
            .expect("the socket was closed in time")
    }

    /// The next operator message frame.
    pub async fn next_operator_message(&mut self) -> Value {
        self.next_matching(|f| f["type"] == "message" && f["message"]["author"] == "operator")
            .await
    }

    /// Asks for every message after `after`.
    pub async fn resume(&mut self, after: i64) {
        self.stream
            .send(Message::Text(
                json!({"type": "resume", "after": after}).to_string().into(),
            ))
            .await
            .unwrap();
    }
}
