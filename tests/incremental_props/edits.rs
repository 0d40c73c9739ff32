//! What the property draws: the edits a contributor might save (and the mistakes among them),
//! how often each is drawn, and the runner's seed and number of cases.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};

/// Bibliography keys the site has, for added citations.
pub(super) const KEYS: &[&str] = &[
    "chang2012",
    "nemours-evidence",
    "koh2020",
    "hanleybrown2012",
];
/// Templates every kind of page uses between them.
pub(super) const TEMPLATES: &[&str] = &[
    "base.html",
    "page.html",
    "case_study.html",
    "macros.html",
    "term.html",
];
/// Vocabularies whose names pages and listings show.
pub(super) const VOCABULARIES: &[&str] = &[
    "data/topics.toml",
    "data/sectors.toml",
    "data/functions.toml",
    "data/focus-areas.toml",
    "data/states.toml",
];

/// One change a contributor might save; `Index` picks among the files present at the time, and
/// shrinks towards the first.
#[derive(Debug, Clone)]
pub(super) enum Edit {
    AppendParagraph(Index),
    Retitle(Index),
    AddLink(Index, Index),
    AddCitation(Index, Index),
    ChangeSummary(Index),
    RenameHeading(Index),
    FirstParagraph(Index),
    MiddleOfPage(Index),
    Template(Index),
    Vocabulary(Index),
    BibliographyEntry,
    SiteConfig,
    AddGlossaryTerm,
    /// Renames the file (its URL changes, links to it break), rebuilds, then renames it back.
    MoveAndBack(Index),
    /// Saves a mistake, rebuilds, then saves the file as it was and rebuilds again.
    BreakThenFix(Index, Mistake),
}

/// Mistakes contributors make, each of which `build` reports.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mistake {
    UnknownField,
    TomlSyntax,
    UnknownCitation,
    LinkToMissingPage,
    BrokenVocabulary,
}

pub(super) fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    let mistake = prop_oneof![
        Just(Mistake::UnknownField),
        Just(Mistake::TomlSyntax),
        Just(Mistake::UnknownCitation),
        Just(Mistake::LinkToMissingPage),
        Just(Mistake::BrokenVocabulary),
    ];
    // Appending text, the fast path's case, is drawn most often.
    prop_oneof![
        6 => i().prop_map(Edit::AppendParagraph),
        1 => i().prop_map(Edit::Retitle),
        1 => (i(), i()).prop_map(|(a, b)| Edit::AddLink(a, b)),
        1 => (i(), i()).prop_map(|(a, b)| Edit::AddCitation(a, b)),
        1 => i().prop_map(Edit::ChangeSummary),
        1 => i().prop_map(Edit::RenameHeading),
        1 => i().prop_map(Edit::FirstParagraph),
        2 => i().prop_map(Edit::MiddleOfPage),
        1 => i().prop_map(Edit::Template),
        1 => i().prop_map(Edit::Vocabulary),
        1 => Just(Edit::BibliographyEntry),
        1 => Just(Edit::SiteConfig),
        1 => Just(Edit::AddGlossaryTerm),
        1 => i().prop_map(Edit::MoveAndBack),
        2 => (i(), mistake).prop_map(|(a, m)| Edit::BreakThenFix(a, m)),
    ]
}

/// The runner's configuration, `cases` sequences unless `PROPTEST_CASES` says otherwise: see the
/// module comment for the two variables.
pub(super) fn config(cases: u32) -> Config {
    let seed = match std::env::var("BRIGHTSPOT_PROPTEST_SEED").as_deref() {
        Err(_) => 0x1ec2_2026,
        Ok("random") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
        Ok(n) => n
            .parse()
            .expect("BRIGHTSPOT_PROPTEST_SEED is unset, `random` or a number"),
    };
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    eprintln!("BRIGHTSPOT_PROPTEST_SEED={seed} PROPTEST_CASES={cases}");
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // A failure is replayed by its seed and kept as a named test, not a regressions file.
        failure_persistence: None,
        // Each case builds the site a few dozen times: bound the shrinking (steps, and ms).
        max_shrink_iters: 200,
        max_shrink_time: 300_000,
        ..Config::default()
    }
}
