//! Front matter: splitting a file at its fences, parsing it into every page schema, validating
//! it as each page type (field checks, typed schema, body analysis), locating values for
//! diagnostics, and printing whatever diagnostics come out (excerpt windows).
#![no_main]

use std::path::Path;
use std::sync::Arc;

use content::front_matter::{self, Locator};
use content::load::TextFile;
use content::schema::{
    CaseStudyMeta, ChapterMeta, GenericMeta, GlossaryMeta, PageType, SectionMeta,
};
use libfuzzer_sys::fuzz_target;
use model::diagnostics::{self, Diagnostic, SourceMap};

fuzz_target!(|text: &str| {
    let path = Path::new("content/a.md");
    let mut problems = Vec::new();
    match front_matter::split(path, text) {
        Err(d) => problems.push(d),
        Ok(split) => {
            assert!(split.front_offset <= split.body_offset && split.body_offset <= text.len());
            assert_eq!(&text[split.body_offset..], split.body);
            macro_rules! parse {
                ($($t:ty),*) => {$(
                    if let Err(d) = front_matter::parse::<$t>(path, text, &split) {
                        problems.push(d);
                    }
                )*};
            }
            parse!(
                GenericMeta,
                ChapterMeta,
                GlossaryMeta,
                CaseStudyMeta,
                SectionMeta
            );
            // Locate every word of the front matter, as the validators do for bad values.
            let mut at = Locator::new(&split);
            for word in split
                .front
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .take(64)
            {
                let span = at.value(word);
                assert!(span.start >= split.front_offset && span.start <= text.len());
                problems.push(Diagnostic::error(path, span, format!("`{word}`")));
            }
            let span = at.key("title", Some(("[integrator]", 0)));
            assert!(span.start <= text.len());
        }
    }
    // The loader's own path: the front matter read into a tree, each field checked, the typed
    // schema read from what passed, the body analysed.
    let file = TextFile {
        path: path.into(),
        text: Arc::from(text),
    };
    for page_type in [
        PageType::Page,
        PageType::Chapter,
        PageType::CaseStudy,
        PageType::Glossary,
    ] {
        let page = match content::validate_page(
            &file,
            "a.md".into(),
            String::new(),
            false,
            page_type,
            &[],
        ) {
            Ok(page) => Some(Box::new(page)),
            Err(rejected) => {
                problems.extend(rejected.problems);
                rejected.page
            }
        };
        if let Some(page) = page {
            problems.extend(page.markdown_problems());
        }
    }
    // Every span is a byte range of the file on character boundaries, so the report can quote
    // it; the Locator's spans above are checked the same way.
    for d in &problems {
        let span = d
            .span
            .clone()
            .expect("front-matter diagnostics have a place");
        assert!(
            span.start <= span.end && text.get(span.clone()).is_some(),
            "{d:?} is outside the file ({} bytes) or splits a character",
            text.len()
        );
    }
    let mut sources = SourceMap::default();
    sources.insert(path.into(), Arc::from(text));
    diagnostics::sort(&mut problems);
    let report = diagnostics::render(&problems, &sources);
    let _ = diagnostics::render_github(&problems, &sources);
    // However long the lines, each diagnostic quotes a bounded window.
    for line in report.lines() {
        assert!(
            line.chars().count() < 2_000,
            "a report line of {} chars",
            line.chars().count()
        );
    }
});
