//! The copy itself: table by table, in the order of their foreign keys, streamed from SQLite
//! and inserted into PostgreSQL in chunks.

use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::{ConnectionError, PgConnection, SqliteConnection};
use storage_schema::schema::{
    chat_focus, forum_topics, handled_updates, messages, outbox, sent_messages, ticket_notes,
    tickets, update_claims, visitors,
};

use crate::rows::{
    ChatFocus, ForumTopic, HandledUpdate, Message, OutboxEntry, SentMessage, Ticket, TicketNote,
    UpdateClaim, Visitor,
};

/// Rows per `INSERT` (14 columns at most: far below PostgreSQL's 65,535 parameters).
const CHUNK: usize = 1_000;

/// Every copied table, in the order of their foreign keys.
const TABLES: [&str; 10] = [
    "visitors",
    "tickets",
    "messages",
    "ticket_notes",
    "outbox",
    "sent_messages",
    "chat_focus",
    "forum_topics",
    "handled_updates",
    "update_claims",
];

/// Why a copy failed. Nothing was written to the target.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// A database could not be opened.
    #[error("cannot open the {which} database")]
    Connect {
        /// `source` or `target`.
        which: &'static str,
        /// Why.
        #[source]
        source: ConnectionError,
    },
    /// The target holds rows already.
    #[error(
        "the target database is not empty (its table {table} has rows): copy into a new, \
         empty database"
    )]
    TargetNotEmpty {
        /// The first non-empty table found.
        table: &'static str,
    },
    /// A query failed.
    #[error("the copy failed")]
    Query(#[from] diesel::result::Error),
    /// The target does not hold what was copied (checked before the commit).
    #[error("the target holds {found} rows in {table} after copying {copied}")]
    Mismatch {
        /// The table.
        table: &'static str,
        /// Rows copied.
        copied: u64,
        /// Rows found.
        found: u64,
    },
}

/// How many rows of each table were copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// Visitors.
    pub visitors: u64,
    /// Tickets.
    pub tickets: u64,
    /// Messages.
    pub messages: u64,
    /// The team's internal notes.
    pub ticket_notes: u64,
    /// Outbox entries (delivered, pending and given up).
    pub outbox: u64,
    /// Bot messages remembered in operator chats.
    pub sent_messages: u64,
    /// Operator chats' focused tickets.
    pub chat_focus: u64,
    /// Tickets' topics in forum groups.
    pub forum_topics: u64,
    /// Telegram updates handled (kept eight days).
    pub handled_updates: u64,
    /// Telegram updates being handled.
    pub update_claims: u64,
}

impl CopyReport {
    fn counts(&self) -> [u64; 10] {
        [
            self.visitors,
            self.tickets,
            self.messages,
            self.ticket_notes,
            self.outbox,
            self.sent_messages,
            self.chat_focus,
            self.forum_topics,
            self.handled_updates,
            self.update_claims,
        ]
    }
}

/// Streams every row of `$table` (in `$order`) from `$source` into `$target`; the row count.
macro_rules! copy_table {
    ($source:expr, $target:expr, $table:ident, $row:ty, $order:expr) => {{
        let mut copied: u64 = 0;
        let mut chunk: Vec<$row> = Vec::with_capacity(CHUNK);
        let rows = $table::table
            .order($order)
            .select(<$row>::as_select())
            .load_iter::<$row, DefaultLoadingMode>($source)?;
        for row in rows {
            chunk.push(row?);
            if chunk.len() == CHUNK {
                copied += insert_count(
                    diesel::insert_into($table::table)
                        .values(&chunk)
                        .execute($target)?,
                );
                chunk.clear();
            }
        }
        if !chunk.is_empty() {
            copied += insert_count(
                diesel::insert_into($table::table)
                    .values(&chunk)
                    .execute($target)?,
            );
        }
        copied
    }};
}

fn insert_count(inserted: usize) -> u64 {
    u64::try_from(inserted).unwrap_or(u64::MAX)
}

/// Copies the SQLite file `sqlite_path` into the PostgreSQL database of `postgres_url`.
pub fn copy(sqlite_path: &str, postgres_url: &str) -> Result<CopyReport, CopyError> {
    let mut source =
        SqliteConnection::establish(sqlite_path).map_err(|source| CopyError::Connect {
            which: "source",
            source,
        })?;
    let mut target =
        PgConnection::establish(postgres_url).map_err(|source| CopyError::Connect {
            which: "target",
            source,
        })?;
    source.transaction(|source| {
        target.transaction(|target| {
            lock_empty_target(target)?;
            let report = copy_rows(source, target)?;
            check(target, &report)?;
            set_sequences(target)?;
            Ok(report)
        })
    })
}

