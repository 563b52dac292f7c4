//! Many new tickets at once into one forum group, at Telegram's real limits (issue 13).
//!
//! The fake enforces `RateLimits::telegram()`: a group takes at most 20 counted calls
//! (`sendMessage`, the topic methods) in any sliding 60 s. The app's operator chat is a forum
//! supergroup, so each new ticket costs the group two or three counted calls: its topic, its
//! card in the topic, and (announcements on) a line in General. `--forum-tickets` visitors
//! each send a first message, spread evenly over `--forum-seconds`; the tool waits until every
//! ticket has exactly one topic (named after its visitor), opening with its card (which quotes
//! the message's marker), and its General line, then compares the time from the first message
//! to the last needed call accepted with the least the limit allows for those calls
//! ([`minimum`]). That ratio is the figure to hold near 1.
//!
//! At 20 calls a minute, 100 tickets (300 calls) need 14 minutes whatever the app does: this
//! scenario is not part of `--scenario all`; it is run by hand with `--scenario forum`.

mod calls;
mod minimum;
mod tally;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, RateLimits, SlidingWindow};
use serde::Serialize;
use serde_json::json;
use tokio::task::JoinSet;

use self::calls::{analyse, CallFigures};
use self::minimum::minimum_completion;
use self::tally::{counted_calls, last_call_at, Tally};
use super::Context;
use crate::app_process::{AppConfig, AppProcess};
use crate::machine::cpu_seconds;
use crate::progress::progress;
use crate::scenarios::messages::MARKER;
use crate::visitors::{self, Clients, Visitor};

/// The forum supergroup (a `-100…` id, as Telegram gives supergroups).
pub const FORUM_CHAT: i64 = -1_001_000_000_013;
/// The visitors' names start so (`Visiteur 17`): the topic's name and the General line show
/// it.
const VISITOR: &str = "Visiteur ";
/// How often the tool looks at the group.
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// How often a progress line is written while waiting.
const PROGRESS_EVERY: Duration = Duration::from_secs(15);
/// With the outbox empty and no counted call for this long (more than a window and a rounded
/// `retry_after`), nothing more is coming: what is missing is lost.
const QUIET: Duration = Duration::from_secs(75);
/// Beyond the limit's minimum, the wait gives up after twice it and this.
const TIMEOUT_MARGIN: Duration = Duration::from_secs(300);

/// The figures of the forum scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ForumFigures {
    /// New tickets asked for.
    pub tickets: usize,
    /// Over how many seconds their first messages were spread.
    pub spread_s: f64,
    /// `TELEGRAM_FORUM_ANNOUNCE`.
    pub announce: bool,
    /// The group's limit: calls in any sliding window…
    pub group_max_calls: u32,
    /// … of this many seconds.
    pub group_window_s: f64,
    /// First messages answered `201 Created`.
    pub accepted: usize,
    /// Other answers, by status (`0` = no answer).
    pub post_errors: BTreeMap<String, usize>,
    /// Counted calls the accepted tickets need: topics + cards + General lines.
    pub calls_needed: usize,
    /// Tickets with a topic.
    pub topics: usize,
    /// Tickets whose card is in their topic.
    pub cards: usize,
    /// Tickets with their line in General.
    pub general_lines: usize,
    /// The least time the limit allows for the needed calls, each no sooner than its
    /// ticket's first message, from the first message, in seconds.
    pub minimum_s: f64,
    /// From the first visitor message to the last needed call accepted, in seconds.
    pub measured_s: f64,
    /// `measured_s / minimum_s`.
    pub ratio: f64,
    /// Whether everything needed arrived (else `measured_s` is up to the last that did).
    pub complete: bool,
    /// Tickets without their topic or without their card in it.
    pub lost: usize,
    /// Tickets without their General line (announcements on).
    pub announcements_lost: usize,
    /// Those tickets (`T1007`, …).
    pub announcements_lost_tickets: Vec<String>,
    /// Tickets shown twice (two topics, two messages, two General lines, or a message in
    /// another ticket's topic).
    pub duplicated: usize,
    /// Tickets whose topic opens with something other than their card.
    pub out_of_order: usize,
    /// Topics named after no visitor of the run.
    pub stray_topics: usize,
    /// The group's call log.
    pub calls: CallFigures,
    /// How long the tool waited, from the first message, in seconds.
    pub waited_s: f64,
    /// CPU seconds the app used meanwhile.
    pub app_cpu_s: f64,
}

