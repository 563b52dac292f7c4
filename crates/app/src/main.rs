//! The one binary of the product: reads the configuration, wires the adapters to the use cases,
//! serves until SIGTERM or Ctrl-C, and shuts down gracefully.

mod cli;
mod clock;
mod copy_database;
mod database;
mod housekeeping;
mod metrics;
mod open_files;
mod settings;
mod shutdown;
mod startup;
mod telegram_leader;
mod telemetry;
mod webhook;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::settings::Settings;

/// Exit code for a bad setting (as for a bad flag).
const EXIT_BAD_SETTING: u8 = 2;

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Some(Command::CopyDatabase { from, to }) = cli.command.take() {
        telemetry::init(&cli.rust_log);
        return match copy_database::run(&from, &to) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                #[allow(
                    clippy::print_stderr,
                    reason = "the reason the copy failed, for the user"
                )]
                {
                    eprintln!("error: {error:#}");
                }
                ExitCode::FAILURE
            }
        };
    }
    let settings = match Settings::from_cli(cli) {
        Ok(settings) => settings,
        Err(error) => {
            #[allow(clippy::print_stderr, reason = "no logger yet: one line for the user")]
            {
                eprintln!("error: {error}");
            }
            return ExitCode::from(EXIT_BAD_SETTING);
        }
    };
    telemetry::init(&settings.log_filter);
    match actix_rt::System::new().block_on(startup::run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            #[allow(
                clippy::print_stderr,
                reason = "the reason the app stopped, for the user"
            )]
            {
                eprintln!("error: {error:#}");
            }
            ExitCode::FAILURE
        }
    }
}
