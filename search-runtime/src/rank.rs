//! Ranking: how one word's expansions score a document, and how the words' scores combine into
//! the ranked hits (shared by the browser and the native reference).

use crate::query::Match;

/// How a document matched one query word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordHit {
    /// The best score among the word's terms (exact and completions before typo corrections).
    pub score: f32,
    /// Whether it matched without a typo correction.
    pub exact: bool,
}

/// How each document matched one query word, indexed by document number. (A table, not a
/// map: documents are numbered densely, and every map type adds kilobytes to the WebAssembly
/// module.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordHits(Vec<Option<WordHit>>);

impl WordHits {
    /// How document `doc` matched, if it did.
    pub fn get(&self, doc: u32) -> Option<WordHit> {
        self.0.get(doc as usize).copied().flatten()
    }

    /// The slot of document `doc`, grown to reach it.
    fn slot(&mut self, doc: u32) -> &mut Option<WordHit> {
        let i = doc as usize;
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        &mut self.0[i]
    }

    /// One past the highest matched document number.
    fn end(&self) -> usize {
        self.0.len()
    }
}

/// Combines the postings of one word's expansions: a document takes the best score of the
/// exact term and completions it contains, and only falls back to typo corrections when it
/// contains none of those.
pub fn score_word<'a>(expansions: impl IntoIterator<Item = (Match, &'a [(u32, f32)])>) -> WordHits {
    let mut fuzzy = Vec::new();
    let mut hits = WordHits::default();
    for (kind, postings) in expansions {
        if kind == Match::Fuzzy {
            fuzzy.push(postings);
            continue;
        }
        for &(doc, score) in postings {
            let h = hits.slot(doc).get_or_insert(WordHit { score, exact: true });
            h.score = h.score.max(score);
        }
    }
    for postings in fuzzy {
        for &(doc, score) in postings {
            let h = hits.slot(doc).get_or_insert(WordHit {
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
pub fn rank(words: &[WordHits], counted: &[bool], keep: &dyn Fn(u32) -> bool) -> Vec<Hit> {
    let end = words.iter().map(WordHits::end).max().unwrap_or(0);
    let mut hits: Vec<Hit> = Vec::new();
    for doc in (0u32..).take(end) {
        let mut hit = Hit {
            doc,
            score: 0.0,
            words: 0,
            exact: 0,
        };
        let mut matched = false;
        for (i, w) in words.iter().enumerate() {
            let Some(h) = w.get(doc) else { continue };
            matched = true;
            hit.score += h.score;
            if counted.get(i).copied().unwrap_or(true) {
                hit.words += 1;
                hit.exact += u32::from(h.exact);
            }
        }
        if matched && keep(doc) {
            hits.push(hit);
        }
    }
    crate::order::sort_by(&mut hits, &|a, b| {
        b.words
            .cmp(&a.words)
            .then(b.exact.cmp(&a.exact))
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    hits
}
