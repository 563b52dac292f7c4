//! What a text looks like once rendered: characters that draw nothing, and the bidirectional
//! controls that could make a line read differently from what was written.
//!
//! Text that renders as nothing counts as blank. Explicit bidirectional formatting is
//! neutralised: removed from one-line values (names, pages), where an override (U+202E…)
//! could reverse how the rest of a notification line reads; in message text the legacy
//! embeddings and overrides are removed and the isolates (which cannot reorder what surrounds
//! them once closed) are balanced on every line, never making a text longer. Right-to-left
//! letters and the implicit marks
//! (LRM, RLM, ALM) are never touched: the Unicode bidirectional algorithm lays them out.

/// The embeddings and overrides (LRE, RLE, PDF, LRO, RLO): legacy controls whose effect runs
/// to the end of the paragraph.
fn is_embedding_or_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}')
}

/// The isolate initiators (LRI, RLI, FSI).
fn opens_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2068}')
}

/// The isolate terminator (PDI).
const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// Whether `c` is an explicit bidirectional formatting control (embedding, override, isolate
/// or their terminators).
pub(super) fn is_bidi_control(c: char) -> bool {
    is_embedding_or_override(c) || opens_isolate(c) || c == POP_DIRECTIONAL_ISOLATE
}

/// Whether `c` draws nothing: Unicode's default-ignorable code points (zero-width spaces and
/// joiners, the word joiner, variation selectors, tags, fillers, …) and the blank Braille
/// pattern, which looks like a space but is not one.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether `text` shows nothing at all: only white space and invisible characters.
pub(super) fn renders_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// `text` without embeddings and overrides, its isolates balanced line by line: a terminator
/// with nothing to close is dropped, and so is an isolate never closed on its line. The result
/// is never longer than `text` (a length limit checked after still means what it says).
pub(super) fn balance_bidi(text: &str) -> String {
    text.split('\n')
        .map(balance_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of [`balance_bidi`].
fn balance_line(line: &str) -> String {
    let mut kept: Vec<Option<char>> = Vec::with_capacity(line.len());
    let mut open: Vec<usize> = Vec::new();
    for c in line.chars() {
        match c {
            c if is_embedding_or_override(c) => {}
            c if opens_isolate(c) => {
                open.push(kept.len());
                kept.push(Some(c));
            }
            POP_DIRECTIONAL_ISOLATE => {
                if open.pop().is_some() {
                    kept.push(Some(c));
                }
            }
            c => kept.push(Some(c)),
        }
    }
    for unclosed in open {
        kept[unclosed] = None;
    }
    kept.into_iter().flatten().collect()
}

/// `text` with every isolate it leaves open closed at its end (for a balanced text cut short).
pub fn close_open_isolates(text: &str) -> String {
    let open = text.chars().fold(0usize, |open, c| match c {
        c if opens_isolate(c) => open + 1,
        POP_DIRECTIONAL_ISOLATE => open.saturating_sub(1),
        _ => open,
    });
    let mut closed = text.to_owned();
    close_isolates(&mut closed, open);
    closed
}

fn close_isolates(text: &mut String, open: usize) {
    text.extend(std::iter::repeat_n(POP_DIRECTIONAL_ISOLATE, open));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_width_and_filler_characters_render_blank() {
        assert!(renders_blank("\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}"));
        assert!(renders_blank(" \u{3164} \u{2800}\u{E0041}\u{FE0F}"));
        assert!(!renders_blank("\u{200B}a"));
        assert!(!renders_blank("👨\u{200D}👩"));
    }

    #[test]
    fn embeddings_and_overrides_are_removed_from_text() {
        assert_eq!(balance_bidi("exe.\u{202E}gpj\u{202C} ok"), "exe.gpj ok");
    }

    #[test]
    fn an_isolate_never_closed_on_its_line_is_dropped_and_a_stray_terminator_too() {
        assert_eq!(balance_bidi("a\u{2067}b\nc\u{2069}d"), "ab\ncd");
        assert_eq!(
            balance_bidi("\u{2066}\u{2067}x\u{2069}"),
            "\u{2067}x\u{2069}"
        );
    }

    #[test]
    fn balanced_isolates_and_right_to_left_text_are_kept() {
        let text = "مرحبا \u{2066}order 42\u{2069} شكرا\u{200F}";
        assert_eq!(balance_bidi(text), text);
        assert_eq!(close_open_isolates(text), text);
    }

    #[test]
    fn a_text_cut_inside_an_isolate_gets_it_closed() {
        assert_eq!(close_open_isolates("a\u{2068}b"), "a\u{2068}b\u{2069}");
    }
}
