//! Queries: parsing, expansion against the dictionary (prefix of the last word, typos) and
//! ranking. Both sides share this: the browser feeds it postings from the shards, the native
//! reference feeds it the scores tantivy's own scorer returns for the same terms.

use std::collections::{BTreeMap, HashMap};

use crate::analyze;
use crate::format::{Facets, Manifest, Shard};

/// At most this many words of a query are used.
pub const MAX_WORDS: usize = 8;
/// A prefix expands to at most this many terms (the most frequent).
pub const MAX_PREFIX_TERMS: usize = 24;
/// A word expands to at most this many typo corrections (the closest, then most frequent).
pub const MAX_FUZZY_TERMS: usize = 8;
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

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercased word as typed.
    pub lower: String,
    /// Its stemmed term.
    pub term: String,
    /// Whether it is the last word and still being typed (no space after it).
    pub prefix: bool,
    /// Whether it is a stop word (see [`STOP_WORDS`]).
    pub stop: bool,
}

/// Splits a query into words with the index's analyzer. The last word is a prefix while the
/// user is still typing it (the query does not end with a space or punctuation). Repeated
/// words count once.
pub fn parse(query: &str) -> Vec<Word> {
    let typing = query.chars().last().is_some_and(char::is_alphanumeric);
    let tokens = analyze(query);
    let n = tokens.len();
    let mut words: Vec<Word> = Vec::new();
    for (i, t) in tokens.into_iter().enumerate() {
        let prefix = typing && i + 1 == n && t.lower.chars().count() >= MIN_PREFIX_CHARS;
        if let Some(w) = words.iter_mut().find(|w| w.term == t.term) {
            w.prefix |= prefix;
            continue;
        }
        if words.len() == MAX_WORDS {
            break;
        }
        words.push(Word {
            stop: STOP_WORDS.contains(&t.lower.as_str()),
            lower: t.lower,
            term: t.term,
            prefix,
        });
    }
    words
}

/// How a dictionary term matched a query word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The word's own term.
    Exact,
    /// A completion of the word being typed.
    Prefix,
    /// A term one or two edits away.
    Fuzzy,
}

/// A dictionary term a word stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The term.
    pub term: String,
    /// How it matched.
    pub kind: Match,
}

