//! Inputs the `front_matter` and `bibtex` fuzz targets (fuzz/) found that broke an invariant,
//! kept as tests: every diagnostic's span is a byte range of its file on character boundaries,
//! so the report can quote it.

use std::path::Path;

use content::front_matter::{parse, split};
use model::diagnostics::Diagnostic;

fn assert_in_file(d: &Diagnostic, text: &str) {
    let span = d.span.clone().expect("a place in the file");
    assert!(
        span.start <= span.end && text.get(span.clone()).is_some(),
        "{d:?} is outside {text:?} or splits a character"
    );
}

/// An empty file (an empty annotation, say) was "missing front matter" at bytes 0..1 of a
/// 0-byte file; a file opening with `é` was reported at 0..1, half a character.
#[test]
fn missing_front_matter_points_at_a_whole_character_inside_the_file() {
    for text in ["", "é", "\u{feff}", "\u{feff}日本"] {
        let d = split(Path::new("a.md"), text).unwrap_err();
        assert_in_file(&d, text);
    }
    let d = split(Path::new("a.md"), "é").unwrap_err();
    assert_eq!(d.span, Some(0..2));
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Meta {
    title: String,
}

/// A YAML error at a multi-byte character (`é` where a mapping was expected, `%é` an unknown
/// directive), and a TOML error whose own span is empty just before one (`"x" é`), were
/// reported at one byte of a two-byte character.
#[test]
fn front_matter_errors_stay_inside_the_file_on_character_boundaries() {
    for text in [
        "---\né\n---\n",
        "---\n%é\n---\n",
        "+++\ntitle = \"x\" é\n+++\n",
    ] {
        let s = split(Path::new("a.md"), text).unwrap();
        let d = parse::<Meta>(Path::new("a.md"), text, &s).unwrap_err();
        assert_in_file(&d, text);
    }
}

/// An annotation whose front matter ends the file (no body at all) was "an annotation has
/// exactly three parts" at the byte after its last one.
#[test]
fn an_annotation_without_a_body_is_reported_inside_its_file() {
    use content::bibliography;
    use content::load::TextFile;
    use std::sync::Arc;

    let bib = [TextFile {
        path: "bibliography/references.bib".into(),
        text: Arc::from(
            "@report{turner2012,\n  title = {T},\n  institution = {FSG},\n  date = {2012},\n}\n",
        ),
    }];
    let text = "+++\nevidence_type = \"report\"\ntopics = []\npeer_reviewed = false\n+++\n";
    let annotations = [TextFile {
        path: "bibliography/annotations/turner2012.md".into(),
        text: Arc::from(text),
    }];
    let (_, problems) = bibliography::load(&bib, &annotations, None);
    let parts = problems
        .iter()
        .find(|d| d.message.contains("exactly three parts"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_in_file(parts, text);
}

/// The loader's own reading of front matter (field by field, with plain-words syntax errors)
/// reported a TOML error just before `é`, a YAML scalar `é` where a mapping belongs, a YAML
/// error at `%é`, and a list never closed after `é`, at one byte of a two-byte character.
#[test]
fn page_validation_errors_stay_inside_the_file_on_character_boundaries() {
    use content::load::TextFile;
    use content::schema::PageType;
    use std::sync::Arc;

    for text in [
        "+++\ntitle = \"x\" é\n+++\n",
        "---\né\n---\n",
        "---\n%é\n---\n",
        "---\ntitle: x\n\té\n---\n",
        "+++\ntitle = \"x\"\nsectors = [\"public-healthé\nweight = 1\n+++\n",
    ] {
        let file = TextFile {
            path: "content/a.md".into(),
            text: Arc::from(text),
        };
        for page_type in [PageType::Page, PageType::CaseStudy] {
            let rejected =
                content::validate_page(&file, "a.md".into(), String::new(), false, page_type, &[])
                    .map(|_| ())
                    .unwrap_err();
            assert!(!rejected.problems.is_empty(), "{text:?}");
            for d in &rejected.problems {
                assert_in_file(d, text);
            }
        }
    }
}

/// The `front_matter` target, guided by the project's own code alone (session 16): a case
/// study's `years.start = 1000000000000000` passed the field check (any integer) and then failed
/// the typed schema (`i32`), an "internal error" placed on the first byte of a four-byte
/// character. The year's range is now checked with the value, at its span, and an internal
/// error takes the whole character.
#[test]
fn a_year_past_i32_is_out_of_range_not_an_internal_error() {
    use content::load::TextFile;
    use content::schema::PageType;
    use std::sync::Arc;

    for text in [
        "+++\ntitle = \"x\"\n[years]\nstart = 1000000000000000\nend = \"ongoing\"\n+++\n",
        "+++\n\u{1d4b3}le = \nsummary = ion]\n[years]\nstart = 1000000000000000\n+++\n",
        "---\ntitle: x\nyears:\n  start: -99999999999\n  end: ongoing\n---\n",
    ] {
        let file = TextFile {
            path: "content/a.md".into(),
            text: Arc::from(text),
        };
        let rejected = content::validate_page(
            &file,
            "a.md".into(),
            String::new(),
            false,
            PageType::CaseStudy,
            &[],
        )
        .map(|_| ())
        .unwrap_err();
        for d in &rejected.problems {
            assert_in_file(d, text);
            assert!(!d.message.contains("internal error"), "{text:?}: {d:?}");
        }
        if !text.contains('\u{1d4b3}') {
            let year = rejected
                .problems
                .iter()
                .find(|d| d.message.contains("is outside 1900–2100"))
                .unwrap_or_else(|| panic!("{text:?}: {:?}", rejected.problems));
            let quoted = &text[year.span.clone().unwrap()];
            // The span is the number as written.
            let digits = quoted.trim_start_matches('-');
            assert!(
                digits.len() > 10 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{quoted:?}"
            );
        }
    }
}

/// The `bibtex` target: `^\$` in a field parsed, but the `biblatex` crate wrote it back as
/// `\^\$`, which does not parse, so the BibTeX download was broken. The entry is now refused
/// with a diagnostic, and what is accepted exports as BibTeX that parses.
#[test]
fn an_entry_whose_bibtex_does_not_read_back_is_refused() {
    use content::bibliography::{self, export};
    use content::load::TextFile;
    use std::sync::Arc;

    let text =
        "@misc{plain,\n  title = {Plain},\n}\n\n@misc{odd,\n  title = {T},\n  note = {^\\$},\n}\n";
    let bib = [TextFile {
        path: "bibliography/references.bib".into(),
        text: Arc::from(text),
    }];
    let (library, problems) = bibliography::load(&bib, &[], None);
    let refused = problems
        .iter()
        .find(|d| d.message.contains("`odd` cannot be written"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(&text[refused.span.clone().unwrap()], "odd");
    assert!(library.broken.contains("odd"));
    let exported = export::bibtex(&library.entries);
    let again = [TextFile {
        path: "again.bib".into(),
        text: Arc::from(exported.as_str()),
    }];
    let (reread, problems) = bibliography::load(&again, &[], None);
    assert!(
        problems.iter().all(|d| !d.message.contains("syntax error")),
        "{exported}\n{problems:?}"
    );
    assert_eq!(reread.entries.len(), 1);
}

/// The `bibtex` target: `date = {245{2454}}` (seven digits once the braces go) made the
/// `biblatex` crate overflow computing `10^(4 - digits)`, a panic in debug builds. Such a date
/// is now a diagnostic before the crate reads it.
#[test]
fn a_date_with_more_than_four_digits_is_a_diagnostic() {
    use content::bibliography;
    use content::load::TextFile;
    use std::sync::Arc;

    let text = "@report{t,\n  title = {T},\n  date = {245{2454}},\n}\n";
    let bib = [TextFile {
        path: "bibliography/references.bib".into(),
        text: Arc::from(text),
    }];
    let (library, problems) = bibliography::load(&bib, &[], None);
    let d = problems
        .iter()
        .find(|d| d.message.contains("longer than a year"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(&text[d.span.clone().unwrap()], "t");
    assert!(library.entries.is_empty() && library.broken.contains("t"));
}

/// The `bibtex` target, guided by the project's own code alone (session 16): `year = {- 11q60N}`
/// made the `biblatex` crate unwrap a failed integer parse of `- 11` (a panic in release builds
/// too). Reading its date code found three more dates it panics on; each is now a diagnostic
/// naming the field before the crate reads it.
#[test]
fn dates_the_bibtex_crate_panics_on_are_diagnostics() {
    use content::bibliography;
    use content::load::TextFile;
    use std::sync::Arc;

    for (field, why) in [
        ("year   ={- 11q60N}", "space between a sign and the year"),
        ("month = {²}", "digit other than 0–9"),
        ("date = {2012-٣}", "digit other than 0–9"),
        ("date = {2012-00-05}", "month 00"),
        ("month = {00}", "month 00"),
    ] {
        let text = format!("@t{{ch2012,\n\n  {field},\n}}\n");
        let bib = [TextFile {
            path: "bibliography/references.bib".into(),
            text: Arc::from(text.as_str()),
        }];
        let (library, problems) = bibliography::load(&bib, &[], None);
        let d = problems
            .iter()
            .find(|d| d.message.contains(why))
            .unwrap_or_else(|| panic!("{field}: {problems:?}"));
        assert_eq!(&text[d.span.clone().unwrap()], "ch2012", "{field}");
        assert!(
            d.message.contains(field.split('=').next().unwrap().trim()),
            "{d:?}"
        );
        assert!(library.entries.is_empty() && library.broken.contains("ch2012"));
    }
}

/// The `front_matter` target (the input is `tests/fuzz/raw-html-warning-past-the-end.md`): the
/// warning for an `onerror` attribute the sanitiser removes was placed at the end of the file,
/// one byte past it.
#[test]
fn raw_html_warnings_stay_inside_the_file() {
    use content::load::TextFile;
    use content::schema::PageType;
    use std::sync::Arc;

    let text = include_str!("fuzz/raw-html-warning-past-the-end.md");
    let file = TextFile {
        path: "content/a.md".into(),
        text: Arc::from(text),
    };
    let page = match content::validate_page(
        &file,
        "a.md".into(),
        String::new(),
        false,
        PageType::Page,
        &[],
    ) {
        Ok(page) => page,
        Err(rejected) => *rejected.page.expect("the front matter reads"),
    };
    let warnings = page.markdown_problems();
    assert!(
        warnings.iter().any(|d| d.message.contains("onerror")),
        "{warnings:?}"
    );
    for d in &warnings {
        assert_in_file(d, text);
    }
}
