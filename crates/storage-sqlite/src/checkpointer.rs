//! The WAL checkpointer: copies the committed pages of the write-ahead log back into the
//! database file on its own thread and connection, so that the writer never does it inside a
//! commit.
//!
//! SQLite's automatic checkpoint runs in the connection that commits: every 1,000 WAL pages
//! one commit also copied those pages into the database file and synced it, and every write
//! queued behind that commit waited. Here the writer turns the automatic checkpoint off and
//! signals this thread after each commit; the thread lets commits gather for a moment, then
//! runs a `PASSIVE` checkpoint, which never blocks the writer nor the readers. When the log
//! has been copied entirely and no reader uses it, SQLite starts it again from the beginning,
//! so it stays small. Idle, the thread sleeps.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::SqliteConnection;

/// How long commits gather before a checkpoint.
const GATHER: Duration = Duration::from_millis(50);

/// The writer's side: tells the checkpointer that the log has grown.
pub(crate) struct Checkpointer {
    dirty: mpsc::SyncSender<()>,
    thread: thread::JoinHandle<()>,
}

impl Checkpointer {
    /// Starts the thread on `conn`.
    pub(crate) fn start(conn: SqliteConnection) -> std::io::Result<Self> {
        let (dirty, signals) = mpsc::sync_channel(1);
        let thread = thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || run(conn, &signals))?;
        Ok(Self { dirty, thread })
    }

    /// After a commit: a checkpoint is due soon. Never blocks.
    pub(crate) fn committed(&self) {
        // Full: a signal is already waiting, which is enough.
        let _ = self.dirty.try_send(());
    }

    /// Stops the thread and waits for it (its connection is closed when this returns).
    pub(crate) fn stop(self) {
        drop(self.dirty);
        let _ = self.thread.join();
    }
}

fn run(mut conn: SqliteConnection, signals: &mpsc::Receiver<()>) {
    while signals.recv().is_ok() {
        let deadline = Instant::now() + GATHER;
        loop {
            match signals.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                // The store is closing; closing the last connection checkpoints anyway.
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Err(error) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE)") {
            tracing::warn!(%error, "WAL checkpoint failed; the next one will retry");
        }
    }
}
