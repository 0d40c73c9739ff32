//! The fast path of a rebuild in `serve`: an edit of page bodies that changes nothing any other
//! output shows.
//!
//! Every output other than a page's own reads only a page's *public face*: its front matter
//! (title, summary, date, terms, slug, aliases, draft, weight), its place in the site, and what
//! the first Markdown pass learnt of its body: headings with their lead paragraphs (function
//! passages), `@/` links (backlinks), citations and the heading each falls under ("cited by"),
//! the first paragraph (listings and feeds) and the reading time. [`public_fingerprint`] hashes
//! exactly that, without byte offsets, so an edit that moves text around but keeps the face the
//! same is recognised as such. When every changed file is such a page, the last graph is patched
//! with the re-validated pages and only those pages are rendered (plus the search index, which
//! reads every body); otherwise the caller runs the whole memoised pipeline. Either way the result
//! equals a clean build: `tests/incremental_props.rs` checks it after random sequences of edits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use content::{bibliography::Styler, load};
use content::{Page, Taxonomy};
use graph::{Graph, PageId};
use model::diagnostics::Diagnostic;
use model::fingerprint::{Fingerprint, Hasher};
use model::output::OutputFile;
use render::memo::{Memo, Reuse};
use render::Templates;

/// What a good run leaves for the next one's fast path.
pub struct Last {
    /// The resolved site.
    pub graph: Graph,
    /// Every output file, in path order.
    pub files: Vec<OutputFile>,
    /// Warnings of the run (a run with errors leaves no `Last`).
    pub diagnostics: Vec<Diagnostic>,
    /// The vocabularies pages are validated against.
    pub taxonomies: Vec<Taxonomy>,
    /// Fingerprinted asset names.
    pub asset_names: BTreeMap<String, String>,
    /// The paths the search stage wrote.
    pub search_paths: Vec<String>,
}

/// The result of a fast rebuild.
pub struct Fast {
    /// Every output file, in path order.
    pub files: Vec<OutputFile>,
    /// Stage timings.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// What render reused.
    pub reuse: Reuse,
    /// The search files are the last run's: the caller runs [`refresh_search`] next.
    pub search_pending: bool,
}

/// Rebuilds after `changed` (paths relative to the root) on the fast path, patching `last`,
/// `sources` and `memo`. With `defer_search`, the search index is left for [`refresh_search`],
/// so the edited page can be shown before it is rebuilt; otherwise it is rebuilt here. `None`
/// when the change needs the full pipeline; then only `sources` may have been patched already,
/// which the caller's own patch with the same paths repeats harmlessly.
pub fn rebuild(
    root: &std::path::Path,
    changed: &[PathBuf],
    last: &mut Last,
    sources: &mut load::Sources,
    (templates, styler): (&Templates, &Styler),
    memo: &mut Memo,
    defer_search: bool,
) -> Option<Fast> {
    let mut clock = Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str, timings: &mut Vec<_>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    // Only page files (not sections) that existed and still exist, with no problem reported
    // last time (their positions would have moved).
    let mut targets: Vec<(PageId, PathBuf)> = Vec::new();
    for rel in changed {
        let is_page = rel.starts_with("content")
            && rel.extension().is_some_and(|e| e == "md")
            && rel.file_name().is_some_and(|n| n != "_index.md")
            && root.join(rel).is_file();
        let id = is_page
            .then(|| last.graph.pages.iter().position(|p| &p.page.file == rel))
            .flatten()?;
        if last
            .diagnostics
            .iter()
            .any(|d| d.file.as_ref() == Some(rel))
        {
            return None;
        }
        targets.push((PageId(id), rel.clone()));
    }
    if targets.is_empty() {
        return None;
    }
    if !load::patch(root, sources, changed) {
        return None;
    }
    lap("load", &mut timings);

    let mut pages: Vec<(PageId, Page)> = Vec::new();
    for (id, rel) in &targets {
        let old = &last.graph.page(*id).page;
        let i = sources
            .content
            .binary_search_by(|f| f.path.as_path().cmp(rel))
            .ok()?;
        let new = content::validate_page(
            &sources.content[i],
            old.content_path.clone(),
            old.section_dir.clone(),
            old.bundle,
            old.page_type(),
            &last.taxonomies,
        )
        .ok()?;
        // A page that now has a problem (a malformed citation, raw HTML the sanitiser drops)
        // goes the full way, which reports it.
        if public_fingerprint(old) != public_fingerprint(&new)
            || !new.markdown_problems().is_empty()
        {
            return None;
        }
        pages.push((*id, new));
    }
    for (id, page) in pages {
        last.graph.pages[id.0].page = page;
    }
    lap("validate", &mut timings);

    let ids: Vec<PageId> = targets.iter().map(|(id, _)| *id).collect();
    let rendered = render::render_pages(
        &last.graph,
        templates,
        &last.asset_names,
        styler,
        memo,
        &ids,
    );
    if !rendered.problems.is_empty() {
        return None;
    }
    replace(&mut last.files, rendered.files);
    lap("render", &mut timings);

    let search_pending = last.graph.config.search && defer_search;
    if last.graph.config.search && !defer_search {
        refresh_search(last, templates)?;
        lap("search", &mut timings);
    }
    Some(Fast {
        files: last.files.clone(),
        timings,
        reuse: rendered.reuse,
        search_pending,
    })
}

