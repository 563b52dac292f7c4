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
    /// Spanish.
    Es,
    /// German.
    De,
}

impl Locale {
    /// Every locale, the default first.
    pub const ALL: [Locale; 4] = [Self::Fr, Self::En, Self::Es, Self::De];
}

/// A locale name that is none of the known languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown locale “{0}” (expected fr, en, es or de)")]
pub struct LocaleError(pub String);

impl FromStr for Locale {
    type Err = LocaleError;

    /// A language code, alone or with a region (`es`, `es-ES`, `de_AT`), or the language's
    /// name in English or in itself (`spanish`, `español`, `deutsch`), in any case.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim().to_lowercase();
        let language = name.split(['-', '_']).next().unwrap_or_default();
        match language {
            "fr" | "french" | "français" | "francais" => Ok(Self::Fr),
            "en" | "english" => Ok(Self::En),
            "es" | "spanish" | "español" | "espanol" | "castellano" => Ok(Self::Es),
            "de" | "german" | "deutsch" => Ok(Self::De),
            _ => Err(LocaleError(raw.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_regions_and_names_of_every_language_parse() {
        let cases = [
            ("fr", Locale::Fr),
            ("fr-FR", Locale::Fr),
            ("fr_fr", Locale::Fr),
            ("Français", Locale::Fr),
            ("EN", Locale::En),
            ("en-GB", Locale::En),
            ("en_US", Locale::En),
            ("english", Locale::En),
            ("es", Locale::Es),
            ("es-ES", Locale::Es),
            ("es_MX", Locale::Es),
            ("Español", Locale::Es),
            ("spanish", Locale::Es),
            (" de ", Locale::De),
            ("de-DE", Locale::De),
            ("de_AT", Locale::De),
            ("Deutsch", Locale::De),
            ("german", Locale::De),
        ];
        for (raw, expected) in cases {
            assert_eq!(raw.parse(), Ok(expected), "{raw:?}");
        }
    }

    #[test]
    fn other_languages_are_refused_with_the_known_ones() {
        for raw in ["it", "pt-BR", "", "-", "deu", "frx"] {
            assert_eq!(
                raw.parse::<Locale>(),
                Err(LocaleError(raw.to_owned())),
                "{raw:?}"
            );
        }
        assert_eq!(
            LocaleError("it".into()).to_string(),
            "unknown locale “it” (expected fr, en, es or de)"
        );
    }
}
