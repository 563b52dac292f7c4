//! Storage benchmarks: appending a visitor message durably (`synchronous=FULL`, and `NORMAL`
//! for comparison), listing the first page of active tickets and computing the statistics
//! among 100,000 tickets. Figures and method: `docs/performance.md`.
//!
//! Run with `cargo bench -p storage-sqlite -- --warm-up-time 1 --measurement-time 5`.

mod support;

use std::hint::black_box;

use chrono::TimeDelta;
use criterion::{criterion_group, criterion_main, Criterion};
use storage_sqlite::Synchronous;
use ticket_domain::command::ListFilter;
use ticket_domain::ports::{StatsQuery, TicketQuery, TicketRepository};

use support::{append, now, open, seed};

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temporary directory");
    let path = dir.path().join("bench.db");
    drop(open(&path, Synchronous::Full)); // creates the schema
    seed(&path);

    let mut group = c.benchmark_group("append_visitor_message");
    let mut i = 0;
    for (name, synchronous) in [("full", Synchronous::Full), ("normal", Synchronous::Normal)] {
        let store = open(&path, synchronous);
        group.bench_function(name, |b| {
            b.iter(|| {
                i += 1;
                black_box(append(&store, i))
            })
        });
    }
    group.finish();

    let store = open(&path, Synchronous::Full);
    let mut group = c.benchmark_group("100k_tickets");
    for (name, filter) in [
        ("list_active_first_page", ListFilter::Active),
        ("list_all_first_page", ListFilter::All),
    ] {
        let query = TicketQuery {
            filter,
            offset: 0,
            limit: 10,
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.list_tickets(query).expect("list")))
        });
    }
    group.bench_function("status_counts", |b| {
        b.iter(|| black_box(store.status_counts().expect("counts")))
    });
    let query = StatsQuery {
        stale_before: now() - TimeDelta::days(7),
        today_starts_at: now() - TimeDelta::hours(12),
        urgent_limit: 10,
    };
    group.bench_function("stats", |b| {
        b.iter(|| black_box(store.stats(query).expect("stats")))
    });
    group.finish();
}

criterion_group!(storage, benches);
criterion_main!(storage);
