//! Unit tests of the use cases, with `mockall` mocks of every port.

mod fixtures;
mod operator_commands;
mod operator_replies;
mod visitor;
