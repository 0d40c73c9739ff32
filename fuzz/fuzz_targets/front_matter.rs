//! Front matter: splitting a file at its fences, parsing it into every page schema, locating
//! values for diagnostics, and printing whatever diagnostics come out (excerpt windows).
#![no_main]

use std::path::Path;
use std::sync::Arc;

use content::front_matter::{self, Locator};
use content::schema::{CaseStudyMeta, ChapterMeta, GenericMeta, GlossaryMeta, SectionMeta};
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
