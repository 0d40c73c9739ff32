//! Search, build side: the analyzer matches tantivy's, the index holds every kind of document,
//! the exported shards answer queries exactly as native tantivy does, and `brightspot search`
//! prints what it finds. Queries are here; what the exported files cost and hold, and the
//! command, are in `search/export.rs`. The helpers here are shared by both.

mod export;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use brightspot::search::{self, SearchIndex};
use search_runtime::format::{Facets, Fragment, Manifest};
use search_runtime::query::{File, Files, Index};
use search_runtime::titles::Titles;
use tantivy::tokenizer::TokenizerManager;

fn site() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let graph = search::cli::load_graph(Path::new(env!("CARGO_MANIFEST_DIR")), false)
            .unwrap_or_else(|(d, _)| panic!("the repository's site has errors: {d:?}"));
        search::index_graph(&graph).expect("index builds")
    })
}

/// A folder file's bytes, decompressed as `search.js` does.
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a folder file is gzip");
    out
}

/// The runtime's index loaded from the exported files' bytes, as the browser loads it.
fn runtime(index: &SearchIndex) -> Index {
    let files: HashMap<String, Vec<u8>> = index
        .export
        .files()
        .into_iter()
        .map(|f| {
            let bytes = if f.path == "search/manifest.bin" {
                f.bytes.to_vec()
            } else {
                gunzip(&f.bytes)
            };
            (f.path, bytes)
        })
        .collect();
    let manifest = Manifest::decode(&files["search/manifest.bin"]).unwrap();
    let dir = format!("search/{}/", manifest.folder);
    let mut rt = Index {
        facets: Some(Facets::decode(&files[&format!("{dir}facets.bin")]).unwrap()),
        manifest,
        ..Index::default()
    };
    for (path, bytes) in &files {
        if let Some(file) = path.strip_prefix(&dir).and_then(File::parse) {
            rt.add(file, bytes).unwrap();
        }
    }
    rt
}

