//! The one citation grammar, checked as a property: for generated citations in generated text,
//! the analysis finds exactly what was written (keys, order, prefixes, locators, suffixes), and
//! the render and the plain (search) text are asked for exactly those citations, by index, in
//! the same order: nothing scans the text a second time.

use markdown::plain::plain_text;
use markdown::{analyze, render, Citation, CiteForm, Locator, LocatorTerm, Resolver};
use proptest::prelude::*;

/// One generated item: what is written, and what the analysis must find.
#[derive(Debug, Clone)]
struct Item {
    key: String,
    written_key: String,
    prefix: &'static str,
    locator: Option<(&'static str, LocatorTerm, &'static str, &'static str)>,
    suffix: &'static str,
    suppress: bool,
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Cite { narrative: bool, items: Vec<Item> },
}

const LOCATORS: &[(&str, LocatorTerm)] = &[
    ("p.", LocatorTerm::Page),
    ("pp.", LocatorTerm::Page),
    ("page", LocatorTerm::Page),
    ("chap.", LocatorTerm::Chapter),
    ("chapters", LocatorTerm::Chapter),
    ("sec.", LocatorTerm::Section),
    ("§", LocatorTerm::Section),
    ("para.", LocatorTerm::Paragraph),
    ("fig.", LocatorTerm::Figure),
    ("vol.", LocatorTerm::Volume),
    ("line", LocatorTerm::Line),
    ("ll.", LocatorTerm::Line),
    ("n.", LocatorTerm::Note),
    ("no.", LocatorTerm::Issue),
    ("tbl.", LocatorTerm::Table),
    ("app.", LocatorTerm::Appendix),
];

/// Written value and the value the analysis gives.
const VALUES: &[(&str, &str)] = &[
    ("12", "12"),
    ("3--5", "3–5"),
    ("3–5", "3–5"),
    ("iv", "iv"),
    ("7-9", "7–9"),
    ("2a", "2a"),
];

fn key() -> impl Strategy<Value = (String, String)> {
    (
        "[a-z][a-z0-9]{0,6}",
        prop::option::of((
            prop::sample::select(vec!['_', ':', '.', '/', '-']),
            "[a-z0-9]{1,4}",
        )),
        any::<bool>(),
    )
        .prop_map(|(head, tail, escape)| match tail {
            None => (head.clone(), head),
            Some((sep, rest)) => {
                let key = format!("{head}{sep}{rest}");
                let written = if sep == '_' && escape {
                    format!("{head}\\_{rest}")
                } else {
                    key.clone()
                };
                (key, written)
            }
        })
}

fn item(narrative: bool) -> impl Strategy<Value = Item> {
    (
        key(),
        prop::sample::select(vec!["", "see", "cf.", "e.g."]),
        prop::option::of((0..LOCATORS.len(), 0..VALUES.len())),
        prop::sample::select(vec!["", "and passim", "emphasis added"]),
        any::<bool>(),
    )
        .prop_map(
            move |((key, written_key), prefix, loc, suffix, suppress)| Item {
                key,
                written_key,
                prefix: if narrative { "" } else { prefix },
                locator: loc.map(|(l, v)| (LOCATORS[l].0, LOCATORS[l].1, VALUES[v].0, VALUES[v].1)),
                suffix: if narrative { "" } else { suffix },
                suppress: suppress && !narrative,
            },
        )
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        prop::collection::vec(
            prop_oneof![
                "[a-zA-Z]{1,8}".prop_map(|s| s),
                prop::sample::select(vec![
                    ",", ".", "'s", "\"q\"", "--", "*em*", "\\_", "&amp;", "\n", "\n\n", "(x)"
                ])
                .prop_map(str::to_string),
            ],
            1..6
        )
        .prop_map(|words| Piece::Text(words.join(" "))),
        any::<bool>().prop_flat_map(|narrative| {
            let n = if narrative { 1..2 } else { 1..4 };
            prop::collection::vec(item(narrative), n)
                .prop_map(move |items| Piece::Cite { narrative, items })
        }),
    ]
}

