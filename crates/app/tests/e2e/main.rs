//! End-to-end tests of the real binary: started as a user would, on an ephemeral port, with a
//! real SQLite file, a fake Telegram Bot API on loopback and real HTTP and WebSocket clients.

// The helpers are part of the tests: a failed unwrap there is the test failing, with its line.
#![allow(clippy::unwrap_used)]

mod console;
mod forum;
mod helpers;
mod instances;
mod lifecycle;
mod telegram;
