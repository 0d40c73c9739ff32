//! Queries: expansion of words against the dictionary (prefix of the last word, typos), quoted
//! phrases and ranking. Both sides share this: the browser feeds it the files it fetched, the
//! native reference feeds it the scores tantivy's own scorer returns for the same terms.

pub use crate::filters::{parse_filters, passes, Filter};
use crate::format::{Facets, FormatError, Manifest, Shard};
use crate::phrase::{self, Positions};
pub use crate::rank::{rank, score_word, Hit, WordHit, WordHits};
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
    /// The file's path in the folder (written without `format!`, which would pull the
    /// formatting machinery into the WebAssembly module).
    pub fn path(self) -> String {
        let (dir, n) = match self {
            File::Terms(i) => ("t/", i),
            File::Positions(i) => ("p/", i),
            File::Vocab(n) => ("v/", n),
        };
        let mut out = String::from(dir);
        out.push_str(itoa::Buffer::new().format(n));
        out.push_str(".bin");
        out
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
/// list for every kind of file, searched in order: a query needs a few dozen files at most, and
/// a map type would add kilobytes to the WebAssembly module).
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The manifest.
    pub manifest: Manifest,
    /// Fetched files.
    pub files: Vec<(File, Loaded)>,
    /// The facet table, once fetched.
    pub facets: Option<Facets>,
}

impl Files for Index {
    fn shard(&self, i: usize) -> Option<&Shard> {
        match self.loaded(File::Terms(i))? {
            Loaded::Terms(s) => Some(s),
            _ => None,
        }
    }
    fn positions(&self, i: usize) -> Option<&Positions> {
        match self.loaded(File::Positions(i))? {
            Loaded::Positions(p) => Some(p),
            _ => None,
        }
    }
    fn vocab(&self, chars: usize) -> Option<&Vocab> {
        match self.loaded(File::Vocab(chars))? {
            Loaded::Vocab(v) => Some(v),
            _ => None,
        }
    }
    fn has(&self, file: File) -> bool {
        self.loaded(file).is_some()
    }
}

impl Index {
    /// The fetched file `file`, if it is loaded.
    fn loaded(&self, file: File) -> Option<&Loaded> {
        self.files.iter().find(|(f, _)| *f == file).map(|(_, l)| l)
    }

    /// Decodes and adds `file`.
    pub fn add(&mut self, file: File, bytes: &[u8]) -> Result<(), FormatError> {
        let loaded = match file {
            File::Terms(_) => Loaded::Terms(Shard::decode(bytes)?),
            File::Positions(_) => Loaded::Positions(Positions::decode(bytes)?),
            File::Vocab(_) => Loaded::Vocab(Vocab::decode(bytes)?),
        };
        self.put(file, loaded);
        Ok(())
    }

    /// Adds an already decoded file, replacing any earlier copy.
    pub fn put(&mut self, file: File, loaded: Loaded) {
        match self.files.iter_mut().find(|(f, _)| *f == file) {
            Some(slot) => slot.1 = loaded,
            None => self.files.push((file, loaded)),
        }
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
        let words: Vec<WordHits> = parsed
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
#[path = "query_tests.rs"]
mod tests;