fn write(piece: &Piece, out: &mut String) {
    match piece {
        Piece::Text(t) => out.push_str(t),
        Piece::Cite {
            narrative: true,
            items,
        } => {
            let i = &items[0];
            out.push('@');
            out.push_str(&i.written_key);
            if let Some((term, _, value, _)) = i.locator {
                out.push_str(&format!(" [{term} {value}]"));
            }
        }
        Piece::Cite { items, .. } => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| {
                    let mut s = String::new();
                    if !i.prefix.is_empty() {
                        s.push_str(i.prefix);
                        s.push(' ');
                    }
                    if i.suppress {
                        s.push('-');
                    }
                    s.push('@');
                    s.push_str(&i.written_key);
                    if let Some((term, _, value, _)) = i.locator {
                        s.push_str(&format!(", {term} {value}"));
                    }
                    if !i.suffix.is_empty() {
                        s.push_str(", ");
                        s.push_str(i.suffix);
                    }
                    s
                })
                .collect();
            out.push('[');
            out.push_str(&parts.join("; "));
            out.push(']');
        }
    }
}

fn expected(piece: &Piece) -> Option<CiteForm> {
    let Piece::Cite { narrative, items } = piece else {
        return None;
    };
    Some(CiteForm {
        narrative: *narrative,
        items: items
            .iter()
            .map(|i| {
                let locator = i.locator.map(|(_, term, _, value)| Locator {
                    term,
                    value: value.to_string(),
                });
                let suffix = if i.suffix.is_empty() {
                    String::new()
                } else {
                    format!(", {}", i.suffix)
                };
                (
                    i.key.clone(),
                    i.prefix.to_string(),
                    locator,
                    suffix,
                    i.suppress,
                )
            })
            .collect(),
    })
}

/// Answers every citation with a marker holding its index, and writes down what it was asked.
#[derive(Default)]
struct Recorder {
    asked: Vec<(usize, CiteForm)>,
}

impl Resolver for Recorder {
    fn link(&mut self, _: &str, _: Option<&str>) -> Option<String> {
        None
    }
    fn citation(&mut self, index: usize, c: &Citation) -> Option<String> {
        self.asked.push((index, c.form()));
        Some(format!("<cite data-i=\"{index}\"></cite>"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analysis_render_and_search_text_agree(pieces in prop::collection::vec(piece(), 1..10)) {
        let mut md = String::from("Text ");
        for p in &pieces {
            write(p, &mut md);
            md.push(' ');
        }
        let want: Vec<CiteForm> = pieces.iter().filter_map(expected).collect();
        let a = analyze(&md);
        prop_assert!(a.citation_errors.is_empty(), "{:?} in {md:?}", a.citation_errors);
        let found: Vec<CiteForm> = a.citations.iter().map(Citation::form).collect();
        prop_assert_eq!(&found, &want, "analysis of {:?}", md);
        // Every span is the citation as written in the source.
        for c in &a.citations {
            let written = &md[c.span.clone()];
            prop_assert!(written.starts_with('[') || written.starts_with('@'), "{written:?}");
        }

        let mut r = Recorder::default();
        let html = render(&md, &a, &mut r).html;
        let asked = r.asked;
        let indexes: Vec<usize> = asked.iter().map(|(i, _)| *i).collect();
        prop_assert_eq!(indexes, (0..want.len()).collect::<Vec<_>>());
        let forms: Vec<CiteForm> = asked.into_iter().map(|(_, f)| f).collect();
        prop_assert_eq!(&forms, &want);
        let mut at = 0;
        for i in 0..want.len() {
            let marker = format!("<cite data-i=\"{i}\"></cite>");
            let found = html[at..].find(&marker);
            prop_assert!(found.is_some(), "citation {} missing from {:?}", i, html);
            at += found.unwrap_or(0) + marker.len();
        }
        prop_assert!(!html.contains('@'), "a citation left as text: {html:?}");

        let mut seen = Vec::new();
        let text = plain_text(&md, &a, None, &mut |i, c| {
            seen.push((i, c.form()));
            Some(format!("{{{i}}}"))
        });
        let indexes: Vec<usize> = seen.iter().map(|(i, _)| *i).collect();
        prop_assert_eq!(indexes, (0..want.len()).collect::<Vec<_>>());
        let forms: Vec<CiteForm> = seen.into_iter().map(|(_, f)| f).collect();
        prop_assert_eq!(&forms, &want);
        prop_assert!(!text.contains('@'), "a citation left in the search text: {text:?}");
    }
}
