//! hayagriva's output quirks, repaired in one place. Each repair is a plain-text fix of the HTML
//! `csl_html` writes from the engine's output, and each has a test below that formats an entry
//! through hayagriva, shows that the engine still produces the quirk and that the repair removes
//! it: a hayagriva release that fixes one fails its test, and the repair can go.

/// One repair: what the engine writes, and what is written instead.
struct Repair {
    /// What goes wrong, and in which style.
    #[cfg_attr(not(test), allow(dead_code))]
    quirk: &'static str,
    from: &'static str,
    to: &'static str,
}

const REPAIRS: [Repair; 4] = [
    Repair {
        quirk: "a style's period after a name list that ends in \"et al.\" (Chicago)",
        from: "et al..",
        to: "et al.",
    },
    Repair {
        quirk: "a delimiter left before a missing month and day: \"(2020,)\" (APA)",
        from: ",)",
        to: ")",
    },
    Repair {
        quirk: "\"Retrieved \" left before a URL without a retrieval date (APA)",
        from: "Retrieved <a",
        to: "<a",
    },
    Repair {
        quirk: "a period after a title that ends in one inside its quotation marks: \
                \"“A Field Guide.”.\" (Chicago)",
        from: ".\u{201d}.",
        to: ".\u{201d}",
    },
];

/// The formatted citation or reference with every repair applied.
pub(super) fn repair(html: &str) -> String {
    REPAIRS
        .iter()
        .fold(html.to_string(), |out, r| out.replace(r.from, r.to))
}

/// BibTeX writes unnamed further authors as `and others`; hayagriva keeps that as a person
/// called "others". Within a list of names (escaped HTML), say "et al." as every style does.
pub(super) fn et_al(names: &str) -> String {
    for (from, to) in [
        (", &amp; others", ", et al."),
        (" &amp; others", " et al."),
        (", and others", ", et al."),
        (" and others", " et al."),
        (", others", ", et al."),
    ] {
        if let Some(rest) = names.strip_suffix(from) {
            return format!("{rest}{to}");
        }
        if names.contains(&format!("{from},")) || names.contains(&format!("{from} ")) {
            return names.replacen(from, to, 1);
        }
    }
    names.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bibliography::style::Styler;
    use model::config::CitationStyle;

    /// An entry of `bib` formatted alone as a reference in `style`: the engine's HTML, and the
    /// HTML after the repairs.
    fn formatted(bib: &str, style: CitationStyle) -> (String, String) {
        let library = hayagriva::io::from_biblatex_str(bib).expect("the test entry parses");
        let entry = library.iter().next().expect("one entry");
        let styler = Styler::new(style);
        let raw = styler
            .format_entry_with(entry, "/", super::super::csl_html::unrepaired)
            .expect("formatted");
        let repaired = styler.format_entry(entry, "/").expect("formatted");
        (raw, repaired)
    }

    /// `bib` in `style` shows the quirk of `REPAIRS[i]`, and the repair removes it.
    fn holds(i: usize, bib: &str, style: CitationStyle) {
        let r = &REPAIRS[i];
        let (raw, repaired) = formatted(bib, style);
        assert!(
            raw.contains(r.from),
            "hayagriva no longer shows {}: {raw}\n(remove the repair)",
            r.quirk
        );
        assert!(!repaired.contains(r.from), "{}: {repaired}", r.quirk);
        assert_eq!(repaired, raw.replace(r.from, r.to), "{}", r.quirk);
    }

    #[test]
    fn a_period_after_et_al() {
        holds(
            0,
            "@book{k, author = {Adams, Robin and others}, title = {Networks}, date = {2020}, publisher = {P}}",
            CitationStyle::ChicagoAuthorDate,
        );
    }

    #[test]
    fn a_delimiter_before_a_missing_month_and_day() {
        holds(
            1,
            "@online{k, author = {Adams, Robin}, title = {Networks}, date = {2020}, url = {https://example.org/x}}",
            CitationStyle::Apa,
        );
    }

    #[test]
    fn retrieved_without_a_date() {
        holds(
            2,
            "@online{k, author = {Adams, Robin}, title = {Networks}, url = {https://example.org/x}}",
            CitationStyle::Apa,
        );
    }

    #[test]
    fn a_period_after_a_title_ending_in_one() {
        holds(
            3,
            "@online{k, author = {Adams, Robin}, title = {A field guide.}, date = {2020}, url = {https://example.org/guide}}",
            CitationStyle::ChicagoAuthorDate,
        );
    }

    #[test]
    fn others_in_a_name_list_is_et_al() {
        assert_eq!(et_al("Adams, R., &amp; others"), "Adams, R., et al.");
        assert_eq!(et_al("Adams and others"), "Adams et al.");
        assert_eq!(
            et_al("Adams, R., others, &amp; Hall, J."),
            "Adams, R., et al., &amp; Hall, J."
        );
        assert_eq!(
            et_al("Adams, R., &amp; Hall, J."),
            "Adams, R., &amp; Hall, J."
        );
    }
}
