//! The kind of device a visitor writes from.

use serde::{Deserialize, Serialize};

/// Mobile, tablet or desktop, guessed from the browser's `User-Agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// A phone.
    Mobile,
    /// A tablet.
    Tablet,
    /// Anything else.
    Desktop,
}

impl Device {
    /// Classifies a `User-Agent` header. Tablets are recognised first (iPads, Android without
    /// "Mobile", Kindle, "Tablet"), then phones; everything else is a desktop.
    pub fn from_user_agent(user_agent: &str) -> Self {
        let ua = user_agent.to_ascii_lowercase();
        let is_android = ua.contains("android");
        if ua.contains("ipad")
            || ua.contains("tablet")
            || ua.contains("kindle")
            || ua.contains("silk/")
            || (is_android && !ua.contains("mobile"))
        {
            Self::Tablet
        } else if ua.contains("mobi")
            || ua.contains("iphone")
            || ua.contains("ipod")
            || is_android
            || ua.contains("windows phone")
        {
            Self::Mobile
        } else {
            Self::Desktop
        }
    }

    /// The lower-case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::Tablet => "tablet",
            Self::Desktop => "desktop",
        }
    }

    /// Parses the lower-case name; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "mobile" => Some(Self::Mobile),
            "tablet" => Some(Self::Tablet),
            "desktop" => Some(Self::Desktop),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_are_classified() {
        let cases = [
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", Device::Mobile),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", Device::Mobile),
            ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", Device::Tablet),
            ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", Device::Tablet),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", Device::Desktop),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15", Device::Desktop),
            ("", Device::Desktop),
        ];
        for (ua, expected) in cases {
            assert_eq!(Device::from_user_agent(ua), expected, "{ua}");
        }
    }

    #[test]
    fn names_round_trip() {
        for device in [Device::Mobile, Device::Tablet, Device::Desktop] {
            assert_eq!(Device::parse(device.as_str()), Some(device));
        }
    }
}
