//! `/tickets` and `/stats` over a database of many tickets, timed twice: the use case alone
//! (`OperatorService::execute` over the SQLite store, in this process: the storage queries and
//! the rendering), and end to end (the command queued at the fake Telegram → the fake receiving
//! the bot's answer).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use chrono::{DateTime, NaiveDateTime, Utc};
use fake_telegram::FakeTelegram;
use serde::Serialize;
use ticket_domain::command::{ListFilter, OperatorCommand};
use ticket_domain::ports::{Clock, OperatorChat, VisitorChannel, VisitorEvent};
use ticket_domain::render::Locale;
use ticket_domain::service::OperatorService;
use ticket_domain::visitor::VisitorId;

use super::Context;
use crate::app_process::{AppProcess, OPERATOR_CHAT};
use crate::progress::progress;
use crate::seed;
use crate::stats::Summary;

/// Untimed runs first (caches, prepared statements).
const WARM_UP_RUNS: usize = 5;
/// The pause between two end-to-end runs, so that each finds the bot idle.
const GAP: Duration = Duration::from_millis(20);
/// The longest an answer may take.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// The timings of one command.
#[derive(Debug, Clone, Serialize)]
pub struct CommandTiming {
    /// `OperatorService::execute` over the store, in process.
    pub in_process: Summary,
    /// Update queued at the fake Telegram → the fake receiving the answer.
    pub end_to_end: Summary,
    /// The length of the answer, in characters.
    pub answer_chars: usize,
}

/// The figures of the commands scenario.
#[derive(Debug, Clone, Serialize)]
pub struct CommandFigures {
    /// Tickets in the database.
    pub tickets: u32,
    /// How long seeding took, in seconds.
    pub seed_s: f64,
    /// `/tickets` (the first page of the active tickets).
    pub tickets_command: CommandTiming,
    /// `/stats`.
    pub stats_command: CommandTiming,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<CommandFigures> {
    let tickets = ctx.cli.tickets;
    let runs = ctx.cli.command_runs.max(1);
    let dir = ctx.fresh_dir()?;
    let database = dir.path().join("commands.db");
    let took = seed::seed(&database, tickets)?;
    progress!("commands: seeded {tickets} tickets in {took:.1?}");

    let path = database.clone();
    let (list_in_process, stats_in_process) =
        tokio::task::spawn_blocking(move || time_in_process(&path, runs))
            .await
            .context("the in-process timing failed")??;
    progress!(
        "commands: in process, /tickets {} · /stats {}",
        list_in_process.short(),
        stats_in_process.short()
    );

    let telegram = ctx.fake_telegram();
    let app = AppProcess::start(&ctx.app_config(&database, &telegram)).await?;
    // Let the bot finish its start-up calls and park its long poll.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (list_e2e, list_chars) = time_end_to_end(&telegram, "/tickets", runs).await?;
    let (stats_e2e, stats_chars) = time_end_to_end(&telegram, "/stats", runs).await?;
    progress!(
        "commands: end to end, /tickets {} · /stats {}",
        list_e2e.short(),
        stats_e2e.short()
    );
    app.stop().await?;
    Ok(CommandFigures {
        tickets,
        seed_s: took.as_secs_f64(),
        tickets_command: CommandTiming {
            in_process: list_in_process,
            end_to_end: list_e2e,
            answer_chars: list_chars,
        },
        stats_command: CommandTiming {
            in_process: stats_in_process,
            end_to_end: stats_e2e,
            answer_chars: stats_chars,
        },
    })
}

/// No visitor is connected in process: events go nowhere.
struct NoSockets;

impl VisitorChannel for NoSockets {
    fn push(&self, _visitor: VisitorId, _event: VisitorEvent) {}
}

/// The machine's clock, UTC on the operator's side.
struct UtcClock;

impl Clock for UtcClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc()
    }
}

/// Times `/tickets` and `/stats` through the use case, `runs` times each.
fn time_in_process(path: &std::path::Path, runs: usize) -> anyhow::Result<(Summary, Summary)> {
    let store = Arc::new(seed::open_store(path)?);
    let service = OperatorService::new(
        Arc::clone(&store),
        Arc::clone(&store),
        NoSockets,
        UtcClock,
        Locale::default(),
    );
    let time = |command: OperatorCommand| -> anyhow::Result<Summary> {
        let mut samples = Vec::with_capacity(runs);
        for run in 0..WARM_UP_RUNS + runs {
            let started = Instant::now();
            service.execute(OperatorChat(OPERATOR_CHAT), command.clone(), None)?;
            if run >= WARM_UP_RUNS {
                samples.push(started.elapsed());
            }
        }
        Ok(Summary::of(&mut samples).unwrap_or_else(Summary::empty))
    };
    let list = time(OperatorCommand::List {
        filter: ListFilter::default(),
        page: 1,
    })?;
    let stats = time(OperatorCommand::Stats)?;
    Ok((list, stats))
}

/// Times `command` sent by the operator through the fake Telegram, `runs` times; returns the
/// timings and the length of the answer.
async fn time_end_to_end(
    telegram: &FakeTelegram,
    command: &str,
    runs: usize,
) -> anyhow::Result<(Summary, usize)> {
    let mut samples = Vec::with_capacity(runs);
    let mut chars = 0;
    for run in 0..WARM_UP_RUNS + runs {
        let before = telegram.call_log("sendMessage").len();
        let pushed = Instant::now();
        telegram.push_text(OPERATOR_CHAT, command);
        let answer = loop {
            let calls = telegram.call_log("sendMessage");
            if let Some(call) = calls.into_iter().nth(before) {
                break call;
            }
            if pushed.elapsed() > ANSWER_TIMEOUT {
                bail!("no answer to {command} within {ANSWER_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        if run >= WARM_UP_RUNS {
            samples.push(answer.at.saturating_duration_since(pushed));
        }
        chars = answer.body["text"]
            .as_str()
            .map_or(0, |text| text.chars().count());
        tokio::time::sleep(GAP).await;
    }
    Ok((
        Summary::of(&mut samples).unwrap_or_else(Summary::empty),
        chars,
    ))
}
