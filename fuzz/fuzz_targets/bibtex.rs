//! The BibTeX loader (one entry at a time through biblatex, then hayagriva) with an annotation,
//! and the exports (BibTeX, RIS, CSL-JSON) of whatever entries it accepted.
#![no_main]

use std::sync::Arc;

use content::bibliography::{self, export};
use content::load::TextFile;
use libfuzzer_sys::fuzz_target;
use model::diagnostics::{self, SourceMap};

fuzz_target!(|text: &str| {
    // The input is a .bib file, then optionally `\0` and an annotation.
    let (bib, annotation) = text.split_once('\0').unwrap_or((text, ""));
    let bib = [TextFile {
        path: "bibliography/references.bib".into(),
        text: Arc::from(bib),
    }];
    let key = bibliography_key(bib[0].text.as_ref());
    let annotations = [TextFile {
        path: format!("bibliography/annotations/{key}.md").into(),
        text: Arc::from(annotation),
    }];
    let (library, problems) = bibliography::load(&bib, &annotations, None);
    // Every span points into the file it names, on character boundaries, so the report can
    // quote the line.
    let mut sources = SourceMap::default();
    for file in bib.iter().chain(&annotations) {
        sources.insert(file.path.clone(), file.text.clone());
    }
    for d in &problems {
        let (Some(path), Some(span)) = (&d.file, &d.span) else {
            continue;
        };
        let file = bib
            .iter()
            .chain(&annotations)
            .find(|f| &f.path == path)
            .unwrap_or_else(|| panic!("{d:?} names a file that was not loaded"));
        assert!(
            span.start <= span.end && file.text.get(span.clone()).is_some(),
            "{d:?} is outside {path:?} ({} bytes)",
            file.text.len()
        );
    }
    let _ = diagnostics::render(&problems, &sources);
    let bibtex = export::bibtex(&library.entries);
    let _ = export::ris(&library.entries);
    let _ = export::csl_json(&library.entries);
    // What was exported loads again without a syntax error.
    let again = [TextFile {
        path: "again.bib".into(),
        text: Arc::from(bibtex.as_str()),
    }];
    let (_, problems) = bibliography::load(&again, &[], None);
    assert!(
        !problems
            .iter()
            .any(|d| d.message.starts_with("BibTeX syntax error")),
        "the export of {text:?} does not parse: {bibtex}\n{problems:?}"
    );
});

fn bibliography_key(bib: &str) -> String {
    bib.split_once('{')
        .and_then(|(_, rest)| rest.split(',').next())
        .unwrap_or("x")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(40)
        .collect()
}
