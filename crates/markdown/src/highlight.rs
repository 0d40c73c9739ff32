//! Code highlighting with syntect, emitting CSS classes (no inline styles) so the Content-Security-
//! Policy needs no `unsafe-inline`, and the colours for light and dark come from one stylesheet.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Backtracking steps one search of a grammar's pattern may take (Oniguruma counts them, so the
/// cut-off falls in the same place on every machine and thread count). Real code needs far
/// fewer; a contributor's pathological line — the markdown fuzz target found a 2.6 KB block of
/// backslashes and brackets in a `markdown` fence that took 0.3 s — stops there, and the
/// pattern counts as not matching (syntect's rule for a failed search): such a line is
/// highlighted less, never slowly.
pub const RETRY_LIMIT: std::os::raw::c_ulong = 20_000;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        // SAFETY: two process-wide counters Oniguruma reads when a search starts; set here, once,
        // before any grammar is loaded, and every search goes through this set.
        unsafe {
            onig_sys::onig_set_retry_limit_in_search(RETRY_LIMIT);
            onig_sys::onig_set_retry_limit_in_match(RETRY_LIMIT);
        }
        SyntaxSet::load_defaults_newlines()
    })
}

/// The limits Oniguruma holds (search, match), for the tests.
#[cfg(test)]
fn retry_limits() -> (std::os::raw::c_ulong, std::os::raw::c_ulong) {
    syntaxes();
    // SAFETY: reads the two counters set above.
    unsafe {
        (
            onig_sys::onig_get_retry_limit_in_search(),
            onig_sys::onig_get_retry_limit_in_match(),
        )
    }
}

/// Highlighted HTML for `code` in `lang`, or None when the language is unknown.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    format!(
        "{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n",
        minify(&light),
        minify(&dark)
    )
}

/// Drops comments and blank lines from syntect's CSS to keep the file small.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_search_has_a_backtracking_limit() {
        // Oniguruma's defaults: no limit for a search, ten million steps for a match.
        assert_eq!(retry_limits(), (RETRY_LIMIT, RETRY_LIMIT));
        // A line that exhausts it is still highlighted, as far as the grammar got.
        let line = format!(
            "[^a~]: As the 20{}]{{.{}\n",
            "\\\\[".repeat(40),
            "\\".repeat(40)
        );
        let html = highlight("markdown", &line).unwrap();
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn known_language_gets_classes_and_no_styles() {
        let html = highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("no-such-language", "x").is_none());
    }

    #[test]
    fn stylesheet_has_dark_mode() {
        let css = stylesheet();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(".hl-"));
    }
}
