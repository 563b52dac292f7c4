//! Idle WebSockets: the app's resident memory with 1,000 and with `--sockets` visitors
//! connected and silent (their clients answer the server's pings), and what one socket costs.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::{megabytes, Context};
use crate::app_process::AppProcess;
use crate::progress::progress;
use crate::visitors::{self, Fleet};

/// The first step: memory at this many sockets.
const FIRST_STEP: usize = 1_000;
/// How long the sockets settle before the memory is read.
const SETTLE: Duration = Duration::from_secs(3);

/// Memory at one count of sockets.
#[derive(Debug, Clone, Serialize)]
pub struct SocketStep {
    /// Sockets opened by the tool.
    pub sockets: usize,
    /// Sockets the app counts (`chat_websocket_connections` of `/metrics`).
    pub connected: f64,
    /// The app's resident memory, in MB.
    pub rss_mb: f64,
    /// (RSS − RSS before any socket) ÷ sockets, in KB.
    pub per_socket_kb: f64,
}

/// The figures of the sockets scenario.
#[derive(Debug, Clone, Serialize)]
pub struct SocketFigures {
    /// RSS of the app just started, in MB.
    pub started_rss_mb: f64,
    /// RSS once every visitor exists and before any socket opens, in MB.
    pub before_sockets_rss_mb: f64,
    /// One entry per step.
    pub steps: Vec<SocketStep>,
    /// Sockets opened per second (handshakes, 64 at a time).
    pub opened_per_second: f64,
    /// How long the largest count was held.
    pub held_s: f64,
    /// Sockets the app still counted at the end of the hold.
    pub connected_after_hold: f64,
    /// Sockets closed by the server during the run (should be 0).
    pub closed_by_server: usize,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<SocketFigures> {
    let telegram = ctx.fake_telegram();
    let dir = ctx.fresh_dir()?;
    let database = ctx.database(dir.path(), "sockets.db")?;
    let app = AppProcess::start(&ctx.app_config(database.url(), &telegram)).await?;
    let address = visitors::app_address(&app.base)?;
    let started_rss = app.rss_bytes()?;
    let most = ctx.cli.sockets.max(1);

    progress!("sockets: creating {most} visitors");
    let (visitors, clients) = visitors::create(&app.base, most).await?;
    // Their HTTP connections close: what remains is what the visitors themselves cost.
    drop(clients);
    tokio::time::sleep(SETTLE).await;
    let before = app.rss_bytes()?;
    progress!(
        "sockets: {most} visitors, RSS {:.1} MB before any socket",
        megabytes(before)
    );

    let mut fleet = Fleet::default();
    let mut steps = Vec::new();
    let mut opening = Duration::ZERO;
    let mut targets = vec![FIRST_STEP.min(most), most];
    targets.dedup();
    for target in targets {
        let from = fleet.counts().opened.load(Ordering::Relaxed);
        progress!("sockets: opening up to {target}");
        let started = Instant::now();
        fleet
            .open(address, &visitors[from..target], |_| |_: &str| {})
            .await?;
        opening += started.elapsed();
        tokio::time::sleep(SETTLE).await;
        let rss = app.rss_bytes()?;
        let connected = app.metric("chat_websocket_connections").await?;
        let per_socket_kb = (rss.saturating_sub(before)) as f64 / target as f64 / 1_000.0;
        progress!(
            "sockets: {target} open ({connected} counted by the app), RSS {:.1} MB, {per_socket_kb:.1} KB per socket",
            megabytes(rss)
        );
        steps.push(SocketStep {
            sockets: target,
            connected,
            rss_mb: megabytes(rss),
            per_socket_kb,
        });
    }

    let hold = ctx.cli.hold;
    progress!("sockets: holding {most} idle sockets for {hold:?}");
    tokio::time::sleep(hold).await;
    let connected_after_hold = app.metric("chat_websocket_connections").await?;
    let closed_by_server = fleet.counts().closed.load(Ordering::Relaxed);
    fleet.close_all();
    app.stop().await?;
    Ok(SocketFigures {
        started_rss_mb: megabytes(started_rss),
        before_sockets_rss_mb: megabytes(before),
        steps,
        opened_per_second: most as f64 / opening.as_secs_f64().max(1e-9),
        held_s: hold.as_secs_f64(),
        connected_after_hold,
        closed_by_server,
    })
}
