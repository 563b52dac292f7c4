//! The queries and port implementations that are the same text on every backend, written
//! once as macros and expanded by each backend for its own connection type: diesel checks and
//! compiles them for SQLite and for PostgreSQL separately (its query builder is generic over
//! the backend, but bounds naming every query's type would be longer than the queries).
//!
//! A backend invokes [`shared_storage!`](crate::shared_storage) once at its crate root; what the
//! backend must provide is listed there.

mod chats;
mod outbox;
mod repository;
mod rows;
mod transaction;

/// Expands, at the root of a backend crate, the modules `visitors`, `messages`, `notes`,
/// `tickets`, `listing`, `stats`, `outbox`, `chats` and `repository`: the row-level queries, and
/// [`TicketRepository`], [`NotificationOutbox`] and [`OperatorChatStore`] for the store.
///
/// - `conn`: the connection type (`diesel::SqliteConnection`, `diesel::PgConnection`).
/// - `store`: the store type. It must have
///   `fn read<T>(&self, f: impl FnMut(&mut Conn) -> Res<T>) -> Result<T, RepositoryError>`
///   (one consistent snapshot), `fn read_single<T>(&self, f: impl FnMut(&mut Conn) -> Res<T>)
///   -> Result<T, RepositoryError>` (the same, for an `f` that runs one statement, which is a
///   snapshot by itself: a backend may skip the transaction around it), and
///   `fn write<T: Send + 'static>(&self, f: impl FnMut(&mut Conn) -> Res<T> + Send + 'static)
///   -> Result<T, RepositoryError>` (one transaction, committed before it returns; `f` may be
///   run again if the database asks for a retry).
/// - `dialect`: the [`Dialect`](crate::sql::Dialect) of the hand-written SQL.
/// - `lock_outbox_claims`: a `fn(&mut Conn) -> Res<()>` run first in every claiming
///   transaction of the outbox.
///
/// [`TicketRepository`]: ticket_domain::ports::TicketRepository
/// [`NotificationOutbox`]: ticket_domain::ports::NotificationOutbox
/// [`OperatorChatStore`]: ticket_domain::ports::OperatorChatStore
// `crate::` names the backend's own modules, which this expands into it: intended.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! shared_storage {
    (
        conn = $conn:ty,
        store = $store:ty,
        dialect = $dialect:expr,
        lock_outbox_claims = $lock:path $(,)?
    ) => {
        /// The connection of the queries written once for every backend.
        type SharedConnection = $conn;
        $crate::__shared_rows!(crate::SharedConnection, $dialect);
        $crate::__shared_outbox!(crate::SharedConnection, $store, $lock);
        $crate::__shared_chats!($store);
        $crate::__shared_repository!($store);
    };
}
