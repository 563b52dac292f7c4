//! The load generator behind `docs/performance.md`. Starts the real app (a release build, a
//! fresh SQLite file, production settings) against a fake Telegram Bot API in this process,
//! drives it over 127.0.0.1 only, and prints the figures against the targets; `--json` writes
//! them all. Every scenario is bounded in count and time and stops by itself.

mod app_process;
mod cli;
mod machine;
mod progress;
mod report;
mod scenarios;
mod seed;
mod stats;
mod visitors;

use clap::Parser;

use crate::cli::{Cli, Scenario};
use crate::machine::{load_average, Machine};
use crate::progress::progress;
use crate::report::{LoadSample, Report};
use crate::scenarios::Context;

/// Open files wanted by the tool and the app: 10,000 WebSockets each, plus the rest.
const WANTED_OPEN_FILES: u64 = 65_536;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    progress::start();
    let cli = Cli::parse();
    anyhow::ensure!(
        cli.app_bin.is_file(),
        "no app binary at {} (run `cargo build --release -p app`, or give --app-bin)",
        cli.app_bin.display()
    );
    // The app is spawned by this process and inherits the raised limit. Raising the hard
    // limit needs privileges; without them the soft limit goes up to the hard one.
    let _ = rlimit::setrlimit(
        rlimit::Resource::NOFILE,
        WANTED_OPEN_FILES,
        WANTED_OPEN_FILES,
    );
    let open_files = rlimit::increase_nofile_limit(WANTED_OPEN_FILES)?;
    anyhow::ensure!(
        open_files as usize > cli.sockets + 1_000,
        "the open-file limit is {open_files}: too low for {} sockets (raise the hard limit)",
        cli.sockets
    );
    let scenarios = cli.scenario.expand();
    let json = cli.json.clone();
    let mut report = Report::new(Machine::detect(), cli.synchronous.clone(), open_files);
    let ctx = Context { cli };
    progress!(
        "loadtest: {:?} against {}; open-file limit {open_files}; load average {:.2}",
        scenarios,
        ctx.cli.app_bin.display(),
        load_average()
    );

    for scenario in scenarios {
        let name = format!("{scenario:?}").to_lowercase();
        sample_load(&mut report, format!("before {name}"));
        progress!("== {name}");
        let outcome = run(&ctx, &mut report, scenario).await;
        if let Err(error) = outcome {
            progress!("{name} FAILED: {error:#}");
            report.failures.push(format!("{name}: {error:#}"));
        }
    }
    sample_load(&mut report, "end".to_owned());

    println!("{}", report.table());
    if let Some(path) = &json {
        report.write_json(path)?;
        progress!("figures written to {}", path.display());
    }
    anyhow::ensure!(
        report.failures.is_empty(),
        "{} scenario(s) failed",
        report.failures.len()
    );
    Ok(())
}

async fn run(ctx: &Context, report: &mut Report, scenario: Scenario) -> anyhow::Result<()> {
    match scenario {
        Scenario::Startup => report.startup = Some(scenarios::startup::run(ctx).await?),
        Scenario::Sockets => report.sockets = Some(scenarios::sockets::run(ctx).await?),
        Scenario::Messages => {
            report.messages = Some(scenarios::messages::run(ctx, ctx.cli.rate).await?);
            if ctx.cli.light_rate > 0 {
                let light = scenarios::messages::run(ctx, ctx.cli.light_rate).await?;
                report.messages_light = Some(light);
            }
        }
        Scenario::Replies => report.replies = Some(scenarios::replies::run(ctx).await?),
        Scenario::Commands => report.commands = Some(scenarios::commands::run(ctx).await?),
        Scenario::Abuse => report.abuse = Some(scenarios::abuse::run(ctx).await?),
        Scenario::Forum => report.forum = Some(scenarios::forum::run(ctx).await?),
        Scenario::All => {}
    }
    Ok(())
}

fn sample_load(report: &mut Report, at: String) {
    report.load.push(LoadSample {
        at,
        one_minute: load_average(),
    });
}
