//! Ranking: how one word's expansions score a document, and how the words' scores combine into
//! the ranked hits (shared by the browser and the native reference).

use std::collections::BTreeMap;

use crate::query::Match;

/// How a document matched one query word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordHit {
    /// The best score among the word's terms (exact and completions before typo corrections).
    pub score: f32,
    /// Whether it matched without a typo correction.
    pub exact: bool,
}

/// Combines the postings of one word's expansions: a document takes the best score of the
/// exact term and completions it contains, and only falls back to typo corrections when it
/// contains none of those.
pub fn score_word<'a>(
    expansions: impl IntoIterator<Item = (Match, &'a [(u32, f32)])>,
) -> BTreeMap<u32, WordHit> {
    let mut fuzzy = Vec::new();
    let mut hits: BTreeMap<u32, WordHit> = BTreeMap::new();
    for (kind, postings) in expansions {
        if kind == Match::Fuzzy {
            fuzzy.push(postings);
            continue;
        }
        for &(doc, score) in postings {
            let h = hits.entry(doc).or_insert(WordHit { score, exact: true });
            h.score = h.score.max(score);
        }
    }
    for postings in fuzzy {
        for &(doc, score) in postings {
            let h = hits.entry(doc).or_insert(WordHit {
                score,
                exact: false,
            });
            if !h.exact {
                h.score = h.score.max(score);
            }
        }
    }
    hits
}

/// One ranked document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Document number.
    pub doc: u32,
    /// Sum of the words' scores, in query order.
    pub score: f32,
    /// How many query words it matches.
    pub words: u32,
    /// How many of those without a typo correction.
    pub exact: u32,
}

/// Ranks documents: those matching more of the counted words first (all words first), then
/// fewer typo corrections, then by score, then by document number. `counted[i]` says whether
/// word `i` counts (stop words do not, unless the query has nothing else); every word's score
/// is summed.
pub fn rank(
    words: &[BTreeMap<u32, WordHit>],
    counted: &[bool],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Hit> {
    let mut all: BTreeMap<u32, Hit> = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        let counts = counted.get(i).copied().unwrap_or(true);
        for (&doc, h) in w {
            if !keep(doc) {
                continue;
            }
            let hit = all.entry(doc).or_insert(Hit {
                doc,
                score: 0.0,
                words: 0,
                exact: 0,
            });
            hit.score += h.score;
            if counts {
                hit.words += 1;
                hit.exact += u32::from(h.exact);
            }
        }
    }
    let mut hits: Vec<Hit> = all.into_values().collect();
    hits.sort_by(|a, b| {
        b.words
            .cmp(&a.words)
            .then(b.exact.cmp(&a.exact))
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    hits
}
