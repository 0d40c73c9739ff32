//! Quoted phrases. Term shards hold no positions, so that ordinary queries stay small; the
//! positions live in separate files, `<folder>/p/<i>.bin`, one per term shard and over the
//! same terms, fetched only for a query with a phrase. Each holds, per term, field and
//! document: the field's length as tantivy's fieldnorm records it and the term's positions,
//! plus what BM25 needs of the whole index (document count, each field's token count and
//! boost). From these the runtime scores a phrase exactly as tantivy's `PhraseQuery` does:
//! BM25 with the phrase's frequency as the term frequency and the sum of its terms' IDFs.

use crate::format::{FormatError, Reader, Writer};

const KIND_POSITIONS: u8 = b'P';
/// BM25's term-frequency saturation, as tantivy sets it.
const K1: f32 = 1.2;
/// BM25's length normalisation, as tantivy sets it.
const B: f32 = 0.75;

/// What BM25 needs to know of one searched field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldStats {
    /// The field's boost in the query.
    pub boost: f32,
    /// Tokens in the field over all documents.
    pub tokens: u64,
}

/// One document's occurrences of a term in a field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Occurrences {
    /// Document number.
    pub doc: u32,
    /// The field's length in this document, as tantivy's fieldnorm stores it.
    pub fieldnorm: u32,
    /// Token positions of the term, ascending.
    pub positions: Vec<u32>,
}

/// A term's occurrences, per field (indexes into [`Positions::fields`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermPositions {
    /// The indexed term.
    pub term: String,
    /// `(field, documents in ascending order)` for each field that has the term.
    pub fields: Vec<(u32, Vec<Occurrences>)>,
}

/// A positions file: the positions of the terms of one term shard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Positions {
    /// Documents in the index.
    pub doc_count: u64,
    /// The searched fields.
    pub fields: Vec<FieldStats>,
    /// Terms in ascending byte order.
    pub terms: Vec<TermPositions>,
}

impl Positions {
    /// Encodes the file; documents and positions are delta-coded.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(KIND_POSITIONS);
        w.varint(self.doc_count);
        w.varint(self.fields.len() as u64);
        for f in &self.fields {
            w.f32(f.boost);
            w.varint(f.tokens);
        }
        w.varint(self.terms.len() as u64);
        for t in &self.terms {
            w.str(&t.term);
            w.varint(t.fields.len() as u64);
            for (field, docs) in &t.fields {
                w.varint(u64::from(*field));
                w.varint(docs.len() as u64);
                let mut prev = 0;
                for d in docs {
                    w.varint(u64::from(d.doc - prev));
                    prev = d.doc;
                    w.varint(u64::from(d.fieldnorm));
                    w.varint(d.positions.len() as u64);
                    let mut last = 0;
                    for &p in &d.positions {
                        w.varint(u64::from(p - last));
                        last = p;
                    }
                }
            }
        }
        w.0
    }

    /// Decodes a positions file.
    pub fn decode(buf: &[u8]) -> Result<Positions, FormatError> {
        let mut r = Reader::new(buf, KIND_POSITIONS)?;
        let u32_of = |v: u64| u32::try_from(v).map_err(|_| FormatError("number too large"));
        let doc_count = r.varint()?;
        let nf = r.count()?;
        let mut fields = Vec::with_capacity(nf);
        for _ in 0..nf {
            fields.push(FieldStats {
                boost: r.f32()?,
                tokens: r.varint()?,
            });
        }
        let nt = r.count()?;
        let mut terms = Vec::with_capacity(nt);
        for _ in 0..nt {
            let term = r.str()?;
            let nf = r.count()?;
            let mut per_field = Vec::with_capacity(nf);
            for _ in 0..nf {
                let field = u32_of(r.varint()?)?;
                let nd = r.count()?;
                let mut docs = Vec::with_capacity(nd);
                let mut doc = 0u32;
                for _ in 0..nd {
                    doc = doc
                        .checked_add(u32_of(r.varint()?)?)
                        .ok_or(FormatError("doc id"))?;
                    let fieldnorm = u32_of(r.varint()?)?;
                    let np = r.count()?;
                    let mut positions = Vec::with_capacity(np);
                    let mut p = 0u32;
                    for _ in 0..np {
                        p = p
                            .checked_add(u32_of(r.varint()?)?)
                            .ok_or(FormatError("position"))?;
                        positions.push(p);
                    }
                    docs.push(Occurrences {
                        doc,
                        fieldnorm,
                        positions,
                    });
                }
                per_field.push((field, docs));
            }
            terms.push(TermPositions {
                term,
                fields: per_field,
            });
        }
        Ok(Positions {
            doc_count,
            fields,
            terms,
        })
    }

    /// The positions of `term`, if the file has it.
    pub fn get(&self, term: &str) -> Option<&TermPositions> {
        self.terms
            .binary_search_by(|t| t.term.as_str().cmp(term))
            .ok()
            .map(|i| &self.terms[i])
    }
}

