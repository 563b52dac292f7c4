//! The store's single writer and its group commit.
//!
//! Every write of a [`crate::SqliteStore`] runs on one thread that owns one connection. The
//! writes that queue up while a commit is in progress are committed together: one
//! `BEGIN IMMEDIATE`, each write inside its own savepoint (a write that fails is undone alone
//! and fails alone), one `COMMIT`, hence one WAL `fsync` and one write of each shared index
//! page for the whole group. A caller is answered only once the commit holding its write is
//! durable, or with the error that prevented it: no commit is skipped, nothing is acknowledged
//! early. Under a light load a group holds one write and nothing waits for company.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use std::thread;

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use ticket_domain::ports::RepositoryError;

use crate::checkpointer::Checkpointer;
use storage_schema::error::{Fail, Res};

/// The most writes committed together; a bound on how long one group holds the write lock.
const MAX_GROUP: usize = 256;

/// Why a write that ran was not committed.
#[derive(Debug, thiserror::Error)]
enum NotCommitted {
    /// The group's transaction could not begin or commit.
    #[error("the write could not be committed")]
    Transaction(#[source] Arc<diesel::result::Error>),
    /// The writer dropped the write: its group panicked (the writer goes on with a new
    /// connection), or the writer thread is gone.
    #[error("the database writer dropped the write without committing it")]
    Dropped,
}

/// What one group's transaction came to.
type Outcome<'a> = Result<(), &'a Arc<diesel::result::Error>>;

/// A write waiting for the writer thread.
trait Job: Send {
    /// Runs the write inside the group's transaction and keeps its result for the answer.
    fn run(self: Box<Self>, conn: &mut SqliteConnection) -> Box<dyn Answer>;
    /// The group's transaction could not begin: the write never ran.
    fn refuse(self: Box<Self>, error: &Arc<diesel::result::Error>);
}

/// The result of a write that ran, sent to its caller once the group's fate is known.
trait Answer: Send {
    fn send(self: Box<Self>, outcome: Outcome<'_>);
}

type Reply<T> = mpsc::SyncSender<Result<T, RepositoryError>>;

struct Write<F, T> {
    write: F,
    reply: Reply<T>,
}

struct Ran<T> {
    result: Res<T>,
    reply: Reply<T>,
}

impl<F, T> Job for Write<F, T>
where
    F: FnOnce(&mut SqliteConnection) -> Res<T> + Send,
    T: Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut SqliteConnection) -> Box<dyn Answer> {
        // Nested in the group's transaction, diesel makes this a savepoint.
        let result = conn.transaction(self.write);
        Box::new(Ran {
            result,
            reply: self.reply,
        })
    }

    fn refuse(self: Box<Self>, error: &Arc<diesel::result::Error>) {
        let refused = Fail::storage(NotCommitted::Transaction(Arc::clone(error)));
        // A caller that went away needs no answer.
        let _ = self.reply.send(Err(refused.into()));
    }
}

impl<T: Send> Answer for Ran<T> {
    fn send(self: Box<Self>, outcome: Outcome<'_>) {
        let result = match outcome {
            Ok(()) => self.result.map_err(RepositoryError::from),
            Err(error) => Err(Fail::storage(NotCommitted::Transaction(Arc::clone(error))).into()),
        };
        let _ = self.reply.send(result);
    }
}

/// Opens a new connection for the writer (the same file and PRAGMAs as the pool's).
pub(crate) type Reopen = Box<dyn Fn() -> Result<SqliteConnection, String> + Send>;

