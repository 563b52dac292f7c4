//! A bounded abuse run: one client address (127.2.0.1) holds every connection the app allows
//! it (`--abuse-cap`, the app's per-address cap) and keeps trying more, holding them with
//! what costs a server most: request heads that never end, bodies that stop half-way,
//! connections that send nothing, idle WebSockets. Each connection the app cuts (at its
//! deadline) is opened again at once. Meanwhile another address (127.3.0.1) times
//! `GET /healthz` on a new connection every `PROBE_EVERY`. Loopback only; it stops after
//! `--abuse-duration`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinSet;

use super::Context;
use crate::app_process::AppProcess;
use crate::progress::progress;
use crate::stats::Summary;
use crate::visitors::{self, read_until_closed};

/// The abusing client.
const ATTACKER: Ipv4Addr = Ipv4Addr::new(127, 2, 0, 1);
/// The client whose `/healthz` is timed.
const PROBER: Ipv4Addr = Ipv4Addr::new(127, 3, 0, 1);
/// How often `/healthz` is asked.
const PROBE_EVERY: Duration = Duration::from_millis(50);
/// How often the prober reads the app's count of open connections.
const METRICS_EVERY: Duration = Duration::from_millis(500);
/// How often the attacker tries connections over the cap.
const OVER_CAP_EVERY: Duration = Duration::from_millis(500);
/// An over-cap connection closed within this long was refused.
const REFUSED_WITHIN: Duration = Duration::from_millis(500);
/// The longest the attacker's connections may take to be all held.
const RAMP_TIMEOUT: Duration = Duration::from_secs(30);
/// Sockets per visitor token the app allows (its default).
const SOCKETS_PER_TOKEN: usize = 16;

/// How the attacker holds a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// A request line and some headers, never the blank line.
    PartialHead,
    /// A whole head announcing 1,000 bytes of body, then 10 of them.
    PartialBody,
    /// Nothing at all.
    Silent,
    /// A WebSocket that answers pings and says nothing.
    IdleWebSocket,
}

const HOLDS: [Hold; 4] = [
    Hold::PartialHead,
    Hold::PartialBody,
    Hold::Silent,
    Hold::IdleWebSocket,
];

/// The figures of the abuse scenario.
#[derive(Debug, Clone, Serialize)]
pub struct AbuseFigures {
    /// Connections the attacker holds at once (the app's per-address cap).
    pub cap: usize,
    /// How they are held, and how many of each.
    pub holds: Vec<(Hold, usize)>,
    /// How long the abuse was held, in seconds.
    pub held_s: f64,
    /// Connections the app closed (at their deadlines, or at once when a slot was not yet
    /// free) and the attacker opened again.
    pub closed_and_reopened: usize,
    /// Connections tried over the cap.
    pub over_cap_tried: usize,
    /// Of those, closed by the app within `REFUSED_WITHIN`.
    pub over_cap_refused: usize,
    /// `chat_http_connections_refused_total` at the end.
    pub app_refused_total: f64,
    /// The most connections the app counted open (`chat_http_connections`, read every
    /// `METRICS_EVERY`): the attacker's, plus the prober's one or two.
    pub most_open: f64,
    /// `GET /healthz` from another address while the abuse was held.
    pub healthz: Summary,
    /// Probes that failed or timed out.
    pub healthz_failed: usize,
}

