//! Queries: expansion of words against the dictionary (prefix of the last word, typos), quoted
//! phrases and ranking. Both sides share this: the browser feeds it the files it fetched, the
//! native reference feeds it the scores tantivy's own scorer returns for the same terms.

use std::collections::{BTreeMap, HashMap};

use crate::format::{Facets, FormatError, Manifest, Shard};
use crate::phrase::{self, Positions};
use crate::typo::{self, Vocab};
pub use crate::typo::{distance, typo_budget, MAX_FUZZY_TERMS};
pub use crate::words::{counted, parse, Word, MAX_WORDS, MIN_PREFIX_CHARS, STOP_WORDS};

/// A prefix expands to at most this many terms (the most frequent).
pub const MAX_PREFIX_TERMS: usize = 24;

/// One file of the exported index, relative to its content-hashed folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum File {
    /// Term shard `i`: `t/<i>.bin`.
    Terms(usize),
    /// The positions of term shard `i`'s terms, for phrases: `p/<i>.bin`.
    Positions(usize),
    /// The vocabulary of terms of `n` characters, for typos: `v/<n>.bin`.
    Vocab(usize),
}

impl File {
    /// The file's path in the folder.
    pub fn path(self) -> String {
        match self {
            File::Terms(i) => format!("t/{i}.bin"),
            File::Positions(i) => format!("p/{i}.bin"),
            File::Vocab(n) => format!("v/{n}.bin"),
        }
    }

    /// The file a path names, if any.
    pub fn parse(path: &str) -> Option<File> {
        let (dir, name) = path.split_once('/')?;
        let n: usize = name.strip_suffix(".bin")?.parse().ok()?;
        match dir {
            "t" => Some(File::Terms(n)),
            "p" => Some(File::Positions(n)),
            "v" => Some(File::Vocab(n)),
            _ => None,
        }
    }
}

