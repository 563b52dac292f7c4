//! Simulated visitors, as the widget is: a token from `POST /api/v1/visitors`, messages over
//! HTTP, a WebSocket.
//!
//! The app limits clients per IP address (30 new visitors at once then one every 2 s; 300 API
//! requests at once then 30 per second). Real visitors come from many addresses, so the tool
//! spreads its visitors over many loopback source addresses (127.1.0.1, 127.1.0.2, …: the whole
//! of 127.0.0.0/8 is the loopback on Linux), binding each client socket to its visitor's
//! address, and keeps every address under the app's limits. The app runs with its production
//! settings: no trusted proxy, no raised limit.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use futures_util::StreamExt;
use serde_json::Value;
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_tungstenite::WebSocketStream;

use crate::progress::progress;

/// Visitors created from one source address: under the burst of 30 of the app.
pub const VISITORS_PER_ADDRESS: usize = 25;
/// Concurrent requests while creating visitors.
const CREATE_CONCURRENCY: usize = 32;
/// The first source address.
const FIRST_ADDRESS: Ipv4Addr = Ipv4Addr::new(127, 1, 0, 1);
/// The widget's `User-Agent` (a desktop browser).
pub const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/// The source address of group `group`: 127.1.0.1, 127.1.0.2, …
pub fn source_address(group: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(
        u32::from(FIRST_ADDRESS).saturating_add(group as u32),
    ))
}

/// One HTTP client per source address (a client binds all its connections to one address).
#[derive(Clone)]
pub struct Clients {
    clients: Arc<Vec<reqwest::Client>>,
}

impl Clients {
    /// Clients for `groups` source addresses.
    pub fn new(groups: usize) -> anyhow::Result<Self> {
        let clients = (0..groups.max(1))
            .map(|group| {
                reqwest::Client::builder()
                    .local_address(source_address(group))
                    .user_agent(USER_AGENT)
                    .timeout(Duration::from_secs(60))
                    .pool_idle_timeout(Duration::from_secs(60))
                    .tcp_nodelay(true)
                    .build()
                    .context("cannot build an HTTP client")
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Self {
            clients: Arc::new(clients),
        })
    }

    /// The client of `group`.
    pub fn get(&self, group: usize) -> &reqwest::Client {
        &self.clients[group % self.clients.len()]
    }
}

/// A visitor of the load run.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Its bearer token.
    pub token: String,
    /// Which source address it uses.
    pub group: usize,
}

/// Creates `count` visitors, `VISITORS_PER_ADDRESS` per source address.
pub async fn create(base: &str, count: usize) -> anyhow::Result<(Vec<Visitor>, Clients)> {
    let groups = count.div_ceil(VISITORS_PER_ADDRESS);
    let clients = Clients::new(groups)?;
    let permits = Arc::new(Semaphore::new(CREATE_CONCURRENCY));
    let mut tasks = JoinSet::new();
    // Address by address in turn, so that each address has one request at a time on one
    // kept-alive connection, as one browser would: no crowd of idle connections to the app.
    let order = (0..VISITORS_PER_ADDRESS)
        .flat_map(|round| (0..groups).map(move |group| group * VISITORS_PER_ADDRESS + round))
        .filter(|index| *index < count);
    for (done, index) in order.enumerate() {
        let group = index / VISITORS_PER_ADDRESS;
        let client = clients.get(group).clone();
        let url = format!("{base}/api/v1/visitors");
        let permit = Arc::clone(&permits).acquire_owned().await?;
        if done > 0 && done.is_multiple_of(2_000) {
            progress!("  {done}/{count} visitors created");
        }
        tasks.spawn(async move {
            let _permit = permit;
            let response = client.post(url).send().await?;
            let status = response.status();
            if status != reqwest::StatusCode::CREATED {
                bail!("POST /api/v1/visitors answered {status}");
            }
            let body: Value = response.json().await?;
            let token = body["token"]
                .as_str()
                .context("no token in the answer")?
                .to_owned();
            Ok((index, Visitor { token, group }))
        });
    }
    let mut visitors: Vec<Option<Visitor>> = vec![None; count];
    while let Some(joined) = tasks.join_next().await {
        let (index, visitor) = joined??;
        visitors[index] = Some(visitor);
    }
    let visitors = visitors.into_iter().flatten().collect::<Vec<_>>();
    Ok((visitors, clients))
}

/// A WebSocket client stream.
pub type Socket = WebSocketStream<TcpStream>;