/// The handle to the writer thread; cheap to clone. Dropping the last handle lets the thread
/// commit what was queued and close its connection, and waits for it: once the store is
/// dropped, nothing of it holds the file any more.
#[derive(Clone)]
pub(crate) struct Writer {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: Option<mpsc::Sender<Box<dyn Job>>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the queue ends the thread's loop.
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            // Never wait for oneself (a write holding the last handle of its own store).
            if thread.thread().id() != thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl Writer {
    /// Starts the writer thread on `conn`; `reopen` replaces the connection after a failed
    /// group, so that a connection left in a bad state does not fail every later write.
    pub(crate) fn start(conn: SqliteConnection, reopen: Reopen) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel();
        // Without a checkpointer (its connection or thread could not be had), SQLite's
        // automatic checkpoint stays on: slower commits now and then, nothing lost.
        let checkpointer = match reopen() {
            Ok(conn) => Checkpointer::start(conn)
                .inspect_err(|error| tracing::warn!(%error, "no WAL checkpointer thread"))
                .ok(),
            Err(error) => {
                tracing::warn!(%error, "no WAL checkpointer connection");
                None
            }
        };
        let thread = thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(conn, &queue, &reopen, checkpointer))?;
        Ok(Self {
            inner: Arc::new(Inner {
                jobs: Some(jobs),
                thread: Some(thread),
            }),
        })
    }

    /// Runs `write` in the next group and waits until that group is committed.
    pub(crate) fn write<T, F>(&self, write: F) -> Result<T, RepositoryError>
    where
        F: FnOnce(&mut SqliteConnection) -> Res<T> + Send + 'static,
        T: Send + 'static,
    {
        let dropped = || RepositoryError::from(Fail::storage(NotCommitted::Dropped));
        let (reply, answer) = mpsc::sync_channel(1);
        let jobs = self.inner.jobs.as_ref().ok_or_else(dropped)?;
        jobs.send(Box::new(Write { write, reply }))
            .map_err(|_| dropped())?;
        answer.recv().map_err(|_| dropped())?
    }
}

fn run(
    mut conn: SqliteConnection,
    queue: &mpsc::Receiver<Box<dyn Job>>,
    reopen: &Reopen,
    checkpointer: Option<Checkpointer>,
) {
    let automatic_checkpoint = |conn: &mut SqliteConnection| {
        if checkpointer.is_some() {
            if let Err(error) = conn.batch_execute("PRAGMA wal_autocheckpoint = 0") {
                tracing::warn!(%error, "the writer keeps SQLite's automatic checkpoint");
            }
        }
    };
    automatic_checkpoint(&mut conn);
    while let Ok(first) = queue.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let committed = catch_unwind(AssertUnwindSafe(|| commit_group(&mut conn, group)));
        if let Some(checkpointer) = &checkpointer {
            checkpointer.committed();
        }
        if !matches!(committed, Ok(true)) {
            // The callers of a group that panicked see their answer dropped.
            match reopen() {
                Ok(fresh) => {
                    conn = fresh;
                    automatic_checkpoint(&mut conn);
                }
                Err(error) => tracing::error!(%error, "could not reopen the writer's connection"),
            }
        }
    }
    if let Some(checkpointer) = checkpointer {
        checkpointer.stop();
    }
}

