//! Parity: the WebAssembly runtime (the committed `runtime.wasm`, driven by the site's own
//! `search.js` glue, in node) returns the same documents in the same order with the same scores
//! (to 1e-5) as native tantivy evaluating the same query, on the repository's site and on a
//! synthetic corpus.

use std::path::{Path, PathBuf};
use std::process::Command;

use brightspot::search::{self, Document, SearchIndex};
use search_runtime::format::FacetLabels;

use crate::common;
use common::Rng;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs every `(query, filters)` through the wasm runtime in node; returns per query the hits as
/// `(doc, score)` and the total.
fn wasm_results(
    index: &SearchIndex,
    queries: &[(String, String)],
) -> Vec<(usize, Vec<(u32, f64)>)> {
    let dir = tempfile::tempdir().unwrap();
    for f in index.export.files() {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.bytes.as_slice()).unwrap();
    }
    let search_dir = dir.path().join("search");
    std::fs::copy(
        Path::new(ROOT).join("search-runtime/runtime.wasm"),
        // Under its site name, which the glue reads from the manifest.
        search_dir.join(search::runtime_wasm_name()),
    )
    .unwrap();
    let glue = Path::new(ROOT).join("themes/default/static/search/search.js");
    let script = format!(
        r#"
import {{ readFile }} from 'node:fs/promises';
import {{ Runtime }} from {glue};
const dir = {dir};
const queries = JSON.parse(await readFile({queries}, 'utf8'));
const rt = await Runtime.load(async (p) => new Uint8Array(await readFile(dir + '/' + p)));
const out = [];
for (const [q, f] of queries) out.push(await rt.search(q, f, 100000));
console.log(JSON.stringify(out));
"#,
        glue = serde_json::to_string(&format!("file://{}", glue.display())).unwrap(),
        dir = serde_json::to_string(&search_dir.display().to_string()).unwrap(),
        queries =
            serde_json::to_string(&dir.path().join("queries.json").display().to_string()).unwrap(),
    );
    std::fs::write(
        dir.path().join("queries.json"),
        serde_json::to_string(queries).unwrap(),
    )
    .unwrap();
    let script_path: PathBuf = dir.path().join("parity.mjs");
    std::fs::write(&script_path, script).unwrap();
    let out = Command::new("node")
        .arg(&script_path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    v.iter()
        .map(|r| {
            let hits = r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h[0].as_u64().unwrap() as u32, h[1].as_f64().unwrap()))
                .collect();
            (r["total"].as_u64().unwrap() as usize, hits)
        })
        .collect()
}

fn assert_parity(index: &SearchIndex, queries: &[(String, String)]) -> usize {
    let wasm = wasm_results(index, queries);
    let mut compared = 0;
    for ((q, f), (total, hits)) in queries.iter().zip(wasm) {
        let native = index.search(q, &index.filters(f)).unwrap();
        assert_eq!(total, native.hits.len(), "result count for {q:?} [{f}]");
        assert_eq!(hits.len(), native.hits.len(), "{q:?} [{f}]");
        for (i, (w, n)) in hits.iter().zip(&native.hits).enumerate() {
            assert_eq!(w.0, n.doc, "rank {i} of {q:?} [{f}]");
            assert!(
                (w.1 - f64::from(n.score)).abs() <= 1e-5,
                "score at rank {i} of {q:?} [{f}]: wasm {} native {}",
                w.1,
                n.score
            );
        }
        compared += hits.len();
    }
    compared
}

#[test]
fn wasm_matches_native_on_the_repository_site() {
    let graph =
        search::cli::load_graph(Path::new(ROOT), false).unwrap_or_else(|(d, _)| panic!("{d:?}"));
    let index = search::index_graph(&graph).unwrap();
    let queries: Vec<(String, String)> = [
        ("paterson", ""),
        ("pate", ""),
        ("patersn ", ""),
        ("community health worker", ""),
        ("health", "type=case-study"),
        ("hospital anchor institution", ""),
        ("backbone organization", ""),
        ("collective impact ", ""),
        ("learning lab", ""),
        ("social determinants of health", ""),
        ("data sharing", ""),
        ("funding sustainability", ""),
        ("governance", "type=paper"),
        ("navigator", ""),
        ("system navigat", ""),
        ("housing", ""),
        ("food insecurity", ""),
        ("bridgeport", ""),
        ("guilford", ""),
        ("sharswood", "state=PA"),
        ("philadelphia", ""),
        ("evaluation", "type=reference"),
        ("upstream", ""),
        ("trust", ""),
        ("leadership", ""),
        ("measurement", ""),
        ("equity", ""),
        ("integrator", "type=glossary,paper"),
        ("integrative functions", ""),
        ("mays 2016", ""),
        ("chang", "type=reference"),
        ("2020 ", ""),
        ("nemours", ""),
        ("populaton helth", ""),
        ("three part aim", ""),
        ("xyzzy", ""),
        ("dc health matters", ""),
        ("theory of change", ""),
        ("what is a system navigator", ""),
        ("the of and", ""),
        // Quoted phrases: tantivy's PhraseQuery, alone and with other words and filters.
        ("\"system navigator\"", ""),
        ("\"system navigators\" connect people", ""),
        ("\"social determinants of health\"", ""),
        ("\"community health\" workers", "type=case-study"),
        ("\"learning lab\" \"health care\"", ""),
        ("\"anchor institutions\"", ""),
        ("\"health\"", ""),
        ("\"navigators system\"", ""),
        // Typos the vocabulary finds: first letters, across shards, two edits at nine letters.
        ("bealth", ""),
        ("ommunity health", ""),
        ("navigatprs", ""),
        ("integrafove functions ", ""),
        ("evaluaton", ""),
        ("sustainabilty ", "type=paper"),
    ]
    .iter()
    .map(|(q, f)| (q.to_string(), f.to_string()))
    .collect();
    assert!(queries.len() >= 30);
    let compared = assert_parity(&index, &queries);
    assert!(compared > 300, "only {compared} hits compared");
}

