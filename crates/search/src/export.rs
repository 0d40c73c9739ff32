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
    pub positions: Vec<Positions>,
    /// The vocabulary by term length (entry `i` for `i + 1` characters), for typos.
    pub vocab: Vec<Vocab>,
    /// One fragment per document.
    pub fragments: Vec<Fragment>,
    /// Every document's facet values.
    pub facets: Facets,
    /// Every document's title, address and type, when they fit in one small file.
    pub titles: Option<Titles>,
    /// The folder's files as encoded by [`Export::seal`], by path in the folder: encoded once,
    /// for both the folder's name and the output.
    pub(crate) encoded: Vec<(String, Vec<u8>)>,
}

impl Files for Export {
    fn shard(&self, i: usize) -> Option<&Shard> {
        self.shards.get(i)
    }
    fn positions(&self, i: usize) -> Option<&Positions> {
        self.positions.get(i)
    }
    fn vocab(&self, chars: usize) -> Option<&Vocab> {
        self.vocab.get(chars.checked_sub(1)?)
    }
}

impl Export {
    /// The files of the content-hashed folder, by path in it, in a stable order.
    fn folder_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = vec![("facets.bin".to_owned(), self.facets.encode())];
        if let Some(titles) = &self.titles {
            files.push(("titles.bin".to_owned(), titles.encode()));
        }
        let numbered = |dir: &'static str, from: usize, all: Vec<Vec<u8>>| {
            all.into_iter()
                .enumerate()
                .map(move |(i, b)| (format!("{dir}/{}.bin", i + from), b))
        };
        files.extend(numbered(
            "t",
            0,
            self.shards.iter().map(Shard::encode).collect(),
        ));
        files.extend(numbered(
            "p",
            0,
            self.positions.iter().map(Positions::encode).collect(),
        ));
        files.extend(numbered(
            "v",
            1,
            self.vocab.iter().map(Vocab::encode).collect(),
        ));
        files.extend(numbered(
            "d",
            0,
            self.fragments.iter().map(Fragment::encode).collect(),
        ));
        files
    }

    /// Encodes the folder's files and names the folder after them (see [`folder_name`]); call
    /// once everything is in place.
    pub fn seal(&mut self) {
        self.encoded = self.folder_files();
        self.manifest.folder = folder_name(&self.encoded);
    }

    /// The output files, under `search/`: the manifest as it is, the folder's files
    /// gzip-compressed (see [`gzip`]), as [`Export::seal`] encoded them.
    pub fn files(&self) -> Vec<OutputFile> {
        use rayon::prelude::*;
        let dir = format!("search/{}", self.manifest.folder);
        let mut files = vec![OutputFile::new(
            "search/manifest.bin",
            self.manifest.encode(),
        )];
        files.par_extend(
            self.encoded
                .par_iter()
                .map(|(path, bytes)| OutputFile::new(format!("{dir}/{path}"), gzip(bytes))),
        );
        files
    }
}

/// The folder's name: a hash of everything in it, so its files can be cached forever (a
/// rebuild that changes anything writes a new folder).
fn folder_name(files: &[(String, Vec<u8>)]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (path, bytes) in files {
        hash.update(path.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
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
/// field with its boost), and splits them like the manifest's term shards.
pub fn positions(
    searcher: &Searcher,
    fields: &[(tantivy::schema::Field, f32)],
    manifest: &Manifest,
) -> tantivy::Result<Vec<Positions>> {
    let mut terms: BTreeMap<String, BTreeMap<u32, Vec<Occurrences>>> = BTreeMap::new();
    let mut stats: Vec<FieldStats> = fields
        .iter()
        .map(|(_, boost)| FieldStats {
            boost: *boost,
            tokens: 0,
        })
        .collect();
    let mut doc_count = 0u64;
    for segment in searcher.segment_readers() {
        doc_count += u64::from(segment.max_doc());
        let ids = segment.fast_fields().u64("id")?;
        for (f, (field, _)) in fields.iter().enumerate() {
            let inverted = segment.inverted_index(*field)?;
            stats[f].tokens += inverted.total_num_tokens();
            let norms = segment.get_fieldnorms_reader(*field)?;
            let mut stream = inverted.terms().stream()?;
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
    let mut files: Vec<Positions> = manifest
        .shard_starts
        .iter()
        .map(|_| Positions {
            doc_count,
            fields: stats.clone(),
            terms: Vec::new(),
        })
        .collect();
    for (term, per_field) in terms {
        files[manifest.shard_for(&term)].terms.push(TermPositions {
            term,
            fields: per_field
                .into_iter()
                .map(|(f, mut docs)| {
                    // Segments are read one after the other: put documents back in order.
                    docs.sort_by_key(|d| d.doc);
                    (f, docs)
                })
                .collect(),
        });
    }
    Ok(files)
}
