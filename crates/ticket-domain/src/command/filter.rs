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
    /// Parses a filter word, English or French: `open`/`ouverts`, `pending`/`attente`,
    /// `closed`/`fermés`, `urgent`/`urgents`, `all`/`tous`.
    pub fn parse(raw: &str) -> Option<Self> {
        let word = raw.trim().to_lowercase().replace('é', "e");
        match word.as_str() {
            "open" | "ouvert" | "ouverts" => Some(Self::Open),
            "pending" | "attente" | "en_attente" => Some(Self::Pending),
            "closed" | "ferme" | "fermes" => Some(Self::Closed),
            "urgent" | "urgents" | "urgente" | "urgentes" => Some(Self::Urgent),
            "all" | "tous" | "tout" => Some(Self::All),
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