/// One first message.
struct Sent {
    seq: usize,
    at: Instant,
    status: u16,
}

/// Runs the scenario.
pub async fn run(ctx: &Context) -> anyhow::Result<ForumFigures> {
    let tickets = ctx.cli.forum_tickets.max(1);
    let spread = Duration::try_from_secs_f64(ctx.cli.forum_seconds)?;
    let announce = ctx.cli.forum_announce.is_on();
    let limits = RateLimits::telegram();
    let Some(limit) = limits.group_chat else {
        anyhow::bail!("Telegram's limits have no group limit");
    };
    let telegram = ctx.fake_telegram_with(limits);
    telegram.make_forum(FORUM_CHAT);
    let dir = ctx.fresh_dir()?;
    let database = ctx.database(dir.path(), "forum.db")?;
    let config = AppConfig {
        operator_chat: FORUM_CHAT,
        forum_announce: Some(announce),
        ..ctx.app_config(database.url(), &telegram)
    };
    let app = AppProcess::start(&config).await?;

    progress!("forum: creating {tickets} visitors");
    let (visitors, clients) = visitors::create(&app.base, tickets).await?;
    let app_cpu = cpu_seconds(app.pid());
    progress!("forum: {tickets} first messages over {spread:?} into forum {FORUM_CHAT}");
    let sent = send_spread(&app, &visitors, &clients, spread).await;
    let Some(origin) = sent.iter().map(|s| s.at).min() else {
        anyhow::bail!("no first message was sent");
    };
    let accepted: Vec<&Sent> = sent.iter().filter(|s| s.status == 201).collect();
    let mut post_errors = BTreeMap::new();
    for failed in sent.iter().filter(|s| s.status != 201) {
        *post_errors.entry(failed.status.to_string()).or_insert(0) += 1;
    }
    let per_ticket = 2 + usize::from(announce);
    let ready: Vec<Duration> = accepted
        .iter()
        .flat_map(|s| std::iter::repeat_n(s.at.saturating_duration_since(origin), per_ticket))
        .collect();
    let minimum = minimum_completion(&ready, limit).unwrap_or(Duration::ZERO);
    progress!(
        "forum: {} accepted, {} errors; {} counted calls needed, the limit's minimum {:.1} s",
        accepted.len(),
        sent.len() - accepted.len(),
        ready.len(),
        minimum.as_secs_f64()
    );

    let timeout = minimum * 2 + TIMEOUT_MARGIN;
    let tally = wait_for_group(&telegram, &app, tickets, announce, origin, timeout).await;
    let waited = origin.elapsed();
    let app_cpu_s = cpu_seconds(app.pid()) - app_cpu;
    let calls = analyse(&counted_calls(&telegram), limit, origin);
    app.stop().await?;

    let measured = calls.last_needed_at.map_or(f64::NAN, |at| {
        at.saturating_duration_since(origin).as_secs_f64()
    });
    let figures = figures(
        FigureInputs {
            tickets,
            spread,
            announce,
            limit,
            accepted: accepted.len(),
            post_errors,
            calls_needed: ready.len(),
            minimum,
            measured,
            waited,
            app_cpu_s,
        },
        &tally,
        calls,
    );
    progress!(
        "forum: {} in {:.1} s against a minimum of {:.1} s: ratio {:.3}; {} × 429",
        if figures.complete {
            "complete"
        } else {
            "INCOMPLETE"
        },
        figures.measured_s,
        figures.minimum_s,
        figures.ratio,
        figures.calls.rate_limited_total()
    );
    Ok(figures)
}

/// What [`figures`] needs besides the tally and the call log.
struct FigureInputs {
    tickets: usize,
    spread: Duration,
    announce: bool,
    limit: SlidingWindow,
    accepted: usize,
    post_errors: BTreeMap<String, usize>,
    calls_needed: usize,
    minimum: Duration,
    measured: f64,
    waited: Duration,
    app_cpu_s: f64,
}

