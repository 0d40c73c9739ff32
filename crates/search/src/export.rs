//! The static export of the tantivy index: what `public/search/` holds (format in
//! [`search_runtime::format`], [`search_runtime::phrase`] and [`search_runtime::typo`]).

use std::collections::BTreeMap;

use search_runtime::format::{Facets, Fragment, Manifest, Shard, TermPostings};
use search_runtime::phrase::{FieldStats, Occurrences, Positions, TermPositions};
use search_runtime::query::Files;
use search_runtime::titles::Titles;
use search_runtime::typo::Vocab;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED};

use model::output::OutputFile;

/// What `public/search/` holds.
#[derive(Debug, Clone, Default)]
pub struct Export {
    /// The manifest.
    pub manifest: Manifest,
    /// Term shards, numbered as in the manifest.
    pub shards: Vec<Shard>,
    /// The positions of each term shard's terms, for phrases.
    pub positions: Vec<EncodedPositions>,
    /// The vocabulary by term length (entry `i` for `i + 1` characters), for typos.
    pub vocab: Vec<Vocab>,
    /// One fragment per document.
    pub fragments: Vec<Fragment>,
    /// Every document's facet values.
    pub facets: Facets,
    /// Every document's title, address and type, when they fit in one small file.
    pub titles: Option<Titles>,
    /// The folder's files as stored, once [`Export::seal`] named the folder.
    pub(crate) stored: Vec<OutputFile>,
}

/// A positions file as it is written, decoded only if a native query reads it: decoded, with a
/// vector per term and document, the positions of a 10,000-page site took about 290 MB.
#[derive(Debug, Clone, Default)]
pub struct EncodedPositions {
    /// The file's bytes, before compression.
    pub bytes: Vec<u8>,
    decoded: std::sync::OnceLock<Option<Positions>>,
}

impl EncodedPositions {
    /// Wraps an encoded positions file.
    pub fn new(bytes: Vec<u8>) -> Self {
        EncodedPositions {
            bytes,
            decoded: std::sync::OnceLock::new(),
        }
    }

    /// The file decoded (once); `None` if it does not decode, which the encoder rules out.
    pub fn decoded(&self) -> Option<&Positions> {
        self.decoded
            .get_or_init(|| Positions::decode(&self.bytes).ok())
            .as_ref()
    }
}

impl Files for Export {
    fn shard(&self, i: usize) -> Option<&Shard> {
        self.shards.get(i)
    }
    fn positions(&self, i: usize) -> Option<&Positions> {
        self.positions.get(i)?.decoded()
    }
    fn vocab(&self, chars: usize) -> Option<&Vocab> {
        self.vocab.get(chars.checked_sub(1)?)
    }
}

/// One file of the content-hashed folder.
#[derive(Debug, Clone, Copy)]
enum Item {
    Facets,
    Titles,
    Shard(usize),
    Positions(usize),
    Vocab(usize),
    Fragment(usize),
}

impl Export {
    /// The files of the content-hashed folder, in a stable order.
    fn items(&self) -> Vec<Item> {
        let mut items = vec![Item::Facets];
        if self.titles.is_some() {
            items.push(Item::Titles);
        }
        items.extend((0..self.shards.len()).map(Item::Shard));
        items.extend((0..self.positions.len()).map(Item::Positions));
        items.extend((0..self.vocab.len()).map(Item::Vocab));
        items.extend((0..self.fragments.len()).map(Item::Fragment));
        items
    }

    /// A folder file's path in the folder and its bytes before compression.
    fn encode(&self, item: Item) -> (String, std::borrow::Cow<'_, [u8]>) {
        use std::borrow::Cow;
        let titles = || self.titles.as_ref().map(Titles::encode).unwrap_or_default();
        match item {
            Item::Facets => ("facets.bin".into(), Cow::Owned(self.facets.encode())),
            Item::Titles => ("titles.bin".into(), Cow::Owned(titles())),
            Item::Shard(i) => (format!("t/{i}.bin"), Cow::Owned(self.shards[i].encode())),
            Item::Positions(i) => (
                format!("p/{i}.bin"),
                Cow::Borrowed(&self.positions[i].bytes),
            ),
            Item::Vocab(i) => (
                format!("v/{}.bin", i + 1),
                Cow::Owned(self.vocab[i].encode()),
            ),
            Item::Fragment(i) => (format!("d/{i}.bin"), Cow::Owned(self.fragments[i].encode())),
        }
    }

    /// Encodes and compresses the folder's files, each on a thread of its own and dropped
    /// once compressed (only the stored bytes stay), and names the folder after them (see
    /// [`folder_name`]); call once everything is in place.
    pub fn seal(&mut self) {
        use rayon::prelude::*;
        let done: Vec<(String, [u8; 32], Vec<u8>)> = self
            .items()
            .into_par_iter()
            .map(|item| {
                let (path, raw) = self.encode(item);
                let digest = digest(&path, &raw);
                (path, digest, gzip(&raw))
            })
            .collect();
        self.manifest.folder = folder_name(done.iter().map(|(_, d, _)| d));
        let dir = format!("search/{}", self.manifest.folder);
        self.stored = done
            .into_iter()
            .map(|(path, _, bytes)| OutputFile::new(format!("{dir}/{path}"), bytes))
            .collect();
    }

