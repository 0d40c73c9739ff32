//! Facet filters: parsing `facet=id,id;facet=id` against the manifest, and testing a document.

use crate::format::{Facets, Manifest};

/// A filter on one facet: a document passes when it has any of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Index of the facet in the manifest.
    pub facet: usize,
    /// Accepted value indexes.
    pub values: Vec<u32>,
}

/// Parses filters written `facet=id,id;facet=id` with the manifest's facet and value ids.
/// Ids match without regard to ASCII case; unknown facets and values are ignored.
pub fn parse_filters(manifest: &Manifest, spec: &str) -> Vec<Filter> {
    let mut out: Vec<Filter> = Vec::new();
    for part in spec.split(';') {
        let Some((name, ids)) = part.split_once('=') else {
            continue;
        };
        let Some(facet) = manifest.facets.iter().position(|f| f.name == name.trim()) else {
            continue;
        };
        let values: Vec<u32> = ids
            .split(',')
            .filter_map(|id| {
                let id = id.trim();
                manifest.facets[facet]
                    .values
                    .iter()
                    .position(|(v, _)| v.eq_ignore_ascii_case(id))
                    .map(|i| i as u32)
            })
            .collect();
        if !values.is_empty() {
            out.push(Filter { facet, values });
        }
    }
    out
}

/// Whether `doc` passes every filter.
pub fn passes(facets: Option<&Facets>, filters: &[Filter], doc: u32) -> bool {
    filters.iter().all(|f| {
        facets
            .and_then(|t| t.values.get(f.facet))
            .and_then(|per_doc| per_doc.get(doc as usize))
            .is_some_and(|vals| vals.iter().any(|v| f.values.contains(v)))
    })
}
