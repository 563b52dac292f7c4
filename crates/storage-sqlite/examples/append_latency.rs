//! The latency distribution of appending a visitor message (p50, p90, p99, max), which
//! criterion's per-sample averages hide: most appends cost one WAL commit, a few also run
//! the automatic checkpoint. Seeds 100,000 tickets first, like the benchmarks, and measures
//! the disk's own `fsync` latency (a 48 KiB overwrite, about one commit's WAL frames) in the
//! same directory, since with `synchronous=FULL` every commit waits for one.
//!
//! `cargo run --release -p storage-sqlite --features sample-data --example append_latency [-- <appends>]`

#[path = "../benches/support/mod.rs"]
mod support;

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::{Duration, Instant};

use storage_sqlite::Synchronous;

fn main() {
    let appends: usize = std::env::args()
        .nth(1)
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(2_000);
    let target = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target");
    let dir = tempfile::tempdir_in(target).expect("temporary directory");
    let path = dir.path().join("latency.db");
    drop(support::open(&path, Synchronous::Full));
    support::seed(&path);

    report(
        "fsync of 48 KiB",
        fsync_latencies(&dir.path().join("fsync.probe"), appends),
    );
    let mut i = 0;
    for (name, synchronous) in [("FULL", Synchronous::Full), ("NORMAL", Synchronous::Normal)] {
        let store = support::open(&path, synchronous);
        let times: Vec<Duration> = (0..appends + 100)
            .map(|_| {
                i += 1;
                let start = Instant::now();
                support::append(&store, i);
                start.elapsed()
            })
            .skip(100) // warm-up
            .collect();
        report(&format!("append, synchronous={name}"), times);
    }
}

/// Overwrites 48 KiB of a file and syncs it, `count` times.
fn fsync_latencies(path: &Path, count: usize) -> Vec<Duration> {
    let file = File::create(path).expect("probe file");
    let block = vec![7_u8; 48 * 1024];
    (0..count as u64)
        .map(|k| {
            file.write_all_at(&block, (k % 20) * block.len() as u64)
                .expect("write");
            let start = Instant::now();
            file.sync_all().expect("fsync");
            start.elapsed()
        })
        .collect()
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    let mean = times.iter().sum::<Duration>().as_secs_f64() * 1e3 / times.len() as f64;
    println!(
        "{what:28} n={} p50={:.3} ms p90={:.3} ms p99={:.3} ms max={:.3} ms mean={mean:.3} ms",
        times.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
    );
}
