//! The client's IP address: the TCP peer, or the right-most untrusted `X-Forwarded-For` hop
//! when the peer is a trusted proxy; and the key its limits are counted under.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use actix_web::HttpRequest;

/// The header reverse proxies append the client's address to.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// The IP to rate-limit `req` by, given the trusted proxies.
pub fn of_request(req: &HttpRequest, trusted: &[IpAddr]) -> IpAddr {
    let forwarded: Vec<&str> = req
        .headers()
        .get_all(FORWARDED_FOR)
        .filter_map(|value| value.to_str().ok())
        .collect();
    resolve(req.peer_addr(), &forwarded, trusted)
}

/// Resolves the client's address.
///
/// Only when the TCP peer is a trusted proxy are the `X-Forwarded-For` values (in header
/// order) read, from the right: trusted hops are skipped, and the first untrusted one is the
/// client. A hop that does not parse stops the walk: the last good address is used (a client
/// cannot hide behind garbage it wrote itself). Without a peer (a test request), `0.0.0.0`.
pub fn resolve(peer: Option<SocketAddr>, forwarded: &[&str], trusted: &[IpAddr]) -> IpAddr {
    let Some(peer) = peer.map(|peer| peer.ip().to_canonical()) else {
        return IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    };
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.to_canonical() == ip);
    if !is_trusted(peer) {
        return peer;
    }
    let hops = forwarded
        .iter()
        .flat_map(|value| value.split(','))
        .rev()
        .map(parse_hop);
    let mut client = peer;
    for hop in hops {
        match hop {
            Some(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

/// The key a client's limits (rate limits, connections) are counted under: an IPv4 address
/// itself, an IPv6 address's /64 network (one subscriber gets a whole /64 and can use any
/// address in it, as one NAT'd IPv4 address serves a whole office).
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

/// One hop: `203.0.113.7`, `2001:db8::1`, `203.0.113.7:4711` or `[2001:db8::1]:4711`.
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    raw.parse::<IpAddr>()
        .ok()
        .or_else(|| raw.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    fn peer(raw: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip(raw), 40_000))
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let got = resolve(peer("198.51.100.9"), &["1.2.3.4"], &[ip("10.0.0.1")]);
        assert_eq!(got, ip("198.51.100.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_hop_is_the_client() {
        let got = resolve(
            peer("10.0.0.1"),
            &["1.2.3.4, 203.0.113.7"],
            &[ip("10.0.0.1")],
        );
        assert_eq!(got, ip("203.0.113.7"));
    }

    #[test]
    fn trusted_hops_are_skipped_from_the_right() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let got = resolve(
            peer("10.0.0.1"),
            &["6.6.6.6, 203.0.113.7", "10.0.0.2"],
            &trusted,
        );
        assert_eq!(got, ip("203.0.113.7"));
    }

    #[test]
    fn a_trusted_proxy_without_the_header_is_the_client() {
        assert_eq!(
            resolve(peer("10.0.0.1"), &[], &[ip("10.0.0.1")]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn garbage_stops_the_walk_at_the_last_good_hop() {
        let got = resolve(peer("10.0.0.1"), &["1.2.3.4, nonsense"], &[ip("10.0.0.1")]);
        assert_eq!(got, ip("10.0.0.1"));
    }

    #[test]
    fn ports_brackets_and_mapped_addresses_are_understood() {
        let trusted = [ip("10.0.0.1")];
        assert_eq!(
            resolve(peer("::ffff:10.0.0.1"), &["203.0.113.7:4711"], &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            resolve(peer("10.0.0.1"), &["[2001:db8::1]:4711"], &trusted),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_network_and_an_ipv4_one_by_its_address() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_eq!(limit_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(limit_key(ip("::ffff:203.0.113.7")), ip("203.0.113.7"));
    }

    #[test]
    fn without_a_peer_the_address_is_unspecified() {
        assert_eq!(resolve(None, &["1.2.3.4"], &[]), ip("0.0.0.0"));
    }
}
