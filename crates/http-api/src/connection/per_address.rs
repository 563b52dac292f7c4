//! The count of open connections per client address, and the cap on it: a connection over the
//! cap is closed as soon as it is accepted, so that it gives its file descriptor back at once.
//! Trusted proxies are not capped (every client comes through them).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::client_ip;

/// The open connections of every address (shared by the workers).
#[derive(Debug)]
pub struct AddressSlots {
    cap: usize,
    exempt: Vec<IpAddr>,
    held: Mutex<HashMap<IpAddr, usize>>,
    open: AtomicUsize,
    refused: AtomicU64,
}

/// One admitted connection: its address's count goes down when this is dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<AddressSlots>,
    /// The counted key; `None` for an exempt peer.
    key: Option<IpAddr>,
}

impl AddressSlots {
    /// At most `cap` connections per address (at least one), except from `exempt` addresses.
    pub fn new(cap: usize, exempt: &[IpAddr]) -> Arc<Self> {
        Arc::new(Self {
            cap: cap.max(1),
            exempt: exempt.iter().map(|ip| ip.to_canonical()).collect(),
            held: Mutex::new(HashMap::new()),
            open: AtomicUsize::new(0),
            refused: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<IpAddr, usize>> {
        // Nothing holding the lock can panic half-way; a poisoned map is still consistent.
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for a new connection from `peer` (unknown: not counted), or `None` when its
    /// address already holds the cap.
    pub fn admit(self: &Arc<Self>, peer: Option<IpAddr>) -> Option<Slot> {
        let peer = peer.map(|ip| ip.to_canonical());
        let key = peer
            .filter(|ip| !self.exempt.contains(ip))
            .map(client_ip::limit_key);
        if let Some(key) = key {
            let mut held = self.lock();
            let count = held.entry(key).or_insert(0);
            if *count >= self.cap {
                drop(held);
                self.refused.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            *count += 1;
        }
        self.open.fetch_add(1, Ordering::Relaxed);
        Some(Slot {
            slots: Arc::clone(self),
            key,
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Connections closed at once because their address held the cap, since the start.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.open.fetch_sub(1, Ordering::Relaxed);
        let Some(key) = self.key else {
            return;
        };
        let mut held = self.slots.lock();
        if let Some(count) = held.get_mut(&key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> Option<IpAddr> {
        Some(raw.parse().unwrap())
    }

    #[test]
    fn an_address_gets_the_cap_and_no_more() {
        let slots = AddressSlots::new(2, &[]);
        let first = slots.admit(ip("203.0.113.7"));
        let second = slots.admit(ip("203.0.113.7"));
        assert!(first.is_some() && second.is_some());
        assert!(slots.admit(ip("203.0.113.7")).is_none());
        assert!(slots.admit(ip("203.0.113.8")).is_some());
        assert_eq!(slots.refused(), 1);
    }

    #[test]
    fn a_closed_connection_gives_its_slot_back() {
        let slots = AddressSlots::new(1, &[]);
        let first = slots.admit(ip("203.0.113.7"));
        assert!(slots.admit(ip("203.0.113.7")).is_none());
        drop(first);
        let again = slots.admit(ip("203.0.113.7"));
        assert!(again.is_some());
        assert_eq!(slots.open(), 1);
    }

    #[test]
    fn a_trusted_proxy_is_not_capped() {
        let slots = AddressSlots::new(1, &["10.0.0.1".parse().unwrap()]);
        let held: Vec<_> = (0..10).map(|_| slots.admit(ip("10.0.0.1"))).collect();
        assert!(held.iter().all(Option::is_some));
        assert_eq!(slots.open(), 10);
    }

    #[test]
    fn the_addresses_of_one_ipv6_network_share_the_cap() {
        let slots = AddressSlots::new(1, &[]);
        let _held = slots.admit(ip("2001:db8:0:1::1"));
        assert!(slots.admit(ip("2001:db8:0:1::2")).is_none());
        assert!(slots.admit(ip("2001:db8:0:2::1")).is_some());
    }

    #[test]
    fn forgotten_addresses_leave_no_entry() {
        let slots = AddressSlots::new(4, &[]);
        drop(slots.admit(ip("203.0.113.7")));
        assert!(slots.lock().is_empty());
    }
}
