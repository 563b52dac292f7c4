# Conveniences on top of the two commands of the README (`cargo run --release -p app`,
# `cargo test --workspace`).

# List the recipes.
_list:
    @just --list --unsorted

# Run the product: SQLite file in the working directory; operator console without a bot token.
[group('run')]
run *ARGS:
    cargo run --release -p app -- {{ARGS}}

# Every Rust test of the workspace.
[group('check')]
test:
    cargo test --workspace

# Every Rust test, the PostgreSQL ones against a throwaway cluster (scripts/with-postgres:
# Debian's postgresql on a free port, removed at exit; installs postgresql and libpq-dev when
# missing).
[group('check')]
test-postgres:
    scripts/with-postgres cargo test --workspace

# Formatting and lints, as CI checks them.
[group('check')]
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# The widget's browser tests (headless Chromium against the real app binary).
[group('check')]
browser-test:
    cargo build -p app
    cd web-widget && npm ci && npm test

# Everything CI runs, in the same order.
[group('check')]
ci:
    bash .ci/run

# Benchmarks (criterion), then the load run of the real binary (`crates/loadtest`): the figures
# of docs/performance.md, printed and written to target/loadtest.json. Takes about 10 minutes;
# run it on an otherwise idle machine.
[group('measure')]
bench:
    cargo bench --workspace --features storage-sqlite/sample-data
    cargo build --release -p app -p loadtest
    target/release/loadtest --scenario all --json target/loadtest.json
