//! Integration tests of the Telegram adapter against the fake Bot API on loopback and a real
//! SQLite file.

// The helpers are not `#[test]` functions, but a failed set-up must fail the test loudly.
#![allow(clippy::unwrap_used)]

mod buttons;
mod digests;
mod fixtures;
mod forum;
mod helpers;
mod long_text;
mod notifications;
mod outbox;
mod replies;
mod startup;
mod strangers;
mod webhook;
