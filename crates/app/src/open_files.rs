//! The process's limit on open files: every connection (each idle WebSocket too) is one, so
//! the soft limit is raised to the hard limit at start, and the HTTP server caps its
//! connections under the result.

/// Raises `RLIMIT_NOFILE`'s soft limit to the hard limit, logs the figure, and returns it. If
/// the limit cannot be read or raised, the soft limit as it is (or 1,024) is kept.
pub fn raise() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            tracing::info!(open_files = limit, "open-file limit (RLIMIT_NOFILE)");
            limit
        }
        Err(error) => {
            let limit = rlimit::Resource::NOFILE
                .get()
                .map_or(FALLBACK, |(soft, _hard)| soft);
            tracing::warn!(%error, open_files = limit, "cannot raise the open-file limit");
            limit
        }
    }
}

/// The figure assumed when the limit cannot even be read (the usual default).
const FALLBACK: u64 = 1_024;

#[cfg(test)]
mod tests {
    #[test]
    fn the_soft_limit_ends_at_the_hard_limit() {
        let raised = super::raise();
        let (soft, hard) = rlimit::Resource::NOFILE.get().unwrap();
        assert_eq!(raised, soft);
        // macOS caps the soft limit at kern.maxfilesperproc, under an unlimited hard limit.
        assert!(soft == hard || cfg!(target_os = "macos"), "{soft} < {hard}");
    }
}
