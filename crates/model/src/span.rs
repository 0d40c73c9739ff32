//! Spans of diagnostics that point at one place rather than a range.

use std::ops::Range;

/// The span of the one character at byte `at` of `text`, for a diagnostic that points at a
/// place: `at..at + 1` would split a multi-byte character or run past the end of the file.
/// `at` is clamped to the text and moved back to a character boundary; at the end of the text
/// the span is empty.
pub fn char_at(text: &str, at: usize) -> Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    at..at + len
}

/// `span` if it covers something, else the character at its start (see [`char_at`]).
pub fn widen(text: &str, span: Range<usize>) -> Range<usize> {
    if span.start < span.end {
        span
    } else {
        char_at(text, span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_spans_its_whole_character_and_stays_in_the_text() {
        assert_eq!(char_at("abc", 1), 1..2);
        assert_eq!(char_at("é!", 0), 0..2);
        assert_eq!(char_at("é!", 1), 0..2);
        assert_eq!(char_at("ab", 2), 2..2);
        assert_eq!(char_at("ab", 9), 2..2);
        assert_eq!(char_at("", 0), 0..0);
        assert_eq!(widen("aé", 1..1), 1..3);
        assert_eq!(widen("aé", 0..1), 0..1);
    }
}