/// The index files at hand: all of them at build time, those fetched so far in the browser.
pub trait Files {
    /// Term shard `i`.
    fn shard(&self, i: usize) -> Option<&Shard>;
    /// Positions file `i`.
    fn positions(&self, i: usize) -> Option<&Positions>;
    /// The vocabulary of terms of `chars` characters.
    fn vocab(&self, chars: usize) -> Option<&Vocab>;
    /// Whether `file` is at hand.
    fn has(&self, file: File) -> bool {
        match file {
            File::Terms(i) => self.shard(i).is_some(),
            File::Positions(i) => self.positions(i).is_some(),
            File::Vocab(n) => self.vocab(n).is_some(),
        }
    }
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

/// Completions of the word being typed in the loaded shards, the most frequent first.
fn completions(manifest: &Manifest, word: &Word, files: &dyn Files) -> Vec<String> {
    let found: Vec<(usize, u32, &str)> = manifest
        .shards_for_prefix(&word.lower)
        .filter_map(|i| files.shard(i))
        .flat_map(|s| s.terms.iter())
        .filter(|t| t.term.starts_with(&word.lower) && t.term != word.term)
        .map(|t| (0, t.postings.len() as u32, t.term.as_str()))
        .collect();
    typo::best_first(found, false, MAX_PREFIX_TERMS)
}

/// Whether `word` is to be corrected for typos: it has a typo budget, the index lacks it and,
/// while it is being typed, nothing completes it. A word the index has is taken as typed, so a
/// correctly spelled query never fetches the vocabulary. `None` while that is not known yet.
fn needs_correction(manifest: &Manifest, word: &Word, files: &dyn Files) -> Option<bool> {
    if typo::typo_budget(word) == 0 || !manifest.synonyms_of(&word.term).is_empty() {
        return Some(false);
    }
    let home = files.shard(manifest.shard_for(&word.term))?;
    if home.get(&word.term).is_some() {
        return Some(false);
    }
    if word.prefix {
        if !manifest
            .shards_for_prefix(&word.lower)
            .all(|i| files.has(File::Terms(i)))
        {
            return None;
        }
        return Some(completions(manifest, word, files).is_empty());
    }
    Some(true)
}

/// Typo corrections of `word` from the vocabulary, once its files are at hand.
fn corrections(manifest: &Manifest, word: &Word, files: &dyn Files) -> Option<Vec<String>> {
    if !needs_correction(manifest, word, files)? {
        return Some(Vec::new());
    }
    let vocab: Option<Vec<&Vocab>> = typo::lengths(word).map(|n| files.vocab(n)).collect();
    let fixes = typo::corrections(word, vocab?);
    if !fixes.is_empty() {
        return Some(fixes);
    }
    let all = typo::stem_lengths(word).start..=*typo::lengths(word).end();
    let vocab: Option<Vec<&Vocab>> = all.map(|n| files.vocab(n)).collect();
    Some(typo::stem_corrections(word, vocab?))
}

/// The files a query's words need, given those at hand: each word's own term shard, for the
/// word being typed the shards its completions live in, for a word the index lacks the
/// vocabulary of nearby lengths and then the shards of its corrections, and for a phrase the
/// positions of its terms. Call again after loading until nothing is missing.
pub fn needed(manifest: &Manifest, words: &[Word], files: &dyn Files) -> Vec<File> {
    let mut out = Vec::new();
    for w in words {
        if !w.phrase.is_empty() {
            out.extend(
                w.phrase
                    .iter()
                    .map(|t| File::Positions(manifest.shard_for(t))),
            );
            continue;
        }
        out.push(File::Terms(manifest.shard_for(&w.term)));
        // What the word stands for: a one-word synonym's shard, a phrase's positions.
        for phrase in manifest.synonyms_of(&w.term) {
            match phrase.as_slice() {
                [t] => out.push(File::Terms(manifest.shard_for(t))),
                terms => out.extend(terms.iter().map(|t| File::Positions(manifest.shard_for(t)))),
            }
        }
        if w.prefix {
            out.extend(manifest.shards_for_prefix(&w.lower).map(File::Terms));
        }
        if needs_correction(manifest, w, files) == Some(true) {
            match corrections(manifest, w, files) {
                Some(fixes) => out.extend(fixes.iter().map(|t| File::Terms(manifest.shard_for(t)))),
                // The word's own lengths first; the shorter ones once those found nothing.
                None => {
                    let own: Vec<File> = typo::lengths(w).map(File::Vocab).collect();
                    if own.iter().all(|f| files.has(*f)) {
                        out.extend(typo::stem_lengths(w).map(File::Vocab));
                    } else {
                        out.extend(own);
                    }
                }
            }
        }
    }
    // Each file once, in the order first needed (no sort: it would add to the module).
    let mut unique: Vec<File> = Vec::with_capacity(out.len());
    for f in out {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    unique
}

/// The dictionary terms `word` stands for, given the files at hand: its own term, completions
/// when it is being typed (the most frequent first), and typo corrections when the index lacks
/// it (the closest, then the most frequent). Missing files contribute nothing; a phrase has no
/// expansions (see [`phrase_postings`]).
pub fn expand(manifest: &Manifest, word: &Word, files: &dyn Files) -> Vec<Expansion> {
    let mut out = Vec::new();
    if !word.phrase.is_empty() {
        return out;
    }
    let home = files.shard(manifest.shard_for(&word.term));
    if home.and_then(|s| s.get(&word.term)).is_some() {
        out.push(Expansion {
            term: word.term.clone(),
            kind: Match::Exact,
        });
    }
    if word.prefix {
        out.extend(
            completions(manifest, word, files)
                .into_iter()
                .map(|term| Expansion {
                    term,
                    kind: Match::Prefix,
                }),
        );
    }
    let fixes = corrections(manifest, word, files).unwrap_or_default();
    out.extend(fixes.into_iter().map(|term| Expansion {
        term,
        kind: Match::Fuzzy,
    }));
    out
}

/// A phrase's documents with the scores tantivy's `PhraseQuery` gives them, from the positions
/// files at hand (nothing while one is missing).
pub fn phrase_postings(manifest: &Manifest, word: &Word, files: &dyn Files) -> Vec<(u32, f32)> {
    let found: Option<Vec<&Positions>> = word
        .phrase
        .iter()
        .map(|t| files.positions(manifest.shard_for(t)))
        .collect();
    let Some(found) = found else {
        return Vec::new();
    };
    let terms: Vec<_> = word
        .phrase
        .iter()
        .zip(&found)
        .map(|(t, p)| p.get(t))
        .collect();
    phrase::score(found[0], &terms)
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

/// What a search found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Ranked documents.
    pub hits: Vec<Hit>,
    /// Every term that matched, for highlighting excerpts.
    pub terms: Vec<String>,
    /// Words found only through typo corrections: the word as typed and the terms it was
    /// corrected to (best first), so the page can say what it searched for instead.
    pub fixes: Vec<(String, Vec<String>)>,
}

/// A fetched index file, decoded.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A term shard.
    Terms(Shard),
    /// A positions file.
    Positions(Positions),
    /// A vocabulary file.
    Vocab(Vocab),
}

/// The index as the browser holds it: the manifest and whatever files were fetched so far (one
/// map for every kind of file keeps the WebAssembly module small).
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The manifest.
    pub manifest: Manifest,
    /// Fetched files.
    pub files: HashMap<File, Loaded>,
    /// The facet table, once fetched.
    pub facets: Option<Facets>,
}

