//! Small formatting helpers shared by the renderers.

use std::time::Duration;

use super::MAX_MESSAGE_UTF16;
use crate::values::close_open_isolates;

/// The length of `text` as Telegram counts it: UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Whether `text` fits in one Telegram message.
pub fn fits_in_one_message(text: &str) -> bool {
    utf16_len(text) <= MAX_MESSAGE_UTF16
}

/// `text` on one line, cut to `max_chars` characters with `...` when longer (as the guide shows
/// subjects: `"Problème avec ma commande..."`).
pub(super) fn excerpt(text: &str, max_chars: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max_chars {
        return one_line;
    }
    let cut: String = one_line.chars().take(max_chars).collect();
    format!("{}...", close_open_isolates(cut.trim_end()))
}

/// `text` cut to `max_chars` characters with ` […]` when longer; line breaks kept.
pub(super) fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{} […]", close_open_isolates(cut.trim_end()))
}

/// A duration for people: `< 1 min`, `12 min`, `2 h 05`, `3 j 4 h` (`3 d 4 h` in English).
pub(super) fn human_duration(duration: Duration, day_unit: &str) -> String {
    let minutes = duration.as_secs() / 60;
    match minutes {
        0 => "< 1 min".to_owned(),
        1..=59 => format!("{minutes} min"),
        60..=1_439 => format!("{} h {:02}", minutes / 60, minutes % 60),
        _ => format!("{} {day_unit} {} h", minutes / 1_440, minutes % 1_440 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_on_characters_with_dots() {
        assert_eq!(
            excerpt("Problème avec ma commande", 40),
            "Problème avec ma commande"
        );
        assert_eq!(
            excerpt("Problème avec ma commande numéro 42 du mois dernier", 25),
            "Problème avec ma commande..."
        );
        assert_eq!(excerpt("ligne 1\nligne 2", 40), "ligne 1 ligne 2");
    }

    #[test]
    fn a_cut_inside_an_isolate_closes_it_so_the_rest_of_the_line_reads_as_written() {
        let text = "abc \u{2067}def ghi\u{2069}";
        assert_eq!(excerpt(text, 7), "abc \u{2067}de\u{2069}...");
        assert_eq!(shorten(text, 7), "abc \u{2067}de\u{2069} […]");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(30), "j"), "< 1 min");
        assert_eq!(human_duration(Duration::from_secs(12 * 60), "j"), "12 min");
        assert_eq!(human_duration(Duration::from_secs(125 * 60), "j"), "2 h 05");
        assert_eq!(
            human_duration(Duration::from_secs((3 * 24 + 4) * 3600), "j"),
            "3 j 4 h"
        );
    }

    #[test]
    fn emoji_count_twice_in_utf16() {
        assert_eq!(utf16_len("🚨a"), 3);
        assert!(fits_in_one_message(&"a".repeat(4_096)));
        assert!(!fits_in_one_message(&"🚨".repeat(2_049)));
    }
}
