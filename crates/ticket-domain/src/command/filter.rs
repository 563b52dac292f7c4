//! Which tickets `/tickets` lists.

/// A filter of the ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListFilter {
    /// Every ticket that is not closed (the default).
    #[default]
    Active,
    /// Open tickets.
    Open,
    /// Pending tickets.
    Pending,
    /// Closed tickets.
    Closed,
    /// Urgent tickets that are not closed.
    Urgent,
    /// Every ticket.
    All,
}

impl ListFilter {
    /// Parses a filter word, in English, French, Spanish or German: `open`/`ouverts`/
    /// `abiertos`/`offen`, `pending`/`attente`/`pendientes`/`wartend`, `closed`/`fermés`/
    /// `cerrados`/`geschlossen`, `urgent`/`urgents`/`urgentes`/`dringend`, `all`/`tous`/`todos`/
    /// `alle`.
    pub fn parse(raw: &str) -> Option<Self> {
        let word = raw.trim().to_lowercase().replace('é', "e");
        match word.as_str() {
            "open" | "ouvert" | "ouverts" | "abierto" | "abiertos" | "offen" | "offene" => {
                Some(Self::Open)
            }
            "pending" | "attente" | "en_attente" | "pendiente" | "pendientes" | "espera"
            | "en_espera" | "wartend" | "wartende" | "ausstehend" => Some(Self::Pending),
            "closed" | "ferme" | "fermes" | "cerrado" | "cerrados" | "geschlossen"
            | "geschlossene" => Some(Self::Closed),
            "urgent" | "urgents" | "urgente" | "urgentes" | "dringend" | "dringende" => {
                Some(Self::Urgent)
            }
            "all" | "tous" | "tout" | "todos" | "todo" | "alle" => Some(Self::All),
            _ => None,
        }
    }

    /// The English word that selects this filter (empty for the default).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "",
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Closed => "closed",
            Self::Urgent => "urgent",
            Self::All => "all",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_words_of_every_language_parse() {
        let cases = [
            ("open", ListFilter::Open),
            ("ouverts", ListFilter::Open),
            ("abiertos", ListFilter::Open),
            ("offen", ListFilter::Open),
            ("pending", ListFilter::Pending),
            ("en_attente", ListFilter::Pending),
            ("pendientes", ListFilter::Pending),
            ("wartend", ListFilter::Pending),
            ("closed", ListFilter::Closed),
            ("Fermés", ListFilter::Closed),
            ("cerrados", ListFilter::Closed),
            ("geschlossen", ListFilter::Closed),
            ("urgent", ListFilter::Urgent),
            ("urgentes", ListFilter::Urgent),
            ("Dringend", ListFilter::Urgent),
            ("all", ListFilter::All),
            ("tous", ListFilter::All),
            ("todos", ListFilter::All),
            ("alle", ListFilter::All),
        ];
        for (word, expected) in cases {
            assert_eq!(ListFilter::parse(word), Some(expected), "{word}");
        }
        assert_eq!(ListFilter::parse("bogus"), None);
    }
}
