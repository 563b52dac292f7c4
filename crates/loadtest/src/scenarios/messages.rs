//! Visitor messages over HTTP at a fixed rate (open loop: sends are scheduled, never held back
//! by slow answers): durable messages per second (`201 Created`: committed to SQLite), and the
//! latency from each POST to the fake Telegram receiving the operator's notification.
//!
//! Each message carries a marker (`[lt#123]`) that the notification quotes, so every
//! notification is matched to its message, batched or not. The fake runs in this process: its
//! arrival times (`RecordedCall::at`) and the send times are on the same clock.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;
use serde::Serialize;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::Context;
use crate::app_process::AppProcess;
use crate::machine::cpu_seconds;
use crate::progress::progress;
use crate::stats::{ms, Summary};
use crate::visitors::{self, Clients, Visitor};

/// Requests in flight at most; a send due when all are taken is skipped and counted.
const MAX_IN_FLIGHT: usize = 4_096;
/// Concurrent first messages of the warm-up.
const WARMUP_CONCURRENCY: usize = 32;
/// Notifications still missing this long after the last new one are reported missing.
const NOTIFY_QUIET: Duration = Duration::from_secs(15);
/// The longest the tool waits for the notifications after the sends.
const NOTIFY_TIMEOUT: Duration = Duration::from_secs(180);
/// Where the markers start in a message.
pub(crate) const MARKER: &str = "[lt#";

/// The warm-up: every visitor's first message (which creates its ticket).
#[derive(Debug, Clone, Serialize)]
pub struct Warmup {
    /// Tickets created.
    pub tickets: usize,
    /// POST latency of the first messages (32 at a time).
    pub post_latency: Summary,
    /// From the first POST until the outbox was empty, in seconds.
    pub drained_in_s: f64,
}

/// The figures of the messages scenario.
#[derive(Debug, Clone, Serialize)]
pub struct MessageFigures {
    /// The rate asked for, in messages per second.
    pub rate: u32,
    /// How long the rate was kept up, in seconds.
    pub duration_s: f64,
    /// Visitors sending (each at most one message per second, as the app allows).
    pub visitors: usize,
    /// Loopback source addresses the visitors are spread over.
    pub source_addresses: usize,
    /// The warm-up.
    pub warmup: Warmup,
    /// Sends scheduled.
    pub scheduled: usize,
    /// Sends skipped because `MAX_IN_FLIGHT` requests were waiting.
    pub skipped: usize,
    /// `201 Created` answers (durably stored messages).
    pub accepted: usize,
    /// Other outcomes, by status (`0` = no answer).
    pub errors: BTreeMap<String, usize>,
    /// Accepted messages per second over the sending window.
    pub accepted_per_second: f64,
    /// POST → answer.
    pub post_latency: Summary,
    /// Accepted messages whose notification reached the fake.
    pub notified: usize,
    /// POST → the fake receiving the `sendMessage` that carries the notification.
    pub notify_latency: Summary,
    /// Notifications in the outbox when the sending stopped.
    pub outbox_pending_at_end: f64,
    /// From the end of the sending window to the last notification, in seconds.
    pub last_notification_after_s: f64,
    /// Notifications delivered per second while the fake was receiving them.
    pub notifications_per_second: f64,
    /// `sendMessage` calls that carried the notifications.
    pub send_message_calls: usize,
    /// Notifications per `sendMessage` call (batching).
    pub notifications_per_call: f64,
    /// CPU cores the app used while the messages were sent.
    pub app_cpu_cores: f64,
    /// CPU cores this tool (load generator and fake Telegram) used meanwhile.
    pub tool_cpu_cores: f64,
}

/// One scheduled send.
struct Outcome {
    seq: usize,
    sent_at: Instant,
    answered_at: Instant,
    status: u16,
}