/// Locks every table of the target against writers and checks that they are empty.
fn lock_empty_target(target: &mut PgConnection) -> Result<(), CopyError> {
    diesel::sql_query(format!(
        "LOCK TABLE {} IN EXCLUSIVE MODE",
        TABLES.join(", ")
    ))
    .execute(target)?;
    for table in TABLES {
        if row_count(target, table)? > 0 {
            return Err(CopyError::TargetNotEmpty { table });
        }
    }
    Ok(())
}

fn copy_rows(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> Result<CopyReport, CopyError> {
    Ok(CopyReport {
        visitors: copy_table!(source, target, visitors, Visitor, visitors::id),
        tickets: copy_table!(source, target, tickets, Ticket, tickets::number),
        messages: copy_table!(source, target, messages, Message, messages::id),
        ticket_notes: copy_table!(source, target, ticket_notes, TicketNote, ticket_notes::id),
        outbox: copy_table!(source, target, outbox, OutboxEntry, outbox::id),
        sent_messages: copy_table!(
            source,
            target,
            sent_messages,
            SentMessage,
            (sent_messages::chat_id, sent_messages::message_id)
        ),
        chat_focus: copy_table!(source, target, chat_focus, ChatFocus, chat_focus::chat_id),
        forum_topics: copy_table!(
            source,
            target,
            forum_topics,
            ForumTopic,
            (forum_topics::chat_id, forum_topics::ticket_number)
        ),
        handled_updates: copy_table!(
            source,
            target,
            handled_updates,
            HandledUpdate,
            handled_updates::update_id
        ),
        update_claims: copy_table!(
            source,
            target,
            update_claims,
            UpdateClaim,
            update_claims::update_id
        ),
    })
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn row_count(target: &mut PgConnection, table: &str) -> Result<u64, CopyError> {
    let count: Count =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(target)?;
    Ok(u64::try_from(count.n).unwrap_or(0))
}

/// Checks, before the commit, that the target holds exactly what was copied.
fn check(target: &mut PgConnection, report: &CopyReport) -> Result<(), CopyError> {
    for (table, copied) in TABLES.into_iter().zip(report.counts()) {
        let found = row_count(target, table)?;
        if found != copied {
            return Err(CopyError::Mismatch {
                table,
                copied,
                found,
            });
        }
    }
    Ok(())
}

/// Sets the sequences of the copied ids past the copied rows, and the next ticket number past
/// the highest copied ticket.
fn set_sequences(target: &mut PgConnection) -> Result<(), CopyError> {
    for (table, column) in [
        ("visitors", "id"),
        ("messages", "id"),
        ("ticket_notes", "id"),
        ("outbox", "id"),
    ] {
        diesel::sql_query(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        ))
        .execute(target)?;
    }
    diesel::sql_query(
        "UPDATE ticket_numbers SET next = COALESCE((SELECT MAX(number) FROM tickets), 1000) + 1",
    )
    .execute(target)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::TABLES;

    /// The tables of the target that are not copied: the ticket counts, kept by the target's
    /// triggers, and the next ticket number, set after the copy.
    const NOT_COPIED: [&str; 2] = ["ticket_counts", "ticket_numbers"];

    /// The tables the PostgreSQL migrations create.
    fn created_tables() -> BTreeSet<String> {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations-postgres");
        let mut tables = BTreeSet::new();
        for entry in std::fs::read_dir(root).expect("migrations directory") {
            let up = std::fs::read_to_string(entry.expect("entry").path().join("up.sql"))
                .expect("up.sql");
            let mut words = up.split_whitespace();
            while let Some(word) = words.next() {
                if word == "CREATE" && words.next() == Some("TABLE") {
                    let name = words.next().expect("a table name");
                    tables.insert(name.trim_end_matches('(').to_owned());
                }
            }
        }
        tables
    }

    #[test]
    fn every_table_of_the_migrations_is_copied() {
        let copied: BTreeSet<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        let expected: BTreeSet<String> = created_tables()
            .into_iter()
            .filter(|t| !NOT_COPIED.contains(&t.as_str()))
            .collect();
        assert_eq!(copied, expected);
    }
}
