//! Locators of pandoc citations: the CSL locator terms in their English forms (singular, plural,
//! abbreviated, as pandoc's citeproc reads them) and the value after the term (`33`, `33–35`,
//! `iv, 3`, `{A–D}`).

use serde::Serialize;

/// A CSL locator type (CSL 1.0.2, "Locators").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocatorTerm {
    /// Act of a play.
    Act,
    /// Appendix.
    Appendix,
    /// Article (of a law, a treaty).
    ArticleLocator,
    /// Book.
    Book,
    /// Canon.
    Canon,
    /// Chapter.
    Chapter,
    /// Column.
    Column,
    /// Electronic location.
    Elocation,
    /// Equation.
    Equation,
    /// Figure.
    Figure,
    /// Folio.
    Folio,
    /// Issue or number.
    Issue,
    /// Line.
    Line,
    /// Note.
    Note,
    /// Opus.
    Opus,
    /// Page.
    Page,
    /// Paragraph.
    Paragraph,
    /// Part.
    Part,
    /// Rule.
    Rule,
    /// Scene.
    Scene,
    /// Section.
    Section,
    /// Sub verbo (an entry of a dictionary).
    SubVerbo,
    /// Supplement.
    Supplement,
    /// Table.
    Table,
    /// Timestamp.
    Timestamp,
    /// Title.
    TitleLocator,
    /// Verse.
    Verse,
    /// Volume.
    Volume,
}

impl LocatorTerm {
    /// The CSL name of the locator type (`page`, `chapter`, `sub-verbo`…).
    pub fn csl_name(self) -> &'static str {
        use LocatorTerm::*;
        match self {
            Act => "act",
            Appendix => "appendix",
            ArticleLocator => "article-locator",
            Book => "book",
            Canon => "canon",
            Chapter => "chapter",
            Column => "column",
            Elocation => "elocation",
            Equation => "equation",
            Figure => "figure",
            Folio => "folio",
            Issue => "issue",
            Line => "line",
            Note => "note",
            Opus => "opus",
            Page => "page",
            Paragraph => "paragraph",
            Part => "part",
            Rule => "rule",
            Scene => "scene",
            Section => "section",
            SubVerbo => "sub-verbo",
            Supplement => "supplement",
            Table => "table",
            Timestamp => "timestamp",
            TitleLocator => "title-locator",
            Verse => "verse",
            Volume => "volume",
        }
    }
}

/// A locator: where in the work, e.g. `pp. 33–35`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Locator {
    /// Its type.
    pub term: LocatorTerm,
    /// The value as written (hyphens in ranges made en dashes), e.g. `33–35`.
    pub value: String,
}

/// Every English form of every term (the CSL locale's long, plural and short forms, and the
/// symbols), lowercase. Longer forms come first where one begins another (`pp.` before `p.`).
pub const TERMS: &[(&str, LocatorTerm)] = {
    use LocatorTerm::*;
    &[
        ("act", Act),
        ("acts", Act),
        ("appendix", Appendix),
        ("appendices", Appendix),
        ("app.", Appendix),
        ("apps.", Appendix),
        ("article", ArticleLocator),
        ("articles", ArticleLocator),
        ("art.", ArticleLocator),
        ("arts.", ArticleLocator),
        ("book", Book),
        ("books", Book),
        ("bk.", Book),
        ("bks.", Book),
        ("canon", Canon),
        ("canons", Canon),
        ("c.", Canon),
        ("cc.", Canon),
        ("chapter", Chapter),
        ("chapters", Chapter),
        ("chap.", Chapter),
        ("chaps.", Chapter),
        ("ch.", Chapter),
        ("chs.", Chapter),
        ("column", Column),
        ("columns", Column),
        ("col.", Column),
        ("cols.", Column),
        ("location", Elocation),
        ("locations", Elocation),
        ("loc.", Elocation),
        ("locs.", Elocation),
        ("equation", Equation),
        ("equations", Equation),
        ("eq.", Equation),
        ("eqs.", Equation),
        ("figure", Figure),
        ("figures", Figure),
        ("fig.", Figure),
        ("figs.", Figure),
        ("folio", Folio),
        ("folios", Folio),
        ("fol.", Folio),
        ("fols.", Folio),
        ("number", Issue),
        ("numbers", Issue),
        ("no.", Issue),
        ("nos.", Issue),
        ("issue", Issue),
        ("issues", Issue),
        ("line", Line),
        ("lines", Line),
        ("l.", Line),
        ("ll.", Line),
        ("note", Note),
        ("notes", Note),
        ("n.", Note),
        ("nn.", Note),
        ("opus", Opus),
        ("opera", Opus),
        ("op.", Opus),
        ("opp.", Opus),
        ("page", Page),
        ("pages", Page),
        ("p.", Page),
        ("pp.", Page),
        ("paragraph", Paragraph),
        ("paragraphs", Paragraph),
        ("para.", Paragraph),
        ("paras.", Paragraph),
        ("¶¶", Paragraph),
        ("¶", Paragraph),
        ("part", Part),
        ("parts", Part),
        ("pt.", Part),
        ("pts.", Part),
        ("rule", Rule),
        ("rules", Rule),
        ("r.", Rule),
        ("rr.", Rule),
        ("scene", Scene),
        ("scenes", Scene),
        ("sc.", Scene),
        ("scs.", Scene),
        ("section", Section),
        ("sections", Section),
        ("sec.", Section),
        ("secs.", Section),
        ("§§", Section),
        ("§", Section),
        ("sub verbo", SubVerbo),
        ("sub verbis", SubVerbo),
        ("s.v.", SubVerbo),
        ("s.vv.", SubVerbo),
        ("supplement", Supplement),
        ("supplements", Supplement),
        ("supp.", Supplement),
        ("supps.", Supplement),
        ("table", Table),
        ("tables", Table),
        ("tbl.", Table),
        ("tbls.", Table),
        ("timestamp", Timestamp),
        ("timestamps", Timestamp),
        ("title", TitleLocator),
        ("titles", TitleLocator),
        ("tit.", TitleLocator),
        ("tits.", TitleLocator),
        ("verse", Verse),
        ("verses", Verse),
        ("v.", Verse),
        ("vv.", Verse),
        ("volume", Volume),
        ("volumes", Volume),
        ("vol.", Volume),
        ("vols.", Volume),
    ]
};

