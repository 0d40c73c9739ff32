//! Reading built HTML: CSS selection, text and attributes, duplicate ids and dangling links.

use std::collections::BTreeMap;

use scraper::{ElementRef, Html, Selector};

use super::Site;

/// Parses a CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Every element matching `css`.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// The one element matching `css`; panics if there are none or several.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's text with whitespace collapsed.
pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    select(doc, css).into_iter().map(text).collect()
}

/// The value of `attr` on every element matching `css` that has it.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    select(doc, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every `id` in a document that occurs more than once.
pub fn duplicate_ids(doc: &Html) -> Vec<String> {
    let mut seen = BTreeMap::<String, usize>::new();
    for id in attrs(doc, "[id]", "id") {
        *seen.entry(id).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, n)| format!("{id} ({n} times)"))
        .collect()
}

/// The base path (`/` or `/sub/`) and the absolute base URL (with a trailing slash) of a
/// project's `brightspot.toml`.
pub fn base_of(config_toml: &str) -> (String, String) {
    let value: toml::Value = toml::from_str(config_toml).expect("brightspot.toml parses");
    let url = value["base_url"].as_str().expect("base_url is a string");
    let url = format!("{}/", url.trim_end_matches('/'));
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string());
    (path, url)
}

/// Every link in the built site that points into the site (a root-relative or relative URL, or
/// an absolute one under `base_url`) but to no output file, or to an `#anchor` its target page
/// lacks. Each entry is `page: href (why)`.
pub fn dangling_links(site: &Site, base_path: &str, base_url: &str) -> Vec<String> {
    use std::collections::{BTreeSet, HashMap};
    let files = site.files();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut ids_of = |rel: &str| -> BTreeSet<String> {
        ids.entry(rel.to_string())
            .or_insert_with(|| {
                let doc = Html::parse_document(&String::from_utf8_lossy(&files[rel]));
                attrs(&doc, "[id]", "id").into_iter().collect()
            })
            .clone()
    };
    let mut problems = Vec::new();
    for page in files.keys().filter(|p| p.ends_with(".html")) {
        let doc = Html::parse_document(&String::from_utf8_lossy(&files[page.as_str()]));
        let page_dir = match page.rfind('/') {
            Some(i) => format!("{base_path}{}", &page[..=i]),
            None => base_path.to_string(),
        };
        let urls = attrs(&doc, "a[href], link[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "img[src], script[src], source[src]", "src"));
        for href in urls {
            let local = match href.strip_prefix(base_url) {
                Some(rest) => format!("{base_path}{rest}"),
                None => href.clone(),
            };
            let has_scheme = local
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|first| first.contains(':'));
            if has_scheme || local.starts_with("//") {
                continue;
            }
            let (path, fragment) = match local.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (local.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                let joined = if path.starts_with('/') {
                    path.to_string()
                } else {
                    format!("{page_dir}{path}")
                };
                let mut parts: Vec<&str> = Vec::new();
                for seg in joined.split('/') {
                    match seg {
                        "" | "." => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                let normalized = format!(
                    "/{}{}",
                    parts.join("/"),
                    if joined.ends_with('/') && !parts.is_empty() {
                        "/"
                    } else {
                        ""
                    }
                );
                let base = base_path.trim_end_matches('/');
                let under_base = if normalized == base {
                    Some("")
                } else {
                    normalized.strip_prefix(&format!("{base}/"))
                };
                match under_base {
                    None => {
                        problems.push(format!(
                            "{page}: {href} (outside the base path {base_path})"
                        ));
                        continue;
                    }
                    Some(rel) => {
                        let rel = rel.trim_start_matches('/');
                        let candidates = if rel.is_empty() || rel.ends_with('/') {
                            vec![format!("{rel}index.html")]
                        } else {
                            vec![rel.to_string(), format!("{rel}/index.html")]
                        };
                        candidates.into_iter().find(|c| files.contains_key(c))
                    }
                }
            };
            let Some(target) = target else {
                problems.push(format!("{page}: {href} (no such file in the output)"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if target.ends_with(".html") && !ids_of(&target).contains(fragment) {
                    problems.push(format!("{page}: {href} (no id `{fragment}` in {target})"));
                }
            }
        }
    }
    problems
}
