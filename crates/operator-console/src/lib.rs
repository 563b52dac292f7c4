#![doc = include_str!("../README.md")]

mod input;
mod printer;

pub use input::CONSOLE_CHAT;
pub use printer::{Console, ConsoleNotifier};
