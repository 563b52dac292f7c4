//! Unit tests of the use cases: the rules against the in-memory store, `mockall` mocks where a
//! call must be verified (routing through the chat store, pushes, notifications).

mod fixtures;
mod operator_commands;
mod operator_replies;
mod visitor;