/// Rebuilds the search index (and page) of `last.graph` into `last.files`. Every shard holds
/// BM25 scores that depend on every document's length, so the index is rebuilt whole.
pub fn refresh_search(last: &mut Last, templates: &Templates) -> Option<()> {
    let (files, problems) = crate::search_outputs(&last.graph, templates, &last.asset_names);
    if !problems.is_empty() {
        return None;
    }
    put_search(last, files);
    Some(())
}

/// Puts freshly built search files in place of the last run's.
pub fn put_search(last: &mut Last, files: Vec<OutputFile>) {
    last.files.retain(|f| !last.search_paths.contains(&f.path));
    last.search_paths = files.iter().map(|f| f.path.clone()).collect();
    last.files.extend(files);
    last.files.sort_by(|a, b| a.path.cmp(&b.path));
    // The worker's version covers the search folder's new hash.
    render::share::offline::refresh(&last.graph, &mut last.files);
}

/// Puts each of `fresh` in place of the file of the same path in `files` (sorted by path).
fn replace(files: &mut Vec<OutputFile>, fresh: Vec<OutputFile>) {
    for f in fresh {
        match files.binary_search_by(|x| x.path.cmp(&f.path)) {
            Ok(i) => files[i] = f,
            Err(i) => files.insert(i, f),
        }
    }
}

/// A fingerprint of everything about a page that outputs other than its own can show (see the
/// module documentation). Byte offsets are left out; the order of headings, links and citations
/// is kept, so "the heading a citation falls under" is covered.
pub fn public_fingerprint(page: &Page) -> Fingerprint {
    let body = &page.body;
    let text = body.text();
    let a = &body.analysis;
    let mut h = Hasher::default();
    h.write_str(&body.file_text[..body.offset]);
    h.write_str(&page.content_path);
    h.write_str(&page.section_dir);
    h.write_u64(a.reading_minutes() as u64);
    h.write_str(&a.first_paragraph_text);
    h.write_str(a.first_paragraph.as_ref().map_or("", |r| &text[r.clone()]));
    // Headings, links and citations in document order.
    let mut events: Vec<(usize, u8, usize)> = Vec::new();
    events.extend(a.headings.iter().enumerate().map(|(i, x)| (x.offset, 0, i)));
    events.extend(
        a.links
            .iter()
            .enumerate()
            .map(|(i, x)| (x.span.start, 1, i)),
    );
    events.extend(
        a.citations
            .iter()
            .enumerate()
            .map(|(i, x)| (x.span.start, 2, i)),
    );
    events.sort();
    for (_, kind, i) in events {
        h.write_u64(u64::from(kind));
        match kind {
            0 => {
                let x = &a.headings[i];
                h.write_u64(u64::from(x.level));
                h.write_str(&x.id);
                h.write_str(&x.text);
                h.write_str(x.lead.as_ref().map_or("", |r| &text[r.clone()]));
            }
            1 => {
                let x = &a.links[i];
                h.write_str(&x.path);
                h.write_str(x.anchor.as_deref().unwrap_or("\u{0}"));
            }
            _ => {
                let x = &a.citations[i];
                h.write_u64(u64::from(x.narrative));
                for item in &x.items {
                    h.write_str(&item.key);
                    h.write_str(&item.prefix);
                    match &item.locator {
                        Some(l) => {
                            h.write_str(l.term.csl_name());
                            h.write_str(&l.value);
                        }
                        None => h.write_str("\u{0}"),
                    }
                    h.write_str(&item.suffix);
                    h.write_u64(u64::from(item.suppress_author));
                }
            }
        }
    }
    // Links written as site addresses give backlinks too (and are checked against every
    // output): a change to one takes the full pipeline.
    for (url, _) in a.site_links.iter().chain(&a.external) {
        h.write_str(url);
    }
    // The images a page shows are resized by the full pipeline: a new one takes it.
    for image in &a.images {
        h.write_str(&image.url);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::load::TextFile;
    use content::schema::PageType;

    fn page(text: &str) -> Page {
        let file = TextFile {
            path: "content/notes/a.md".into(),
            text: text.into(),
        };
        content::validate_page(
            &file,
            "notes/a.md".into(),
            "notes".into(),
            false,
            PageType::Page,
            &[],
        )
        .unwrap()
    }

    const BASE: &str = "+++\ntitle = \"A\"\n+++\nFirst paragraph [@k].\n\n## Part\n\nLead of the part.\n\nMore text with a [link](@/notes/b.md).\n";

    fn face(text: &str) -> Fingerprint {
        public_fingerprint(&page(text))
    }

    #[test]
    fn the_public_face_ignores_text_no_other_page_shows() {
        let base = face(BASE);
        // Text after the lead paragraph: only the page itself shows it.
        assert_eq!(
            base,
            face(&BASE.replace("More text", "More and different text"))
        );
        // Everything else other outputs show changes the face.
        for edited in [
            BASE.replace("title = \"A\"", "title = \"B\""),
            BASE.replace("First paragraph", "Opening paragraph"),
            BASE.replace("## Part", "## Section"),
            BASE.replace("Lead of the part", "Lead of this part"),
            BASE.replace("@/notes/b.md", "@/notes/c.md"),
            BASE.replace("[@k]", "[@j]"),
            BASE.replace("[@k]", ""),
            // The same citation under another heading ("cited by" names the heading).
            BASE.replace("First paragraph [@k].", "First paragraph.")
                .replace("More text", "More text [@k]"),
            format!("{BASE}\n{}\n", "word ".repeat(400)),
        ] {
            assert_ne!(base, face(&edited), "{edited}");
        }
    }
}
