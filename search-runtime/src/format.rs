//! The static index format. Everything is little binary files under `search/`:
//!
//! - `search/manifest.bin`: the runtime's file name (first, so that a page that only knows the
//!   manifest's address can start fetching the runtime after a few bytes of JS decoding), the
//!   name of the content-hashed folder that holds the rest, the document count, whether the
//!   folder has a titles file, the first term of each term shard (shard `i` holds the sorted
//!   terms in `[first[i], first[i + 1])`), facet labels and synonyms.
//! - `<folder>/t/<i>.bin`: a term shard: each term with its postings, `(document, score)`,
//!   where the score is the BM25 score tantivy computes for that term and document (summed over
//!   the searched fields with their boosts).
//! - `<folder>/d/<doc>.bin`: a document fragment: title, URL, type label and excerpt text.
//! - `<folder>/facets.bin`: every document's facet values, fetched only when a filter is used.
//! - `<folder>/titles.bin`, on a small site only (the manifest says): every document's title,
//!   URL and type label ([`crate::titles`]).
//!
//! Integers are LEB128 varints, strings are length-prefixed UTF-8, scores are `f32` LE.

use crate::codec::Result;
pub use crate::codec::{FormatError, Reader, Writer, MAGIC};

const KIND_MANIFEST: u8 = b'M';
const KIND_SHARD: u8 = b'T';
const KIND_FRAGMENT: u8 = b'D';
const KIND_FACETS: u8 = b'F';

/// A facet (content type, integrative function, state) and its values' ids and labels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetLabels {
    /// The facet's id, used in `?type=…` style filters.
    pub name: String,
    /// `(id, label)` of each value; documents refer to values by index.
    pub values: Vec<(String, String)>,
}

/// The small file a browser fetches first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// The runtime's content-hashed file name under `search/`.
    pub runtime: String,
    /// The content-hashed folder (relative to `search/`) holding shards and fragments.
    pub folder: String,
    /// Number of documents.
    pub doc_count: u32,
    /// First term of each term shard, in order; the first is always "".
    pub shard_starts: Vec<String>,
    /// Facets and their labels.
    pub facets: Vec<FacetLabels>,
    /// The site's synonyms and acronyms (`data/synonyms.toml`), as index terms: a query word
    /// whose term is a key also finds each of its phrases.
    pub synonyms: Vec<Synonym>,
    /// Whether the folder has a titles file ([`crate::titles`]).
    pub titles: bool,
}

/// One vocabulary entry, analysed as the index is: "chna" also finds the phrase
/// "communiti health need assess".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Synonym {
    /// The word's term.
    pub term: String,
    /// What it stands for: each phrase's terms, in order (one term for a plain synonym).
    pub phrases: Vec<Vec<String>>,
}

impl Manifest {
    /// The phrases a word's term stands for, if it is in the synonyms vocabulary.
    pub fn synonyms_of(&self, term: &str) -> &[Vec<String>] {
        self.synonyms
            .iter()
            .find(|s| s.term == term)
            .map_or(&[], |s| s.phrases.as_slice())
    }

    /// Encodes the manifest.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_MANIFEST);
        w.str(&self.runtime);
        w.str(&self.folder);
        w.varint(u64::from(self.doc_count));
        w.varint(u64::from(self.titles));
        w.varint(self.shard_starts.len() as u64);
        for s in &self.shard_starts {
            w.str(s);
        }
        w.varint(self.facets.len() as u64);
        for f in &self.facets {
            w.str(&f.name);
            w.varint(f.values.len() as u64);
            for (id, label) in &f.values {
                w.str(id);
                w.str(label);
            }
        }
        w.varint(self.synonyms.len() as u64);
        for syn in &self.synonyms {
            w.str(&syn.term);
            w.varint(syn.phrases.len() as u64);
            for phrase in &syn.phrases {
                w.varint(phrase.len() as u64);
                for t in phrase {
                    w.str(t);
                }
            }
        }
        w.0
    }
    /// Decodes a manifest.
    pub fn decode(buf: &[u8]) -> Result<Manifest> {
        let mut r = Reader::new(buf, KIND_MANIFEST)?;
        let runtime = r.str()?;
        let folder = r.str()?;
        let doc_count = u32::try_from(r.varint()?).map_err(|_| FormatError("doc count"))?;
        let titles = r.varint()? == 1;
        let n = r.count()?;
        let mut shard_starts = Vec::with_capacity(n);
        for _ in 0..n {
            shard_starts.push(r.str()?);
        }
        if shard_starts.first().map(String::as_str) != Some("") {
            return Err(FormatError("first shard must start at the empty term"));
        }
        let nf = r.count()?;
        let mut facets = Vec::with_capacity(nf);
        for _ in 0..nf {
            let name = r.str()?;
            let nv = r.count()?;
            let mut values = Vec::with_capacity(nv);
            for _ in 0..nv {
                values.push((r.str()?, r.str()?));
            }
            facets.push(FacetLabels { name, values });
        }
        let ns = r.count()?;
        let mut synonyms = Vec::with_capacity(ns);
        for _ in 0..ns {
            let term = r.str()?;
            let np = r.count()?;
            let mut phrases = Vec::with_capacity(np);
            for _ in 0..np {
                let nt = r.count()?;
                let mut phrase = Vec::with_capacity(nt);
                for _ in 0..nt {
                    phrase.push(r.str()?);
                }
                phrases.push(phrase);
            }
            synonyms.push(Synonym { term, phrases });
        }
        Ok(Manifest {
            runtime,
            folder,
            doc_count,
            shard_starts,
            facets,
            synonyms,
            titles,
        })
    }
    /// The shard that holds `term` if the index has it.
    pub fn shard_for(&self, term: &str) -> usize {
        self.shard_starts
            .partition_point(|s| s.as_str() <= term)
            .saturating_sub(1)
    }
    /// The shards that hold terms starting with `prefix`.
    pub fn shards_for_prefix(&self, prefix: &str) -> std::ops::RangeInclusive<usize> {
        let first = self.shard_for(prefix);
        let extra = self.shard_starts[first + 1..]
            .iter()
            .take_while(|s| s.starts_with(prefix))
            .count();
        first..=first + extra
    }
}

