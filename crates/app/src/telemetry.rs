//! Structured logs with `tracing`, filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

/// Installs the log subscriber (to standard error, so that standard output stays the operator
/// console's). `filter` was checked by the settings.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(true)
        .init();
}
