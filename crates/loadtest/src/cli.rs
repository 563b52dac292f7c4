//! The command line: which scenario, how hard, where the app binary is, where the JSON goes.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// Load generator of the live-chat app: starts the real binary (release build, fresh SQLite
/// file) against a fake Telegram Bot API on 127.0.0.1, drives it, and prints the figures of
/// docs/performance.md. Talks to 127.0.0.1 only; every run is bounded and stops by itself.
#[derive(Debug, Parser)]
#[command(name = "loadtest", version, about)]
pub struct Cli {
    /// Which scenario to run.
    #[arg(long, value_enum, default_value_t = Scenario::All)]
    pub scenario: Scenario,

    /// The app binary to start (build it with `cargo build --release -p app`).
    #[arg(long, default_value = "target/release/app")]
    pub app_bin: PathBuf,

    /// Also write every figure to this JSON file.
    #[arg(long)]
    pub json: Option<PathBuf>,

    /// Where the fresh SQLite files go (default: the system's temporary directory). Put it on
    /// the disk whose commit cost you want to measure.
    #[arg(long)]
    pub db_dir: Option<PathBuf>,

    /// Run the app on PostgreSQL instead of SQLite: `postgres://…`, the URL of a role that
    /// may create databases (e.g. `postgres://postgres@127.0.0.1:5432/postgres`, or the
    /// TEST_POSTGRES_URL that scripts/with-postgres exports). Each of the scenarios messages,
    /// replies, sockets, abuse and forum then gets a new database on that server, dropped at
    /// its end; startup and commands, which seed SQLite files, stay on SQLite.
    #[arg(long, value_name = "POSTGRES_URL", value_parser = parse_postgres_url)]
    pub database: Option<String>,

    /// The app's SQLITE_SYNCHRONOUS (`full` is the production default).
    #[arg(long, default_value = "full")]
    pub synchronous: String,

    /// An extra environment variable for the app, `KEY=VALUE` (repeatable), for experiments
    /// while profiling (e.g. `MALLOC_ARENA_MAX=2`); the published figures use none.
    #[arg(long = "app-env", value_parser = parse_env)]
    pub app_env: Vec<(String, String)>,

    /// sockets: the most idle WebSockets held (figures at 1,000 and at this count).
    #[arg(long, default_value_t = 10_000)]
    pub sockets: usize,

    /// sockets: how long the sockets are held at the largest count (spans server pings).
    #[arg(long, default_value = "12s", value_parser = parse_duration)]
    pub hold: Duration,

    /// messages: visitor messages per second (open loop).
    #[arg(long, default_value_t = 3_000)]
    pub rate: u32,

    /// messages: a second, lighter rate, to show the latency of a system that keeps up (0 to
    /// skip it).
    #[arg(long, default_value_t = 100)]
    pub light_rate: u32,

    /// messages: how long the rate is kept up.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub duration: Duration,

    /// replies: visitors connected (each with a ticket and an open socket).
    #[arg(long, default_value_t = 1_000)]
    pub reply_visitors: usize,

    /// replies: how many operator replies are fed.
    #[arg(long, default_value_t = 1_000)]
    pub replies: usize,

    /// replies: operator replies per second.
    #[arg(long, default_value_t = 50)]
    pub reply_rate: u32,

    /// commands: tickets seeded in the database.
    #[arg(long, default_value_t = 100_000)]
    pub tickets: u32,

    /// commands: how many times each command is timed (in process, and end to end).
    #[arg(long, default_value_t = 200)]
    pub command_runs: usize,

    /// startup: how many starts are timed on each database (fresh, and seeded).
    #[arg(long, default_value_t = 5)]
    pub starts: usize,

    /// abuse: connections one address holds: the app's per-address cap (its default).
    #[arg(long, default_value_t = 256)]
    pub abuse_cap: usize,