/// The term `s` starts with, and the length of the form: a form must be followed by a space, the
/// end, or (for a form ending in `.` or a symbol) a digit, as in `p.33`.
pub fn term_at(s: &str) -> Option<(LocatorTerm, usize)> {
    TERMS
        .iter()
        .filter(|(form, _)| {
            s.get(..form.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(form))
        })
        .filter(|(form, _)| {
            let next = s[form.len()..].chars().next();
            let symbolic = form.ends_with('.') || !form.is_ascii();
            next.is_none_or(|c| c.is_whitespace() || (symbolic && c.is_ascii_digit()))
        })
        .max_by_key(|(form, _)| form.len())
        .map(|(form, term)| (*term, form.len()))
}

/// A word like `pg.` that looks like an abbreviated locator term (letters and a final period,
/// followed by a value) but is none of the terms.
pub fn unknown_abbreviation(s: &str) -> Option<&str> {
    let word = s.split_whitespace().next()?;
    let letters = word.strip_suffix('.')?;
    let looks =
        (1..=5).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_alphabetic());
    let rest = s[word.len()..].trim_start();
    (looks && value_len(rest) > 0 && term_at(word).is_none()).then_some(word)
}

fn is_roman(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| "ivxlcdmIVXLCDM".contains(c))
}

/// One token of a value: a braced `{…}`, a number with letters (`33`, `12a`, `S3`, `3.2`), or a
/// Roman numeral. Returns its length.
fn token_len(s: &str) -> usize {
    if s.starts_with('{') {
        return s.find('}').map_or(0, |i| i + 1);
    }
    let mut end = 0;
    let bytes = s.as_bytes();
    while end < s.len() {
        let c = s[end..].chars().next().unwrap_or(' ');
        let joiner = (c == '.' || c == ':')
            && end > 0
            && bytes
                .get(end + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if c.is_alphanumeric() || joiner {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    let t = &s[..end];
    if t.chars().any(|c| c.is_ascii_digit()) || is_roman(t) {
        end
    } else {
        0
    }
}

/// The length of the locator value at the start of `s`: tokens joined by range dashes (`-`,
/// `--`, `–`, `—`) or listed with `,` or `&` (a comma continues only if a token follows it).
pub fn value_len(s: &str) -> usize {
    let first = token_len(s);
    if first == 0 {
        return 0;
    }
    let mut end = first;
    loop {
        let rest = &s[end..];
        let sep = ["--", "-", "–", "—", ", ", ",", " & ", "&"]
            .iter()
            .find(|sep| rest.starts_with(**sep));
        let Some(sep) = sep else { break };
        let next = token_len(&rest[sep.len()..]);
        if next == 0 {
            break;
        }
        end += sep.len() + next;
    }
    end
}

/// A value as shown: hyphens between tokens become en dashes, as every style prints ranges.
pub fn normalize_value(v: &str) -> String {
    let mut out = v.replace("--", "–");
    if !out.starts_with('{') {
        out = out.replace('-', "–");
    }
    out.trim_matches(|c| c == '{' || c == '}').to_string()
}