impl Files for Index {
    fn shard(&self, i: usize) -> Option<&Shard> {
        match self.files.get(&File::Terms(i))? {
            Loaded::Terms(s) => Some(s),
            _ => None,
        }
    }
    fn positions(&self, i: usize) -> Option<&Positions> {
        match self.files.get(&File::Positions(i))? {
            Loaded::Positions(p) => Some(p),
            _ => None,
        }
    }
    fn vocab(&self, chars: usize) -> Option<&Vocab> {
        match self.files.get(&File::Vocab(chars))? {
            Loaded::Vocab(v) => Some(v),
            _ => None,
        }
    }
    fn has(&self, file: File) -> bool {
        self.files.contains_key(&file)
    }
}

impl Index {
    /// Decodes and adds `file`.
    pub fn add(&mut self, file: File, bytes: &[u8]) -> Result<(), FormatError> {
        let loaded = match file {
            File::Terms(_) => Loaded::Terms(Shard::decode(bytes)?),
            File::Positions(_) => Loaded::Positions(Positions::decode(bytes)?),
            File::Vocab(_) => Loaded::Vocab(Vocab::decode(bytes)?),
        };
        self.files.insert(file, loaded);
        Ok(())
    }

    /// Files `query` needs that are not loaded yet.
    pub fn missing(&self, query: &str) -> Vec<File> {
        needed(&self.manifest, &parse(query), self)
            .into_iter()
            .filter(|f| !self.has(*f))
            .collect()
    }

    /// Filters written `facet=id,id;facet=id` (see [`parse_filters`]).
    pub fn manifest_filters(&self, spec: &str) -> Vec<Filter> {
        parse_filters(&self.manifest, spec)
    }

