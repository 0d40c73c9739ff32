//! Scores as tantivy computes them: a collector of every matching document with its score, and
//! the queries whose scores are exported (one term in every field, with the field boosts) and
//! searched natively (a quoted phrase, the best of several terms).

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::SearchIndex;

/// Collects every matching document with its score, keyed by our document number (the `id`
/// fast field), whatever segment it sits in.
struct AllScores;

struct AllScoresSegment {
    ids: Column<u64>,
    out: Vec<(u32, f32)>,
}

impl Collector for AllScores {
    type Fruit = Vec<(u32, f32)>;
    type Child = AllScoresSegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<AllScoresSegment> {
        Ok(AllScoresSegment {
            ids: segment.fast_fields().u64("id")?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        let mut all: Vec<(u32, f32)> = fruits.into_iter().flatten().collect();
        all.sort_by_key(|p| p.0);
        Ok(all)
    }
}

impl SegmentCollector for AllScoresSegment {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(id) = self.ids.first(doc) {
            self.out.push((id as u32, score));
        }
    }

    fn harvest(self) -> Vec<(u32, f32)> {
        self.out
    }
}

impl SearchIndex {
    /// The query for one term: the term in every field, with the field boosts, summed.
    fn term_query(&self, term: &str) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            self.fields
                .iter()
                .map(|(field, boost)| {
                    let q = TermQuery::new(
                        tantivy::Term::from_field_text(*field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(q), *boost)) as Box<dyn Query>,
                    )
                })
                .collect(),
        ))
    }

    /// Every document containing `term` with the score tantivy gives it.
    pub fn term_scores(&self, term: &str) -> tantivy::Result<Vec<(u32, f32)>> {
        self.reader
            .searcher()
            .search(self.term_query(term).as_ref(), &AllScores)
    }

    /// The scores of a quoted phrase as tantivy computes them: a `PhraseQuery` in every field,
    /// with the field boosts, summed.
    pub(crate) fn phrase_scores(&self, terms: &[String]) -> tantivy::Result<Vec<(u32, f32)>> {
        let q = BooleanQuery::new(
            self.fields
                .iter()
                .map(|(field, boost)| {
                    let terms = terms
                        .iter()
                        .map(|t| tantivy::Term::from_field_text(*field, t))
                        .collect();
                    let q = BoostQuery::new(Box::new(PhraseQuery::new(terms)), *boost);
                    (Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .collect(),
        );
        self.reader.searcher().search(&q, &AllScores)
    }

    /// The scores of a disjunction of terms as tantivy computes them (the best term counts).
    pub(crate) fn best_of(&self, terms: &[&str]) -> tantivy::Result<Vec<(u32, f32)>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let q = DisjunctionMaxQuery::new(terms.iter().map(|t| self.term_query(t)).collect());
        self.reader.searcher().search(&q, &AllScores)
    }
}
