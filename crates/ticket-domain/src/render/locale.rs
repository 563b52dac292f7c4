//! The languages the operator texts exist in.

use std::str::FromStr;

/// The operator's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// French, the product guide's language (the default).
    #[default]
    Fr,
    /// English.
    En,
}

impl Locale {
    /// Every locale, the default first.
    pub const ALL: [Locale; 2] = [Self::Fr, Self::En];
}

/// A locale name other than `fr` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown locale “{0}” (expected fr or en)")]
pub struct LocaleError(pub String);

impl FromStr for Locale {
    type Err = LocaleError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "fr" | "fr-fr" | "fr_fr" | "french" | "français" => Ok(Self::Fr),
            "en" | "en-us" | "en-gb" | "en_us" | "en_gb" | "english" => Ok(Self::En),
            _ => Err(LocaleError(raw.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_parse() {
        assert_eq!("fr".parse(), Ok(Locale::Fr));
        assert_eq!("EN".parse(), Ok(Locale::En));
        assert!("de".parse::<Locale>().is_err());
    }
}
