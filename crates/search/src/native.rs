//! The native reference search, [`SearchIndex::search`]: a query's words expanded against the
//! exported dictionary as the browser runtime expands them, each evaluated by tantivy and
//! ranked. `brightspot search` and the parity tests use it.

use search_runtime::query::{self, Filter, Hit, Match, WordHits};

use crate::SearchIndex;

/// A native search's answer.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Ranked documents.
    pub hits: Vec<Hit>,
    /// Terms that matched, for excerpts.
    pub terms: Vec<String>,
    /// Words found only through typo corrections, with their corrections (best first).
    pub fixes: Vec<(String, Vec<String>)>,
}

impl SearchIndex {
    /// Runs `query` natively: words are expanded against the exported dictionary exactly as
    /// the browser does, then each word is evaluated by tantivy (the best of its exact term and
    /// completions, else the best of its typo corrections; a quoted phrase by its
    /// `PhraseQuery`) and the words are ranked.
    pub fn search(&self, query: &str, filters: &[Filter]) -> tantivy::Result<Results> {
        let mut terms = Vec::new();
        let mut fixes = Vec::new();
        let mut words: Vec<WordHits> = Vec::new();
        let parsed = query::parse(query);
        for word in &parsed {
            if !word.phrase.is_empty() {
                let scores = self.phrase_scores(&word.phrase)?;
                terms.extend(word.phrase.iter().cloned());
                words.push(query::score_word([(Match::Exact, scores.as_slice())]));
                continue;
            }
            let exps = query::expand(&self.export.manifest, word, &self.export);
            let pick = |fuzzy: bool| -> Vec<&str> {
                exps.iter()
                    .filter(|e| (e.kind == Match::Fuzzy) == fuzzy)
                    .map(|e| e.term.as_str())
                    .collect()
            };
            let mut exact_terms = pick(false);
            let fuzzy_terms = pick(true);
            if !fuzzy_terms.is_empty() && exact_terms.is_empty() {
                fixes.push((
                    word.lower.clone(),
                    fuzzy_terms.iter().map(|t| (*t).to_owned()).collect(),
                ));
            }
            terms.extend(exps.iter().map(|e| e.term.clone()));
            // What the word stands for in the synonyms vocabulary counts as the word itself.
            let mut synonym_scores = Vec::new();
            for phrase in self.export.manifest.synonyms_of(&word.term) {
                terms.extend(phrase.iter().cloned());
                match phrase.as_slice() {
                    [t] => exact_terms.push(t),
                    many => synonym_scores.push(self.phrase_scores(many)?),
                }
            }
            let exact = self.best_of(&exact_terms)?;
            let fuzzy = self.best_of(&fuzzy_terms)?;
            words.push(query::score_word(
                [
                    (Match::Exact, exact.as_slice()),
                    (Match::Fuzzy, fuzzy.as_slice()),
                ]
                .into_iter()
                .chain(synonym_scores.iter().map(|s| (Match::Exact, s.as_slice()))),
            ));
        }
        let facets = Some(&self.export.facets);
        let counted = query::counted(&parsed);
        let hits = query::rank(&words, &counted, &|d| query::passes(facets, filters, d));
        Ok(Results { hits, terms, fixes })
    }

    /// Parses filters written `type=case-study;function=fn-1`.
    pub fn filters(&self, spec: &str) -> Vec<Filter> {
        query::parse_filters(&self.export.manifest, spec)
    }
}
