//! Ticket priorities, with the guide's icons.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How urgent a ticket is. New tickets are [`Priority::Medium`].
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// 🟢 A simple question.
    Low,
    /// 🟡 The default.
    #[default]
    Medium,
    /// 🔴 Important.
    High,
    /// 🚨 A critical problem.
    Urgent,
}

/// A word that is not a priority in English, French, Spanish or German.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown priority “{0}” (expected low, medium, high or urgent)")]
pub struct PriorityError(pub String);

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [Self::Low, Self::Medium, Self::High, Self::Urgent];

    /// The English name, as stored and as shown in `/priority` confirmations.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    /// The guide's icon.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Low => "🟢",
            Self::Medium => "🟡",
            Self::High => "🔴",
            Self::Urgent => "🚨",
        }
    }

    /// Parses an English, French, Spanish or German name, in any case, with or without accents
    /// and in either gender: `low`/`faible`/`baja`/`niedrig`, `medium`/`moyen`/`moyenne`/`media`/
    /// `mittel`, `high`/`élevé`/`élevée`/`eleve`/`alta`/`hoch`, `urgent`/`urgente`/`dringend`.
    pub fn parse(raw: &str) -> Result<Self, PriorityError> {
        let word: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                other => other,
            })
            .collect();
        match word.as_str() {
            "low" | "faible" | "baja" | "bajo" | "niedrig" => Ok(Self::Low),
            "medium" | "moyen" | "moyenne" | "normal" | "normale" | "media" | "medio"
            | "mittel" => Ok(Self::Medium),
            "high" | "eleve" | "elevee" | "haute" | "haut" | "alta" | "alto" | "hoch" => {
                Ok(Self::High)
            }
            "urgent" | "urgente" | "dringend" => Ok(Self::Urgent),
            _ => Err(PriorityError(raw.trim().to_owned())),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french_names_parse() {
        let cases = [
            ("low", Priority::Low),
            ("faible", Priority::Low),
            ("medium", Priority::Medium),
            ("moyen", Priority::Medium),
            ("Moyenne", Priority::Medium),
            ("high", Priority::High),
            ("élevé", Priority::High),
            ("élevée", Priority::High),
            ("eleve", Priority::High),
            ("ELEVEE", Priority::High),
            ("urgent", Priority::Urgent),
            ("urgente", Priority::Urgent),
            ("URGENT", Priority::Urgent),
        ];
        for (raw, expected) in cases {
            assert_eq!(Priority::parse(raw), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn spanish_and_german_names_parse() {
        let cases = [
            ("baja", Priority::Low),
            ("bajo", Priority::Low),
            ("niedrig", Priority::Low),
            ("media", Priority::Medium),
            ("Medio", Priority::Medium),
            ("mittel", Priority::Medium),
            ("alta", Priority::High),
            ("alto", Priority::High),
            ("HOCH", Priority::High),
            ("urgente", Priority::Urgent),
            ("dringend", Priority::Urgent),
            ("Dringend", Priority::Urgent),
        ];
        for (raw, expected) in cases {
            assert_eq!(Priority::parse(raw), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn unknown_words_are_rejected() {
        assert_eq!(
            Priority::parse("critical"),
            Err(PriorityError("critical".into()))
        );
        assert!(Priority::parse("").is_err());
    }

    #[test]
    fn priorities_have_the_guides_icons_and_order() {
        let icons: Vec<_> = Priority::ALL.iter().map(|p| p.icon()).collect();
        assert_eq!(icons, ["🟢", "🟡", "🔴", "🚨"]);
        assert!(Priority::Urgent > Priority::High && Priority::Low < Priority::Medium);
        assert_eq!(Priority::default(), Priority::Medium);
    }
}