fn figures(inputs: FigureInputs, tally: &Tally, calls: CallFigures) -> ForumFigures {
    let tickets = inputs.tickets;
    let minimum_s = inputs.minimum.as_secs_f64();
    ForumFigures {
        tickets,
        spread_s: inputs.spread.as_secs_f64(),
        announce: inputs.announce,
        group_max_calls: inputs.limit.max,
        group_window_s: inputs.limit.window.as_secs_f64(),
        accepted: inputs.accepted,
        post_errors: inputs.post_errors,
        calls_needed: inputs.calls_needed,
        topics: tally.with_topic(),
        cards: tally.with_card(),
        general_lines: tally.with_general(),
        minimum_s,
        measured_s: inputs.measured,
        ratio: if minimum_s > 0.0 {
            inputs.measured / minimum_s
        } else {
            f64::NAN
        },
        complete: tally.complete(inputs.announce),
        lost: tickets - tally.with_card(),
        announcements_lost: if inputs.announce {
            tickets - tally.with_general()
        } else {
            0
        },
        announcements_lost_tickets: if inputs.announce {
            tally.without_general()
        } else {
            Vec::new()
        },
        duplicated: tally.duplicated(),
        out_of_order: tally.out_of_order(),
        stray_topics: tally.stray_topics,
        calls,
        waited_s: inputs.waited.as_secs_f64(),
        app_cpu_s: inputs.app_cpu_s,
    }
}

/// Sends one first message per visitor, evenly over `spread`; returns each send.
async fn send_spread(
    app: &AppProcess,
    visitors: &[Visitor],
    clients: &Clients,
    spread: Duration,
) -> Vec<Sent> {
    let url: Arc<str> = format!("{}/api/v1/messages", app.base).into();
    let count = visitors.len().max(1);
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let mut tasks = JoinSet::new();
    for (seq, visitor) in visitors.iter().enumerate() {
        tokio::time::sleep_until(start + spread.mul_f64(seq as f64 / count as f64)).await;
        let client = clients.get(visitor.group).clone();
        let token = visitor.token.clone();
        let url = Arc::clone(&url);
        tasks.spawn(async move {
            let body = json!({
                "text": format!("Bonjour, une question sur ma commande {MARKER}{seq}]"),
                "client_id": format!("forum-{seq}"),
                "page": "/commande",
                "name": format!("{VISITOR}{seq}"),
            });
            let at = Instant::now();
            let status = match client
                .post(&*url)
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await
            {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let _ = response.bytes().await;
                    status
                }
                Err(_) => 0,
            };
            Sent { seq, at, status }
        });
    }
    let mut sent = Vec::with_capacity(visitors.len());
    while let Some(joined) = tasks.join_next().await {
        if let Ok(one) = joined {
            sent.push(one);
        }
    }
    sent.sort_by_key(|s| s.seq);
    sent
}

/// Looks at the group every second until everything needed is there, or nothing more is
/// coming (outbox empty, no counted call for [`QUIET`]), or `timeout` after `origin`.
async fn wait_for_group(
    telegram: &FakeTelegram,
    app: &AppProcess,
    tickets: usize,
    announce: bool,
    origin: Instant,
    timeout: Duration,
) -> Tally {
    let mut last_progress = Instant::now();
    loop {
        let tally = Tally::read(telegram, tickets);
        if tally.complete(announce) {
            return tally;
        }
        let calls = counted_calls(telegram);
        let quiet = last_call_at(&calls).map_or(origin.elapsed(), |at| at.elapsed());
        if quiet > QUIET && app.metric("chat_outbox_pending").await.ok() == Some(0.0) {
            progress!("forum: the outbox is empty and no call came for {QUIET:?}: giving up");
            return tally;
        }
        if origin.elapsed() > timeout {
            progress!("forum: still incomplete after {timeout:?}: giving up");
            return tally;
        }
        if last_progress.elapsed() >= PROGRESS_EVERY {
            last_progress = Instant::now();
            let refused = calls.iter().filter(|c| c.status == 429).count();
            progress!(
                "  {:.0} s: topics {}/{tickets} · cards {}/{tickets} · General {}/{tickets} · {} calls accepted · {refused} × 429",
                origin.elapsed().as_secs_f64(),
                tally.with_topic(),
                tally.with_card(),
                tally.with_general(),
                calls.iter().filter(|c| c.status == 200).count(),
            );
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}
