//! Client connections: the cap per address, the deadlines actix does not enforce (a later
//! request's head, a write the client does not take), and the middleware that tells a
//! connection when its requests start and its responses end.

mod middleware;
mod per_address;
mod phase;
mod stream;

pub use middleware::deadlines;
pub use per_address::AddressSlots;
pub use stream::GuardedStream;
