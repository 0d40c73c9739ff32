//! The static index format. Everything is little binary files under `search/`:
//!
//! - `search/manifest.bin`: the runtime's file name (first, so that a page that only knows the
//!   manifest's address can start fetching the runtime after a few bytes of JS decoding),
//!   document count, facet labels, and the first term of each term shard (shard `i` holds the
//!   sorted terms in `[first[i], first[i + 1])`), plus the name of the content-hashed folder
//!   that holds the rest.
//! - `<folder>/t/<i>.bin`: a term shard: each term with its postings, `(document, score)`,
//!   where the score is the BM25 score tantivy computes for that term and document (summed over
//!   the searched fields with their boosts).
//! - `<folder>/d/<doc>.bin`: a document fragment: title, URL, type label and excerpt text.
//! - `<folder>/facets.bin`: every document's facet values, fetched only when a filter is used.
//!
//! Integers are LEB128 varints, strings are length-prefixed UTF-8, scores are `f32` LE.

/// First bytes of every file, with the format version.
pub const MAGIC: &[u8; 4] = b"BSX1";

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub &'static str);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "malformed search file: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

type Result<T> = std::result::Result<T, FormatError>;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// A buffer that starts with [`MAGIC`] and a kind byte.
    pub fn new(kind: u8) -> Writer {
        let mut w = Writer(MAGIC.to_vec());
        w.0.push(kind);
        w
    }
    /// An unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    /// A length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// An `f32`, bit for bit.
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads values back.
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the magic and kind byte.
    pub fn new(buf: &'a [u8], kind: u8) -> Result<Reader<'a>> {
        if buf.len() < 5 || &buf[..4] != MAGIC {
            return Err(FormatError("bad magic"));
        }
        if buf[4] != kind {
            return Err(FormatError("wrong file kind"));
        }
        Ok(Reader { buf, pos: 5 })
    }
    /// An unsigned LEB128 varint.
    pub fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.buf.get(self.pos).ok_or(FormatError("truncated"))?;
            self.pos += 1;
            if shift > 63 {
                return Err(FormatError("varint overflow"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    fn len(&mut self) -> Result<usize> {
        let n = self.varint()? as usize;
        if n > self.buf.len() - self.pos.min(self.buf.len()) {
            return Err(FormatError("length past end"));
        }
        Ok(n)
    }
    /// A count of items that each take at least one byte.
    pub fn count(&mut self) -> Result<usize> {
        self.len()
    }
    /// A length-prefixed string.
    pub fn str(&mut self) -> Result<String> {
        let n = self.len()?;
        let s = std::str::from_utf8(&self.buf[self.pos..self.pos + n])
            .map_err(|_| FormatError("invalid UTF-8"))?;
        self.pos += n;
        Ok(s.to_owned())
    }
    /// An `f32`.
    pub fn f32(&mut self) -> Result<f32> {
        let b = self
            .buf
            .get(self.pos..self.pos + 4)
            .ok_or(FormatError("truncated"))?;
        self.pos += 4;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

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
mod tests {
    use super::*;

    fn tp(term: &str, postings: &[(u32, f32)]) -> TermPostings {
        TermPostings {
            term: term.into(),
            postings: postings.to_vec(),
        }
    }

    #[test]
    fn round_trips() {
        let shard = Shard {
            terms: vec![
                tp("care", &[(0, 1.5), (7, 0.25)]),
                tp("health", &[(300, 3.0)]),
            ],
        };
        assert_eq!(Shard::decode(&shard.encode()).unwrap(), shard);
        let m = Manifest {
            runtime: "runtime.0123.wasm".into(),
            folder: "abc".into(),
            doc_count: 3,
            shard_starts: vec!["".into(), "health".into()],
            facets: vec![FacetLabels {
                name: "type".into(),
                values: vec![("case-study".into(), "Case study".into())],
            }],
            synonyms: vec![Synonym {
                term: "chna".into(),
                phrases: vec![
                    vec!["communiti".into(), "health".into(), "need".into()],
                    vec!["assess".into()],
                ],
            }],
        };
        assert_eq!(Manifest::decode(&m.encode()).unwrap(), m);
        assert_eq!(m.synonyms_of("chna").len(), 2);
        assert!(m.synonyms_of("care").is_empty());
        let f = Fragment {
            title: "<b>".into(),
            url: "/x/".into(),
            kind: "Page".into(),
            text: "é".into(),
        };
        assert_eq!(Fragment::decode(&f.encode()).unwrap(), f);
        let facets = Facets {
            values: vec![vec![vec![0], vec![], vec![1, 2]]],
        };
        assert_eq!(Facets::decode(&facets.encode()).unwrap(), facets);
    }

    #[test]
    fn rejects_truncated_and_foreign_files() {
        let shard = Shard {
            terms: vec![tp("care", &[(0, 1.5)])],
        }
        .encode();
        assert!(Shard::decode(&shard[..shard.len() - 1]).is_err());
        assert!(Manifest::decode(&shard).is_err());
        assert!(Shard::decode(b"nope").is_err());
    }

    #[test]
    fn finds_shards_for_terms_and_prefixes() {
        let terms: Vec<_> = ["apple", "health", "heap", "heart", "zebra"]
            .iter()
            .map(|t| tp(t, &[(0, 1.0)]))
            .collect();
        let (shards, starts) = split_shards(terms, 10);
        assert_eq!(shards.len(), 5);
        let m = Manifest {
            shard_starts: starts,
            ..Manifest::default()
        };
        assert_eq!(m.shard_for("apple"), 0);
        assert_eq!(m.shard_for("aardvark"), 0);
        assert_eq!(m.shard_for("heap"), 2);
        assert_eq!(m.shard_for("zzz"), 4);
        assert_eq!(m.shards_for_prefix("hea"), 0..=3);
        assert_eq!(
            m.shards_for_prefix("heal"),
            0..=1,
            "\"heal\" itself would sort before \"health\""
        );
        assert_eq!(m.shards_for_prefix("heat"), 3..=3);
    }
}
