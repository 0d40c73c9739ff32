//! Typo tolerance. A word the index does not have (and, while it is being typed, that nothing
//! completes) is corrected against the vocabulary: every term with its document count, split
//! into one small file per term length (`<folder>/v/<chars>.bin`). A word of `n` letters with
//! `k` allowed edits only needs the files of lengths `n - k` to `n + k`, so a typo anywhere in
//! the word, the first letter too, is found without fetching the other lengths or any term
//! shard beyond those of the chosen corrections.
//!
//! The index holds stems, and a typo often keeps the stemmer from stripping a word's ending
//! ("navigatprs" stays "navigatpr", far from "navig"). So when no term is close to the whole
//! word, a second round fetches the shorter lengths and looks for terms close to the start of
//! the word as typed: a stem with the typo, followed by an ending.

use crate::format::{FormatError, Reader, Writer};
use crate::words::Word;

/// A word expands to at most this many typo corrections (the closest, then most frequent).
pub const MAX_FUZZY_TERMS: usize = 8;
/// Stems shorter than this are not matched against the start of a word (see
/// [`stem_corrections`]).
pub const MIN_STEM_CHARS: usize = 4;
/// Vocabulary files exist for term lengths 1 to this many characters (tantivy drops tokens of
/// 40 bytes or more).
pub const MAX_TERM_CHARS: usize = crate::MAX_TOKEN_BYTES - 1;

const KIND_VOCAB: u8 = b'V';

/// Edits allowed for a word: 1 from 5 letters, 2 from 9; none for a quoted word or phrase.
pub fn typo_budget(word: &Word) -> usize {
    if word.quoted {
        return 0;
    }
    match word.lower.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Edit distance counting a swap of two adjacent letters as one edit, as people mistype on
/// phones ("haelth" is one edit from "health"): the optimal string alignment distance of
/// `strsim`. `None` when it exceeds `max`; words whose lengths differ by more are not compared.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    Some(strsim::osa_distance(a, b)).filter(|&d| d <= max)
}

/// The terms of one length, sorted, each with the number of documents that contain it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vocab {
    /// `(term, document count)` in ascending byte order.
    pub terms: Vec<(String, u32)>,
}

impl Vocab {
    /// Encodes the list front-coded: each term as the length it shares with the one before and
    /// the rest.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_VOCAB);
        w.varint(self.terms.len() as u64);
        let mut prev = "";
        for (term, docs) in &self.terms {
            let shared = prev
                .char_indices()
                .zip(term.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8());
            w.varint(shared as u64);
            w.str(&term[shared..]);
            w.varint(u64::from(*docs));
            prev = term;
        }
        w.0
    }

    /// Decodes a vocabulary file.
    pub fn decode(buf: &[u8]) -> Result<Vocab, FormatError> {
        let mut r = Reader::new(buf, KIND_VOCAB)?;
        let n = r.count()?;
        let mut terms: Vec<(String, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let shared = r.varint()? as usize;
            let prev = terms.last().map_or("", |t| t.0.as_str());
            let head = prev.get(..shared).ok_or(FormatError("bad shared prefix"))?;
            let mut term = head.to_owned();
            term.push_str(&r.str()?);
            let docs = u32::try_from(r.varint()?).map_err(|_| FormatError("count"))?;
            terms.push((term, docs));
        }
        Ok(Vocab { terms })
    }

    /// Groups `(term, document count)` pairs by length: entry `i` holds the terms of `i + 1`
    /// characters, for 1 to [`MAX_TERM_CHARS`].
    pub fn by_length(terms: impl IntoIterator<Item = (String, u32)>) -> Vec<Vocab> {
        let mut out = vec![Vocab::default(); MAX_TERM_CHARS];
        for (term, docs) in terms {
            let n = term.chars().count();
            if (1..=MAX_TERM_CHARS).contains(&n) {
                out[n - 1].terms.push((term, docs));
            }
        }
        for v in &mut out {
            v.terms.sort();
        }
        out
    }
}

