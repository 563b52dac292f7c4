//! Telegram's flood limits as the fake enforces them: what is limited and how much.
//!
//! Telegram documents them loosely (<https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this>):
//! about one message per second to one chat, at most 20 messages per minute to one group, about
//! 30 messages per second overall. [`RateLimits::telegram`] is that, made exact; the state that
//! enforces it is in `limiter.rs`.

use std::time::Duration;

/// A token bucket: `burst` calls at once, then one more every `refill_every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenBucket {
    /// How many calls may come at once after a quiet spell (`0` is taken as `1`).
    pub burst: u32,
    /// How long it takes to earn one more call.
    pub refill_every: Duration,
}

/// At most `max` calls in any sliding `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlidingWindow {
    /// How many calls the window holds.
    pub max: u32,
    /// How long a call stays in the window.
    pub window: Duration,
}

/// The limits on the methods that send something (`sendMessage` and the forum topic methods,
/// whose service messages land in the group). `None` leaves that dimension unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Per private chat (positive chat id).
    pub private_chat: Option<TokenBucket>,
    /// Per group or supergroup (negative chat id).
    pub group_chat: Option<SlidingWindow>,
    /// Every chat together.
    pub global: Option<SlidingWindow>,
}

impl RateLimits {
    /// Telegram's limits: a private chat takes a burst of 3 then 1 message per second; a group
    /// at most 20 in any 60 s; all chats together at most 30 in any second.
    pub const fn telegram() -> Self {
        Self {
            private_chat: Some(TokenBucket {
                burst: 3,
                refill_every: Duration::from_secs(1),
            }),
            group_chat: Some(SlidingWindow {
                max: 20,
                window: Duration::from_secs(60),
            }),
            global: Some(SlidingWindow {
                max: 30,
                window: Duration::from_secs(1),
            }),
        }
    }

    /// No limit at all (load runs).
    pub const fn unlimited() -> Self {
        Self {
            private_chat: None,
            group_chat: None,
            global: None,
        }
    }
}

impl Default for RateLimits {
    /// [`RateLimits::telegram`].
    fn default() -> Self {
        Self::telegram()
    }
}