/// Runs the scenario at `rate` messages per second.
pub async fn run(ctx: &Context, rate: u32) -> anyhow::Result<MessageFigures> {
    let rate = rate.max(1);
    let duration = ctx.cli.duration;
    let telegram = ctx.fake_telegram();
    let dir = ctx.fresh_dir()?;
    let database = ctx.database(dir.path(), "messages.db")?;
    let app = AppProcess::start(&ctx.app_config(database.url(), &telegram)).await?;

    // Each visitor sends at most one message per second: the app's steady per-visitor limit.
    let count = (rate as usize).max(100);
    progress!("messages: creating {count} visitors");
    let (visitors, clients) = visitors::create(&app.base, count).await?;

    progress!("messages: warm-up, one first message per visitor (creates the tickets)");
    let warmup = warm_up(&app, &visitors, &clients).await?;
    progress!(
        "messages: warm-up done, {} tickets, outbox drained in {:.1}s",
        warmup.tickets,
        warmup.drained_in_s
    );

    let total = (f64::from(rate) * duration.as_secs_f64()).round() as usize;
    progress!("messages: sending {total} messages at {rate}/s for {duration:?}");
    let calls_before = telegram.call_log("sendMessage").len();
    let (app_cpu, tool_cpu) = (cpu_seconds(app.pid()), cpu_seconds(std::process::id()));
    let cpu_since = Instant::now();
    let (outcomes, skipped, window) = send_at_rate(&app, &visitors, &clients, rate, total).await;
    let cpu_span = cpu_since.elapsed().as_secs_f64().max(1e-9);
    let app_cpu_cores = (cpu_seconds(app.pid()) - app_cpu) / cpu_span;
    let tool_cpu_cores = (cpu_seconds(std::process::id()) - tool_cpu) / cpu_span;
    let window_s = window.as_secs_f64().max(1e-9);
    let outbox_pending_at_end = app.metric("chat_outbox_pending").await.unwrap_or(f64::NAN);
    let window_end = Instant::now();

    let accepted: HashMap<usize, Instant> = outcomes
        .iter()
        .filter(|o| o.status == 201)
        .map(|o| (o.seq, o.sent_at))
        .collect();
    let mut errors = BTreeMap::new();
    for outcome in outcomes.iter().filter(|o| o.status != 201) {
        *errors.entry(outcome.status.to_string()).or_insert(0) += 1;
    }
    progress!(
        "messages: {} accepted, {} errors, {skipped} skipped; outbox backlog {outbox_pending_at_end}; waiting for the notifications",
        accepted.len(),
        outcomes.len() - accepted.len()
    );
    let notified = wait_for_notifications(&telegram, calls_before, &accepted).await;

    let mut post_latency: Vec<Duration> = outcomes
        .iter()
        .filter(|o| o.status == 201)
        .map(|o| o.answered_at - o.sent_at)
        .collect();
    let mut notify_latency: Vec<Duration> = notified
        .arrivals
        .iter()
        .filter_map(|(seq, at)| {
            accepted
                .get(seq)
                .map(|sent| at.saturating_duration_since(*sent))
        })
        .collect();
    let first_arrival = notified.arrivals.values().min().copied();
    let last_arrival = notified.arrivals.values().max().copied();
    let notifications_per_second = match (first_arrival, last_arrival) {
        (Some(first), Some(last)) if last > first => {
            notified.arrivals.len() as f64 / (last - first).as_secs_f64()
        }
        _ => f64::NAN,
    };
    app.stop().await?;
    Ok(MessageFigures {
        rate,
        duration_s: duration.as_secs_f64(),
        visitors: visitors.len(),
        source_addresses: count.div_ceil(visitors::VISITORS_PER_ADDRESS),
        warmup,
        scheduled: total,
        skipped,
        accepted: accepted.len(),
        errors,
        accepted_per_second: accepted.len() as f64 / window_s,
        post_latency: Summary::of(&mut post_latency).unwrap_or_else(Summary::empty),
        notified: notified.arrivals.len(),
        notify_latency: Summary::of(&mut notify_latency).unwrap_or_else(Summary::empty),
        outbox_pending_at_end,
        last_notification_after_s: last_arrival.map_or(f64::NAN, |last| {
            ms(last.saturating_duration_since(window_end)) / 1e3
        }),
        notifications_per_second,
        send_message_calls: notified.calls,
        notifications_per_call: notified.arrivals.len() as f64 / notified.calls.max(1) as f64,
        app_cpu_cores,
        tool_cpu_cores,
    })
}

/// A message body as the widget sends it; measured messages carry the marker of their `seq`.
fn message_body(seq: usize, measured: bool) -> serde_json::Value {
    let (text, client_id) = if measured {
        (
            format!("Bonjour, une question sur ma commande {MARKER}{seq}]"),
            format!("load-{seq}"),
        )
    } else {
        (
            "Bonjour, j'ai une question sur ma commande".to_owned(),
            format!("warmup-{seq}"),
        )
    };
    json!({"text": text, "client_id": client_id, "page": "/commande"})
}

/// Sends `body` as `visitor`; returns the status (`0` without an answer).
async fn post(client: &reqwest::Client, url: &str, token: &str, body: &serde_json::Value) -> u16 {
    match client.post(url).bearer_auth(token).json(body).send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            // Read the body so that the connection goes back to the pool.
            let _ = response.bytes().await;
            status
        }
        Err(_) => 0,
    }
}

