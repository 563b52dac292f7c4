//! Progress lines on standard error, stamped with the time since the run started, so that a
//! long run shows what it is doing; the figures go to standard output.

use std::fmt::Arguments;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Starts the clock of the progress lines (the first call wins).
pub fn start() {
    STARTED.get_or_init(Instant::now);
}

/// Writes one progress line: `[  12.3s] text`.
pub fn line(text: Arguments<'_>) {
    let elapsed = STARTED.get_or_init(Instant::now).elapsed().as_secs_f64();
    // Progress is best effort: a closed standard error must not stop the measurement.
    let _ = writeln!(std::io::stderr().lock(), "[{elapsed:7.1}s] {text}");
}

/// `progress!("{} sockets open", n)`: a progress line on standard error.
macro_rules! progress {
    ($($arg:tt)*) => {
        $crate::progress::line(format_args!($($arg)*))
    };
}
pub(crate) use progress;
