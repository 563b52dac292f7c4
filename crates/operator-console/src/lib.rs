#![doc = include_str!("../README.md")]

mod delivery;
mod input;
mod printer;

pub use delivery::{ConsoleNotifier, CONSOLE_DESTINATION};
pub use input::CONSOLE_CHAT;
pub use printer::Console;