/// Commits one group and answers its callers; `false` if the transaction failed.
fn commit_group(conn: &mut SqliteConnection, group: Vec<Box<dyn Job>>) -> bool {
    let mut waiting = Some(group);
    let mut answers: Vec<Box<dyn Answer>> = Vec::new();
    let outcome = conn.immediate_transaction(|conn| {
        for job in waiting.take().into_iter().flatten() {
            answers.push(job.run(conn));
        }
        Ok::<_, diesel::result::Error>(())
    });
    match outcome {
        Ok(()) => {
            answers.into_iter().for_each(|answer| answer.send(Ok(())));
            true
        }
        Err(error) => {
            tracing::error!(%error, writes = answers.len(), "a group of writes was not committed");
            let error = Arc::new(error);
            answers
                .into_iter()
                .for_each(|answer| answer.send(Err(&error)));
            for job in waiting.into_iter().flatten() {
                job.refuse(&error);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::thread;

    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    use super::*;

    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn connect(path: &std::path::Path) -> SqliteConnection {
        let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        conn.batch_execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
            .unwrap();
        conn
    }

    fn stored(path: &std::path::Path) -> Vec<i64> {
        diesel::sql_query("SELECT n FROM t ORDER BY n")
            .load::<Row>(&mut connect(path))
            .unwrap()
            .into_iter()
            .map(|row| row.n)
            .collect()
    }

    fn insert(n: i64) -> impl FnOnce(&mut SqliteConnection) -> Res<i64> + Send + 'static {
        move |c| {
            diesel::sql_query("INSERT INTO t (n) VALUES (?)")
                .bind::<BigInt, _>(n)
                .execute(c)?;
            Ok(n)
        }
    }

    /// Starts a writer, then holds it inside a first group until the returned sender is used,
    /// so that the writes queued meanwhile make the next group together.
    fn held_writer(path: &std::path::Path) -> (Writer, mpsc::Sender<()>, thread::JoinHandle<()>) {
        let mut conn = connect(path);
        conn.batch_execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            .unwrap();
        let reopen_path = path.to_owned();
        let writer = Writer::start(conn, Box::new(move || Ok(connect(&reopen_path)))).unwrap();
        let (running, is_running) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let holder = writer.clone();
        let first = thread::spawn(move || {
            holder
                .write(move |c| {
                    running.send(()).unwrap();
                    released.recv().unwrap();
                    insert(1)(c)
                })
                .unwrap();
        });
        is_running.recv().unwrap();
        (writer, release, first)
    }

    #[test]
    fn a_failing_write_is_undone_alone_and_its_group_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("group.db");
        let (writer, release, first) = held_writer(&path);

        let queued: Vec<_> = (2..=4)
            .map(|n| {
                let writer = writer.clone();
                thread::spawn(move || {
                    writer.write(move |c| {
                        let n = insert(n)(c)?;
                        if n == 3 {
                            // Written, then refused: the savepoint must undo the row.
                            return Err(RepositoryError::VisitorNotFound(
                                ticket_domain::visitor::VisitorId(n),
                            )
                            .into());
                        }
                        Ok(n)
                    })
                })
            })
            .collect();
        // Give the three writes time to queue behind the held group, so that they usually
        // share the next one; what is asserted holds however they are grouped.
        thread::sleep(std::time::Duration::from_millis(200));
        release.send(()).unwrap();
        first.join().unwrap();
        let results: Vec<_> = queued.into_iter().map(|t| t.join().unwrap()).collect();

        assert_eq!(results[0].as_ref().ok(), Some(&2));
        assert!(matches!(
            results[1],
            Err(RepositoryError::VisitorNotFound(_))
        ));
        assert_eq!(results[2].as_ref().ok(), Some(&4));
        assert_eq!(stored(&path), vec![1, 2, 4]);
    }

    #[test]
    fn every_caller_is_answered_after_the_commit_of_its_group() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("many.db");
        let (writer, release, first) = held_writer(&path);
        let callers: Vec<_> = (2..=201)
            .map(|n| {
                let writer = writer.clone();
                let path = path.clone();
                thread::spawn(move || {
                    writer.write(insert(n)).unwrap();
                    // Answered: the row is visible to another connection, so it is committed.
                    assert!(stored(&path).contains(&n));
                })
            })
            .collect();
        release.send(()).unwrap();
        first.join().unwrap();
        for caller in callers {
            caller.join().unwrap();
        }
        assert_eq!(stored(&path), (1..=201).collect::<Vec<_>>());
    }

    #[test]
    fn dropping_the_last_handle_closes_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("closed.db");
        let reopen_path = path.clone();
        let writer =
            Writer::start(connect(&path), Box::new(move || Ok(connect(&reopen_path)))).unwrap();
        writer
            .write(|c| {
                c.batch_execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")?;
                Ok(())
            })
            .unwrap();
        let clone = writer.clone();
        drop(writer);
        clone.write(insert(1)).unwrap();
        drop(clone);
        // The last connection to a WAL database removes the WAL file when it closes.
        assert!(!dir.path().join("closed.db-wal").exists());
        assert_eq!(stored(&path), vec![1]);
    }

    #[test]
    fn a_write_that_panics_fails_alone_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stopped.db");
        let conn = connect(&path);
        let reopen_path = path.clone();
        let writer = Writer::start(conn, Box::new(move || Ok(connect(&reopen_path)))).unwrap();
        let result = writer.write(|_| -> Res<()> { panic!("a bug in a write") });
        assert!(result.is_err(), "the panicking write's caller is answered");
        // The writer survived with a fresh connection.
        writer
            .write(|c| {
                c.batch_execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")?;
                Ok(())
            })
            .unwrap();
        writer.write(insert(7)).unwrap();
        assert_eq!(stored(&path), vec![7]);
    }
}
