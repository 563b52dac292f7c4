//! Splitting a text into Telegram messages: at most 4,096 UTF-16 code units each.
//!
//! Telegram counts a message's length in UTF-16 code units (an emoji outside the Basic
//! Multilingual Plane counts two). A text too long for one message is split, never refused:
//! at a line break when one falls in the second half of the window, else after a space, else
//! between two characters. Cuts always fall between two `char`s, so a surrogate pair is never
//! separated. The chunks, concatenated, give the text back exactly.

use ticket_domain::render::{utf16_len, MAX_MESSAGE_UTF16};

/// `text` cut into chunks of at most [`MAX_MESSAGE_UTF16`] UTF-16 code units.
pub(crate) fn split_for_telegram(text: &str) -> Vec<&str> {
    split_message(text, MAX_MESSAGE_UTF16)
}

/// `text` cut into chunks of at most `max_units` UTF-16 code units (at least 2, so that any
/// character fits), preferring line breaks, then spaces. Never returns an empty list.
pub(crate) fn split_message(text: &str, max_units: usize) -> Vec<&str> {
    let max_units = max_units.max(2);
    let mut chunks = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > max_units {
        let window = window_end(rest, max_units);
        let cut = preferred_cut(&rest[..window]).unwrap_or(window);
        chunks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || chunks.is_empty() {
        chunks.push(rest);
    }
    chunks
}

/// The byte index where the longest prefix of `text` fitting in `max_units` ends.
fn window_end(text: &str, max_units: usize) -> usize {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max_units {
            return index;
        }
    }
    text.len()
}

/// Where to cut `window` so that the first chunk ends at a line break (kept in it), else after
/// a space; only in the second half of the window, so that no chunk is tiny.
fn preferred_cut(window: &str) -> Option<usize> {
    let half = window.len() / 2;
    let after = |(index, c): (usize, char)| index + c.len_utf8();
    let line_break = window
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '\n')
        .map(after);
    let space = || {
        window
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map(after)
    };
    line_break
        .filter(|&cut| cut > half)
        .or_else(|| space().filter(|&cut| cut > half))
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_valid(text: &str, chunks: &[&str], max: usize) {
        assert_eq!(chunks.concat(), text, "the chunks give the text back");
        for chunk in chunks {
            assert!(utf16_len(chunk) <= max, "{} > {max}", utf16_len(chunk));
            assert!(!chunk.is_empty());
        }
    }

    #[test]
    fn a_short_text_is_one_message() {
        assert_eq!(split_for_telegram("Bonjour"), vec!["Bonjour"]);
        assert_eq!(split_for_telegram(""), vec![""]);
        let exact = "a".repeat(4_096);
        assert_eq!(split_for_telegram(&exact).len(), 1);
    }

    /// The domain caps a visitor message at 4,000 characters, so the splitter is exercised
    /// here with a 10,000-character text directly.
    #[test]
    fn a_ten_thousand_character_text_is_split_on_line_breaks_and_arrives_whole() {
        let line = "Une ligne de texte assez longue pour remplir le message. ";
        let mut text = String::new();
        while text.chars().count() < 10_000 {
            text.push_str(line);
            text.push('\n');
        }
        let chunks = split_for_telegram(&text);
        assert_valid(&text, &chunks, 4_096);
        assert_eq!(chunks.len(), 3);
        for chunk in &chunks[..chunks.len() - 1] {
            assert!(chunk.ends_with('\n'), "cut at a line break");
        }
    }

    #[test]
    fn emoji_are_counted_as_two_units_and_never_cut_in_half() {
        let text = "🎉".repeat(5_000); // 10,000 UTF-16 units, no line break, no space
        let chunks = split_for_telegram(&text);
        assert_valid(&text, &chunks, 4_096);
        assert_eq!(chunks.len(), 3);
        assert_eq!(utf16_len(chunks[0]), 4_096);
    }

    #[test]
    fn an_odd_window_never_splits_a_surrogate_pair() {
        let text = format!("a{}", "😀".repeat(10));
        let chunks = split_message(&text, 4);
        assert_valid(&text, &chunks, 4);
        assert_eq!(chunks, vec!["a😀", "😀😀", "😀😀", "😀😀", "😀😀", "😀"]);
    }

    #[test]
    fn without_line_breaks_the_cut_falls_after_a_space() {
        let text = "mot ".repeat(3_000);
        let chunks = split_for_telegram(&text);
        assert_valid(&text, &chunks, 4_096);
        assert!(chunks[0].ends_with(' '));
    }

    #[test]
    fn a_text_without_any_break_is_cut_at_the_limit() {
        let text = "x".repeat(10_000);
        let chunks = split_for_telegram(&text);
        assert_valid(&text, &chunks, 4_096);
        let lengths: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        assert_eq!(lengths, [4_096, 4_096, 1_808]);
    }

    #[test]
    fn an_early_line_break_does_not_make_a_tiny_chunk() {
        let text = format!("titre\n{}", "x".repeat(5_000));
        let chunks = split_for_telegram(&text);
        assert_valid(&text, &chunks, 4_096);
        assert_eq!(utf16_len(chunks[0]), 4_096);
    }
}
