//! Splitting a query into words: the index's analyzer, the word still being typed, stop words
//! and quoted phrases.

use crate::analyze;

/// At most this many words (a quoted phrase counts as one) of a query are used.
pub const MAX_WORDS: usize = 8;
/// The last word is completed as a prefix once it has this many letters.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Common English words (tantivy's English stop-word list, lowercased). They are searched like
/// any other word and add to the score, but a page does not need them to count as matching
/// "all the words": "what is a system navigator" ranks pages by "system navigator".
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with", "what", "how", "who", "why", "do", "does", "we",
    "our", "i",
];

/// One word of a query, or one quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The lowercased word as typed (a phrase's words joined by spaces).
    pub lower: String,
    /// Its stemmed term (a phrase's terms joined by spaces).
    pub term: String,
    /// Whether it is the last word and still being typed (no space after it).
    pub prefix: bool,
    /// Whether it is a stop word (see [`STOP_WORDS`]).
    pub stop: bool,
    /// Whether it was quoted: taken as typed, without completions or typo corrections.
    pub quoted: bool,
    /// A quoted phrase's terms, in order (empty for a single word): they must be adjacent.
    pub phrase: Vec<String>,
}

/// The query cut at its double quotes: `(text, quoted)` pieces. A quote that is not closed yet
/// (the user is still typing the phrase) counts as plain text, so results keep coming.
fn pieces(query: &str) -> Vec<(&str, bool)> {
    let parts: Vec<&str> = query.split('"').collect();
    let closed = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out: Vec<(&str, bool)> = parts[..closed]
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, i % 2 == 1))
        .collect();
    if closed < parts.len() {
        out.push((parts[closed], false));
    }
    out
}

/// The words joined by single spaces (one loop instead of two instances of `join`, which would
/// add to the WebAssembly module).
fn spaced<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, w) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Splits a query into words with the index's analyzer. The last word is a prefix while the
/// user is still typing it (the query does not end with a space or punctuation). Text between
/// double quotes is a phrase. Repeated words count once.
pub fn parse(query: &str) -> Vec<Word> {
    let typing = query.chars().last().is_some_and(char::is_alphanumeric);
    let mut words: Vec<Word> = Vec::new();
    let push = |w: Word, words: &mut Vec<Word>| {
        if let Some(old) = words.iter_mut().find(|o| o.term == w.term) {
            old.prefix |= w.prefix;
        } else if words.len() < MAX_WORDS {
            words.push(w);
        }
    };
    let pieces = pieces(query);
    let last_piece = pieces.len().saturating_sub(1);
    for (p, (text, quoted)) in pieces.into_iter().enumerate() {
        let tokens = analyze(text);
        if quoted && tokens.len() > 1 {
            let phrase: Vec<String> = tokens.iter().map(|t| t.term.clone()).collect();
            let w = Word {
                lower: spaced(tokens.iter().map(|t| t.lower.as_str())),
                term: spaced(phrase.iter().map(String::as_str)),
                quoted,
                phrase,
                ..Word::default()
            };
            push(w, &mut words);
            continue;
        }
        let n = tokens.len();
        for (i, t) in tokens.into_iter().enumerate() {
            let prefix = typing
                && !quoted
                && p == last_piece
                && i + 1 == n
                && t.lower.chars().count() >= MIN_PREFIX_CHARS;
            let w = Word {
                stop: STOP_WORDS.contains(&t.lower.as_str()),
                lower: t.lower,
                term: t.term,
                prefix,
                quoted,
                phrase: Vec::new(),
            };
            push(w, &mut words);
        }
    }
    words
}

/// Which words count toward matching "all the words": those that are not stop words, or every
/// word when all are.
pub fn counted(words: &[Word]) -> Vec<bool> {
    let all_stop = words.iter().all(|w| w.stop);
    words.iter().map(|w| all_stop || !w.stop).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_the_prefix_being_typed() {
        let w = parse("Community health");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].term, "communiti");
        assert!(!w[0].prefix && w[1].prefix);
        assert!(!parse("health ")[0].prefix);
        assert!(!parse("h")[0].prefix, "one letter is not completed");
        assert_eq!(parse("care care").len(), 1);
        let w = parse("what is care");
        assert_eq!(counted(&w), [false, false, true]);
        assert_eq!(counted(&parse("what is")), [true, true]);
    }

    #[test]
    fn quoted_text_is_a_phrase_once_the_quote_is_closed() {
        let w = parse("connect \"System Navigators\" care");
        assert_eq!(w.len(), 3);
        assert_eq!(w[1].phrase, ["system", "navig"]);
        assert_eq!(w[1].term, "system navig");
        assert!(w[1].quoted && !w[1].prefix && !w[1].stop);
        assert!(w[2].prefix && w[2].phrase.is_empty());
        // Still typing the phrase: plain words, the last one completed.
        let w = parse("\"system navi");
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|w| w.phrase.is_empty() && !w.quoted));
        assert!(w[1].prefix);
        // One quoted word is taken as typed.
        let w = parse("\"health\"");
        assert_eq!(w.len(), 1);
        assert!(w[0].quoted && !w[0].prefix && w[0].phrase.is_empty());
        assert!(parse("\"\" \"!\"").is_empty());
    }
}
