//! End-to-end tests of the real binary: started as a user would, on an ephemeral port, with a
//! real SQLite file, a fake Telegram Bot API on loopback and real HTTP and WebSocket clients.

mod console;
mod helpers;
mod lifecycle;
mod telegram;
