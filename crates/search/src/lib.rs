//! Stage 5, index. Takes the [`Graph`]; gives the search files of the site. tantivy indexes
//! every page, section, taxonomy term and bibliography entry with its English stemming
//! analyzer; the index is then exported as static shards under `search/` (format in
//! [`search_runtime::format`]) with each term's BM25 scores read through tantivy's own scorer,
//! so the browser runtime sums the very numbers tantivy would. [`SearchIndex::search`] is the
//! native reference: `brightspot search` and the parity tests use it.

pub mod cli;
mod documents;
mod export;
mod kinds;
mod native;
mod page;
mod scores;

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use search_runtime::format::{
    split_shards, FacetLabels, Facets, Fragment, Manifest, Synonym, TermPostings,
};
use search_runtime::titles::{Title, Titles};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
};
use tantivy::{Index, IndexReader, TantivyDocument};

pub use documents::{documents, facet_labels, plain_text, Document};
pub use export::Export;
pub use kinds::{DocFacets, DocKind, Facet};
pub use native::Results;
pub use page::{opensearch, page_view};

use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// The browser runtime (search-runtime/ compiled to WebAssembly by scripts/build-wasm.sh, whose
/// stamp the test command checks), written into each site under a content-hashed name.
pub const RUNTIME_WASM: &[u8] = include_bytes!("../../../search-runtime/runtime.wasm");

/// The runtime's file name under `search/`: `runtime.<hash>.wasm`, so it can be cached forever.
pub fn runtime_wasm_name() -> String {
    format!("runtime.{}.wasm", render::assets::short_hash(RUNTIME_WASM))
}

/// Approximate size of a term shard before compression; a query fetches only its words' shards.
pub const SHARD_BYTES: usize = 12_000;
/// Excerpts are cut from at most this many bytes of a document's text.
pub const EXCERPT_SOURCE_BYTES: usize = 6_000;

/// The searched fields and their boosts: a word in the title counts three times as much as one
/// in the body.
const FIELDS: [(&str, f32); 9] = [
    ("title", 3.0),
    ("headings", 1.5),
    ("summary", 1.5),
    ("terms", 1.5),
    ("type", 1.0),
    ("body", 1.0),
    ("authors", 2.0),
    ("year", 1.0),
    ("annotation", 1.0),
];

/// The tantivy index of a site and its static export.
pub struct SearchIndex {
    docs: Vec<Document>,
    reader: IndexReader,
    fields: Vec<(Field, f32)>,
    /// The shards, manifest, fragments and facets written to `search/`.
    pub export: Export,
}

/// `s` cut to at most `max` bytes at a word boundary, so no excerpt ends in half a word.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at the last whitespace if the limit fell inside a word.
    let next_is_word = s[end..].chars().next().is_some_and(|c| !c.is_whitespace());
    if next_is_word {
        if let Some(space) = s[..end].rfind(char::is_whitespace) {
            end = space;
        }
    }
    s[..end].trim_end()
}

impl SearchIndex {
    /// Indexes `docs` with tantivy and exports the index.
    pub fn build(
        docs: Vec<Document>,
        labels: Vec<FacetLabels>,
        synonyms: Vec<Synonym>,
    ) -> tantivy::Result<SearchIndex> {
        let mut this = Self::unsealed(docs, labels, synonyms, Keep::Documents)?;
        this.export.seal();
        Ok(this)
    }

    /// Indexes `docs` and exports the index, keeping only the export: each document is dropped
    /// once tantivy has it, and tantivy's index before the folder's files are encoded and
    /// compressed, which is when the stage needs the most memory.
    pub fn export(
        docs: Vec<Document>,
        labels: Vec<FacetLabels>,
        synonyms: Vec<Synonym>,
    ) -> tantivy::Result<Export> {
        let SearchIndex { mut export, .. } =
            Self::unsealed(docs, labels, synonyms, Keep::ExportOnly)?;
        export.seal();
        Ok(export)
    }