/// One term's postings: `(document, BM25 score)` in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermPostings {
    /// The indexed (stemmed) term.
    pub term: String,
    /// Documents containing the term, ascending, with their scores.
    pub postings: Vec<(u32, f32)>,
}

/// A term shard: a run of consecutive terms of the dictionary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shard {
    /// Terms in ascending byte order.
    pub terms: Vec<TermPostings>,
}

impl Shard {
    /// Encodes the shard; documents are delta-coded.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_SHARD);
        w.varint(self.terms.len() as u64);
        for t in &self.terms {
            w.str(&t.term);
            w.varint(t.postings.len() as u64);
            let mut prev = 0u32;
            for &(doc, _) in &t.postings {
                w.varint(u64::from(doc - prev));
                prev = doc;
            }
            for &(_, score) in &t.postings {
                w.f32(score);
            }
        }
        w.0
    }
    /// Decodes a shard.
    pub fn decode(buf: &[u8]) -> Result<Shard> {
        let mut r = Reader::new(buf, KIND_SHARD)?;
        let n = r.count()?;
        let mut terms = Vec::with_capacity(n);
        for _ in 0..n {
            let term = r.str()?;
            let np = r.count()?;
            let mut postings = Vec::with_capacity(np);
            let mut doc = 0u32;
            for _ in 0..np {
                let delta = u32::try_from(r.varint()?).map_err(|_| FormatError("doc id"))?;
                doc = doc.checked_add(delta).ok_or(FormatError("doc id"))?;
                postings.push((doc, 0.0));
            }
            for p in &mut postings {
                p.1 = r.f32()?;
            }
            terms.push(TermPostings { term, postings });
        }
        Ok(Shard { terms })
    }
    /// The postings of `term`, if the shard has it.
    pub fn get(&self, term: &str) -> Option<&TermPostings> {
        self.terms
            .binary_search_by(|t| t.term.as_str().cmp(term))
            .ok()
            .map(|i| &self.terms[i])
    }
}

/// What a result shows: the document's title, link, type and the text excerpts are cut from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    /// Title, as plain text.
    pub title: String,
    /// Link, under the site's base path.
    pub url: String,
    /// Human label of the content type.
    pub kind: String,
    /// Plain text the excerpt is cut from.
    pub text: String,
}

impl Fragment {
    /// Encodes the fragment.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_FRAGMENT);
        w.str(&self.title);
        w.str(&self.url);
        w.str(&self.kind);
        w.str(&self.text);
        w.0
    }
    /// Decodes a fragment.
    pub fn decode(buf: &[u8]) -> Result<Fragment> {
        let mut r = Reader::new(buf, KIND_FRAGMENT)?;
        Ok(Fragment {
            title: r.str()?,
            url: r.str()?,
            kind: r.str()?,
            text: r.str()?,
        })
    }
}

/// Every document's values for each facet of the manifest (indexes into its values).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// `values[facet][doc]`: the document's value indexes for that facet.
    pub values: Vec<Vec<Vec<u32>>>,
}

impl Facets {
    /// Encodes the facet table.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_FACETS);
        w.varint(self.values.len() as u64);
        for facet in &self.values {
            w.varint(facet.len() as u64);
            for doc in facet {
                w.varint(doc.len() as u64);
                for &v in doc {
                    w.varint(u64::from(v));
                }
            }
        }
        w.0
    }
    /// Decodes the facet table.
    pub fn decode(buf: &[u8]) -> Result<Facets> {
        let mut r = Reader::new(buf, KIND_FACETS)?;
        let nf = r.count()?;
        let mut values = Vec::with_capacity(nf);
        for _ in 0..nf {
            let nd = r.count()?;
            let mut docs = Vec::with_capacity(nd);
            for _ in 0..nd {
                let nv = r.count()?;
                let mut v = Vec::with_capacity(nv);
                for _ in 0..nv {
                    v.push(u32::try_from(r.varint()?).map_err(|_| FormatError("facet"))?);
                }
                docs.push(v);
            }
            values.push(docs);
        }
        Ok(Facets { values })
    }
}

/// Splits sorted term postings into shards of about `target` encoded bytes; returns the shards
/// and their first terms (the first always "").
pub fn split_shards(terms: Vec<TermPostings>, target: usize) -> (Vec<Shard>, Vec<String>) {
    let mut shards = Vec::new();
    let mut starts = Vec::new();
    let mut current = Shard::default();
    let mut size = 0;
    for t in terms {
        let cost = t.term.len() + 2 + t.postings.len() * 6;
        if size > 0 && size + cost > target {
            starts.push(current.terms[0].term.clone());
            shards.push(std::mem::take(&mut current));
            size = 0;
        }
        size += cost;
        current.terms.push(t);
    }
    if !current.terms.is_empty() || shards.is_empty() {
        starts.push(
            current
                .terms
                .first()
                .map(|t| t.term.clone())
                .unwrap_or_default(),
        );
        shards.push(current);
    }
    starts[0] = String::new();
    (shards, starts)
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
