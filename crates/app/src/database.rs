//! Which database `DATABASE_URL` names, and opening it as the ports the adapters need: SQLite
//! (a path, `sqlite://…` or `file:…`; the default) or PostgreSQL (`postgres://…` or
//! `postgresql://…`, for several instances on one database).

use std::sync::Arc;

use anyhow::Context;
use storage_postgres::{PostgresConfig, PostgresStore};
use storage_sqlite::{SqliteStore, StoreConfig, Synchronous};
use ticket_domain::ports::{InboundLog, NotificationOutbox, OperatorChatStore, TicketStore};

/// The database of `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file, with its durability setting.
    Sqlite {
        /// The path or SQLite URL, as given.
        path: String,
        /// `SQLITE_SYNCHRONOUS`.
        synchronous: Synchronous,
    },
    /// A PostgreSQL server shared by every instance.
    Postgres {
        /// The connection URL (a secret: it may hold a password; never logged).
        url: String,
        /// `DATABASE_POOL_SIZE`.
        pool_size: u32,
    },
}

impl Database {
    /// The database `raw` names: a PostgreSQL URL (with its pool size), or else a SQLite path
    /// (with its durability).
    pub fn from_url(raw: &str, synchronous: Synchronous, pool_size: u32) -> Self {
        if is_postgres(raw) {
            Self::Postgres {
                url: raw.to_owned(),
                pool_size,
            }
        } else {
            Self::Sqlite {
                path: raw.to_owned(),
                synchronous,
            }
        }
    }

    /// The URL of a PostgreSQL database, which several instances share.
    pub fn postgres_url(&self) -> Option<&str> {
        match self {
            Self::Postgres { url, .. } => Some(url),
            Self::Sqlite { .. } => None,
        }
    }
}

/// Whether `raw` is a PostgreSQL connection URL.
pub fn is_postgres(raw: &str) -> bool {
    raw.starts_with("postgres://") || raw.starts_with("postgresql://")
}

/// The open database, as each port the adapters need.
#[derive(Clone)]
pub struct Storage {
    /// Reads and the unit of work of the use cases.
    pub tickets: Arc<dyn TicketStore>,
    /// The operator chats' routing state.
    pub chats: Arc<dyn OperatorChatStore>,
    /// The notification outbox.
    pub outbox: Arc<dyn NotificationOutbox>,
    /// The log of inbound Telegram updates.
    pub inbound: Arc<dyn InboundLog>,
    /// Whether the database answers, for `/healthz`.
    pub ping: Arc<dyn Fn() -> bool + Send + Sync>,
}

impl Storage {
    fn of<S>(store: S, ping: impl Fn(&S) -> bool + Send + Sync + 'static) -> Self
    where
        S: TicketStore + OperatorChatStore + NotificationOutbox + InboundLog + Clone,
    {
        let store = Arc::new(store);
        let pinged = Arc::clone(&store);
        Self {
            tickets: store.clone(),
            chats: store.clone(),
            outbox: store.clone(),
            inbound: store,
            ping: Arc::new(move || ping(&pinged)),
        }
    }
}

/// Opens (creating and migrating it when needed) the database, on a blocking thread.
pub async fn open(database: &Database) -> anyhow::Result<Storage> {
    let database = database.clone();
    tokio::task::spawn_blocking(move || open_blocking(&database))
        .await
        .context("the database opening task failed")?
}

/// Opens the database on this thread.
pub fn open_blocking(database: &Database) -> anyhow::Result<Storage> {
    match database {
        Database::Sqlite { path, synchronous } => {
            let config = StoreConfig {
                synchronous: *synchronous,
                ..StoreConfig::new(path.clone())
            };
            let store = SqliteStore::open(config)
                .with_context(|| format!("cannot open the database {path} (DATABASE_URL)"))?;
            Ok(Storage::of(store, |store| store.ping().is_ok()))
        }
        Database::Postgres { url, pool_size } => {
            let config = PostgresConfig {
                pool_size: *pool_size,
                ..PostgresConfig::new(url.clone())
            };
            let store = PostgresStore::open(config)
                .context("cannot open the PostgreSQL database (DATABASE_URL)")?;
            Ok(Storage::of(store, |store| store.ping().is_ok()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_select_postgres_and_everything_else_sqlite() {
        for url in ["postgres://u:p@h:5432/tickets", "postgresql://h/tickets"] {
            assert_eq!(
                Database::from_url(url, Synchronous::Full, 4).postgres_url(),
                Some(url)
            );
        }
        for path in [
            "tickets.db",
            "sqlite:///var/lib/t.db",
            "file:t.db",
            "./postgres.db",
        ] {
            assert!(Database::from_url(path, Synchronous::Full, 4)
                .postgres_url()
                .is_none());
        }
    }
}
