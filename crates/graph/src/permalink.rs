//! A page's address: [`Permalink`], relative to the site root, and the percent-encoding of its
//! path segments in links and absolute URLs.

use std::fmt;

use serde::Serialize;

use model::base_url::BaseUrl;

/// A page's or listing's address relative to the site root: `case-studies/x/` (empty for home).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Permalink(String);

impl Permalink {
    /// A permalink from path segments.
    pub fn from_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> Permalink {
        let mut s = String::new();
        for seg in segments.into_iter().filter(|s| !s.is_empty()) {
            s.push_str(seg.trim_matches('/'));
            s.push('/');
        }
        Permalink(s)
    }

    /// The path relative to the site root.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The link to use in HTML, under the site's base path (`/sub/case-studies/x/`), with every
    /// character a URL path may not hold percent-encoded (`a b/` → `a%20b/`).
    pub fn url(&self, base_path: &str) -> String {
        format!("{base_path}{}", encode_path(&self.0))
    }

    /// The absolute URL at the site's base URL, percent-encoded.
    pub fn absolute(&self, base: &BaseUrl) -> String {
        base.absolute(&encode_path(&self.0))
    }

    /// The output file holding this page.
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.0)
    }
}

/// Characters percent-encoded in a URL path segment (RFC 3986 `pchar`; non-ASCII is always
/// encoded): folder and file names may hold spaces, quotes or accented letters.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A `/`-separated path with each segment percent-encoded.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| percent_encoding::utf8_percent_encode(seg, PATH_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

impl fmt::Display for Permalink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.0)
    }
}