/// Edits allowed for a word: 1 from 5 letters, 2 from 9.
pub fn typo_budget(word: &Word) -> usize {
    match word.lower.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Levenshtein distance, or `None` when it exceeds `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// The shards typo corrections of `word` are looked for in: its own shard and, when the index
/// does not have the word itself, the shards on either side (a typo often moves a word across
/// a shard boundary). `None` while the word's own shard is not loaded yet.
fn typo_shards<'s>(
    manifest: &Manifest,
    word: &Word,
    shard: &dyn Fn(usize) -> Option<&'s Shard>,
) -> Option<Vec<usize>> {
    let home = manifest.shard_for(&word.term);
    if typo_budget(word) == 0 {
        return Some(vec![]);
    }
    let s = shard(home)?;
    if s.get(&word.term).is_some() {
        return Some(vec![home]);
    }
    let last = manifest.shard_starts.len() - 1;
    Some((home.saturating_sub(1)..=(home + 1).min(last)).collect())
}

/// The term shards a query's words need, given those loaded: each word's own shard, the
/// shards its typo corrections are looked for in, and for the word being typed, the shards its
/// completions live in. Call again after loading: typo shards depend on the word's own shard.
pub fn shards_needed<'s>(
    manifest: &Manifest,
    words: &[Word],
    shard: &dyn Fn(usize) -> Option<&'s Shard>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for w in words {
        out.push(manifest.shard_for(&w.term));
        if let Some(t) = typo_shards(manifest, w, shard) {
            out.extend(t);
        }
        if w.prefix {
            out.extend(manifest.shards_for_prefix(&w.lower));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The dictionary terms `word` stands for, given the loaded shards: its own term, completions
/// when it is being typed (the most frequent first), and typo corrections (the closest, then
/// the most frequent) from the shards [`shards_needed`] names. Missing shards contribute nothing.
pub fn expand<'s>(
    manifest: &Manifest,
    word: &Word,
    shard: &dyn Fn(usize) -> Option<&'s Shard>,
) -> Vec<Expansion> {
    let mut out = Vec::new();
    let home = shard(manifest.shard_for(&word.term));
    if home.and_then(|s| s.get(&word.term)).is_some() {
        out.push(Expansion {
            term: word.term.clone(),
            kind: Match::Exact,
        });
    }
    if word.prefix {
        let mut completions: Vec<(usize, &str)> = manifest
            .shards_for_prefix(&word.lower)
            .filter_map(shard)
            .flat_map(|s| s.terms.iter())
            .filter(|t| t.term.starts_with(&word.lower) && t.term != word.term)
            .map(|t| (t.postings.len(), t.term.as_str()))
            .collect();
        completions.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        out.extend(
            completions
                .into_iter()
                .take(MAX_PREFIX_TERMS)
                .map(|(_, t)| Expansion {
                    term: t.to_owned(),
                    kind: Match::Prefix,
                }),
        );
    }
    let budget = typo_budget(word);
    let scope = typo_shards(manifest, word, shard).unwrap_or_default();
    let mut fixes: Vec<(usize, usize, &str)> = scope
        .into_iter()
        .filter_map(shard)
        .flat_map(|s| s.terms.iter())
        .filter(|t| !out.iter().any(|e| e.term == t.term))
        .filter_map(|t| {
            let d = distance(&word.term, &t.term, budget)
                .into_iter()
                .chain(distance(&word.lower, &t.term, budget))
                .min()?;
            Some((d, t.postings.len(), t.term.as_str()))
        })
        .collect();
    fixes.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    out.extend(
        fixes
            .into_iter()
            .take(MAX_FUZZY_TERMS)
            .map(|(_, _, t)| Expansion {
                term: t.to_owned(),
                kind: Match::Fuzzy,
            }),
    );
    out
}

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

/// A filter on one facet: a document passes when it has any of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Index of the facet in the manifest.
    pub facet: usize,
    /// Accepted value indexes.
    pub values: Vec<u32>,
}

/// Parses filters written `facet=id,id;facet=id` with the manifest's facet and value ids.
/// Ids match without regard to ASCII case; unknown facets and values are ignored.
pub fn parse_filters(manifest: &Manifest, spec: &str) -> Vec<Filter> {
    let mut out: Vec<Filter> = Vec::new();
    for part in spec.split(';') {
        let Some((name, ids)) = part.split_once('=') else {
            continue;
        };
        let Some(facet) = manifest.facets.iter().position(|f| f.name == name.trim()) else {
            continue;
        };
        let values: Vec<u32> = ids
            .split(',')
            .filter_map(|id| {
                let id = id.trim();
                manifest.facets[facet]
                    .values
                    .iter()
                    .position(|(v, _)| v.eq_ignore_ascii_case(id))
                    .map(|i| i as u32)
            })
            .collect();
        if !values.is_empty() {
            out.push(Filter { facet, values });
        }
    }
    out
}

/// Whether `doc` passes every filter.
pub fn passes(facets: Option<&Facets>, filters: &[Filter], doc: u32) -> bool {
    filters.iter().all(|f| {
        facets
            .and_then(|t| t.values.get(f.facet))
            .and_then(|per_doc| per_doc.get(doc as usize))
            .is_some_and(|vals| vals.iter().any(|v| f.values.contains(v)))
    })
}

/// Which words count toward matching "all the words": those that are not stop words, or every
/// word when all are.
pub fn counted(words: &[Word]) -> Vec<bool> {
    let all_stop = words.iter().all(|w| w.stop);
    words.iter().map(|w| all_stop || !w.stop).collect()
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Ranked documents.
    pub hits: Vec<Hit>,
    /// Every term that matched, for highlighting excerpts.
    pub terms: Vec<String>,
}

/// The index as the browser holds it: the manifest and whatever shards were fetched so far.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The manifest.
    pub manifest: Manifest,
    /// Fetched term shards by number.
    pub shards: HashMap<usize, Shard>,
    /// The facet table, once fetched.
    pub facets: Option<Facets>,
}

impl Index {
    /// Shards `query` needs that are not loaded yet.
    pub fn missing(&self, query: &str) -> Vec<usize> {
        let lookup = |i: usize| self.shards.get(&i);
        shards_needed(&self.manifest, &parse(query), &lookup)
            .into_iter()
            .filter(|i| !self.shards.contains_key(i))
            .collect()
    }

    /// Filters written `facet=id,id;facet=id` (see [`parse_filters`]).
    pub fn manifest_filters(&self, spec: &str) -> Vec<Filter> {
        parse_filters(&self.manifest, spec)
    }

    /// The expansions of each word of `query`.
    pub fn expansions(&self, query: &str) -> Vec<Vec<Expansion>> {
        let lookup = |i: usize| self.shards.get(&i);
        parse(query)
            .iter()
            .map(|w| expand(&self.manifest, w, &lookup))
            .collect()
    }

    /// Runs `query` on the loaded shards.
    pub fn search(&self, query: &str, filters: &[Filter]) -> Results {
        let parsed = parse(query);
        let expansions = self.expansions(query);
        let mut terms = Vec::new();
        let words: Vec<BTreeMap<u32, WordHit>> = expansions
            .iter()
            .map(|exps| {
                score_word(exps.iter().filter_map(|e| {
                    let s = self.shards.get(&self.manifest.shard_for(&e.term))?;
                    let p = s.get(&e.term)?;
                    terms.push(e.term.clone());
                    Some((e.kind, p.postings.as_slice()))
                }))
            })
            .collect();
        let facets = self.facets.as_ref();
        let hits = rank(&words, &counted(&parsed), &|d| passes(facets, filters, d));
        Results { hits, terms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{split_shards, TermPostings};

    fn index() -> Index {
        let terms = [
            ("care", vec![(0, 1.0), (1, 2.0)]),
            ("communiti", vec![(1, 1.5), (2, 0.5)]),
            ("health", vec![(0, 3.0), (2, 1.0)]),
            ("healthi", vec![(2, 4.0)]),
            ("hospit", vec![(1, 2.5)]),
        ];
        let terms: Vec<TermPostings> = terms
            .into_iter()
            .map(|(t, p)| TermPostings {
                term: t.into(),
                postings: p,
            })
            .collect();
        let (shards, starts) = split_shards(terms, 20);
        Index {
            manifest: Manifest {
                shard_starts: starts,
                doc_count: 3,
                ..Manifest::default()
            },
            shards: shards.into_iter().enumerate().collect(),
            facets: None,
        }
    }

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
    fn edit_distance_is_bounded() {
        assert_eq!(distance("helth", "health", 1), Some(1));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
    }

    #[test]
    fn all_words_first_then_score() {
        let r = index().search("care health ", &[]);
        let docs: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
        // Doc 0 has both words; 1 and 2 one each, ordered by score (2.0 vs 1.0).
        assert_eq!(docs, [0, 1, 2]);
        assert_eq!(r.hits[0].score, 4.0);
    }

    #[test]
    fn completes_the_last_word_and_fixes_typos_below_exact_matches() {
        let idx = index();
        let r = idx.search("heal", &[]);
        // "healthi" (doc 2, 4.0) and "health" (doc 0 3.0, doc 2 1.0) complete "heal".
        let top: Vec<(u32, f32)> = r.hits.iter().map(|h| (h.doc, h.score)).collect();
        assert_eq!(top, [(2, 4.0), (0, 3.0)]);
        let r = idx.search("hospiyal ", &[]);
        assert_eq!(r.hits.len(), 1);
        assert!(r.hits[0].exact == 0);
        let r = idx.search("care helth ", &[]);
        assert_eq!(r.hits[0].doc, 0, "both words, one by typo");
        // Doc 1 lacks "health" but the stop words do not count against it: it still ranks by
        // its matched word's score (2.0), above doc 2 (1.0 for "health").
        let r = idx.search("the care of health ", &[]);
        let docs: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [0, 1, 2]);
    }

    #[test]
    fn filters_need_the_facet_table() {
        let mut idx = index();
        idx.manifest.facets = vec![crate::format::FacetLabels {
            name: "type".into(),
            values: vec![
                ("paper".into(), "Paper".into()),
                ("page".into(), "Page".into()),
            ],
        }];
        let f = parse_filters(&idx.manifest, "type=Paper;nope=x");
        assert_eq!(
            f,
            [Filter {
                facet: 0,
                values: vec![0]
            }]
        );
        idx.facets = Some(Facets {
            values: vec![vec![vec![1], vec![0], vec![0]]],
        });
        let docs: Vec<u32> = idx.search("care ", &f).hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [1]);
    }
}
