//! Search, build side: the analyzer matches tantivy's, the index holds every kind of document,
//! the exported shards answer queries exactly as native tantivy does, and `brightspot search`
//! prints what it finds.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use brightspot::search::{self, SearchIndex};
use search_runtime::format::{Facets, Fragment, Manifest};
use search_runtime::query::{File, Files, Index};
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

/// What a query costs in the browser: ordinary queries fetch only term shards; a phrase fetches
/// positions files, a misspelt word a few vocabulary files. Prints the bytes (raw, before the
/// server's compression) with `--nocapture`.
#[test]
fn phrases_and_typos_cost_bytes_only_when_used() {
    let idx = site();
    let files = &idx.export;
    let bytes = |f: &File| -> Vec<u8> {
        match *f {
            File::Terms(i) => files.shard(i).unwrap().encode(),
            File::Positions(i) => files.positions(i).unwrap().encode(),
            File::Vocab(n) => files.vocab(n).unwrap().encode(),
        }
    };
    let size = |f: &File| bytes(f).len();
    let cost = |q: &str| -> (Vec<File>, usize) {
        let mut rt = Index {
            manifest: files.manifest.clone(),
            ..Index::default()
        };
        let mut all = Vec::new();
        loop {
            let need = rt.missing(q);
            if need.is_empty() {
                break;
            }
            for f in need {
                rt.add(f, &bytes(&f)).unwrap();
                all.push(f);
            }
        }
        let bytes = all.iter().map(size).sum();
        (all, bytes)
    };
    for q in [
        "health",
        "system navigators ",
        "community health worker",
        "pater",
    ] {
        let (all, _) = cost(q);
        assert!(
            all.iter().all(|f| matches!(f, File::Terms(_))),
            "{q:?}: {all:?}"
        );
    }
    let (plain, plain_bytes) = cost("system navigators ");
    let (phrase, phrase_bytes) = cost("\"system navigators\"");
    assert!(phrase.iter().all(|f| matches!(f, File::Positions(_))));
    let (typo, typo_bytes) = cost("bealth ");
    let vocab_bytes: usize = typo
        .iter()
        .filter(|f| matches!(f, File::Vocab(_)))
        .map(size)
        .sum();
    assert!(typo.iter().any(|f| matches!(f, File::Vocab(_))));
    let all_vocab: usize = files.vocab.iter().map(|v| v.encode().len()).sum();
    assert!(
        vocab_bytes < all_vocab,
        "a typo fetches part of the vocabulary"
    );
    let positions: usize = files.positions.iter().map(|p| p.encode().len()).sum();
    let shards: usize = files.shards.iter().map(|s| s.encode().len()).sum();
    println!(
        "term shards {shards} B, positions {positions} B, vocabulary {all_vocab} B; \
         \"system navigators\": {plain_bytes} B as words ({} files), {phrase_bytes} B as a \
         phrase ({} files); \"bealth\": {typo_bytes} B, of which vocabulary {vocab_bytes} B",
        plain.len(),
        phrase.len()
    );
}