#[test]
fn the_runtime_analyzer_is_tantivys_en_stem() {
    let mut en = TokenizerManager::default().get("en_stem").unwrap();
    let texts = [
        "Population health integrators: hospitals, health systems & multi-sector networks.",
        "Ärzte und Krankenhäuser; ΣΟΦΙΑ σοφια İstanbul ǅemal",
        "co-operation running runs ran 2012–2020 U.S. 3.5% e-mail",
        &format!("{} tail", "x".repeat(45)),
        "caf\u{e9} cafe\u{301} naïve résumé ﬁsh",
    ];
    for text in texts {
        let mut stream = en.token_stream(text);
        let mut expected = Vec::new();
        while let Some(t) = stream.next() {
            expected.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        let got: Vec<(String, usize, usize)> = search_runtime::analyze(text)
            .into_iter()
            .map(|t| (t.term, t.start, t.end))
            .collect();
        assert_eq!(got, expected, "{text}");
    }
}

#[test]
fn every_kind_of_document_is_indexed() {
    let idx = site();
    let urls = search::by_url(idx);
    for url in [
        "/case-studies/partners-for-a-healthier-paterson/",
        "/paper/the-functions/",
        "/glossary/integrator/",
        "/bibliography/mays2016/",
        "/case-studies/",
    ] {
        assert!(urls.contains_key(url), "{url} is not in the index");
    }
    let n = idx.documents().len();
    assert_eq!(idx.export.fragments.len(), n);
    assert_eq!(idx.export.manifest.doc_count as usize, n);
    assert!(idx.export.facets.values.iter().all(|f| f.len() == n));
}

#[test]
fn a_small_site_has_every_title_in_one_file_matching_its_fragments() {
    let idx = site();
    assert!(
        idx.export.manifest.titles,
        "the manifest names no titles file"
    );
    let files = idx.export.files();
    let path = format!("search/{}/titles.bin", idx.export.manifest.folder);
    let stored = files
        .iter()
        .find(|f| f.path == path)
        .expect("titles.bin is written");
    let titles = Titles::decode(&gunzip(&stored.bytes)).unwrap();
    assert_eq!(titles.docs.len(), idx.export.fragments.len());
    for (t, f) in titles.docs.iter().zip(&idx.export.fragments) {
        assert_eq!((&t.title, &t.url, &t.kind), (&f.title, &f.url, &f.kind));
    }
    // Small enough to come with the first keystroke's shards over a slow link.
    assert!(
        stored.bytes.len() < 8 * 1024,
        "{} bytes gzip",
        stored.bytes.len()
    );
}

fn top_urls(idx: &SearchIndex, query: &str, filters: &str, n: usize) -> Vec<String> {
    idx.search(query, &idx.filters(filters))
        .unwrap()
        .hits
        .iter()
        .take(n)
        .map(|h| idx.documents()[h.doc as usize].url.clone())
        .collect()
}

#[test]
fn fields_beyond_the_body_are_searched() {
    let idx = site();
    // An author's family name only appears in the entry's author list.
    let mays = top_urls(idx, "mays ", "type=reference", 3);
    assert!(
        mays.contains(&"/bibliography/mays2016/".to_owned()),
        "{mays:?}"
    );
    // A state is a taxonomy term of the case study.
    let nj = top_urls(idx, "new jersey ", "type=case-study", 1);
    assert_eq!(nj, ["/case-studies/partners-for-a-healthier-paterson/"]);
}

#[test]
fn filters_restrict_results_to_a_type_function_or_state() {
    let idx = site();
    let all = idx.search("health ", &[]).unwrap().hits.len();
    let cases = idx
        .search("health ", &idx.filters("type=case-study"))
        .unwrap();
    assert!(!cases.hits.is_empty() && cases.hits.len() < all);
    for h in &cases.hits {
        assert_eq!(
            idx.documents()[h.doc as usize].kind,
            search::DocKind::CaseStudy
        );
    }
    let labels = &idx.export.manifest.facets;
    let state = &labels[search::Facet::State.index()].values;
    let pa = state
        .iter()
        .position(|(id, _)| id == "PA")
        .expect("Pennsylvania");
    let in_pa = idx.search("health ", &idx.filters("state=pa")).unwrap();
    assert!(!in_pa.hits.is_empty());
    for h in &in_pa.hits {
        assert!(idx.documents()[h.doc as usize]
            .facets
            .states
            .contains(&(pa as u32)));
    }
}

#[test]
fn prefixes_and_typos_find_words() {
    let idx = site();
    let paterson = "/case-studies/partners-for-a-healthier-paterson/";
    assert_eq!(top_urls(idx, "pate", "", 1), [paterson]);
    assert_eq!(top_urls(idx, "patersn ", "", 1), [paterson]);
    let exact = idx.search("paterson ", &[]).unwrap();
    let typo = idx.search("patersn ", &[]).unwrap();
    assert_eq!(exact.hits[0].exact, 1);
    assert_eq!(
        typo.hits[0].exact, 0,
        "a typo correction is not an exact match"
    );
}

#[test]
fn two_swapped_letters_are_one_typo() {
    // As people type on phones: a swap of adjacent letters costs one edit (Damerau), so words
    // of five to eight letters, which allow one edit, are still found.
    let idx = site();
    let paterson = "/case-studies/partners-for-a-healthier-paterson/";
    assert_eq!(top_urls(idx, "paetrson ", "", 1), [paterson]);
    assert_eq!(
        top_urls(idx, "haelth ", "", 5),
        top_urls(idx, "health ", "", 5)
    );
    assert_eq!(idx.search("haelth ", &[]).unwrap().hits[0].exact, 0);
}

#[test]
fn typos_in_the_first_letter_are_found_through_the_vocabulary() {
    let idx = site();
    let exact = top_urls(idx, "health ", "", 5);
    assert_eq!(top_urls(idx, "bealth ", "", 5), exact);
    assert!(idx.search("bealth ", &[]).unwrap().hits[0].exact == 0);
    // Nine letters and more allow two edits.
    let want = top_urls(idx, "philadelphia ", "", 3);
    assert_eq!(top_urls(idx, "bhiladelpia ", "", 3), want);
    assert!(idx.search("bealth!", &[]).unwrap().hits.len() > 10);
    // A typo that keeps the stemmer from reaching the indexed stem: the start of the word is
    // matched against the stems.
    for (typo, right) in [
        ("navigatprs ", "navigators "),
        ("evaluaton ", "evaluation "),
        ("organizatons ", "organizations "),
        ("sustainabilty ", "sustainability "),
    ] {
        assert_eq!(
            top_urls(idx, typo, "", 3),
            top_urls(idx, right, "", 3),
            "{typo:?}"
        );
    }
    assert!(
        idx.search("\"bealth\"", &[]).unwrap().hits.is_empty(),
        "a quoted word is taken as typed"
    );
}

#[test]
fn quoted_phrases_match_only_adjacent_words() {
    let idx = site();
    let phrase = idx.search("\"system navigators\"", &[]).unwrap();
    let words = idx.search("system navigators ", &[]).unwrap();
    assert!(!phrase.hits.is_empty());
    assert!(phrase.hits.len() < words.hits.len());
    for h in &phrase.hits {
        let d = &idx.documents()[h.doc as usize];
        let text = [
            &d.title,
            &d.headings,
            &d.summary,
            &d.terms,
            &d.body,
            &d.annotation,
        ]
        .map(|t| t.to_lowercase())
        .join("\n");
        assert!(
            text.contains("system navigat"),
            "{} matched without the phrase",
            d.url
        );
    }
    let reversed = idx.search("\"navigators system\"", &[]).unwrap();
    assert!(reversed.hits.is_empty(), "order matters in a phrase");
}
