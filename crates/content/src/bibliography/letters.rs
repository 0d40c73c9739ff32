//! Letters for works by the same authors in the same year (or with no date): APA 7 (8.19)
//! letters them in the order of their titles, `2011a`, `2011b`, `n.d.-a`. They are assigned once
//! for the whole bibliography, so a work has the same letter in every citation, in every page's
//! reference list and on the bibliography pages (hayagriva letters only what one page cites, in
//! the order it is cited, and letters no undated work).

use std::collections::BTreeMap;

use super::BibEntry;

/// Letters by entry key; works without a namesake in their year have none.
pub fn assign(entries: &[BibEntry]) -> BTreeMap<String, String> {
    let mut groups: BTreeMap<(String, Option<i32>), Vec<&BibEntry>> = BTreeMap::new();
    for e in entries {
        let persons = e.raw.author().unwrap_or_default();
        if persons.is_empty() {
            continue;
        }
        let names: Vec<String> = persons
            .iter()
            .map(|p| format!("{}, {}", p.name, p.given_name).to_lowercase())
            .collect();
        groups
            .entry((names.join("; "), e.year()))
            .or_default()
            .push(e);
    }
    let mut letters = BTreeMap::new();
    for mut group in groups.into_values().filter(|g| g.len() > 1) {
        group.sort_by_key(|e| (title_key(e), e.key.clone()));
        for (i, e) in group.iter().enumerate().take(26) {
            let letter = char::from(b'a' + i as u8);
            letters.insert(e.key.to_string(), letter.to_string());
        }
    }
    letters
}

/// A title as APA sorts it: lowercase, without a leading article.
fn title_key(e: &BibEntry) -> String {
    let title = e.field("title").unwrap_or_default().to_lowercase();
    let title = title.trim_start_matches(|c: char| !c.is_alphanumeric());
    ["the ", "an ", "a "]
        .iter()
        .find_map(|a| title.strip_prefix(a))
        .unwrap_or(title)
        .to_string()
}

/// The first date of formatted text (`2011` or `n.d.`), with any letter after it replaced by
/// `letter` (or removed): `Kania & Kramer, 2011b` → `…, 2011a`; `(n.d.-c)` → `(n.d.-a)`.
pub fn apply(html: &str, letter: Option<&str>) -> String {
    let nd = html.find("n.d.").map(|at| (at, at + 4, true));
    let year = year_at(html).map(|at| (at, at + 4, false));
    let first = match (nd, year) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    let Some((_, end, undated)) = first else {
        return html.to_string();
    };
    let rest = &html[end..];
    let bytes = rest.as_bytes();
    let lower_then_stop = |i: usize| {
        bytes.get(i).is_some_and(u8::is_ascii_lowercase)
            && !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
    };
    let old = if undated && bytes.first() == Some(&b'-') && lower_then_stop(1) {
        2
    } else if !undated && lower_then_stop(0) {
        1
    } else {
        0
    };
    let new = match (letter, undated) {
        (Some(l), true) => format!("-{l}"),
        (Some(l), false) => l.to_string(),
        (None, _) => String::new(),
    };
    format!("{}{new}{}", &html[..end], &rest[old..])
}

/// Where the first four-digit number stands alone.
fn year_at(html: &str) -> Option<usize> {
    let b = html.as_bytes();
    (0..b.len().saturating_sub(3)).find(|&i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    })
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn letters_replace_what_hayagriva_wrote() {
        assert_eq!(
            apply("Kania &amp; Kramer, 2011b, p. 3", Some("a")),
            "Kania &amp; Kramer, 2011a, p. 3"
        );
        assert_eq!(apply("Kania, 2011, p. 3", Some("c")), "Kania, 2011c, p. 3");
        assert_eq!(
            apply("Prospers. (n.d.-c). <i>Home</i>", Some("a")),
            "Prospers. (n.d.-a). <i>Home</i>"
        );
        assert_eq!(apply("Prospers, n.d.", Some("d")), "Prospers, n.d.-d");
        assert_eq!(apply("Prospers, n.d.-b", None), "Prospers, n.d.");
        assert_eq!(apply("Kania, 2011", None), "Kania, 2011");
    }
}
