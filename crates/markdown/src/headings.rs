//! Heading ids: made from the heading text, or given with `{#id}`, and unique within a page.

use std::collections::HashMap;

/// Turns heading text into an id: the text's letters and digits (of any script, lowercased), words
/// joined by single dashes, apostrophes dropped; `section` when nothing is left.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if !matches!(c, '\'' | '\u{2019}') {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Ids the default theme gives its own elements; a heading never takes one of them, so anchors
/// and the skip link cannot jump to the wrong place.
pub const RESERVED: &[&str] = &[
    "main",
    "site-search",
    "site-search-results",
    "site-search-status",
    "at-a-glance",
    "key-points",
    "on-this-page",
    "case-studies-heading",
    "filters",
    "filter-status",
    "filter-functions",
    "filter-focus-areas",
    "filter-sectors",
    "filter-states",
    "about-these",
    "search-filter-toggle",
    "search-more",
    "search-form",
    "linked-from",
    "tagged",
    "references",
    "cite-this",
    "short-link",
    "cited-by",
    "pages",
    "subsections",
    "explore",
    "what-it-means",
    "case-studies",
    "related",
    "reference-heading",
    "annotation-heading",
    "filter-heading",
    "downloads",
    "annotation-references",
    "matrix-caption",
    "functions-key",
    "by-case-study",
    "where",
    "map-title",
    "map-desc",
    "search",
    "search-input",
    "search-help",
    "search-filters",
    "search-status",
    "search-results",
    "search-nojs",
];

/// Footnote ids start with this prefix, so no heading id may.
pub const FOOTNOTE_PREFIX: &str = "footnote-";

/// Hands out unique ids in document order: the second "Results" becomes `results-1`.
#[derive(Debug)]
pub struct HeadingIds {
    used: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds {
            used: RESERVED.iter().map(|r| (r.to_string(), 0)).collect(),
        }
    }
}

impl HeadingIds {
    /// The id for the next heading, from its explicit id or its text.
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let mut base = explicit.map_or_else(|| slugify(text), str::to_string);
        if base.starts_with(FOOTNOTE_PREFIX) {
            base = format!("h-{base}");
        }
        let mut candidate = base.clone();
        while let Some(n) = self.used.get_mut(&candidate) {
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_plain() {
        assert_eq!(slugify("What it did"), "what-it-did");
        assert_eq!(
            slugify("Link, listen & co-create!"),
            "link-listen-co-create"
        );
        assert_eq!(slugify("Network's lessons"), "networks-lessons");
        assert_eq!(slugify("  "), "section");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next(None, "Results"), "results");
        assert_eq!(ids.next(None, "Results"), "results-1");
        assert_eq!(ids.next(Some("results-1"), "x"), "results-1-1");
        assert_eq!(ids.next(Some("fn-data"), "x"), "fn-data");
        assert_eq!(
            ids.next(None, "Main"),
            "main-1",
            "ids of the theme are reserved"
        );
    }
}