/// What the attacker's tasks share.
struct Attack {
    app: SocketAddr,
    tokens: Vec<String>,
    stop: AtomicBool,
    held: AtomicUsize,
    cut: AtomicUsize,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<AbuseFigures> {
    let telegram = ctx.fake_telegram();
    let dir = ctx.fresh_dir()?;
    let database = ctx.database(dir.path(), "abuse.db")?;
    let app = AppProcess::start(&ctx.app_config(database.url(), &telegram)).await?;
    let address = visitors::app_address(&app.base)?;
    let cap = ctx.cli.abuse_cap.max(HOLDS.len());
    let per_hold = cap / HOLDS.len();
    let holds: Vec<(Hold, usize)> = HOLDS
        .iter()
        .enumerate()
        .map(|(i, hold)| (*hold, per_hold + usize::from(i < cap % HOLDS.len())))
        .collect();
    let sockets = holds
        .iter()
        .find(|(hold, _)| *hold == Hold::IdleWebSocket)
        .map_or(0, |(_, n)| *n);
    let tokens = attacker_tokens(&app.base, sockets.div_ceil(SOCKETS_PER_TOKEN).max(1)).await?;
    let attack = Arc::new(Attack {
        app: address,
        tokens,
        stop: AtomicBool::new(false),
        held: AtomicUsize::new(0),
        cut: AtomicUsize::new(0),
    });

    progress!("abuse: 127.2.0.1 opens {cap} connections ({holds:?})");
    let mut tasks = JoinSet::new();
    for (hold, count) in &holds {
        for slot in 0..*count {
            tasks.spawn(hold_one(Arc::clone(&attack), *hold, slot));
        }
    }
    let ramp = Instant::now();
    while attack.held.load(Ordering::Relaxed) < cap {
        if ramp.elapsed() > RAMP_TIMEOUT {
            bail!(
                "only {} of {cap} connections held after {RAMP_TIMEOUT:?}",
                attack.held.load(Ordering::Relaxed)
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cut_before = attack.cut.load(Ordering::Relaxed);
    let duration = ctx.cli.abuse_duration;
    progress!("abuse: {cap} held; probing /healthz from 127.3.0.1 for {duration:?}");
    let over_cap = tokio::spawn(try_over_cap(Arc::clone(&attack), ctx.cli.abuse_extra, cap));
    let probed = probe(address, duration).await?;
    attack.stop.store(true, Ordering::Relaxed);
    let (tried, refused) = over_cap.await.context("the over-cap task failed")?;
    let cut = attack.cut.load(Ordering::Relaxed) - cut_before;
    tasks.abort_all();
    let app_refused_total = app.metric("chat_http_connections_refused_total").await?;
    app.stop().await?;
    let mut latencies = probed.latencies;
    let healthz = Summary::of(&mut latencies).unwrap_or_else(Summary::empty);
    let failed = probed.failed;
    progress!(
        "abuse: /healthz {} ({failed} failed); at most {} connections open; {refused}/{tried} over the cap refused; {cut} closed by the app and reopened",
        healthz.short(),
        probed.most_open
    );
    Ok(AbuseFigures {
        cap,
        holds,
        held_s: duration.as_secs_f64(),
        closed_and_reopened: cut,
        over_cap_tried: tried,
        over_cap_refused: refused,
        app_refused_total,
        most_open: probed.most_open,
        healthz,
        healthz_failed: failed,
    })
}

/// Tokens of visitors created from the attacker's address (its WebSockets need them).
async fn attacker_tokens(base: &str, count: usize) -> anyhow::Result<Vec<String>> {
    let client = reqwest::Client::builder()
        .local_address(IpAddr::V4(ATTACKER))
        .build()?;
    let mut tokens = Vec::new();
    for _ in 0..count {
        let response = client
            .post(format!("{base}/api/v1/visitors"))
            .send()
            .await?;
        let body: serde_json::Value = response.error_for_status()?.json().await?;
        let token = body["token"].as_str().context("no token")?.to_owned();
        tokens.push(token);
    }
    Ok(tokens)
}

/// A connection from the attacker's address.
async fn connect(app: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(ATTACKER), 0))?;
    socket.connect(app).await
}

/// Keeps one connection held the `hold` way until the run stops, opening it again whenever
/// the app cuts it.
async fn hold_one(attack: Arc<Attack>, hold: Hold, slot: usize) {
    while !attack.stop.load(Ordering::Relaxed) {
        let held = match hold {
            Hold::IdleWebSocket => hold_socket(&attack, slot).await,
            raw => hold_raw(&attack, raw).await.map_err(Into::into),
        };
        if held.is_err() {
            // Refused (a slot not yet given back): try again shortly.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// One raw connection held until the app closes it.
async fn hold_raw(attack: &Attack, hold: Hold) -> std::io::Result<()> {
    let mut stream = connect(attack.app).await?;
    let opening: Vec<u8> = match hold {
        Hold::PartialHead => b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Pad: ".to_vec(),
        Hold::PartialBody => format!(
            "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"text\": \"",
            attack.tokens[0]
        )
        .into_bytes(),
        Hold::Silent | Hold::IdleWebSocket => Vec::new(),
    };
    stream.write_all(&opening).await?;
    attack.held.fetch_add(1, Ordering::Relaxed);
    let mut sink = [0u8; 4096];
    while !matches!(stream.read(&mut sink).await, Ok(0) | Err(_)) {}
    attack.held.fetch_sub(1, Ordering::Relaxed);
    attack.cut.fetch_add(1, Ordering::Relaxed);
    Ok(())
}

/// One idle WebSocket held until the app closes it.
async fn hold_socket(attack: &Attack, slot: usize) -> anyhow::Result<()> {
    let stream = connect(attack.app).await?;
    let token = &attack.tokens[(slot / SOCKETS_PER_TOKEN) % attack.tokens.len()];
    let url = format!("ws://{}/api/v1/ws?token={token}", attack.app);
    let (socket, _) = tokio_tungstenite::client_async(url, stream).await?;
    attack.held.fetch_add(1, Ordering::Relaxed);
    read_until_closed(socket, |_| {}).await;
    attack.held.fetch_sub(1, Ordering::Relaxed);
    attack.cut.fetch_add(1, Ordering::Relaxed);
    Ok(())
}

/// Tries `extra` connections over the cap every `OVER_CAP_EVERY` until the run stops: how
/// many were tried, and how many the app closed at once. A batch tried while one of the
/// attacker's connections was being reopened (one slot free for a moment) is not counted.
async fn try_over_cap(attack: Arc<Attack>, extra: usize, cap: usize) -> (usize, usize) {
    let (mut tried, mut refused) = (0, 0);
    let at_cap = || attack.held.load(Ordering::Relaxed) >= cap;
    while !attack.stop.load(Ordering::Relaxed) {
        if !at_cap() {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        }
        let mut batch = JoinSet::new();
        for _ in 0..extra {
            let app = attack.app;
            batch.spawn(async move {
                let Ok(mut stream) = connect(app).await else {
                    return true;
                };
                let mut byte = [0u8; 1];
                let closed = tokio::time::timeout(REFUSED_WITHIN, stream.read(&mut byte)).await;
                matches!(closed, Ok(Ok(0) | Err(_)))
            });
        }
        let mut closed = 0;
        while let Some(outcome) = batch.join_next().await {
            closed += usize::from(outcome.unwrap_or(false));
        }
        if at_cap() {
            tried += extra;
            refused += closed;
        }
        tokio::time::sleep(OVER_CAP_EVERY).await;
    }
    (tried, refused)
}

/// What the prober saw.
struct Probed {
    latencies: Vec<Duration>,
    failed: usize,
    most_open: f64,
}

/// `GET /healthz` on a new connection from the prober's address every `PROBE_EVERY` for
/// `duration`, and the app's count of open connections every `METRICS_EVERY`.
async fn probe(app: SocketAddr, duration: Duration) -> anyhow::Result<Probed> {
    let client = reqwest::Client::builder()
        .local_address(IpAddr::V4(PROBER))
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(2))
        .build()?;
    let url = format!("http://{app}/healthz");
    let mut probed = Probed {
        latencies: Vec::new(),
        failed: 0,
        most_open: 0.0,
    };
    let started = Instant::now();
    let mut last_count = started;
    let mut every = tokio::time::interval(PROBE_EVERY);
    while started.elapsed() < duration {
        every.tick().await;
        let sent = Instant::now();
        let answered = async {
            let response = client.get(&url).send().await?;
            let ok = response.status().is_success();
            response.bytes().await?;
            Ok::<_, reqwest::Error>(ok)
        };
        match answered.await {
            Ok(true) => probed.latencies.push(sent.elapsed()),
            _ => probed.failed += 1,
        }
        if last_count.elapsed() >= METRICS_EVERY {
            last_count = Instant::now();
            let open = open_connections(&client, app).await?;
            probed.most_open = probed.most_open.max(open);
        }
    }
    Ok(probed)
}

/// `chat_http_connections` of the app's `/metrics`.
async fn open_connections(client: &reqwest::Client, app: SocketAddr) -> anyhow::Result<f64> {
    let text = client
        .get(format!("http://{app}/metrics"))
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    text.lines()
        .find_map(|line| line.strip_prefix("chat_http_connections "))
        .and_then(|value| value.trim().parse().ok())
        .context("no chat_http_connections in /metrics")
}