/// The shards hold tantivy's scores: the runtime, reading only the exported bytes, returns the
/// same documents in the same order with the same scores as tantivy evaluating the query.
#[test]
fn exported_shards_answer_like_native_tantivy() {
    let idx = site();
    let rt = runtime(idx);
    let queries = [
        "health",
        "health ",
        "community health worker",
        "pate",
        "patersn ",
        "hospital anchor",
        "integrator",
        "backbone organization",
        "learning lab",
        "social determinants",
        "data sharing",
        "2020",
        "mays",
        "funding",
        "sustainab",
        "governance ",
        "navigat",
        "housing",
        "food insecurity",
        "bridgeport",
        "guilford",
        "sharswood",
        "philadelphia",
        "evaluation",
        "collective impact",
        "upstream",
        "trust",
        "leadership",
        "measurement",
        "equity",
        "xyzzy",
        "a",
        "",
        "\"system navigator\"",
        "\"community health\" hospital",
        "\"social determinants of health\"",
        "bealth",
        "ommunity health ",
    ];
    for q in queries {
        for filter in ["", "type=case-study", "type=paper,glossary"] {
            let native = idx.search(q, &idx.filters(filter)).unwrap();
            let browser = rt.search(q, &rt.manifest_filters(filter));
            let n: Vec<(u32, f32)> = native.hits.iter().map(|h| (h.doc, h.score)).collect();
            let b: Vec<(u32, f32)> = browser.hits.iter().map(|h| (h.doc, h.score)).collect();
            assert_eq!(n.len(), b.len(), "{q:?} {filter:?}");
            for (x, y) in n.iter().zip(&b) {
                assert_eq!(x.0, y.0, "{q:?} {filter:?}");
                assert!((x.1 - y.1).abs() <= 1e-5, "{q:?}: {} vs {}", x.1, y.1);
            }
        }
    }
}

#[test]
fn fragments_round_trip_and_excerpts_escape_the_index() {
    let idx = site();
    for f in &idx.export.fragments {
        assert_eq!(&Fragment::decode(&f.encode()).unwrap(), f);
    }
    let html = search_runtime::excerpt::excerpt(
        "A <img src=x onerror=alert(1)> health \"quote\"",
        &["health".into()],
        20,
    );
    assert_eq!(
        html,
        "A &lt;img src=x onerror=alert(1)&gt; <mark>health</mark> &quot;quote&quot;"
    );
}

#[test]
fn shards_stay_small() {
    let idx = site();
    for s in &idx.export.shards {
        // One term with a long posting list may exceed the target; others stay near it.
        let size = s.encode().len();
        assert!(
            size <= search::SHARD_BYTES * 2 || s.terms.len() == 1,
            "shard of {size} bytes"
        );
    }
}

#[test]
fn the_search_command_prints_ranked_results() {
    let out = Command::new(env!("CARGO_BIN_EXE_brightspot"))
        .args(["search", "paterson", "--limit", "2", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().ends_with("results for \"paterson\""),
        "{text}"
    );
    let first = lines.next().unwrap();
    assert!(
        first.contains("Partners for a Healthier Paterson (Case study) /case-studies/partners-for-a-healthier-paterson/"),
        "{text}"
    );
    assert!(lines.next().unwrap().contains("[Paterson]"), "{text}");

    let json = Command::new(env!("CARGO_BIN_EXE_brightspot"))
        .args([
            "search",
            "paterson",
            "--json",
            "--filter",
            "type=reference",
            "--root",
        ])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1);
    for h in v["hits"].as_array().unwrap() {
        assert!(
            h["url"].as_str().unwrap().starts_with("/bibliography/"),
            "{h}"
        );
    }

    let missing = Command::new(env!("CARGO_BIN_EXE_brightspot"))
        .args(["search", "x", "--root", "/nonexistent"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_index_folder_is_stored_gzip_compressed_and_the_manifest_as_it_is() {
    let files = site().export.files();
    let (mut raw, mut stored) = (0, 0);
    for f in &files {
        if f.path == "search/manifest.bin" {
            assert_ne!(
                f.bytes[..2],
                [0x1f, 0x8b],
                "the manifest is read before any decompressor"
            );
            continue;
        }
        assert_eq!(f.bytes[..2], [0x1f, 0x8b], "{} is not gzip", f.path);
        raw += gunzip(&f.bytes).len();
        stored += f.bytes.len();
    }
    // Mostly small files of numbers here; a large site's fragments (text) shrink far more.
    assert!(stored * 3 < raw * 2, "{stored} bytes stored for {raw}");
    // The same bytes on every build: no time or name in the gzip header.
    assert_eq!(files, site().export.files());
    assert!(files
        .iter()
        .all(|f| f.path == "search/manifest.bin" || f.bytes[4..8] == [0; 4]));
}
