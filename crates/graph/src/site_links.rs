//! Links written as addresses of the site itself: site-relative (`/case-studies/x/`, with or
//! without the trailing slash or `index.html`, with `#anchor`) and absolute at the site's own
//! `base_url`. Copying an address from the browser is the most natural way for a writer to link,
//! so these are checked like `@/` links: against the pages first (anchors included), then
//! against every output path.

use std::ops::Range;

use super::{Graph, NodeId};
use model::base_url::BaseUrl;

/// Where a site address points, from the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTarget {
    /// The path after the base path, percent-decoded: `case-studies/x/`, `case-studies/x`,
    /// `case-studies/x/index.html`, `style.css`, or empty for the home page.
    pub path: String,
    /// The part after `#`, if any.
    pub anchor: Option<String>,
    /// What came before `path` as written (`/`, `/sub/` or the base URL), to suggest the
    /// nearest address in the writer's own form.
    pub prefix: String,
}

impl SiteTarget {
    /// The permalink a page at this address has: `index.html` dropped, a trailing `/` added.
    pub fn page_key(&self) -> String {
        let path = self.path.strip_suffix("index.html").unwrap_or(&self.path);
        if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// The output files that would answer this address on a static host.
    pub fn output_candidates(&self) -> Vec<String> {
        if self.path.is_empty() || self.path.ends_with('/') {
            vec![format!("{}index.html", self.path)]
        } else {
            vec![self.path.clone(), format!("{}/index.html", self.path)]
        }
    }
}

/// A site address as written: the URL, where it is in the file, and what it points at (or why
/// it cannot work).
#[derive(Debug, Clone)]
pub struct SiteLink {
    /// The URL as written.
    pub url: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// The target, or what is wrong with the address.
    pub target: Result<SiteTarget, String>,
}

/// Recognises `url` as an address of this site, served at `base` (the production site at
/// `production`, which is `base` but for a deploy preview): `None` for every other URL (other
/// sites, relative URLs, `@/` links).
pub fn parse(
    url: &str,
    base: &BaseUrl,
    production: &BaseUrl,
) -> Option<Result<SiteTarget, String>> {
    let base_path = base.path();
    let (prefix, rest) = if url.starts_with('/') && !url.starts_with("//") {
        match url.strip_prefix(base_path) {
            Some(rest) => (base_path.to_string(), rest),
            // `/sub/` is the site's root: `/x/` would leave it once deployed.
            None if url == base_path.trim_end_matches('/') => (url.to_string(), ""),
            None => {
                return Some(Err(format!(
                    "the site lives under `{base_path}`: write `{base_path}{}`",
                    url.trim_start_matches('/')
                )))
            }
        }
    } else {
        let bases = [base.as_str(), production.as_str()];
        let base = bases.iter().find(|b| {
            url.get(..b.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(b))
                || url.eq_ignore_ascii_case(b.trim_end_matches('/'))
        })?;
        (base.to_string(), url.get(base.len()..).unwrap_or(""))
    };
    let (rest, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, (!a.is_empty()).then(|| a.to_string())),
        None => (rest, None),
    };
    let rest = rest.split('?').next().unwrap_or(rest);
    let path = percent_encoding::percent_decode_str(rest)
        .decode_utf8_lossy()
        .to_string();
    Some(Ok(SiteTarget {
        path,
        anchor,
        prefix,
    }))
}

/// Every site address written in a node's texts (body, summary, key points), in file order.
pub fn of(graph: &Graph, node: NodeId) -> Vec<SiteLink> {
    let mut out = Vec::new();
    for (analysis, offset) in graph.texts(node) {
        let written = analysis.site_links.iter().chain(&analysis.external);
        for (url, span) in written {
            if let Some(target) = parse(url, &graph.base_url, &graph.production_url) {
                out.push(SiteLink {
                    url: url.clone(),
                    span: offset + span.start..offset + span.end,
                    target,
                });
            }
        }
    }
    out.sort_by_key(|l| l.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str, base_url: &str) -> Option<Result<SiteTarget, String>> {
        let base = BaseUrl::parse(base_url).unwrap();
        parse(url, &base, &base)
    }

    #[test]
    fn site_relative_and_absolute_addresses_are_recognised() {
        let t = target("/case-studies/x/#results", "https://example.org/")
            .unwrap()
            .unwrap();
        assert_eq!(t.path, "case-studies/x/");
        assert_eq!(t.anchor.as_deref(), Some("results"));
        assert_eq!(t.page_key(), "case-studies/x/");
        for url in [
            "/case-studies/x",
            "/case-studies/x/index.html",
            "https://example.org/case-studies/x",
            "HTTPS://Example.org/case-studies/x/",
        ] {
            let t = target(url, "https://example.org/").unwrap().unwrap();
            assert_eq!(t.page_key(), "case-studies/x/", "{url}");
        }
        let home = target("https://example.org", "https://example.org/")
            .unwrap()
            .unwrap();
        assert_eq!(home.page_key(), "");
        assert_eq!(home.output_candidates(), ["index.html"]);
        let css = target("/style.css", "https://example.org/")
            .unwrap()
            .unwrap();
        assert_eq!(
            css.output_candidates(),
            ["style.css", "style.css/index.html"]
        );
        let spaced = target("/a%20b/", "https://example.org/").unwrap().unwrap();
        assert_eq!(spaced.path, "a b/");
    }

    #[test]
    fn other_urls_are_not_site_addresses() {
        for url in [
            "https://other.org/x/",
            "//example.org/x/",
            "@/x.md",
            "x/",
            "#top",
            "mailto:a@example.org",
        ] {
            assert!(target(url, "https://example.org/").is_none(), "{url}");
        }
    }

    #[test]
    fn under_a_base_path_an_address_outside_it_is_refused() {
        let t = target("/sub/x/", "https://example.org/sub/")
            .unwrap()
            .unwrap();
        assert_eq!(t.path, "x/");
        assert_eq!(t.prefix, "/sub/");
        let e = target("/x/", "https://example.org/sub/")
            .unwrap()
            .unwrap_err();
        assert!(e.contains("write `/sub/x/`"), "{e}");
    }
}