    /// The output files, under `search/`: the manifest as it is, the folder's files
    /// gzip-compressed (see [`gzip`]), as [`Export::seal`] stored them (shared, not copied).
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files = vec![OutputFile::new(
            "search/manifest.bin",
            self.manifest.encode(),
        )];
        files.extend(self.stored.iter().cloned());
        files
    }
}

/// A folder file's digest: its path, length and bytes.
fn digest(path: &str, bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(path.as_bytes());
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
    hash.finalize().into()
}

/// The folder's name: a hash of its files' digests in order, so its files can be cached
/// forever (a rebuild that changes anything writes a new folder).
fn folder_name<'a>(digests: impl Iterator<Item = &'a [u8; 32]>) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for d in digests {
        hash.update(d);
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A folder file as stored: gzip, decompressed by `search.js` (`DecompressionStream`). Stored
/// compressed, the index crosses the network small whatever the host compresses, and takes
/// about half the disk and of each deploy's upload. The fastest level: at 1,000 pages it costs
/// the search stage about 50 ms where the default level costs 400 ms, for 5–7 % more bytes.
/// The header has no time and no name, so the bytes depend on the input only.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 2 + 32),
        flate2::Compression::fast(),
    );
    // Writing to memory cannot fail.
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("gzip into memory")
}

/// The vocabulary: every term with the number of documents that contain it, by length.
pub fn vocabulary(postings: &[TermPostings]) -> Vec<Vocab> {
    Vocab::by_length(
        postings
            .iter()
            .map(|t| (t.term.clone(), t.postings.len() as u32)),
    )
}

/// Reads every term's positions out of the index, in every field (`fields`: each searched
/// field with its boost), into one encoded file per term shard of the manifest. Shards are
/// read in parallel, each by a range of every segment's dictionary, and each is encoded as
/// soon as it is read, so only the encoded files stay.
pub fn positions(
    searcher: &Searcher,
    fields: &[(tantivy::schema::Field, f32)],
    manifest: &Manifest,
) -> tantivy::Result<Vec<EncodedPositions>> {
    use rayon::prelude::*;
    let mut stats: Vec<FieldStats> = fields
        .iter()
        .map(|(_, boost)| FieldStats {
            boost: *boost,
            tokens: 0,
        })
        .collect();
    let mut doc_count = 0u64;
    let mut segments = Vec::new();
    for segment in searcher.segment_readers() {
        doc_count += u64::from(segment.max_doc());
        let ids = segment.fast_fields().u64("id")?;
        let mut per_field = Vec::with_capacity(fields.len());
        for (f, (field, _)) in fields.iter().enumerate() {
            let inverted = segment.inverted_index(*field)?;
            stats[f].tokens += inverted.total_num_tokens();
            per_field.push((inverted, segment.get_fieldnorms_reader(*field)?));
        }
        segments.push((ids, per_field));
    }
    let starts = &manifest.shard_starts;
    (0..starts.len())
        .into_par_iter()
        .map(|s| {
            let mut terms: BTreeMap<String, BTreeMap<u32, Vec<Occurrences>>> = BTreeMap::new();
            for (ids, per_field) in &segments {
                for (f, (inverted, norms)) in per_field.iter().enumerate() {
                    // The terms `Manifest::shard_for` puts in shard `s`.
                    let mut range = inverted.terms().range();
                    if s > 0 {
                        range = range.ge(starts[s].as_bytes());
                    }
                    if let Some(next) = starts.get(s + 1) {
                        range = range.lt(next.as_bytes());
                    }
                    let mut stream = range.into_stream()?;
                    while stream.advance() {
                        let Ok(term) = std::str::from_utf8(stream.key()) else {
                            continue;
                        };
                        let mut postings = inverted.read_postings_from_terminfo(
                            stream.value(),
                            IndexRecordOption::WithFreqsAndPositions,
                        )?;
                        let docs = terms
                            .entry(term.to_owned())
                            .or_default()
                            .entry(f as u32)
                            .or_default();
                        while postings.doc() != TERMINATED {
                            let doc = postings.doc();
                            let mut positions = Vec::new();
                            postings.positions(&mut positions);
                            if let Some(id) = ids.first(doc) {
                                docs.push(Occurrences {
                                    doc: id as u32,
                                    fieldnorm: norms.fieldnorm(doc),
                                    positions,
                                });
                            }
                            postings.advance();
                        }
                    }
                }
            }
            let terms = terms
                .into_iter()
                .map(|(term, per_field)| TermPositions {
                    term,
                    fields: per_field
                        .into_iter()
                        .map(|(f, mut docs)| {
                            // Segments are read one after the other: put documents back in order.
                            docs.sort_by_key(|d| d.doc);
                            (f, docs)
                        })
                        .collect(),
                })
                .collect();
            let file = Positions {
                doc_count,
                fields: stats.clone(),
                terms,
            };
            Ok(EncodedPositions::new(file.encode()))
        })
        .collect()
}