    /// [`SearchIndex::build`] before [`Export::seal`].
    fn unsealed(
        docs: Vec<Document>,
        labels: Vec<FacetLabels>,
        synonyms: Vec<Synonym>,
        keep: Keep,
    ) -> tantivy::Result<SearchIndex> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                // Positions for phrases; BM25 scores of single terms do not change.
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let id = schema.add_u64_field("id", FAST | INDEXED);
        let fields: Vec<(Field, f32)> = FIELDS
            .iter()
            .map(|(name, boost)| (schema.add_text_field(name, text.clone()), *boost))
            .collect();
        // What the export needs of the documents is taken before tantivy gets them, so that a
        // build can drop each one as soon as it is indexed (at 100,000 pages their text is
        // hundreds of megabytes, alive through the whole export otherwise).
        let shown = Shown::of(&docs);
        let index = Index::create_in_ram(schema.build());
        // Indexing (tokenising and stemming) is most of the stage, so it uses every thread
        // rayon may. The export is the same whatever the threads: documents are known by their
        // `id` field, read back in id order, and BM25 takes its statistics from all segments.
        // The budget is tantivy's arena, shared by the threads (at least 15 MB each).
        let threads = rayon::current_num_threads().clamp(1, 8);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, 200_000_000)?;
        let add = |i: usize, d: &Document| {
            let mut doc = TantivyDocument::default();
            doc.add_u64(id, i as u64);
            let values = [
                &d.title,
                &d.headings,
                &d.summary,
                &d.terms,
                d.kind.label(),
                &d.body,
                &d.authors,
                &d.year,
                &d.annotation,
            ];
            for ((field, _), value) in fields.iter().zip(values) {
                if !value.is_empty() {
                    doc.add_text(*field, value);
                }
            }
            writer.add_document(doc).map(|_| ())
        };
        let mut kept = Vec::new();
        for (i, d) in docs.into_iter().enumerate() {
            add(i, &d)?;
            if let Keep::Documents = keep {
                kept.push(d);
            }
        }
        writer.commit()?;
        let reader = index.reader()?;
        let mut this = SearchIndex {
            docs: kept,
            reader,
            fields,
            export: Export::default(),
        };
        this.export = this.export_index(shown, labels, synonyms)?;
        Ok(this)
    }

    /// The documents, by number.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// Every term of the dictionary, across fields, in byte order.
    pub fn terms(&self) -> tantivy::Result<BTreeSet<String>> {
        let searcher = self.reader.searcher();
        let mut terms = BTreeSet::new();
        for segment in searcher.segment_readers() {
            for (field, _) in &self.fields {
                let inverted = segment.inverted_index(*field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    if let Ok(t) = std::str::from_utf8(stream.key()) {
                        terms.insert(t.to_owned());
                    }
                }
            }
        }
        Ok(terms)
    }

    fn export_index(
        &self,
        shown: Shown,
        labels: Vec<FacetLabels>,
        synonyms: Vec<Synonym>,
    ) -> tantivy::Result<Export> {
        let terms: Vec<String> = self.terms()?.into_iter().collect();
        let postings: Vec<TermPostings> = terms
            .into_par_iter()
            .map(|term| {
                Ok(TermPostings {
                    postings: self.term_scores(&term)?,
                    term,
                })
            })
            .collect::<tantivy::Result<_>>()?;
        let vocab = export::vocabulary(&postings);
        let (shards, shard_starts) = split_shards(postings, SHARD_BYTES);
        let Shown { fragments, facets } = shown;
        let titles = Titles::small(
            fragments
                .iter()
                .map(|f| Title {
                    title: f.title.clone(),
                    url: f.url.clone(),
                    kind: f.kind.clone(),
                })
                .collect(),
        );
        let mut export = Export {
            manifest: Manifest {
                runtime: runtime_wasm_name(),
                folder: String::new(),
                doc_count: fragments.len() as u32,
                shard_starts,
                facets: labels,
                synonyms,
                titles: titles.is_some(),
            },
            shards,
            positions: Vec::new(),
            vocab,
            fragments,
            facets,
            titles,
            ..Export::default()
        };
        export.positions =
            export::positions(&self.reader.searcher(), &self.fields, &export.manifest)?;
        Ok(export)
    }
}

