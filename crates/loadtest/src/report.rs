//! The figures of a run: a table against the targets on standard output, and all of them as
//! JSON.

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::machine::Machine;
use crate::scenarios::abuse::AbuseFigures;
use crate::scenarios::commands::{CommandFigures, CommandTiming};
use crate::scenarios::forum::ForumFigures;
use crate::scenarios::messages::MessageFigures;
use crate::scenarios::replies::ReplyFigures;
use crate::scenarios::sockets::SocketFigures;
use crate::scenarios::startup::StartupFigures;
use crate::stats::{fmt_ms, Summary};

/// The targets of the issue.
mod target {
    pub const IDLE_RSS_MB: f64 = 25.0;
    pub const STARTUP_MS: f64 = 200.0;
    pub const SOCKETS: usize = 10_000;
    pub const SOCKETS_RSS_MB: f64 = 150.0;
    pub const MESSAGES_PER_SECOND: f64 = 3_000.0;
    pub const NOTIFY_P99_MS: f64 = 50.0;
    pub const REPLY_P99_MS: f64 = 5.0;
    pub const COMMAND_MS: f64 = 10.0;
    pub const HEALTHZ_UNDER_ABUSE_MS: f64 = 100.0;
    pub const FORUM_RATIO: f64 = 1.10;
}

/// The 1-minute load average at a moment of the run.
#[derive(Debug, Clone, Serialize)]
pub struct LoadSample {
    /// Which moment.
    pub at: String,
    /// The 1-minute load average.
    pub one_minute: f64,
}

/// Everything a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The machine.
    pub machine: Machine,
    /// The app's `SQLITE_SYNCHRONOUS`.
    pub synchronous: String,
    /// The open-file limit of the tool (inherited by the app).
    pub open_file_limit: u64,
    /// The load average before and after each scenario.
    pub load: Vec<LoadSample>,
    /// Start-up and idle memory.
    pub startup: Option<StartupFigures>,
    /// Idle WebSockets.
    pub sockets: Option<SocketFigures>,
    /// Visitor messages at the target rate.
    pub messages: Option<MessageFigures>,
    /// Visitor messages at a light rate.
    pub messages_light: Option<MessageFigures>,
    /// Operator replies.
    pub replies: Option<ReplyFigures>,
    /// `/tickets` and `/stats`.
    pub commands: Option<CommandFigures>,
    /// One address holding its connections.
    pub abuse: Option<AbuseFigures>,
    /// New tickets into one forum group at Telegram's limits.
    pub forum: Option<ForumFigures>,
    /// Scenarios that failed, with why.
    pub failures: Vec<String>,
}

/// One line of the table.
struct Row {
    figure: String,
    measured: String,
    target: &'static str,
    met: Option<bool>,
}

impl Row {
    fn new(figure: impl Into<String>, measured: String) -> Self {
        Self {
            figure: figure.into(),
            measured,
            target: "",
            met: None,
        }
    }

    fn against(mut self, target: &'static str, met: bool) -> Self {
        self.target = target;
        self.met = Some(met);
        self
    }
}

impl Report {
    /// An empty report for `machine`.
    pub fn new(machine: Machine, synchronous: String, open_file_limit: u64) -> Self {
        Self {
            machine,
            synchronous,
            open_file_limit,
            load: Vec::new(),
            startup: None,
            sockets: None,
            messages: None,
            messages_light: None,
            replies: None,
            commands: None,
            abuse: None,
            forum: None,
            failures: Vec::new(),
        }
    }