#[test]
fn wasm_matches_native_on_a_synthetic_corpus() {
    const WORDS: &[&str] = &[
        "health",
        "hospital",
        "community",
        "partner",
        "partners",
        "partnership",
        "housing",
        "food",
        "school",
        "clinic",
        "network",
        "integrator",
        "integration",
        "population",
        "prevention",
        "funding",
        "budget",
        "trust",
        "data",
        "sharing",
        "shared",
        "governance",
        "leadership",
        "equity",
        "outcome",
        "outcomes",
        "measure",
        "measurement",
        "county",
        "city",
        "state",
        "nurse",
        "navigator",
        "navigation",
        "transport",
        "employment",
        "wellness",
        "asthma",
        "diabetes",
        "obesity",
        "violence",
        "safety",
        "youth",
        "elderly",
        "insurance",
        "medicaid",
        "coalition",
        "backbone",
        "anchor",
        "investment",
        "capital",
        "grant",
        "policy",
        "strategy",
        "evaluation",
        "evidence",
        "research",
        "practice",
        "learning",
        "upstream",
        "résumé",
        "naïve",
        "Zürich",
        "2019",
        "2020",
        "co-op",
        "well-being",
        "U.S.",
        "the",
        "of",
        "and",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let labels = vec![
        FacetLabels {
            name: "type".into(),
            values: search::DocKind::ALL
                .iter()
                .map(|k| (k.id().to_string(), k.label().to_string()))
                .collect(),
        },
        FacetLabels {
            name: "function".into(),
            values: (1..=11)
                .map(|i| (format!("fn-{i}"), format!("Function {i}")))
                .collect(),
        },
        FacetLabels {
            name: "state".into(),
            values: ["PA", "NJ", "CT", "NC", "DC"]
                .iter()
                .map(|s| (s.to_string(), s.to_string()))
                .collect(),
        },
    ];
    // `lo` to `lo + span - 1` random words.
    let text = |rng: &mut Rng, lo: usize, span: usize| -> String {
        let n = lo + rng.below(span.max(1)) * usize::from(span > 0);
        (0..n)
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let docs: Vec<Document> = (0..300)
        .map(|i| {
            let kind = search::DocKind::ALL[rng.below(5)];
            let reference = kind == search::DocKind::Reference;
            Document {
                title: text(&mut rng, 1, 6),
                url: format!("/doc/{i}/"),
                kind,
                headings: text(&mut rng, 0, 12),
                body: text(&mut rng, 20, 400),
                summary: text(&mut rng, 0, 20),
                terms: text(&mut rng, 0, 4),
                authors: if reference {
                    text(&mut rng, 2, 0)
                } else {
                    String::new()
                },
                year: if reference {
                    format!("{}", 2000 + rng.below(25))
                } else {
                    String::new()
                },
                annotation: if reference {
                    text(&mut rng, 0, 60)
                } else {
                    String::new()
                },
                facets: search::DocFacets {
                    functions: (0..rng.below(4)).map(|_| rng.below(11) as u32).collect(),
                    states: vec![rng.below(5) as u32],
                },
            }
        })
        .collect();
    let index = SearchIndex::build(docs, labels, Vec::new()).unwrap();
    let filters = [
        "",
        "",
        "",
        "type=case-study,paper",
        "function=fn-3",
        "state=NJ;type=reference",
    ];
    let queries: Vec<(String, String)> = (0..200)
        .map(|_| {
            let n = 1 + rng.below(3);
            let mut q: Vec<String> = (0..n)
                .map(|_| WORDS[rng.below(WORDS.len())].to_lowercase())
                .collect();
            match rng.below(6) {
                // A quoted phrase: two or three adjacent words of a random document's body.
                4 => {
                    let docs = index.documents();
                    let body: Vec<&str> = docs[rng.below(docs.len())].body.split(' ').collect();
                    let len = 2 + rng.below(2);
                    let at = rng.below(body.len().saturating_sub(len).max(1));
                    let phrase = body[at..(at + len).min(body.len())].join(" ");
                    q[0] = format!("\"{}\"", phrase.to_lowercase());
                }
                // A typo in the first letter.
                5 => {
                    let w = &mut q[0];
                    if w.chars().count() >= 5 {
                        *w = std::iter::once('x').chain(w.chars().skip(1)).collect();
                    }
                }
                // A typo: drop a letter from a long word.
                0 => {
                    let w = &mut q[0];
                    if w.chars().count() >= 6 {
                        let k = 1 + rng.below(w.chars().count() - 2);
                        *w = w
                            .chars()
                            .enumerate()
                            .filter(|(i, _)| *i != k)
                            .map(|(_, c)| c)
                            .collect();
                    }
                }
                // The last word still being typed.
                1 => {
                    let last = q.last_mut().unwrap();
                    let keep = 2 + rng.below(3);
                    *last = last.chars().take(keep).collect();
                }
                _ => {}
            }
            let trailing = if rng.below(2) == 0 { " " } else { "" };
            (
                q.join(" ") + trailing,
                filters[rng.below(filters.len())].to_string(),
            )
        })
        .collect();
    let compared = assert_parity(&index, &queries);
    assert!(compared > 5000, "only {compared} hits compared");
}
