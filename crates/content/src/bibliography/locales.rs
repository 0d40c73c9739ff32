//! The CSL locales a style can use, out of the 64 that hayagriva bundles. Decoding every one of
//! them was a fixed cost of each build (bench/README.md), though hayagriva looks a style's terms
//! up only in the style's own locale, that locale's fallback and en-US.

use hayagriva::archive::LOCALES;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode};
use serde::Deserialize;

/// A locale file's language alone: decoding it skips building the terms, dates and options.
#[derive(Deserialize)]
struct Lang {
    #[serde(rename = "@xml:lang")]
    lang: Option<LocaleCode>,
}

/// The languages whose locale files hayagriva's lookup can reach for `style`: its default
/// locale (en-US when it names none), that locale's fallback (`de` → `de-DE`) and en-US.
fn reachable(style: &IndependentStyle) -> Vec<LocaleCode> {
    let locale = style
        .default_locale
        .clone()
        .unwrap_or_else(LocaleCode::en_us);
    let fallback = locale.fallback();
    [Some(locale), fallback, Some(LocaleCode::en_us())]
        .into_iter()
        .flatten()
        .collect()
}

/// The bundled locales `style` can use, decoded, in the archive's order.
pub(super) fn needed(style: &IndependentStyle) -> Vec<Locale> {
    let wanted = reachable(style);
    LOCALES
        .iter()
        .filter(|bytes| {
            ciborium::from_reader::<Lang, _>(**bytes)
                .is_ok_and(|l| l.lang.is_some_and(|code| wanted.contains(&code)))
        })
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::archive::{locales, ArchivedStyle};
    use hayagriva::citationberg::Style;
    use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest};

    const BIB: &str = r#"
smith2020:
  type: article
  title: Community health workers in rural clinics
  author: ["Smith, Jane", "Doe, John", "Roe, Richard"]
  date: 2020-03
  page-range: 10-22
  volume: 4
  issue: 2
  parent:
    type: periodical
    title: Journal of Public Health
  serial-number:
    doi: 10.1000/xyz123
report2019:
  type: report
  title: Annual report
  author: "Health Department"
  date: 2019
  edition: 2
"#;

    /// Every reference and citation a style formats, with the given locales.
    fn formatted(style: &IndependentStyle, locales: &[Locale]) -> Vec<String> {
        let bib = hayagriva::io::from_yaml_str(BIB).unwrap();
        let mut driver = BibliographyDriver::new();
        for entry in bib.iter() {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(entry)],
                style,
                locales,
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(style, None, locales));
        let mut out: Vec<String> = rendered
            .citations
            .iter()
            .map(|c| format!("{:?}", c.citation))
            .collect();
        for item in rendered.bibliography.map(|b| b.items).unwrap_or_default() {
            out.push(format!("{:?}", item.content));
        }
        out
    }

    #[test]
    fn the_needed_locales_format_exactly_as_all_of_them() {
        let all = locales();
        for archived in [
            ArchivedStyle::AmericanPsychologicalAssociation,
            ArchivedStyle::ChicagoAuthorDate,
            ArchivedStyle::AmericanMedicalAssociation,
        ] {
            let Style::Independent(style) = archived.get() else {
                panic!("{archived:?} is independent");
            };
            let needed = needed(&style);
            assert!(
                needed.iter().any(|l| l.lang == Some(LocaleCode::en_us())),
                "en-US is always reachable"
            );
            assert!(needed.len() < all.len());
            let with_all = formatted(&style, &all);
            assert!(with_all.len() >= 4, "{with_all:?}");
            assert_eq!(formatted(&style, &needed), with_all, "{archived:?}");
        }
    }

    #[test]
    fn a_german_style_reaches_german_and_english() {
        let Style::Independent(mut style) = ArchivedStyle::AmericanPsychologicalAssociation.get()
        else {
            panic!("APA is independent");
        };
        style.default_locale = Some(LocaleCode("de".into()));
        let langs: Vec<_> = needed(&style).into_iter().filter_map(|l| l.lang).collect();
        assert_eq!(
            langs,
            [LocaleCode("de-DE".into()), LocaleCode::en_us()],
            "`de` itself is not bundled; its fallback and en-US are"
        );
    }
}