    /// Writes the report as JSON.
    pub fn write_json(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// The table of figures against the targets, in Markdown.
    pub fn table(&self) -> String {
        let rows = self.rows();
        let mut out = String::from("| figure | measured | target | |\n|---|---|---|---|\n");
        for row in rows {
            let verdict = match row.met {
                Some(true) => "✅",
                Some(false) => "❌",
                None => "",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                row.figure, row.measured, row.target, verdict
            ));
        }
        let m = &self.machine;
        let load: Vec<String> = self
            .load
            .iter()
            .map(|s| format!("{} {:.2}", s.at, s.one_minute))
            .collect();
        out.push_str(&format!(
            "\n{} CPUs ({}), {:.0} GiB, Linux {}; SQLITE_SYNCHRONOUS={}; load average: {}\n",
            m.cpus,
            m.cpu_model,
            m.memory_gib,
            m.kernel,
            self.synchronous,
            load.join(", ")
        ));
        for failure in &self.failures {
            out.push_str(&format!("FAILED: {failure}\n"));
        }
        out
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        if let Some(s) = &self.startup {
            rows.push(
                Row::new(
                    "idle RSS (started, bot polling)",
                    format!("{:.1} MB", s.idle_rss_mb),
                )
                .against("< 25 MB", s.idle_rss_mb < target::IDLE_RSS_MB),
            );
            rows.push(Row::new(
                "start-up → /healthz 200, new database",
                startup_text(&s.fresh_db),
            ));
            rows.push(
                Row::new(
                    format!(
                        "start-up → /healthz 200, {} tickets",
                        thousands(u64::from(s.seeded_tickets))
                    ),
                    startup_text(&s.seeded_db),
                )
                .against("< 200 ms", s.seeded_db.max_ms < target::STARTUP_MS),
            );
        }
        if let Some(s) = &self.sockets {
            for step in &s.steps {
                let row = Row::new(
                    format!(
                        "RSS with {} idle WebSockets",
                        thousands(step.sockets as u64)
                    ),
                    format!(
                        "{:.1} MB ({:.1} KB per socket; {} counted by the app)",
                        step.rss_mb, step.per_socket_kb, step.connected
                    ),
                );
                rows.push(if step.sockets >= target::SOCKETS {
                    row.against(
                        "< 150 MB",
                        step.rss_mb < target::SOCKETS_RSS_MB
                            && step.connected >= step.sockets as f64,
                    )
                } else {
                    row
                });
            }
        }
        if let Some(m) = &self.messages {
            let clean = m.skipped == 0 && m.errors.is_empty();
            // Every message offered at the target rate or above was committed: the measured
            // rate itself reads a hair under the offered one (the window ends after the last
            // send), so the offered rate is what is compared when nothing was lost.
            let absorbed = clean && m.accepted == m.scheduled;
            let sustained = if absorbed {
                f64::from(m.rate)
            } else {
                m.accepted_per_second
            };
            rows.push(
                Row::new(
                    format!("durable visitor messages/s (asked {}/s)", m.rate),
                    format!(
                        "{:.0}/s ({} × 201, {} errors, {} skipped)",
                        m.accepted_per_second,
                        m.accepted,
                        m.errors.values().sum::<usize>(),
                        m.skipped
                    ),
                )
                .against(
                    "≥ 3,000/s",
                    clean && sustained >= target::MESSAGES_PER_SECOND,
                ),
            );
            rows.push(Row::new(
                "POST /api/v1/messages → 201",
                m.post_latency.short(),
            ));
            rows.push(
                Row::new(
                    "POST → Telegram notification",
                    format!(
                        "{} ({}/{} delivered, {:.1} per sendMessage)",
                        m.notify_latency.short(),
                        m.notified,
                        m.accepted,
                        m.notifications_per_call
                    ),
                )
                .against(
                    "p99 < 50 ms",
                    m.notified == m.accepted && m.notify_latency.p99_ms < target::NOTIFY_P99_MS,
                ),
            );
        }
        if let Some(m) = &self.messages {
            rows.push(Row::new(
                "CPU while sending: app / load tool + fake Telegram",
                format!(
                    "{:.2} / {:.2} of {} cores",
                    m.app_cpu_cores, m.tool_cpu_cores, self.machine.cpus
                ),
            ));
            rows.push(Row::new(
                "notifications delivered/s (outbox backlog when sending stopped)",
                format!(
                    "{:.0}/s ({} pending; last one {:.1} s after the sends)",
                    m.notifications_per_second,
                    m.outbox_pending_at_end,
                    m.last_notification_after_s
                ),
            ));
        }
        if let Some(m) = &self.messages_light {
            rows.push(Row::new(
                format!("at {}/s: messages/s · POST → 201", m.rate),
                format!(
                    "{:.0}/s ({} errors) · {}",
                    m.accepted_per_second,
                    m.errors.values().sum::<usize>() + m.skipped,
                    m.post_latency.short()
                ),
            ));
            rows.push(Row::new(
                format!("at {}/s: POST → Telegram notification", m.rate),
                format!(
                    "{} ({}/{} delivered)",
                    m.notify_latency.short(),
                    m.notified,
                    m.accepted
                ),
            ));
        }
        if let Some(r) = &self.replies {
            rows.push(
                Row::new(
                    format!(
                        "operator reply → visitor socket ({} connected)",
                        thousands(r.visitors as u64)
                    ),
                    format!(
                        "{} ({}/{} delivered)",
                        r.latency.short(),
                        r.delivered,
                        r.replies
                    ),
                )
                .against(
                    "p99 < 5 ms",
                    r.delivered == r.replies && r.latency.p99_ms < target::REPLY_P99_MS,
                ),
            );
        }
        if let Some(c) = &self.commands {
            let tickets = thousands(u64::from(c.tickets));
            for (name, timing) in [
                ("/tickets", &c.tickets_command),
                ("/stats", &c.stats_command),
            ] {
                rows.extend(command_rows(name, &tickets, timing));
            }
        }
        if let Some(a) = &self.abuse {
            rows.extend(abuse_rows(a));
        }
        if let Some(f) = &self.forum {
            rows.extend(forum_rows(f));
        }
        rows
    }
}

