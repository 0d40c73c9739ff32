//! The search runtime's query side: parsing what is typed (words, quoted phrases, the word
//! being typed), typo distances between the words, and excerpts around them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use search_runtime::{excerpt, typo, words};

fuzz_target!(|query: &str| {
    let parsed = words::parse(query);
    let counted = words::counted(&parsed);
    assert_eq!(counted.len(), parsed.len());
    let terms: Vec<String> = parsed.iter().map(|w| w.term.clone()).collect();
    for w in &parsed {
        let budget = typo::typo_budget(w);
        let _ = typo::lengths(w);
        let _ = typo::stem_lengths(w);
        for other in terms.iter().take(8) {
            if let Some(d) = typo::distance(&w.lower, other, budget) {
                assert!(d <= budget);
            }
        }
    }
    let _ = search_runtime::analyze(query);
    let _ = excerpt::excerpt(query, &terms, 80);
    let _ = excerpt::escape(query);
});
