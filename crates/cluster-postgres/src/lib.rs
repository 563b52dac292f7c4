//! What several instances of the app on one PostgreSQL share besides the rows: the live events
//! to visitors' sockets and the outbox wake-ups ([`Cluster`], over `LISTEN`/`NOTIFY`), and the
//! leader lock that lets exactly one instance poll Telegram ([`Leadership`]).
//!
//! Both sit behind the domain's ports: [`Cluster::visitor_channel`] is a
//! [`VisitorChannel`](ticket_domain::ports::VisitorChannel) and [`Cluster::operator_notifier`]
//! an [`OperatorNotifier`](ticket_domain::ports::OperatorNotifier), each delivering locally at
//! once and publishing to the other instances, so that another transport (NATS, Redis) would be
//! another crate implementing the same two ports. Notifications carry ids only: a message may be
//! larger than the 8,000 bytes of a `NOTIFY` payload, so the receiving instance reads it from
//! the database. See `docs/architecture.md`, "Several instances".

mod cluster;
mod connect;
mod leader;
mod listener;
mod publisher;
mod wire;

pub use cluster::{Cluster, ClusterChannel, ClusterError, ClusterNotifier};
pub use leader::{Leadership, POLLING_LEADER_KEY};
