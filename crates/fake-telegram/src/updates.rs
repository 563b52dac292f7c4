//! `getUpdates`: confirming by `offset`, long polling, and the conflict between two pollers.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::{json, Value};

use crate::failure::error_body;
use crate::server::ok;
use crate::state::{int_field, Shared};

/// What Telegram answers a long poll that another `getUpdates` call interrupted.
pub(crate) const POLL_CONFLICT: &str =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance \
     is running";

/// Drops the updates below `offset` (confirmed), then answers the pending ones, waiting up to
/// `timeout` seconds (capped) for one to arrive. A poll still waiting when another starts
/// (a second instance of the bot polling) is answered `409 Conflict`, as Telegram does.
pub(crate) async fn get_updates(body: &Value, shared: &Shared) -> HttpResponse {
    use std::sync::atomic::Ordering;
    let offset = int_field(body, "offset");
    let limit = int_field(body, "limit").unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(int_field(body, "timeout").unwrap_or(0).max(0) as u64);
    let deadline = Instant::now() + timeout.min(shared.long_poll_cap);
    let this_poll = shared.polls_started.fetch_add(1, Ordering::SeqCst) + 1;
    shared.poll_started.notify_waiters();
    loop {
        let pushed = shared.updates_pushed.notified();
        let superseded = shared.poll_started.notified();
        tokio::pin!(pushed, superseded);
        pushed.as_mut().enable();
        superseded.as_mut().enable();
        if shared.polls_started.load(Ordering::SeqCst) != this_poll {
            return error_body(StatusCode::CONFLICT, POLL_CONFLICT, None);
        }
        {
            let mut state = shared.lock();
            if let Some(offset) = offset.filter(|o| *o > 0) {
                state
                    .updates
                    .retain(|u| int_field(u, "update_id").is_none_or(|id| id >= offset));
            }
            if !state.updates.is_empty() {
                let batch: Vec<Value> = state.updates.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout(deadline - now, async {
            tokio::select! {
                () = &mut pushed => {}
                () = &mut superseded => {}
            }
        })
        .await;
    }
}
