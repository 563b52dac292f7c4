//! Checked settings: every value of [`Cli`] parsed and validated once, at start-up, before
//! anything binds or writes. An error names the environment variable at fault.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use chrono_tz::Tz;
use storage_sqlite::Synchronous;
use ticket_domain::render::Locale;

use telegram_bot::{BotToken, TelegramConfig, TelegramMode};

use crate::cli::Cli;
use crate::database::Database;

/// A setting with a bad value.
#[derive(Debug)]
pub struct SettingsError {
    /// The environment variable (the flag has the same name, in kebab case).
    pub variable: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.message)
    }
}

impl std::error::Error for SettingsError {}

fn bad(variable: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        variable,
        message: message.into(),
    }
}

/// Where the operator works.
#[derive(Debug, Clone)]
pub enum OperatorSide {
    /// In this terminal.
    Console,
    /// In Telegram (validated by the bot crate's own rules: one validation).
    Telegram(TelegramConfig),
}

/// Every setting, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the HTTP server listens.
    pub bind_addr: SocketAddr,
    /// The database (SQLite file or PostgreSQL server).
    pub database: Database,
    /// Console or Telegram.
    pub operator: OperatorSide,
    /// The operator's time zone.
    pub timezone: Tz,
    /// The operator's language.
    pub locale: Locale,
    /// Origins allowed to call the API from a browser.
    pub allowed_origins: Vec<String>,
    /// Proxies whose X-Forwarded-For is trusted.
    pub trusted_proxies: Vec<IpAddr>,
    /// The log filter.
    pub log_filter: String,
    /// Whether an unassigned ticket becomes the first member of the team's who answers it.
    pub auto_assign: bool,
}

impl Settings {
    /// Checks every value of `cli`.
    pub fn from_cli(cli: Cli) -> Result<Self, SettingsError> {
        let bind_addr = cli.bind_addr.trim().parse().map_err(|_| {
            bad(
                "BIND_ADDR",
                format!(
                    "“{}” is not an address and port such as 127.0.0.1:8080",
                    cli.bind_addr
                ),
            )
        })?;
        let database_url = cli.database_url.trim();
        if database_url.is_empty() {
            return Err(bad("DATABASE_URL", "the database path or URL is empty"));
        }
        let synchronous = match cli.sqlite_synchronous.trim().to_ascii_lowercase().as_str() {
            "full" => Synchronous::Full,
            "normal" => Synchronous::Normal,
            other => {
                return Err(bad(
                    "SQLITE_SYNCHRONOUS",
                    format!("“{other}” is neither full nor normal"),
                ))
            }
        };
        let pool_size = match cli.database_pool_size.trim().parse::<u32>() {
            Ok(size @ 1..=1000) => size,
            _ => {
                return Err(bad(
                    "DATABASE_POOL_SIZE",
                    format!(
                        "“{}” is not a number from 1 to 1000",
                        cli.database_pool_size
                    ),
                ))
            }
        };
        let locale = cli
            .tickets_locale
            .parse::<Locale>()
            .map_err(|e| bad("TICKETS_LOCALE", e.to_string()))?;
        let timezone = timezone(cli.tickets_timezone.as_deref())?;
        let allowed_origins = origins(&cli.allowed_origins)?;
        let trusted_proxies = list(&cli.trusted_proxies)
            .map(|ip| {
                ip.parse::<IpAddr>()
                    .map_err(|_| bad("TRUSTED_PROXIES", format!("“{ip}” is not an IP address")))
            })
            .collect::<Result<_, _>>()?;
        tracing_subscriber::EnvFilter::try_new(&cli.rust_log)
            .map_err(|e| bad("RUST_LOG", format!("not a valid log filter: {e}")))?;
        let operator = operator_side(&cli, locale)?;
        let auto_assign = switch("AUTO_ASSIGN", &cli.auto_assign)?;
        Ok(Self {
            bind_addr,
            database: Database::from_url(database_url, synchronous, pool_size),
            operator,
            timezone,
            locale,
            allowed_origins,
            trusted_proxies,
            log_filter: cli.rust_log,
            auto_assign,
        })
    }
}

fn list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

fn timezone(raw: Option<&str>) -> Result<Tz, SettingsError> {
    match raw.map(str::trim).filter(|zone| !zone.is_empty()) {
        Some(zone) => zone.parse::<Tz>().map_err(|_| {
            bad(
                "TICKETS_TIMEZONE",
                format!("“{zone}” is not an IANA time zone such as Europe/Paris"),
            )
        }),
        None => Ok(iana_time_zone::get_timezone()
            .ok()
            .and_then(|zone| zone.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC)),
    }
}