async fn warm_up(
    app: &AppProcess,
    visitors: &[Visitor],
    clients: &Clients,
) -> anyhow::Result<Warmup> {
    let started = Instant::now();
    let permits = Arc::new(Semaphore::new(WARMUP_CONCURRENCY));
    let mut tasks = JoinSet::new();
    let url = format!("{}/api/v1/messages", app.base);
    for (seq, visitor) in visitors.iter().enumerate() {
        let permit = Arc::clone(&permits).acquire_owned().await?;
        let client = clients.get(visitor.group).clone();
        let token = visitor.token.clone();
        let url = url.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let sent = Instant::now();
            let status = post(&client, &url, &token, &message_body(seq, false)).await;
            (status, sent.elapsed())
        });
    }
    let mut latencies = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (status, took) = joined?;
        anyhow::ensure!(status == 201, "a warm-up message got {status}");
        latencies.push(took);
    }
    app.wait_outbox_empty(Duration::from_secs(300)).await?;
    let drained_in = started.elapsed();
    Ok(Warmup {
        tickets: latencies.len(),
        post_latency: Summary::of(&mut latencies).unwrap_or_else(Summary::empty),
        drained_in_s: drained_in.as_secs_f64(),
    })
}

/// Sends `total` messages at `rate` per second, round-robin over the visitors; returns the
/// outcomes, the sends skipped, and the length of the sending window.
async fn send_at_rate(
    app: &AppProcess,
    visitors: &[Visitor],
    clients: &Clients,
    rate: u32,
    total: usize,
) -> (Vec<Outcome>, usize, Duration) {
    let url: Arc<str> = format!("{}/api/v1/messages", app.base).into();
    let permits = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let mut tasks = JoinSet::new();
    let mut skipped = 0;
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    for seq in 0..total {
        tokio::time::sleep_until(start + interval.mul_f64(seq as f64)).await;
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            skipped += 1;
            continue;
        };
        let visitor = &visitors[seq % visitors.len()];
        let client = clients.get(visitor.group).clone();
        let token = visitor.token.clone();
        let url = Arc::clone(&url);
        tasks.spawn(async move {
            let _permit = permit;
            let body = message_body(seq, true);
            let sent_at = Instant::now();
            let status = post(&client, &url, &token, &body).await;
            Outcome {
                seq,
                sent_at,
                answered_at: Instant::now(),
                status,
            }
        });
        if seq > 0 && seq.is_multiple_of(rate as usize) {
            progress!("  {seq}/{total} sent, {} in flight", tasks.len());
        }
    }
    // The sending window: the scheduled span, or longer if the sends fell behind.
    let window = start.elapsed().max(interval.mul_f64(total as f64));
    let mut outcomes = Vec::with_capacity(total);
    while let Some(joined) = tasks.join_next().await {
        if let Ok(outcome) = joined {
            outcomes.push(outcome);
        }
    }
    (outcomes, skipped, window)
}

/// What the fake received for the measured messages.
struct Notified {
    /// The first arrival of each message's notification.
    arrivals: HashMap<usize, Instant>,
    /// `sendMessage` calls that carried at least one of them.
    calls: usize,
}

/// Waits until every accepted message's notification reached the fake, or none came for
/// `NOTIFY_QUIET`, or `NOTIFY_TIMEOUT` passed.
async fn wait_for_notifications(
    telegram: &FakeTelegram,
    calls_before: usize,
    accepted: &HashMap<usize, Instant>,
) -> Notified {
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let mut seen = 0;
    loop {
        let notified = collect(telegram, calls_before);
        let found = notified
            .arrivals
            .keys()
            .filter(|seq| accepted.contains_key(seq))
            .count();
        if found > seen {
            seen = found;
            last_progress = Instant::now();
        }
        if found >= accepted.len()
            || last_progress.elapsed() > NOTIFY_QUIET
            || started.elapsed() > NOTIFY_TIMEOUT
        {
            return notified;
        }
        progress!("  {found}/{} notifications received", accepted.len());
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The markers in the `sendMessage` calls after the first `skip`.
fn collect(telegram: &FakeTelegram, skip: usize) -> Notified {
    let mut arrivals = HashMap::new();
    let mut calls = 0;
    for call in telegram.call_log("sendMessage").into_iter().skip(skip) {
        if call.status != 200 {
            continue;
        }
        let text = call.body["text"].as_str().unwrap_or_default();
        let mut any = false;
        for seq in markers(text) {
            any = true;
            arrivals.entry(seq).or_insert(call.at);
        }
        calls += usize::from(any);
    }
    Notified { arrivals, calls }
}

/// Every `[lt#N]` marker in `text`.
pub(crate) fn markers(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split(MARKER).skip(1).filter_map(|rest| {
        let digits = rest.split(']').next()?;
        digits.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_of_a_batched_notification_is_found() {
        let text = "📝 T1001\n💬 Message: hi [lt#12]\n\n📝 T1002\n💬 Message: [lt#7] and [lt#x]";
        assert_eq!(markers(text).collect::<Vec<_>>(), vec![12, 7]);
    }
}
