//! Tests of `format`: every file kind round-trips, and damaged files are errors.
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
        titles: true,
    };
    assert_eq!(Manifest::decode(&m.encode()).unwrap(), m);
    let without = Manifest {
        titles: false,
        ..m.clone()
    };
    assert_eq!(Manifest::decode(&without.encode()).unwrap(), without);
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
