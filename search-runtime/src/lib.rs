//! Brightspot's search runtime: the pieces shared by the build-side exporter (native, with
//! tantivy) and the browser (this crate compiled to `wasm32-unknown-unknown`).
//!
//! - [`analyze`] is tantivy's `en_stem` analyzer re-implemented token for token (simple
//!   tokenizer, long-token filter, lowercaser, English stemmer from the same `frostem`), so a
//!   query is turned into the very terms the index holds.
//! - [`format`] is the static, sharded index format under `public/search/`.
//! - [`words`] splits a query into words and quoted phrases.
//! - [`query`] expands the words (prefix, typos) against the dictionary and ranks documents
//!   from per-term BM25 scores that tantivy computed at build time.
//! - [`typo`] corrects words the index lacks against a vocabulary split by term length.
//! - [`phrase`] scores quoted phrases from positions files, as tantivy's `PhraseQuery` does.
//! - [`excerpt`] cuts and highlights a snippet, escaping everything it copies from the index.
//! - [`titles`] is a small site's one file of every page's title, so results list at once.
//! - [`order`] is the one sort everything uses, and [`rank`] combines the words' scores.

pub mod codec;
pub mod excerpt;
pub mod filters;
pub mod format;
pub mod order;
pub mod phrase;
pub mod query;
pub mod rank;
pub mod titles;
pub mod typo;
#[cfg(target_arch = "wasm32")]
mod wasm;
pub mod words;

use std::sync::OnceLock;

/// Tokens of 40 bytes or more are dropped, as tantivy's `RemoveLongFilter::limit(40)` does.
pub const MAX_TOKEN_BYTES: usize = 40;

/// One analysed token: the indexed term and where its source text sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The stemmed, lowercased term.
    pub term: String,
    /// The lowercased word before stemming (prefix matching works on this).
    pub lower: String,
    /// Byte offsets of the word in the analysed text.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
}

fn stemmer() -> &'static frostem::Stemmer {
    static STEMMER: OnceLock<frostem::Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| frostem::Stemmer::new(frostem::Algorithm::English))
}

/// Lowercases as tantivy's `LowerCaser` does: ASCII fast path, else char by char (no final-sigma
/// rule).
pub fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.chars().flat_map(char::to_lowercase).collect()
    }
}

/// Stems one lowercased word with the English Snowball stemmer tantivy uses.
pub fn stem(lower: &str) -> String {
    stemmer().stem(lower).into_owned()
}

/// Splits `text` into tokens exactly as tantivy's `en_stem` analyzer does.
pub fn analyze(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start = None;
    let push = |s: usize, e: usize, tokens: &mut Vec<Token>| {
        let word = &text[s..e];
        if word.len() < MAX_TOKEN_BYTES {
            let lower = lowercase(word);
            tokens.push(Token {
                term: stem(&lower),
                lower,
                start: s,
                end: e,
            });
        }
    };
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i, &mut tokens);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut tokens);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzes_like_en_stem() {
        let t = analyze("Hospitals' COMMUNITY-health Partnerships, 2012!");
        let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            terms,
            ["hospit", "communiti", "health", "partnership", "2012"]
        );
        assert_eq!(&"Hospitals' COMMUNITY"[t[1].start..t[1].end], "COMMUNITY");
        assert_eq!(t[1].lower, "community");
    }

    #[test]
    fn drops_long_tokens_and_lowercases_unicode() {
        let long = "a".repeat(40);
        let t = analyze(&format!("{long} Ärzte"));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].lower, "ärzte");
    }
}
