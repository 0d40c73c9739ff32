//! The config's parsing and where its errors point.

use super::*;

const MINIMAL: &str =
    "title = \"T\"\ndescription = \"D\"\nbase_url = \"https://example.org/sub\"\n";

#[test]
fn defaults_and_base_path() {
    let c = Config::parse(MINIMAL).unwrap();
    assert_eq!(c.language, "en");
    assert_eq!(c.output_dir, PathBuf::from("public"));
    assert_eq!(c.base_path(), "/sub/");
    assert_eq!(c.base_url, "https://example.org/sub");
}

#[test]
fn a_bad_budget_and_a_second_taxonomy_are_reported_where_they_are_written() {
    // Comments name both keys first: toml's spans, not a search of the text, place them.
    let text = format!(
        "# case_study_kb: the budget. taxonomies: the vocabularies.\n{MINIMAL}\
         [budget]\ncase_study_kb = -3\n\
         [[taxonomies]]\nname = \"sectors\"\nfield = \"sectors\"\ntitle = \"Sectors\"\nvocabulary = \"data/sectors.toml\"\n\
         [[taxonomies]]\nname = \"sectors\"\nfield = \"sectors\"\ntitle = \"Sectors again\"\nvocabulary = \"data/sectors.toml\"\n"
    );
    let errs = Config::parse(&text).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    let at = |i: usize| {
        let span = errs[i].span.clone().unwrap();
        (
            &text[span.clone()],
            crate::diagnostics::line_col(&text, span.start).0,
        )
    };
    assert!(errs[0].message.contains("positive number"), "{errs:?}");
    assert_eq!(at(0), ("-3", 6));
    assert!(errs[1].message.contains("declared twice"), "{errs:?}");
    assert_eq!(at(1), ("\"sectors\"", 13));
}

#[test]
fn a_bad_base_url_is_reported_at_its_value_with_the_reason_and_the_fix() {
    // A comment names `base_url` first: the error is at the value all the same.
    let text = "# base_url: where the site is served\ntitle = \"T\"\ndescription = \"D\"\nbase_url = \"example.org/sub\"\n";
    let errs = Config::parse(text).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let span = errs[0].span.clone().unwrap();
    assert_eq!(&text[span.clone()], "\"example.org/sub\"");
    assert_eq!(crate::diagnostics::line_col(text, span.start), (4, 12));
    assert!(
        errs[0]
            .message
            .contains("`example.org/sub` is not a base URL"),
        "{}",
        errs[0].message
    );
    let help = errs[0].help.as_deref().unwrap_or_default();
    assert!(
        help.contains("base_url = \"https://example.org/\""),
        "{help}"
    );
    for bad in ["ftp://example.org/", "https://example.org/?x=1", "https://"] {
        let text = MINIMAL.replace("https://example.org/sub", bad);
        let errs = Config::parse(&text).unwrap_err();
        assert_eq!(&text[errs[0].span.clone().unwrap()], format!("\"{bad}\""));
    }
}

#[test]
fn unknown_key_points_at_it() {
    let text = format!("{MINIMAL}colour = \"red\"\n");
    let errs = Config::parse(&text).unwrap_err();
    let span = errs[0].span.clone().unwrap();
    assert_eq!(&text[span], "colour");
    assert!(
        errs[0].message.contains("unknown field"),
        "{}",
        errs[0].message
    );
}

#[test]
fn manifest_colours_are_checked_where_written() {
    let c = Config::parse(MINIMAL).unwrap();
    assert!(!c.service_worker);
    assert_eq!(c.manifest.theme_color.as_str(), "#f7f9fb");
    let text = format!("{MINIMAL}[manifest]\ntheme_color = \"blue\"\n");
    let errs = Config::parse(&text).unwrap_err();
    assert!(
        errs[0].message.contains("not a colour"),
        "{}",
        errs[0].message
    );
    assert_eq!(&text[errs[0].span.clone().unwrap()], "\"blue\"");
}

#[test]
fn wrong_type_is_an_error() {
    let text = format!("{MINIMAL}feed = \"yes\"\n");
    let errs = Config::parse(&text).unwrap_err();
    assert!(errs[0].message.contains("bool"), "{}", errs[0].message);
}
