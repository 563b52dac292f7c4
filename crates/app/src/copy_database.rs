//! `app copy-database --from tickets.db --to postgres://…`: moving an install from SQLite to
//! PostgreSQL. Both databases are opened as the app opens them (which migrates each to the
//! current version), then `storage-copy` copies every row in one target transaction.

use std::path::Path;

use anyhow::Context;
use storage_postgres::{PostgresConfig, PostgresStore};
use storage_sqlite::{SqliteStore, StoreConfig};

use crate::database::is_postgres;

/// Copies `from` (SQLite) into `to` (an empty PostgreSQL database) and prints what was copied.
pub fn run(from: &str, to: &str) -> anyhow::Result<()> {
    if is_postgres(from) || !is_postgres(to) {
        anyhow::bail!(
            "copy-database copies a SQLite database (--from tickets.db) into a PostgreSQL one \
             (--to postgres://user:password@host:5432/tickets)"
        );
    }
    let source = StoreConfig::new(from);
    let path = source.path().to_owned();
    if !Path::new(&path).is_file() {
        anyhow::bail!("there is no SQLite database at {path} (--from)");
    }
    drop(SqliteStore::open(source).with_context(|| format!("cannot open {path} (--from)"))?);
    drop(
        PostgresStore::open(PostgresConfig::new(to.to_owned()))
            .context("cannot open the PostgreSQL database (--to)")?,
    );
    let report = storage_copy::copy(&path, to).context("nothing was copied")?;
    println!(
        "Copied {} visitors, {} tickets, {} messages, {} internal notes, {} outbox entries, {} \
         remembered bot messages, {} chat focuses, {} forum topics and {} handled Telegram updates from {path}.",
        report.visitors,
        report.tickets,
        report.messages,
        report.ticket_notes,
        report.outbox,
        report.sent_messages,
        report.chat_focus,
        report.forum_topics,
        report.handled_updates + report.update_claims,
    );
    println!("Set DATABASE_URL to the PostgreSQL URL and start the app.");
    Ok(())
}
