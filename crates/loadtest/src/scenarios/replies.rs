//! Operator replies while many visitors are connected: `/reply T… text` updates are queued at
//! the fake Telegram at a modest rate, and each is timed from the moment it is available to the
//! bot (queued at the fake, where the bot's long poll is waiting) to the moment the visitor's
//! socket reads the frame.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;

use super::Context;
use crate::app_process::{AppProcess, OPERATOR_CHAT};
use crate::progress::progress;
use crate::stats::Summary;
use crate::visitors::{self, Clients, Fleet, Visitor};

/// Concurrent first messages (which create the tickets).
const SETUP_CONCURRENCY: usize = 32;
/// Replies still missing this long after the last one arrived are reported lost.
const QUIET: Duration = Duration::from_secs(10);
/// Where the marker starts in a reply.
const MARKER: &str = "[rp#";

/// The figures of the replies scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyFigures {
    /// Visitors connected, each with a ticket and one open socket.
    pub visitors: usize,
    /// Replies fed, one `/reply` update each.
    pub replies: usize,
    /// Replies per second.
    pub rate: u32,
    /// Replies whose frame reached the visitor's socket.
    pub delivered: usize,
    /// Update queued at the fake → frame read from the visitor's socket.
    pub latency: Summary,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<ReplyFigures> {
    let count = ctx.cli.reply_visitors.max(1);
    let replies = ctx.cli.replies;
    let rate = ctx.cli.reply_rate.max(1);
    let telegram = ctx.fake_telegram();
    let dir = ctx.fresh_dir()?;
    let database = ctx.database(dir.path(), "replies.db")?;
    let app = AppProcess::start(&ctx.app_config(database.url(), &telegram)).await?;
    let address = visitors::app_address(&app.base)?;

    progress!("replies: creating {count} visitors with a ticket each");
    let (visitors, clients) = visitors::create(&app.base, count).await?;
    let tickets = first_messages(&app, &visitors, &clients).await?;
    app.wait_outbox_empty(Duration::from_secs(300)).await?;

    progress!("replies: opening {count} sockets");
    let (frames_tx, mut frames_rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    let mut fleet = Fleet::default();
    fleet
        .open(address, &visitors, |_| {
            let frames = frames_tx.clone();
            move |text: &str| {
                let at = Instant::now();
                if let Some(seq) = marker(text) {
                    let _ = frames.send((seq, at));
                }
            }
        })
        .await?;
    drop(frames_tx);
    tokio::time::sleep(Duration::from_secs(1)).await;

    progress!("replies: feeding {replies} replies at {rate}/s");
    let mut pushed: Vec<Instant> = Vec::with_capacity(replies);
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let start = tokio::time::Instant::now();
    for seq in 0..replies {
        tokio::time::sleep_until(start + interval.mul_f64(seq as f64)).await;
        let ticket = &tickets[seq % tickets.len()];
        let text = format!("/reply {ticket} Bonjour, voici la réponse {MARKER}{seq}]");
        pushed.push(Instant::now());
        telegram.push_text(OPERATOR_CHAT, &text);
        if seq > 0 && seq.is_multiple_of(rate as usize * 5) {
            progress!("  {seq}/{replies} replies fed");
        }
    }

    let mut arrivals: HashMap<usize, Instant> = HashMap::new();
    while arrivals.len() < replies {
        match tokio::time::timeout(QUIET, frames_rx.recv()).await {
            Ok(Some((seq, at))) => {
                arrivals.entry(seq).or_insert(at);
            }
            Ok(None) | Err(_) => break,
        }
    }
    let mut latencies: Vec<Duration> = arrivals
        .iter()
        .filter_map(|(seq, at)| pushed.get(*seq).map(|p| at.saturating_duration_since(*p)))
        .collect();
    progress!("replies: {}/{replies} delivered", latencies.len());
    fleet.close_all();
    app.stop().await?;
    Ok(ReplyFigures {
        visitors: count,
        replies,
        rate,
        delivered: latencies.len(),
        latency: Summary::of(&mut latencies).unwrap_or_else(Summary::empty),
    })
}

/// Every visitor's first message; returns the ticket numbers (`T1001`), visitor by visitor.
async fn first_messages(
    app: &AppProcess,
    visitors: &[Visitor],
    clients: &Clients,
) -> anyhow::Result<Vec<String>> {
    let url = format!("{}/api/v1/messages", app.base);
    let permits = Arc::new(Semaphore::new(SETUP_CONCURRENCY));
    let mut tasks = JoinSet::new();
    for (index, visitor) in visitors.iter().enumerate() {
        let permit = Arc::clone(&permits).acquire_owned().await?;
        let client = clients.get(visitor.group).clone();
        let token = visitor.token.clone();
        let url = url.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"text": "Bonjour, une question", "page": "/aide"}))
                .send()
                .await?
                .error_for_status()?;
            let body: Value = response.json().await?;
            let ticket = body["ticket"].as_str().unwrap_or_default().to_owned();
            anyhow::Ok((index, ticket))
        });
    }
    let mut tickets = vec![String::new(); visitors.len()];
    while let Some(joined) = tasks.join_next().await {
        let (index, ticket) = joined??;
        anyhow::ensure!(!ticket.is_empty(), "a first message got no ticket");
        tickets[index] = ticket;
    }
    Ok(tickets)
}

/// The `[rp#N]` marker of an operator message frame.
fn marker(frame: &str) -> Option<usize> {
    let rest = frame.split(MARKER).nth(1)?;
    rest.split(']').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_read_from_a_message_frame() {
        let frame = r#"{"type":"message","ticket":"T1001","message":{"id":3,"author":"operator","text":"Bonjour [rp#42]"}}"#;
        assert_eq!(marker(frame), Some(42));
        assert_eq!(
            marker(r#"{"type":"status","ticket":"T1001","status":"pending"}"#),
            None
        );
    }
}