/// The term lengths (in characters) whose vocabulary files may hold corrections of `word`.
pub fn lengths(word: &Word) -> std::ops::RangeInclusive<usize> {
    let budget = typo_budget(word);
    let a = word.term.chars().count();
    let b = word.lower.chars().count();
    let lo = a.min(b).saturating_sub(budget).max(1);
    let hi = (a.max(b) + budget).min(MAX_TERM_CHARS);
    lo..=hi
}

/// The shorter term lengths the second round (see [`stem_corrections`]) also needs.
pub fn stem_lengths(word: &Word) -> std::ops::Range<usize> {
    MIN_STEM_CHARS.min(*lengths(word).start())..*lengths(word).start()
}

/// Corrections of `word` as a stem with a typo followed by an ending, for when
/// [`corrections`] finds none: terms of at least [`MIN_STEM_CHARS`] characters within the typo
/// budget of a beginning of the word as typed (of about the term's length, and shorter than
/// the word), the closest first, then those that leave the shortest ending, then the most
/// frequent; only those as close and with as short an ending as the best. `files` must hold
/// every length up to the word's own range.
pub fn stem_corrections<'v>(
    word: &Word,
    files: impl IntoIterator<Item = &'v Vocab>,
) -> Vec<String> {
    let budget = typo_budget(word);
    let typed: Vec<char> = word.lower.chars().collect();
    // One key for closeness then ending: endings are shorter than 64 characters.
    let fixes: Vec<(usize, u32, &str)> = files
        .into_iter()
        .flat_map(|v| v.terms.iter())
        .filter_map(|(t, docs)| {
            let n = t.chars().count();
            if n < MIN_STEM_CHARS {
                return None;
            }
            let lo = n.saturating_sub(budget).max(1);
            let hi = (n + budget).min(typed.len() - 1);
            (lo..=hi)
                .filter_map(|k| {
                    let start: String = typed[..k].iter().collect();
                    Some(distance(&start, t, budget)? * 64 + typed.len() - k)
                })
                .min()
                .map(|key| (key, *docs, t.as_str()))
        })
        .collect();
    // Only the best: a guess at a stem is weaker than a whole word, so the runners-up (shorter
    // stems, more distant ones) would mostly add noise.
    best_first(fixes, true, MAX_FUZZY_TERMS)
}

/// Ranks candidate terms `(key, documents, term)`: the lowest key first, then the most
/// documents, then the term; at most `limit`, and with `only_best` only those of the lowest
/// key. (Corrections and completions share this one sort: each sort instance adds kilobytes to
/// the WebAssembly module.)
pub(crate) fn best_first(
    mut fixes: Vec<(usize, u32, &str)>,
    only_best: bool,
    limit: usize,
) -> Vec<String> {
    crate::order::sort_by(&mut fixes, &|a, b| {
        a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2))
    });
    let best = fixes.first().map_or(0, |f| f.0);
    fixes
        .into_iter()
        .take_while(|f| !only_best || f.0 == best)
        .take(limit)
        .map(|(_, _, t)| t.to_owned())
        .collect()
}

