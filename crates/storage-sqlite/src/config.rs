//! How to open the store: where the file is, how many connections, how durable a commit is.

use std::time::Duration;

/// When SQLite waits for the disk at commit (`PRAGMA synchronous`), in WAL mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// Every commit waits until the write-ahead log is on disk (one `fsync` per commit), so an
    /// acknowledged message survives a power loss or an OS crash. The default: a visitor who saw
    /// "sent" must never lose the message.
    #[default]
    Full,
    /// Commits return before the log is synced; the log is synced at checkpoints. Survives a
    /// crash of the process, but a power loss or an OS crash can lose the last acknowledged
    /// transactions (never corrupt the database). Faster: see `docs/performance.md`.
    Normal,
}

impl Synchronous {
    /// The PRAGMA value.
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Self::Full => "FULL",
            Self::Normal => "NORMAL",
        }
    }
}

/// The configuration of [`crate::SqliteStore::open`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// The database file. `sqlite://path` and `file:path` are accepted too (the prefix is
    /// stripped); `:memory:` is refused, since every pooled connection would get its own
    /// database. The file is created when missing; its directory must exist.
    pub database_url: String,
    /// How many connections the pool of readers keeps (8 by default); reads run beside the
    /// writes, which have a connection of their own.
    pub pool_size: u32,
    /// How long a connection waits for the write lock held by another process before failing
    /// (5 s by default).
    pub busy_timeout: Duration,
    /// How durable a commit is ([`Synchronous::Full`] by default).
    pub synchronous: Synchronous,
}

impl StoreConfig {
    /// The default pool size.
    pub const DEFAULT_POOL_SIZE: u32 = 8;
    /// The default busy timeout.
    pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

    /// A configuration for `database_url` with the defaults.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            pool_size: Self::DEFAULT_POOL_SIZE,
            busy_timeout: Self::DEFAULT_BUSY_TIMEOUT,
            synchronous: Synchronous::default(),
        }
    }

    /// The file path, without a `sqlite://` or `file:` prefix.
    pub fn path(&self) -> &str {
        let url = self.database_url.trim();
        url.strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("file:"))
            .unwrap_or(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_prefixes_are_stripped() {
        for url in [
            "/var/lib/chat.db",
            "sqlite:///var/lib/chat.db",
            "file:/var/lib/chat.db",
        ] {
            assert_eq!(StoreConfig::new(url).path(), "/var/lib/chat.db", "{url}");
        }
        assert_eq!(StoreConfig::new("sqlite://chat.db").path(), "chat.db");
    }

    #[test]
    fn defaults_are_durable() {
        let config = StoreConfig::new("chat.db");
        assert_eq!(config.synchronous, Synchronous::Full);
        assert_eq!(config.pool_size, 8);
        assert_eq!(config.busy_timeout, Duration::from_secs(5));
    }
}
