//! Tests of `query`: expansion, phrases, ranking and filters over a small index.
use super::*;
use crate::format::{split_shards, TermPostings};

fn index() -> Index {
    let terms = [
        ("care", vec![(0, 1.0), (1, 2.0)]),
        ("communiti", vec![(1, 1.5), (2, 0.5)]),
        ("health", vec![(0, 3.0), (2, 1.0)]),
        ("healthi", vec![(2, 4.0)]),
        ("hospit", vec![(1, 2.5)]),
    ];
    let terms: Vec<TermPostings> = terms
        .into_iter()
        .map(|(t, p)| TermPostings {
            term: t.into(),
            postings: p,
        })
        .collect();
    let vocab = Vocab::by_length(
        terms
            .iter()
            .map(|t| (t.term.clone(), t.postings.len() as u32)),
    );
    let (shards, starts) = split_shards(terms, 20);
    let shards = shards
        .into_iter()
        .enumerate()
        .map(|(i, s)| (File::Terms(i), Loaded::Terms(s)));
    let vocab = (1..)
        .zip(vocab)
        .map(|(n, v)| (File::Vocab(n), Loaded::Vocab(v)));
    Index {
        manifest: Manifest {
            shard_starts: starts,
            doc_count: 3,
            ..Manifest::default()
        },
        files: shards.chain(vocab).collect(),
        ..Index::default()
    }
}

#[test]
fn all_words_first_then_score() {
    let r = index().search("care health ", &[]);
    let docs: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    // Doc 0 has both words; 1 and 2 one each, ordered by score (2.0 vs 1.0).
    assert_eq!(docs, [0, 1, 2]);
    assert_eq!(r.hits[0].score, 4.0);
}

#[test]
fn completes_the_last_word_and_fixes_typos_below_exact_matches() {
    let idx = index();
    let r = idx.search("heal", &[]);
    // "healthi" (doc 2, 4.0) and "health" (doc 0 3.0, doc 2 1.0) complete "heal".
    let top: Vec<(u32, f32)> = r.hits.iter().map(|h| (h.doc, h.score)).collect();
    assert_eq!(top, [(2, 4.0), (0, 3.0)]);
    let r = idx.search("hospiyal ", &[]);
    assert_eq!(r.hits.len(), 1);
    assert!(r.hits[0].exact == 0);
    let r = idx.search("care helth ", &[]);
    assert_eq!(r.hits[0].doc, 0, "both words, one by typo");
    // Doc 1 lacks "health" but the stop words do not count against it: it still ranks by
    // its matched word's score (2.0), above doc 2 (1.0 for "health").
    let r = idx.search("the care of health ", &[]);
    let docs: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    assert_eq!(docs, [0, 1, 2]);
}

#[test]
fn typos_are_found_across_shards_and_in_the_first_letter_only_when_needed() {
    let full = index();
    // "bealth" sorts into the first shard, far from "health": the vocabulary finds it.
    let r = full.search("bealth ", &[]);
    assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [0, 2]);
    assert!(r.hits.iter().all(|h| h.exact == 0));
    // In the browser: first the word's shard, then the vocabulary, then the fix's shard.
    let mut idx = Index {
        manifest: full.manifest.clone(),
        ..Index::default()
    };
    let home = idx.manifest.shard_for("bealth");
    assert_eq!(idx.missing("bealth "), [File::Terms(home)]);
    let copy = |idx: &mut Index, f: File| idx.put(f, full.loaded(f).unwrap().clone());
    copy(&mut idx, File::Terms(home));
    assert_eq!(
        idx.missing("bealth "),
        (5..=7).map(File::Vocab).collect::<Vec<_>>()
    );
    for n in 5..=7 {
        copy(&mut idx, File::Vocab(n));
    }
    let health = idx.manifest.shard_for("health");
    assert_ne!(health, home);
    assert_eq!(idx.missing("bealth "), [File::Terms(health)]);
    // A word the index has, or that completes, never asks for the vocabulary.
    let mut idx = Index {
        manifest: full.manifest.clone(),
        ..Index::default()
    };
    copy(&mut idx, File::Terms(health));
    assert!(idx.missing("health ").is_empty());
    assert!(idx
        .missing("healt")
        .iter()
        .all(|f| matches!(f, File::Terms(_))));
}

#[test]
fn a_synonym_finds_what_it_stands_for_and_is_never_corrected() {
    let mut idx = index();
    idx.manifest.synonyms = vec![crate::format::Synonym {
        term: "cbo".into(),
        phrases: vec![vec!["communiti".into()]],
    }];
    let home = idx.manifest.shard_for("communiti");
    assert!(needed(&idx.manifest, &parse("cbo "), &idx).contains(&File::Terms(home)));
    let r = idx.search("cbo ", &[]);
    assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1, 2]);
    assert!(
        r.hits.iter().all(|h| h.exact == 1),
        "a synonym is not a typo"
    );
    assert!(r.fixes.is_empty());
    assert!(r.terms.contains(&"communiti".to_string()));
    // Without the vocabulary entry, "cbo" is a word the index lacks: nothing close to it.
    idx.manifest.synonyms.clear();
    assert!(idx.search("cbo ", &[]).hits.is_empty());
}

#[test]
fn a_corrected_word_is_reported_with_its_corrections() {
    let r = index().search("care hospiyal ", &[]);
    assert_eq!(
        r.fixes,
        [("hospiyal".to_string(), vec!["hospit".to_string()])]
    );
    assert!(index().search("care hospital ", &[]).fixes.is_empty());
}

#[test]
fn file_paths_round_trip() {
    for f in [File::Terms(3), File::Positions(0), File::Vocab(12)] {
        assert_eq!(File::parse(&f.path()), Some(f));
    }
    assert_eq!(File::parse("x/1.bin"), None);
    assert_eq!(File::parse("t/a.bin"), None);
}

#[test]
fn filters_need_the_facet_table() {
    let mut idx = index();
    idx.manifest.facets = vec![crate::format::FacetLabels {
        name: "type".into(),
        values: vec![
            ("paper".into(), "Paper".into()),
            ("page".into(), "Page".into()),
        ],
    }];
    let f = parse_filters(&idx.manifest, "type=Paper;nope=x");
    assert_eq!(
        f,
        [Filter {
            facet: 0,
            values: vec![0]
        }]
    );
    idx.facets = Some(Facets {
        values: vec![vec![vec![1], vec![0], vec![0]]],
    });
    let docs: Vec<u32> = idx.search("care ", &f).hits.iter().map(|h| h.doc).collect();
    assert_eq!(docs, [1]);
}
