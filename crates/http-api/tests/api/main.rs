//! Integration tests of the HTTP adapter: the real server, a real SQLite file, real clients.
#![allow(clippy::unwrap_used, missing_docs)]

mod connections;
mod conversation;
mod deadlines;
mod helpers;
mod messages;
mod platform;
mod raw;
mod visitors;
mod webhook;
mod websocket;