    /// abuse: connections tried over the cap every half second.
    #[arg(long, default_value_t = 32)]
    pub abuse_extra: usize,

    /// abuse: how long the abuse is held while /healthz is timed (longer than the body
    /// deadline, so that cut connections are opened again).
    #[arg(long, default_value = "20s", value_parser = parse_duration)]
    pub abuse_duration: Duration,

    /// forum: new tickets (one first message from each of as many new visitors).
    #[arg(long, default_value_t = 100)]
    pub forum_tickets: usize,

    /// forum: the seconds over which the first messages are spread evenly.
    #[arg(long, default_value_t = 10.0, value_parser = parse_seconds)]
    pub forum_seconds: f64,

    /// forum: the app's TELEGRAM_FORUM_ANNOUNCE (a line in General for each new ticket).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub forum_announce: Switch,
}

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// On.
    On,
    /// Off.
    Off,
}

impl Switch {
    /// Whether it is on.
    pub fn is_on(self) -> bool {
        self == Self::On
    }
}

/// A scenario of the load run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// Start-up time (fresh and seeded database) and idle memory.
    Startup,
    /// Idle WebSockets: memory at 1,000 and at `--sockets`.
    Sockets,
    /// Visitor messages over HTTP at `--rate`: throughput and POST → Telegram latency.
    Messages,
    /// Operator replies from Telegram to connected visitors: update → socket latency.
    Replies,
    /// `/tickets` and `/stats` over `--tickets` tickets.
    Commands,
    /// One address holds every connection it may, with unfinished requests and idle sockets,
    /// and tries more: `/healthz` latency from another address.
    Abuse,
    /// `--forum-tickets` new tickets in `--forum-seconds` into one forum group at Telegram's
    /// real limits (20 messages a minute per group): how long until every topic, card and
    /// General line is there, against the least the limit allows. Not part of `all`: 100
    /// tickets take about 14 minutes, almost all of it waiting out the limit.
    Forum,
    /// Every scenario but `forum`, in this order.
    All,
}

impl Scenario {
    /// The scenarios this choice runs, in order.
    pub fn expand(self) -> Vec<Scenario> {
        match self {
            Self::All => vec![
                Self::Startup,
                Self::Sockets,
                Self::Messages,
                Self::Replies,
                Self::Commands,
                Self::Abuse,
            ],
            one => vec![one],
        }
    }
}

/// A PostgreSQL URL (SQLite needs no option: it is the default).
fn parse_postgres_url(raw: &str) -> Result<String, String> {
    if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
        Ok(raw.to_owned())
    } else {
        Err(format!(
            "expected a PostgreSQL URL, postgres://…; SQLite is the default (got {raw})"
        ))
    }
}

/// `KEY=VALUE`.
fn parse_env(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {raw}")),
    }
}

/// A number of seconds, zero or more.
fn parse_seconds(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => Ok(seconds),
        _ => Err(format!(
            "expected a number of seconds, 0 or more (got {raw})"
        )),
    }
}

/// `10s`, `1500ms`, `2m`, or a bare number of seconds.
fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let (number, unit) = match raw.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => raw.split_at(at),
        None => (raw, "s"),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a duration: {raw} (e.g. 10s, 1500ms, 2m)"))?;
    let seconds = match unit {
        "ms" => value / 1_000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("unknown unit in {raw} (ms, s or m)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{raw}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit_or_default_to_seconds() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("3h").is_err());
    }

    #[test]
    fn seconds_are_a_number_zero_or_more() {
        assert_eq!(parse_seconds("10"), Ok(10.0));
        assert_eq!(parse_seconds("2.5"), Ok(2.5));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("ten").is_err());
    }

    #[test]
    fn the_forum_scenario_runs_only_when_asked_for() {
        assert!(!Scenario::All.expand().contains(&Scenario::Forum));
        assert_eq!(Scenario::Forum.expand(), vec![Scenario::Forum]);
    }
}