fn origins(raw: &str) -> Result<Vec<String>, SettingsError> {
    list(raw)
        .map(|origin| {
            let origin = origin.trim_end_matches('/');
            let valid = origin == "*"
                || ((origin.starts_with("https://") || origin.starts_with("http://"))
                    && !origin.split_once("://").is_some_and(|(_, rest)| rest.is_empty() || rest.contains('/')));
            if valid {
                Ok(origin.to_owned())
            } else {
                Err(bad("ALLOWED_ORIGINS", format!("“{origin}” is not an origin such as https://www.example.com (scheme, host and optional port; no path)")))
            }
        })
        .collect()
}

fn operator_side(cli: &Cli, locale: Locale) -> Result<OperatorSide, SettingsError> {
    let Some(token) = cli
        .telegram_bot_token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(OperatorSide::Console);
    };
    let api_url = cli.telegram_api_url.trim().trim_end_matches('/').to_owned();
    let operator_chats: Vec<i64> = list(&cli.telegram_operator_chat_ids)
        .map(|id| {
            id.parse::<i64>().map_err(|_| {
                bad(
                    "TELEGRAM_OPERATOR_CHAT_IDS",
                    format!("“{id}” is not a chat id (an integer, negative for groups)"),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let mode = match cli.telegram_mode.trim().to_ascii_lowercase().as_str() {
        "polling" => TelegramMode::Polling,
        "webhook" => webhook(cli),
        other => {
            return Err(bad(
                "TELEGRAM_MODE",
                format!("“{other}” is neither polling nor webhook"),
            ))
        }
    };
    let announce_new_tickets = switch("TELEGRAM_FORUM_ANNOUNCE", &cli.telegram_forum_announce)?;
    let config = TelegramConfig {
        token: BotToken::new(token),
        api_url,
        operator_chats,
        mode,
        locale,
        announce_new_tickets,
    };
    config.validate().map_err(|error| SettingsError {
        variable: error.variable().unwrap_or("TELEGRAM_BOT_TOKEN"),
        message: error.to_string(),
    })?;
    Ok(OperatorSide::Telegram(config))
}

/// An on/off setting: `on`, `off` (or `true`/`false`, `yes`/`no`, `1`/`0`), in any case.
fn switch(variable: &'static str, raw: &str) -> Result<bool, SettingsError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        other => Err(bad(variable, format!("“{other}” is neither on nor off"))),
    }
}

/// The webhook's URL and secret as given (checked with the rest by `TelegramConfig::validate`).
fn webhook(cli: &Cli) -> TelegramMode {
    let value = |raw: &Option<String>| raw.as_deref().map(str::trim).unwrap_or_default().to_owned();
    TelegramMode::Webhook {
        url: value(&cli.telegram_webhook_url),
        secret: value(&cli.telegram_webhook_secret),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn parse(args: &[&str]) -> Result<Settings, SettingsError> {
        let mut argv = vec!["app"];
        argv.extend_from_slice(args);
        Settings::from_cli(Cli::try_parse_from(argv).unwrap())
    }

    fn variable_of(args: &[&str]) -> &'static str {
        parse(args).unwrap_err().variable
    }

    #[test]
    fn the_defaults_run_a_console_operator_on_localhost() {
        let settings = parse(&["--tickets-timezone", "Europe/Paris"]).unwrap();
        assert_eq!(settings.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(
            settings.database,
            Database::Sqlite {
                path: "tickets.db".into(),
                synchronous: Synchronous::Full
            }
        );
        assert!(matches!(settings.operator, OperatorSide::Console));
        assert_eq!(settings.locale, Locale::Fr);
        assert_eq!(settings.timezone, chrono_tz::Europe::Paris);
        assert!(settings.allowed_origins.is_empty());
    }

    #[test]
    fn every_operator_language_is_a_locale() {
        for (raw, locale) in [
            ("fr", Locale::Fr),
            ("en", Locale::En),
            ("es-ES", Locale::Es),
            ("de", Locale::De),
        ] {
            let settings = parse(&["--tickets-locale", raw]).unwrap();
            assert_eq!(settings.locale, locale, "{raw}");
        }
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        assert_eq!(variable_of(&["--bind-addr", "nowhere"]), "BIND_ADDR");
        assert_eq!(variable_of(&["--tickets-locale", "it"]), "TICKETS_LOCALE");
        assert_eq!(
            variable_of(&["--tickets-timezone", "Mars/Olympus"]),
            "TICKETS_TIMEZONE"
        );
        assert_eq!(
            variable_of(&["--allowed-origins", "example.com"]),
            "ALLOWED_ORIGINS"
        );
        assert_eq!(
            variable_of(&["--allowed-origins", "https://a.com/path"]),
            "ALLOWED_ORIGINS"
        );
        assert_eq!(
            variable_of(&["--trusted-proxies", "10.0.0.x"]),
            "TRUSTED_PROXIES"
        );
        assert_eq!(
            variable_of(&["--sqlite-synchronous", "off"]),
            "SQLITE_SYNCHRONOUS"
        );
        for size in ["0", "1001", "many"] {
            assert_eq!(
                variable_of(&["--database-pool-size", size]),
                "DATABASE_POOL_SIZE"
            );
        }
        assert_eq!(variable_of(&["--rust-log", "info,=["]), "RUST_LOG");
        assert_eq!(
            variable_of(&["--telegram-bot-token", "nope"]),
            "TELEGRAM_BOT_TOKEN"
        );
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-api-url",
                "ftp://x"
            ]),
            "TELEGRAM_API_URL"
        );
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-operator-chat-ids",
                "42,x"
            ]),
            "TELEGRAM_OPERATOR_CHAT_IDS"
        );
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-operator-chat-ids",
                "42",
                "--telegram-mode",
                "push"
            ]),
            "TELEGRAM_MODE"
        );
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-forum-announce",
                "sometimes"
            ]),
            "TELEGRAM_FORUM_ANNOUNCE"
        );
        assert_eq!(variable_of(&["--auto-assign", "maybe"]), "AUTO_ASSIGN");
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-operator-chat-ids",
                "42",
                "--telegram-mode",
                "webhook"
            ]),
            "TELEGRAM_WEBHOOK_URL"
        );
        assert_eq!(
            variable_of(&[
                "--telegram-bot-token",
                "1:abc",
                "--telegram-operator-chat-ids",
                "42",
                "--telegram-mode",
                "webhook",
                "--telegram-webhook-url",
                "https://x.example/telegram/webhook",
                "--telegram-webhook-secret",
                "a b",
            ]),
            "TELEGRAM_WEBHOOK_SECRET"
        );
    }

    #[test]
    fn a_bot_token_without_operator_chats_starts_to_learn_the_chat_id() {
        let settings = parse(&["--telegram-bot-token", "123:ABC-def_ghi"]).unwrap();

        let OperatorSide::Telegram(telegram) = settings.operator else {
            panic!("telegram expected")
        };
        assert!(telegram.operator_chats.is_empty());
        assert!(
            telegram.announce_new_tickets,
            "announcements are on by default"
        );
    }

    #[test]
    fn forum_announcements_can_be_turned_off() {
        for off in ["off", "OFF", "false", "no", "0"] {
            let settings = parse(&[
                "--telegram-bot-token",
                "123:ABC-def_ghi",
                "--telegram-forum-announce",
                off,
            ])
            .unwrap();
            let OperatorSide::Telegram(telegram) = settings.operator else {
                panic!("telegram expected")
            };
            assert!(!telegram.announce_new_tickets, "{off}");
        }
    }

    #[test]
    fn the_settings_never_print_the_token_or_the_webhook_secret() {
        let settings = parse(&[
            "--telegram-bot-token",
            "123456:Secret-Token_value",
            "--telegram-operator-chat-ids",
            "42",
            "--telegram-mode",
            "webhook",
            "--telegram-webhook-url",
            "https://x.example/telegram/webhook",
            "--telegram-webhook-secret",
            "webhook-Secret_value",
        ])
        .unwrap();

        let printed = format!("{settings:?} {settings:#?}");

        assert!(!printed.contains("Secret-Token_value"), "{printed}");
        assert!(!printed.contains("webhook-Secret_value"), "{printed}");
        assert!(printed.contains("***"), "{printed}");
    }

    #[test]
    fn a_full_telegram_set_up_is_accepted() {
        let settings = parse(&[
            "--telegram-bot-token",
            "123:ABC-def_ghi",
            "--telegram-operator-chat-ids",
            "42, -1001234",
            "--telegram-api-url",
            "http://127.0.0.1:9000/",
            "--allowed-origins",
            "https://www.example.com/, http://localhost:3000",
        ])
        .unwrap();
        let OperatorSide::Telegram(telegram) = settings.operator else {
            panic!("telegram expected")
        };
        assert_eq!(telegram.operator_chats, vec![42, -1_001_234]);
        assert_eq!(telegram.api_url, "http://127.0.0.1:9000");
        assert_eq!(telegram.mode, TelegramMode::Polling);
        assert_eq!(
            settings.allowed_origins,
            vec!["https://www.example.com", "http://localhost:3000"]
        );
    }

    #[test]
    fn every_setting_is_documented_in_the_help_with_its_variable() {
        let help = <Cli as clap::CommandFactory>::command()
            .render_long_help()
            .to_string();
        for variable in [
            "BIND_ADDR",
            "DATABASE_URL",
            "SQLITE_SYNCHRONOUS",
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_API_URL",
            "TELEGRAM_OPERATOR_CHAT_IDS",
            "TELEGRAM_MODE",
            "TELEGRAM_WEBHOOK_URL",
            "TELEGRAM_WEBHOOK_SECRET",
            "TICKETS_TIMEZONE",
            "TICKETS_LOCALE",
            "ALLOWED_ORIGINS",
            "TRUSTED_PROXIES",
            "RUST_LOG",
        ] {
            assert!(help.contains(variable), "{variable} missing from --help");
        }
    }
}
