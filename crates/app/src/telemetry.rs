//! Structured logs with `tracing`, filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

/// actix-http logs every malformed request it refuses (an oversized head: 431; a bad header:
/// 400) at ERROR, one line per request, under this target: client errors anyone can trigger,
/// already answered. They are dropped unless `RUST_LOG` names `actix_http` itself (for
/// example `RUST_LOG=info,actix_http=debug` to see them).
const CLIENT_ERROR_TARGET: &str = "actix_http::h1::dispatcher";

/// Installs the log subscriber (to standard error, so that standard output stays the operator
/// console's). `filter` was checked by the settings.
pub fn init(filter: &str) {
    tracing_subscriber::fmt()
        .with_env_filter(env_filter(filter))
        .with_writer(std::io::stderr)
        .with_target(true)
        .init();
}

/// `filter`, without actix-http's per-request client errors unless it asks for them.
fn env_filter(filter: &str) -> EnvFilter {
    let directives = if filter.contains("actix_http") {
        filter.to_owned()
    } else {
        format!("{filter},{CLIENT_ERROR_TARGET}=off")
    };
    EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new("info"))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Everything logged under `filter` while `log` runs.
    fn logged(filter: &str, log: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(env_filter(filter))
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    fn refused_request_and_real_error() {
        tracing::error!(
            target: "actix_http::h1::dispatcher",
            "stream error: request parse error: message head is too large"
        );
        tracing::error!(target: "app::startup", "the database is gone");
    }

    #[test]
    fn a_refused_malformed_request_logs_nothing_by_default() {
        let text = logged("info", refused_request_and_real_error);
        assert!(!text.contains("message head is too large"), "{text}");
        assert!(text.contains("the database is gone"), "{text}");
    }

    #[test]
    fn naming_actix_http_in_the_filter_shows_them_again() {
        let text = logged("info,actix_http=debug", refused_request_and_real_error);
        assert!(text.contains("message head is too large"), "{text}");
    }
}
