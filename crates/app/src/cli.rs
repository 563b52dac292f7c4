//! The command line and environment, as given: every setting is a flag with an environment
//! variable. Values are checked in [`crate::settings`], which names the variable at fault.

use clap::{Parser, Subcommand};

/// Self-hosted live chat and tickets for your website, operated from Telegram.
///
/// Without TELEGRAM_BOT_TOKEN, the operator works from this terminal: notifications are
/// printed here and commands (/tickets, /ticket T1001, plain-text replies, …) are typed on
/// standard input.
#[derive(Debug, Parser)]
#[command(name = "app", version, about, long_about)]
pub struct Cli {
    /// Something else than running the product.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port the HTTP server listens on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: String,

    /// The database: the path of a SQLite file (created, and migrated, at start-up), or a
    /// PostgreSQL URL, postgres://user:password@host:5432/tickets, which several instances can
    /// share (migrated at start-up too). A secret when it holds a password: never logged.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "tickets.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// PostgreSQL: how many connections this instance keeps open to the database (1 to 1000;
    /// every transaction holds one, commit included). Size the server's max_connections for
    /// instances × (this + 3).
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value = "32")]
    pub database_pool_size: String,

    /// SQLite durability: `full` (every acknowledged message survives a power cut) or `normal`
    /// (faster; survives a crash of the process, may lose the last commits on power loss).
    #[arg(long, env = "SQLITE_SYNCHRONOUS", default_value = "full")]
    pub sqlite_synchronous: String,

    /// The Telegram bot's token from @BotFather. Without it, the operator console runs in the
    /// terminal instead. A secret: never logged.
    #[arg(long, env = "TELEGRAM_BOT_TOKEN", hide_env_values = true)]
    pub telegram_bot_token: Option<String>,

    /// The Telegram Bot API base URL (the bot calls {TELEGRAM_API_URL}/bot{TOKEN}/method).
    #[arg(
        long,
        env = "TELEGRAM_API_URL",
        default_value = "https://api.telegram.org"
    )]
    pub telegram_api_url: String,

    /// Comma-separated chat ids of the operators (private chats or a group): notifications go
    /// to all of them, and commands are accepted from them only.
    #[arg(long, env = "TELEGRAM_OPERATOR_CHAT_IDS", default_value = "")]
    pub telegram_operator_chat_ids: String,

    /// In an operator group with topics (a forum), whether its General topic gets a one-line
    /// announcement of each new ticket besides the ticket's own topic: `on` or `off`.
    #[arg(long, env = "TELEGRAM_FORUM_ANNOUNCE", default_value = "on")]
    pub telegram_forum_announce: String,

    /// Whether a ticket nobody is assigned becomes the first member of the team's who answers
    /// it (`/take`, `/assign` and `/unassign` work either way): `on` or `off`.
    #[arg(long, env = "AUTO_ASSIGN", default_value = "on")]
    pub auto_assign: String,

    /// How updates reach the bot: `polling` (long polling, works anywhere) or `webhook`
    /// (Telegram calls POST /telegram/webhook; needs a public HTTPS URL).
    #[arg(long, env = "TELEGRAM_MODE", default_value = "polling")]
    pub telegram_mode: String,

    /// Webhook mode: the public HTTPS URL Telegram calls, ending in /telegram/webhook.
    #[arg(long, env = "TELEGRAM_WEBHOOK_URL")]
    pub telegram_webhook_url: Option<String>,

    /// Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token
    /// (1-256 characters: A-Z, a-z, 0-9, _ and -).
    #[arg(long, env = "TELEGRAM_WEBHOOK_SECRET", hide_env_values = true)]
    pub telegram_webhook_secret: Option<String>,

    /// IANA time zone of the times the operator reads (e.g. Europe/Paris). Default: the host's
    /// zone, else UTC.
    #[arg(long, env = "TICKETS_TIMEZONE")]
    pub tickets_timezone: Option<String>,

    /// Language of the operator's texts and of the notes visitors see: `fr`, `en`, `es` or `de`.
    #[arg(long, env = "TICKETS_LOCALE", default_value = "fr")]
    pub tickets_locale: String,

    /// Comma-separated origins of the sites that embed the widget (e.g.
    /// https://www.example.com), or `*` for any. Default: none, so only pages served by this
    /// server itself (the demo page) can use the API.
    #[arg(long, env = "ALLOWED_ORIGINS", default_value = "")]
    pub allowed_origins: String,

    /// Comma-separated IP addresses of reverse proxies whose X-Forwarded-For is trusted to give
    /// the client's address (for rate limiting).
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info`, `debug`, `info,http_api=debug`).
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub rust_log: String,
}

/// The commands besides running the product.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Copies every visitor, ticket, message, outbox entry and operator chat state of a SQLite
    /// database into a new, empty PostgreSQL database, ids and ticket numbers included (both
    /// are migrated first). Stop the app before: what it writes during the copy is not copied.
    CopyDatabase {
        /// The SQLite database: a path, sqlite://… or file:….
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, postgres://user:password@host:5432/tickets; it must hold
        /// no row.
        #[arg(long)]
        to: String,
    },
}