/// The best corrections of `word` in the given vocabulary files: terms within its typo budget
/// of the word's term or of the word as typed, the closest first, then the most frequent.
pub fn corrections<'v>(word: &Word, files: impl IntoIterator<Item = &'v Vocab>) -> Vec<String> {
    let budget = typo_budget(word);
    let fixes: Vec<(usize, u32, &str)> = files
        .into_iter()
        .flat_map(|v| v.terms.iter())
        .filter(|(t, _)| *t != word.term)
        .filter_map(|(t, docs)| {
            let d = distance(&word.term, t, budget)
                .into_iter()
                .chain(distance(&word.lower, t, budget))
                .min()?;
            Some((d, *docs, t.as_str()))
        })
        .collect();
    best_first(fixes, false, MAX_FUZZY_TERMS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::parse;

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(distance("helth", "health", 1), Some(1));
        assert_eq!(distance("bealth", "health", 1), Some(1));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        // A swap of adjacent letters is one edit (it was two), in any position.
        assert_eq!(distance("haelth", "health", 1), Some(1));
        assert_eq!(distance("ehalth", "health", 1), Some(1));
        assert_eq!(distance("healht", "health", 1), Some(1));
        assert_eq!(distance("paetrson", "paterson", 1), Some(1));
        // Two swaps are two edits; letters are compared as characters, not bytes.
        assert_eq!(distance("ehatlh", "health", 1), None);
        assert_eq!(distance("ehatlh", "health", 2), Some(2));
        assert_eq!(distance("équité", "éuqité", 1), Some(1));
    }

    #[test]
    fn vocabulary_round_trips_front_coded() {
        let v = Vocab {
            terms: vec![
                ("health".into(), 40),
                ("healthi".into(), 3),
                ("hélène".into(), 1),
                ("zürich".into(), 2),
            ],
        };
        assert_eq!(Vocab::decode(&v.encode()).unwrap(), v);
        assert!(Vocab::decode(&v.encode()[..8]).is_err());
        let by = Vocab::by_length(v.terms.clone());
        assert_eq!(
            by[5].terms.len(),
            3,
            "six characters: health, hélène, zürich"
        );
    }

    #[test]
    fn corrects_any_letter_within_the_budget_closest_and_most_frequent_first() {
        let by = Vocab::by_length([
            ("health".to_string(), 40),
            ("wealth".to_string(), 2),
            ("heal".to_string(), 9),
            ("hospit".to_string(), 5),
            ("navig".to_string(), 4),
            ("integr".to_string(), 7),
        ]);
        let w = &parse("bealth ")[0];
        assert_eq!(lengths(w), 5..=7);
        let files = lengths(w).map(|n| &by[n - 1]);
        assert_eq!(corrections(w, files), ["health", "wealth"]);
        // Nine letters allow two edits, here a first letter and a missing one.
        let w = &parse("untegrtor ")[0];
        assert_eq!(typo_budget(w), 2);
        let by = Vocab::by_length([("integr".to_string(), 7), ("integrator".to_string(), 1)]);
        let files = lengths(w).map(|n| &by[n - 1]);
        assert_eq!(corrections(w, files), ["integrator"]);
        assert_eq!(
            typo_budget(&parse("\"bealth\"")[0]),
            0,
            "quoted words are exact"
        );
        assert_eq!(typo_budget(&parse("helth")[0]), 1);
        assert_eq!(typo_budget(&parse("help")[0]), 0);
    }

    #[test]
    fn a_stem_with_a_typo_is_found_at_the_start_of_the_word() {
        let by = Vocab::by_length([
            ("navig".to_string(), 9),
            ("nave".to_string(), 30),
            ("evalu".to_string(), 12),
            ("navigatori".to_string(), 1),
            ("navigatpro".to_string(), 1),
            ("nav".to_string(), 50),
        ]);
        let w = &parse("navigatprs ")[0];
        assert_eq!(
            w.term, "navigatpr",
            "the typo keeps the stemmer from reaching \"navig\""
        );
        let full = lengths(w).map(|n| &by[n - 1]);
        assert_eq!(corrections(w, full), ["navigatpro", "navigatori"]);
        let by = Vocab::by_length(
            by.into_iter()
                .flat_map(|v| v.terms)
                .filter(|t| t.0.len() < 10),
        );
        let full = lengths(w).map(|n| &by[n - 1]);
        assert!(corrections(w, full).is_empty());
        assert_eq!(stem_lengths(w), 4..7);
        let all = (4..=*lengths(w).end()).map(|n| &by[n - 1]);
        // "navig" starts the word exactly; "nave" is one edit from its first four letters,
        // which leave a longer ending, so it is not taken; "nav" is too short.
        assert_eq!(stem_corrections(w, all), ["navig"]);
        let w = &parse("evaluaton ")[0];
        let all = (1..=*lengths(w).end()).map(|n| &by[n - 1]);
        assert_eq!(stem_corrections(w, all)[0], "evalu");
    }
}