/// Inverse document frequency, as tantivy computes it.
fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    let x = ((doc_count - doc_freq.min(doc_count)) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// How often the phrase occurs in one document's field: the positions where the first term
/// is followed by each next term at the next position.
fn phrase_count(occurrences: &[&Occurrences]) -> u32 {
    let (first, rest) = occurrences.split_first().expect("a phrase has terms");
    first
        .positions
        .iter()
        .filter(|&&p| {
            rest.iter()
                .enumerate()
                .all(|(i, o)| o.positions.binary_search(&(p + 1 + i as u32)).is_ok())
        })
        .count() as u32
}

/// Scores the phrase of `terms` (two or more, given with their positions; `None` for a term the
/// index lacks) in every document that has it in some field: per field, tantivy's BM25 for a
/// phrase times the field's boost, summed over fields. `stats` is any positions file's header.
pub fn score(stats: &Positions, terms: &[Option<&TermPositions>]) -> Vec<(u32, f32)> {
    let Some(terms) = terms.iter().copied().collect::<Option<Vec<_>>>() else {
        return Vec::new();
    };
    let n = stats.doc_count;
    // Scores by document; every phrase score is positive, so 0 means "no match". (A plain
    // array keeps the WebAssembly module smaller than a map would.)
    let mut scores = vec![0f32; n as usize];
    for (f, field) in stats.fields.iter().enumerate() {
        let per_term: Option<Vec<&[Occurrences]>> = terms
            .iter()
            .map(|t| {
                t.fields
                    .iter()
                    .find(|(i, _)| *i as usize == f)
                    .map(|(_, d)| d.as_slice())
            })
            .collect();
        let Some(per_term) = per_term else { continue };
        let idf_sum: f32 = per_term.iter().map(|d| idf(d.len() as u64, n)).sum();
        let mut weight = idf_sum * (1.0 + K1);
        if field.boost != 1.0 {
            weight *= field.boost;
        }
        let average = field.tokens as f32 / n as f32;
        for first in per_term[0] {
            let found: Option<Vec<&Occurrences>> = per_term
                .iter()
                .map(|docs| {
                    docs.binary_search_by_key(&first.doc, |o| o.doc)
                        .ok()
                        .map(|i| &docs[i])
                })
                .collect();
            let Some(found) = found else { continue };
            let count = phrase_count(&found);
            if count == 0 {
                continue;
            }
            let norm = K1 * (1.0 - B + B * first.fieldnorm as f32 / average);
            let tf = count as f32;
            if let Some(s) = scores.get_mut(first.doc as usize) {
                *s += weight * (tf / (tf + norm));
            }
        }
    }
    (0..).zip(scores).filter(|&(_, s)| s > 0.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(doc: u32, fieldnorm: u32, positions: &[u32]) -> Occurrences {
        Occurrences {
            doc,
            fieldnorm,
            positions: positions.to_vec(),
        }
    }

    fn file() -> Positions {
        Positions {
            doc_count: 4,
            fields: vec![
                FieldStats {
                    boost: 3.0,
                    tokens: 12,
                },
                FieldStats {
                    boost: 1.0,
                    tokens: 400,
                },
            ],
            terms: vec![
                TermPositions {
                    term: "navig".into(),
                    fields: vec![
                        (0, vec![occ(1, 2, &[1])]),
                        (1, vec![occ(0, 90, &[5, 40]), occ(2, 100, &[7])]),
                    ],
                },
                TermPositions {
                    term: "system".into(),
                    fields: vec![
                        (0, vec![occ(1, 2, &[0])]),
                        (1, vec![occ(0, 90, &[4, 39, 60]), occ(2, 100, &[9])]),
                    ],
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let f = file();
        assert_eq!(Positions::decode(&f.encode()).unwrap(), f);
        assert!(Positions::decode(&f.encode()[..20]).is_err());
    }

    #[test]
    fn scores_adjacent_terms_only_with_bm25_over_fields() {
        let f = file();
        let terms = [f.get("system"), f.get("navig")];
        let s = score(&f, &terms);
        // Doc 2 has both words, but not side by side.
        assert_eq!(s.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
        // Doc 0: twice in the body (field 1, boost 1).
        let idf2 = 2.0 * idf(2, 4);
        let norm = K1 * (1.0 - B + B * 90.0 / 100.0);
        let want0 = idf2 * 2.2 * (2.0 / (2.0 + norm));
        assert!((s[0].1 - want0).abs() < 1e-6, "{} vs {want0}", s[0].1);
        // Doc 1: once in the title (field 0, boost 3).
        let norm = K1 * (1.0 - B + B * 2.0 / 3.0);
        let want1 = 2.0 * idf(1, 4) * 2.2 * 3.0 * (1.0 / (1.0 + norm));
        assert!((s[1].1 - want1).abs() < 1e-6);
        assert!(score(&f, &[f.get("system"), None]).is_empty());
        assert!(score(&f, &[f.get("navig"), f.get("system")]).is_empty());
    }
}
