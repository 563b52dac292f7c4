//! The splitter on generated text (ASCII, white space, line breaks, accents, CJK, emoji
//! outside the Basic Multilingual Plane, lone combining marks, any character) and limits: it
//! never panics, the chunks give the text back exactly, each fits the limit in UTF-16 units and
//! none is empty, and each cut falls where the module documents: at the last line break in the
//! second half of the window that fits, else after the last space there, else at the limit.

use proptest::collection::vec;
use proptest::prelude::*;

use super::*;

/// Characters of operator texts, white space and characters of two UTF-16 units well
/// represented.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range('a', 'z'),
        3 => Just(' '),
        2 => Just('\n'),
        1 => Just('\t'),
        2 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('一', '龥'),
        3 => proptest::char::range('😀', '🙏'),
        1 => proptest::char::range('\u{1F3FB}', '\u{1F3FF}'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    vec(text_char(), 0..400).prop_map(String::from_iter)
}

/// A long text for Telegram's own limit: a generated piece repeated (generating thousands of
/// characters one by one would make each case slow), up to 20,000 characters.
fn long_text() -> impl Strategy<Value = String> {
    (vec(text_char(), 1..60), 0..20_000usize)
        .prop_map(|(piece, chars)| piece.into_iter().cycle().take(chars).collect())
}

/// Every claim of the contract that holds for any text and limit.
fn assert_split(text: &str, max_units: usize, chunks: &[&str]) -> Result<(), TestCaseError> {
    let limit = max_units.max(2);
    prop_assert_eq!(chunks.concat(), text, "the chunks give the text back");
    prop_assert!(!chunks.is_empty(), "never an empty list");
    if text.is_empty() {
        prop_assert_eq!(chunks, &[""]);
    }
    for chunk in chunks {
        prop_assert!(text.is_empty() || !chunk.is_empty(), "an empty chunk");
        prop_assert!(utf16_len(chunk) <= limit, "{} > {limit}", utf16_len(chunk));
        prop_assert!(
            char::decode_utf16(chunk.encode_utf16()).all(|unit| unit.is_ok()),
            "a surrogate pair cut in half"
        );
    }
    let mut rest = text;
    for chunk in &chunks[..chunks.len() - 1] {
        let window = longest_prefix_within(rest, limit);
        prop_assert_eq!(
            chunk.len(),
            documented_cut(window),
            "{:?} from {:?}",
            chunk,
            window
        );
        rest = &rest[chunk.len()..];
    }
    Ok(())
}

/// Where the documentation says a chunk ends within `window` (the most that fits): after its
/// last line break if that falls in its second half, else after its last white space if that
/// does, else at its end.
fn documented_cut(window: &str) -> usize {
    let half = window.len() / 2;
    let after_last = |wanted: fn(char) -> bool| {
        window
            .char_indices()
            .rev()
            .find(|&(_, c)| wanted(c))
            .map(|(at, c)| at + c.len_utf8())
            .filter(|&cut| cut > half)
    };
    after_last(|c| c == '\n')
        .or_else(|| after_last(char::is_whitespace))
        .unwrap_or(window.len())
}

/// The longest prefix of `text` that fits in `limit` UTF-16 units.
fn longest_prefix_within(text: &str, limit: usize) -> &str {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return &text[..index];
        }
    }
    text
}

proptest! {
    #[test]
    fn any_text_splits_into_chunks_within_any_limit_that_give_it_back(
        text in prop_oneof![text(), any::<String>()],
        max_units in prop_oneof![0..8usize, 8..64usize, Just(usize::MAX)],
    ) {
        let chunks = split_message(&text, max_units);

        assert_split(&text, max_units, &chunks)?;
    }

    #[test]
    fn a_long_text_splits_into_telegram_messages_of_at_most_4096_units(text in long_text()) {
        let chunks = split_for_telegram(&text);

        assert_split(&text, MAX_MESSAGE_UTF16, &chunks)?;
        if utf16_len(&text) <= MAX_MESSAGE_UTF16 {
            prop_assert_eq!(chunks, vec![text.as_str()]);
        }
    }
}