/// Opens `visitor`'s WebSocket from its source address.
pub async fn open_socket(app: SocketAddr, visitor: &Visitor) -> anyhow::Result<Socket> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source_address(visitor.group), 0))?;
    let stream = socket.connect(app).await?;
    stream.set_nodelay(true)?;
    let url = format!("ws://{app}/api/v1/ws?token={}", visitor.token);
    let (socket, _) = tokio_tungstenite::client_async(url, stream)
        .await
        .context("WebSocket handshake")?;
    Ok(socket)
}

/// Reads a socket until it closes, answering the server's pings (tungstenite queues the pong
/// and sends it on the next read); `on_text` sees every text frame the moment it is read.
pub async fn read_until_closed(mut socket: Socket, mut on_text: impl FnMut(&str)) {
    while let Some(frame) = socket.next().await {
        match frame {
            Ok(tokio_tungstenite::tungstenite::Message::Text(text)) => on_text(text.as_str()),
            Ok(_) => {}
            Err(_) => break,
        }
    }
}

/// The app's socket address from its base URL.
pub fn app_address(base: &str) -> anyhow::Result<SocketAddr> {
    base.trim_start_matches("http://")
        .parse()
        .with_context(|| format!("not an address: {base}"))
}

/// Sockets opened at once.
const OPEN_CONCURRENCY: usize = 64;
/// The longest the opening of a batch of sockets may take.
const OPEN_TIMEOUT: Duration = Duration::from_secs(300);

/// Many open sockets, each read by a task of its own until it closes.
#[derive(Default)]
pub struct Fleet {
    tasks: JoinSet<()>,
    counts: Arc<FleetCounts>,
    first_error: Arc<std::sync::Mutex<Option<String>>>,
}

/// How the sockets of a fleet are doing.
#[derive(Debug, Default)]
pub struct FleetCounts {
    /// Opened (handshake done).
    pub opened: AtomicUsize,
    /// Could not be opened.
    pub failed: AtomicUsize,
    /// Closed after being opened (by the server, or an error).
    pub closed: AtomicUsize,
}

impl Fleet {
    /// The counts.
    pub fn counts(&self) -> &FleetCounts {
        &self.counts
    }

    /// Opens one socket per visitor, `OPEN_CONCURRENCY` at a time, and waits until each is
    /// open or failed. `handler(i)` gets the text frames of visitor `visitors[i]`'s socket.
    pub async fn open<H>(
        &mut self,
        app: SocketAddr,
        visitors: &[Visitor],
        handler: impl Fn(usize) -> H,
    ) -> anyhow::Result<()>
    where
        H: FnMut(&str) + Send + 'static,
    {
        let target = self.counts.opened.load(Ordering::Relaxed)
            + self.counts.failed.load(Ordering::Relaxed)
            + visitors.len();
        let permits = Arc::new(Semaphore::new(OPEN_CONCURRENCY));
        for (index, visitor) in visitors.iter().enumerate() {
            let permit = Arc::clone(&permits).acquire_owned().await?;
            let visitor = visitor.clone();
            let counts = Arc::clone(&self.counts);
            let first_error = Arc::clone(&self.first_error);
            let on_text = handler(index);
            self.tasks.spawn(async move {
                let socket = match open_socket(app, &visitor).await {
                    Ok(socket) => socket,
                    Err(error) => {
                        counts.failed.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut first) = first_error.lock() {
                            first.get_or_insert_with(|| format!("{error:#}"));
                        }
                        return;
                    }
                };
                counts.opened.fetch_add(1, Ordering::Relaxed);
                drop(permit);
                read_until_closed(socket, on_text).await;
                counts.closed.fetch_add(1, Ordering::Relaxed);
            });
            let opened = self.counts.opened.load(Ordering::Relaxed);
            if index > 0 && index.is_multiple_of(2_000) {
                progress!("  {opened} sockets open");
            }
        }
        let started = std::time::Instant::now();
        loop {
            let done = self.counts.opened.load(Ordering::Relaxed)
                + self.counts.failed.load(Ordering::Relaxed);
            if done >= target {
                break;
            }
            if started.elapsed() > OPEN_TIMEOUT {
                bail!("sockets still opening after {OPEN_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let failed = self.counts.failed.load(Ordering::Relaxed);
        if failed > 0 {
            let first = self
                .first_error
                .lock()
                .ok()
                .and_then(|first| first.clone())
                .unwrap_or_default();
            bail!("{failed} sockets could not be opened; the first error: {first}");
        }
        Ok(())
    }

    /// Drops every socket (the server sees the connections reset).
    pub fn close_all(&mut self) {
        self.tasks.abort_all();
    }
}