    /// Runs `query` on the loaded files.
    pub fn search(&self, query: &str, filters: &[Filter]) -> Results {
        let parsed = parse(query);
        let mut terms = Vec::new();
        let mut fixes = Vec::new();
        let words: Vec<BTreeMap<u32, WordHit>> = parsed
            .iter()
            .map(|w| {
                if !w.phrase.is_empty() {
                    terms.extend(w.phrase.iter().cloned());
                    let postings = phrase_postings(&self.manifest, w, self);
                    return score_word([(Match::Exact, postings.as_slice())]);
                }
                let mut exps = expand(&self.manifest, w, self);
                let fuzzy: Vec<String> = exps
                    .iter()
                    .filter(|e| e.kind == Match::Fuzzy)
                    .map(|e| e.term.clone())
                    .collect();
                if !fuzzy.is_empty() && exps.iter().all(|e| e.kind == Match::Fuzzy) {
                    fixes.push((w.lower.clone(), fuzzy));
                }
                // A synonym counts as the word itself: its phrases score as exact matches.
                let mut synonyms: Vec<Vec<(u32, f32)>> = Vec::new();
                for phrase in self.manifest.synonyms_of(&w.term) {
                    terms.extend(phrase.iter().cloned());
                    if let [t] = phrase.as_slice() {
                        exps.push(Expansion {
                            term: t.clone(),
                            kind: Match::Exact,
                        });
                    } else {
                        let as_phrase = Word {
                            phrase: phrase.clone(),
                            ..Word::default()
                        };
                        synonyms.push(phrase_postings(&self.manifest, &as_phrase, self));
                    }
                }
                score_word(
                    exps.iter()
                        .filter_map(|e| {
                            let s = self.shard(self.manifest.shard_for(&e.term))?;
                            let p = s.get(&e.term)?;
                            terms.push(e.term.clone());
                            Some((e.kind, p.postings.as_slice()))
                        })
                        .chain(synonyms.iter().map(|p| (Match::Exact, p.as_slice()))),
                )
            })
            .collect();
        let facets = self.facets.as_ref();
        let hits = rank(&words, &counted(&parsed), &|d| passes(facets, filters, d));
        Results { hits, terms, fixes }
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
        let vocab = Vocab::by_length(
            terms
                .iter()
                .map(|t| (t.term.clone(), t.postings.len() as u32)),
        );
        let (shards, starts) = split_shards(terms, 20);
        let shards = shards
            .into_iter()
            .enumerate()
            .map(|(i, s)| (File::Terms(i), Loaded::Terms(s)));
        let vocab = (1..)
            .zip(vocab)
            .map(|(n, v)| (File::Vocab(n), Loaded::Vocab(v)));
        Index {
            manifest: Manifest {
                shard_starts: starts,
                doc_count: 3,
                ..Manifest::default()
            },
            files: shards.chain(vocab).collect(),
            ..Index::default()
        }
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
    fn typos_are_found_across_shards_and_in_the_first_letter_only_when_needed() {
        let full = index();
        // "bealth" sorts into the first shard, far from "health": the vocabulary finds it.
        let r = full.search("bealth ", &[]);
        assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [0, 2]);
        assert!(r.hits.iter().all(|h| h.exact == 0));
        // In the browser: first the word's shard, then the vocabulary, then the fix's shard.
        let mut idx = Index {
            manifest: full.manifest.clone(),
            ..Index::default()
        };
        let home = idx.manifest.shard_for("bealth");
        assert_eq!(idx.missing("bealth "), [File::Terms(home)]);
        let copy = |idx: &mut Index, f: File| drop(idx.files.insert(f, full.files[&f].clone()));
        copy(&mut idx, File::Terms(home));
        assert_eq!(
            idx.missing("bealth "),
            (5..=7).map(File::Vocab).collect::<Vec<_>>()
        );
        for n in 5..=7 {
            copy(&mut idx, File::Vocab(n));
        }
        let health = idx.manifest.shard_for("health");
        assert_ne!(health, home);
        assert_eq!(idx.missing("bealth "), [File::Terms(health)]);
        // A word the index has, or that completes, never asks for the vocabulary.
        let mut idx = Index {
            manifest: full.manifest.clone(),
            ..Index::default()
        };
        copy(&mut idx, File::Terms(health));
        assert!(idx.missing("health ").is_empty());
        assert!(idx
            .missing("healt")
            .iter()
            .all(|f| matches!(f, File::Terms(_))));
    }

    #[test]
    fn a_synonym_finds_what_it_stands_for_and_is_never_corrected() {
        let mut idx = index();
        idx.manifest.synonyms = vec![crate::format::Synonym {
            term: "cbo".into(),
            phrases: vec![vec!["communiti".into()]],
        }];
        let home = idx.manifest.shard_for("communiti");
        assert!(needed(&idx.manifest, &parse("cbo "), &idx).contains(&File::Terms(home)));
        let r = idx.search("cbo ", &[]);
        assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1, 2]);
        assert!(
            r.hits.iter().all(|h| h.exact == 1),
            "a synonym is not a typo"
        );
        assert!(r.fixes.is_empty());
        assert!(r.terms.contains(&"communiti".to_string()));
        // Without the vocabulary entry, "cbo" is a word the index lacks: nothing close to it.
        idx.manifest.synonyms.clear();
        assert!(idx.search("cbo ", &[]).hits.is_empty());
    }

    #[test]
    fn a_corrected_word_is_reported_with_its_corrections() {
        let r = index().search("care hospiyal ", &[]);
        assert_eq!(
            r.fixes,
            [("hospiyal".to_string(), vec!["hospit".to_string()])]
        );
        assert!(index().search("care hospital ", &[]).fixes.is_empty());
    }

    #[test]
    fn file_paths_round_trip() {
        for f in [File::Terms(3), File::Positions(0), File::Vocab(12)] {
            assert_eq!(File::parse(&f.path()), Some(f));
        }
        assert_eq!(File::parse("x/1.bin"), None);
        assert_eq!(File::parse("t/a.bin"), None);
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
