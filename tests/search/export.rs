//! Search's exported files: what each kind of query fetches, answers equal to native tantivy's,
//! fragments, shard sizes, compression, and `brightspot search`.

use super::*;

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
    let positions: usize = files.positions.iter().map(|p| p.bytes.len()).sum();
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