fn command_rows(name: &str, tickets: &str, timing: &CommandTiming) -> [Row; 2] {
    [
        Row::new(
            format!("{name} use case in process, {tickets} tickets"),
            timing.in_process.short(),
        ),
        Row::new(
            format!("{name} Telegram update → answer sent, {tickets} tickets"),
            timing.end_to_end.short(),
        )
        .against("< 10 ms", timing.end_to_end.p99_ms < target::COMMAND_MS),
    ]
}

fn abuse_rows(a: &AbuseFigures) -> [Row; 2] {
    let answered = a.healthz_failed == 0 && a.healthz.count > 0;
    [
        Row::new(
            format!(
                "one address holding its {} connections for {:.0} s: tried over the cap, closed at once",
                a.cap, a.held_s
            ),
            format!(
                "{}/{} (at most {} open in all, the prober's included; {} closed by the app and reopened)",
                a.over_cap_refused, a.over_cap_tried, a.most_open, a.closed_and_reopened
            ),
        )
        .against(
            "all",
            a.over_cap_tried > 0 && a.over_cap_refused == a.over_cap_tried,
        ),
        Row::new(
            "meanwhile GET /healthz from another address (new connection each)",
            format!(
                "{} ({} answered, {} failed)",
                a.healthz.short(),
                a.healthz.count,
                a.healthz_failed
            ),
        )
        .against(
            "every answer < 100 ms",
            answered && a.healthz.max_ms < target::HEALTHZ_UNDER_ABUSE_MS,
        ),
    ]
}

fn forum_rows(f: &ForumFigures) -> [Row; 3] {
    let needed = if f.announce {
        "topic, card and General line"
    } else {
        "topic and card"
    };
    let by_method: Vec<String> = f
        .calls
        .rate_limited
        .iter()
        .map(|(method, count)| format!("{count} {method}"))
        .collect();
    [
        Row::new(
            format!(
                "forum: {} new tickets in {} s into one group ({} calls / {} s): first message → every {needed}",
                f.tickets, f.spread_s, f.group_max_calls, f.group_window_s
            ),
            format!(
                "{:.1} s against the limit's minimum {:.1} s for {} calls: ratio {:.3}{}",
                f.measured_s,
                f.minimum_s,
                f.calls_needed,
                f.ratio,
                if f.complete { "" } else { " (INCOMPLETE)" }
            ),
        )
        .against(
            "ratio near 1 (≤ 1.10)",
            f.complete && f.ratio <= target::FORUM_RATIO,
        ),
        Row::new(
            "forum: tickets lost · duplicated · card not first · General lines lost",
            format!(
                "{} · {} · {} · {} ({}/{} topics, {} cards, {} General lines, {} stray topics)",
                f.lost,
                f.duplicated,
                f.out_of_order,
                f.announcements_lost,
                f.topics,
                f.tickets,
                f.cards,
                f.general_lines,
                f.stray_topics
            ),
        )
        .against(
            "none",
            f.lost + f.duplicated + f.out_of_order + f.announcements_lost + f.stray_topics == 0,
        ),
        Row::new(
            "forum: 429s the bot received · room in the window left unused after them",
            format!(
                "{} ({}) in {} runs · {:.1} s; {} counted calls made, {} accepted",
                f.calls.rate_limited_total(),
                if by_method.is_empty() {
                    "none".to_owned()
                } else {
                    by_method.join(", ")
                },
                f.calls.refusals.len(),
                f.calls.late_total_s,
                f.calls.made,
                f.calls.accepted_total()
            ),
        ),
    ]
}

fn startup_text(summary: &Summary) -> String {
    format!(
        "p50 {} · max {} ms ({} starts)",
        fmt_ms(summary.p50_ms),
        fmt_ms(summary.max_ms),
        summary.count
    )
}

/// `100000` → `100,000`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(999), "999");
    }
}
