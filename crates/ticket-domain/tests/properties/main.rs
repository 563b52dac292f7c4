//! Property-based tests of the domain's public contracts, on generated input: the operator
//! command grammar and the digest packer. Arbitrary input never panics, well-formed input gives
//! what it should, and the limits hold.

// A failed unwrap in a test is the test failing, with its line.
#![allow(clippy::unwrap_used)]

mod command;
mod digest;
