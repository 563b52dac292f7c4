//! The scenarios of the load run. Each starts its own app on a fresh database against its own
//! fake Telegram, measures, stops the app, and returns its figures.

pub mod abuse;
pub mod commands;
pub mod forum;
pub mod messages;
pub mod replies;
pub mod sockets;
pub mod startup;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fake_telegram::{FakeOptions, FakeTelegram, RateLimits};
use storage_postgres::testing::TestDatabase;

use crate::app_process::{fresh_dir, AppConfig, OPERATOR_CHAT};
use crate::cli::Cli;

/// As Telegram does: a `getUpdates` long poll waits up to the timeout the bot asks for (25 s).
const LONG_POLL_CAP: Duration = Duration::from_secs(25);

/// What every scenario needs.
pub struct Context {
    /// The command line.
    pub cli: Cli,
}

impl Context {
    /// A fake Telegram Bot API on 127.0.0.1 that long-polls like the real one, without
    /// Telegram's rate limits: the scenarios measure the app, not the limits (which turn a
    /// burst into digests, see docs/performance.md).
    pub fn fake_telegram(&self) -> FakeTelegram {
        self.fake_telegram_with(RateLimits::unlimited())
    }

    /// The same fake with flood `limits` (`RateLimits::telegram()`: the real ones).
    pub fn fake_telegram_with(&self, limits: RateLimits) -> FakeTelegram {
        FakeTelegram::start_with(FakeOptions {
            long_poll_cap: LONG_POLL_CAP,
            limits,
        })
    }

    /// A fresh directory for the scenario's databases (removed when dropped).
    pub fn fresh_dir(&self) -> anyhow::Result<tempfile::TempDir> {
        fresh_dir(self.cli.db_dir.as_deref())
    }

    /// A fresh database for a scenario: a new database on the `--database` server, or else the
    /// SQLite file `name` in `dir`. Dropped (on PostgreSQL) with the value.
    pub fn database(&self, dir: &Path, name: &str) -> anyhow::Result<ScenarioDatabase> {
        Ok(match &self.cli.database {
            Some(server) => ScenarioDatabase::Postgres(TestDatabase::create_on(server)?),
            None => ScenarioDatabase::Sqlite(dir.join(name)),
        })
    }

    /// How to start the app on `database` against `telegram`, notifying [`OPERATOR_CHAT`].
    pub fn app_config(&self, database: impl AsRef<OsStr>, telegram: &FakeTelegram) -> AppConfig {
        AppConfig {
            bin: self.cli.app_bin.clone(),
            database: database.as_ref().to_owned(),
            telegram_api_url: telegram.api_url(),
            synchronous: self.cli.synchronous.clone(),
            operator_chat: OPERATOR_CHAT,
            forum_announce: None,
            extra_env: self.cli.app_env.clone(),
        }
    }
}

/// The database of one scenario.
pub enum ScenarioDatabase {
    /// A SQLite file (in the scenario's directory).
    Sqlite(PathBuf),
    /// A database of its own on the PostgreSQL server, dropped with this value.
    Postgres(TestDatabase),
}

impl ScenarioDatabase {
    /// Its `DATABASE_URL`.
    pub fn url(&self) -> OsString {
        match self {
            Self::Sqlite(path) => path.clone().into_os_string(),
            Self::Postgres(database) => database.url().into(),
        }
    }
}

/// Bytes in megabytes (10⁶ bytes, as the targets are written).
pub fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}
