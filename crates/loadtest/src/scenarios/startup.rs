//! Start-up and idle memory: spawn → first `200` of `/healthz`, on a fresh database and on one
//! holding many tickets; resident memory once the started app has settled.

use std::time::Duration;

use serde::Serialize;

use super::{megabytes, Context};
use crate::app_process::AppProcess;
use crate::progress::progress;
use crate::seed;
use crate::stats::Summary;

/// How long the app idles before its memory is read (the bot's start-up calls are done).
const IDLE_SETTLE: Duration = Duration::from_secs(3);

/// The figures of the start-up scenario.
#[derive(Debug, Clone, Serialize)]
pub struct StartupFigures {
    /// Start-up on a database file that does not exist yet (created and migrated).
    pub fresh_db: Summary,
    /// Start-up on a database that holds `seeded_tickets` tickets.
    pub seeded_db: Summary,
    /// The tickets of the seeded database.
    pub seeded_tickets: u32,
    /// Resident memory of the idle app (fresh database, bot polling), in MB.
    pub idle_rss_mb: f64,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<StartupFigures> {
    let telegram = ctx.fake_telegram();
    let dir = ctx.fresh_dir()?;
    let starts = ctx.cli.starts.max(1);

    let mut fresh = Vec::new();
    let mut idle_rss = 0;
    for run in 0..starts {
        let database = dir.path().join(format!("fresh-{run}.db"));
        let app = AppProcess::start(&ctx.app_config(&database, &telegram)).await?;
        fresh.push(app.startup);
        if run == 0 {
            tokio::time::sleep(IDLE_SETTLE).await;
            idle_rss = app.rss_bytes()?;
            progress!("startup: idle RSS {:.1} MB", megabytes(idle_rss));
        }
        app.stop().await?;
    }
    progress!("startup: fresh database {:?}", fresh);

    let tickets = ctx.cli.tickets;
    let database = dir.path().join("seeded.db");
    let took = seed::seed(&database, tickets)?;
    progress!("startup: seeded {tickets} tickets in {took:.1?}");
    let mut seeded = Vec::new();
    for _ in 0..starts {
        let app = AppProcess::start(&ctx.app_config(&database, &telegram)).await?;
        seeded.push(app.startup);
        app.stop().await?;
    }
    progress!("startup: seeded database {:?}", seeded);

    Ok(StartupFigures {
        fresh_db: Summary::of(&mut fresh).unwrap_or_else(Summary::empty),
        seeded_db: Summary::of(&mut seeded).unwrap_or_else(Summary::empty),
        seeded_tickets: tickets,
        idle_rss_mb: megabytes(idle_rss),
    })
}
