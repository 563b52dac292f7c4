#![doc = include_str!("../README.md")]

pub mod command;
#[cfg(any(test, feature = "in-memory"))]
pub mod memory;
pub mod notification;
pub mod ports;
pub mod render;
pub mod service;
pub mod ticket;
pub mod values;
pub mod visitor;