/// Whether the index keeps its documents after indexing them: the native search and the
/// tests read them, a build needs only the export.
#[derive(Clone, Copy)]
enum Keep {
    Documents,
    ExportOnly,
}

/// What the export shows of each document, in document order: its fragment and its facets.
struct Shown {
    fragments: Vec<Fragment>,
    facets: Facets,
}

impl Shown {
    fn of(docs: &[Document]) -> Shown {
        let fragments = docs
            .iter()
            .map(|d| Fragment {
                title: d.title.clone(),
                url: d.url.clone(),
                kind: d.kind.label().to_owned(),
                text: truncate(
                    if d.body.trim().is_empty() {
                        if d.annotation.is_empty() {
                            &d.summary
                        } else {
                            &d.annotation
                        }
                    } else {
                        &d.body
                    },
                    EXCERPT_SOURCE_BYTES,
                )
                .to_owned(),
            })
            .collect();
        let facets = Facets {
            values: Facet::ALL
                .iter()
                .map(|&f| docs.iter().map(|d| d.facet(f)).collect())
                .collect(),
        };
        Shown { fragments, facets }
    }
}

/// Builds the index of a site.
pub fn index_graph(graph: &Graph) -> tantivy::Result<SearchIndex> {
    let labels = facet_labels(graph);
    let docs = documents(graph, &labels);
    SearchIndex::build(docs, labels, synonyms(graph))
}

/// The export of `graph`'s index alone (see [`SearchIndex::export`]).
fn export_graph(graph: &Graph) -> tantivy::Result<Export> {
    let labels = facet_labels(graph);
    let docs = documents(graph, &labels);
    SearchIndex::export(docs, labels, synonyms(graph))
}

/// The site's synonyms vocabulary as index terms (analysed as the index is).
fn synonyms(graph: &Graph) -> Vec<Synonym> {
    let terms = |text: &str| -> Vec<String> {
        search_runtime::analyze(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    };
    graph
        .synonyms
        .iter()
        .filter_map(|s| {
            let term = terms(&s.term).into_iter().next()?;
            let phrases = s.means.iter().map(|m| terms(m)).collect();
            Some(Synonym { term, phrases })
        })
        .collect()
}

/// The search stage: the exported index, the runtime and the OpenSearch description. Nothing when search is
/// off in the config.
pub fn stage(graph: &Graph) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if !graph.config.search {
        return (Vec::new(), Vec::new());
    }
    match export_graph(graph) {
        Ok(export) => {
            let mut files = export.files();
            files.push(opensearch(graph));
            files.push(OutputFile::new(
                format!("search/{}", runtime_wasm_name()),
                RUNTIME_WASM.to_vec(),
            ));
            (files, Vec::new())
        }
        Err(e) => (
            Vec::new(),
            vec![Diagnostic::general(
                None,
                format!("building the search index failed: {e}"),
            )],
        ),
    }
}

/// The output paths search will write whose names do not depend on the index, for the output
/// set (the index's own folder, named by its content hash, is registered once it is built).
pub fn planned_paths(graph: &Graph) -> Vec<(String, graph::outputs::Source)> {
    if !graph.config.search {
        return Vec::new();
    }
    let source =
        |what: &str| graph::outputs::Source::new(model::config::CONFIG_FILE, "search", what);
    vec![
        ("search/index.html".into(), source("the search page")),
        (
            "search/opensearch.xml".into(),
            source("the search description"),
        ),
        ("search/manifest.bin".into(), source("the search index")),
        (
            format!("search/{}", runtime_wasm_name()),
            source("the search runtime"),
        ),
    ]
}

/// Document numbers by URL, for tests and the command line.
pub fn by_url(index: &SearchIndex) -> HashMap<&str, u32> {
    index
        .documents()
        .iter()
        .enumerate()
        .map(|(i, d)| (d.url.as_str(), i as u32))
        .collect()
}
