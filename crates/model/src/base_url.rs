//! The site's base URL, parsed once (by the `url` crate) and checked: an absolute http(s)
//! address with a host, without credentials, query or fragment, its path ending in `/`. Every
//! absolute URL and every site link is made from it, so none re-reads the text.

use std::fmt;
use std::str::FromStr;

/// The address a site is served from, e.g. `https://example.org/` or `https://example.org/sub/`
/// (always ending in `/`, in the `url` crate's normal form: the host in lower case, the path
/// percent-encoded).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(url::Url);

/// Why a text is not a base URL: what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    /// What is wrong, quoting the text.
    pub message: String,
    /// How to write it instead.
    pub help: String,
}

/// The help of every [`BaseUrlError`]: the form a base URL takes.
const HELP: &str = "write the address the site is served from, with `http://` or `https://` and a host, for example `base_url = \"https://example.org/\"` (or `\"https://example.org/sub/\"` for a site under a sub-path)";

impl BaseUrl {
    /// Parses `text`; a missing trailing slash is added (`https://example.org/sub` is the folder
    /// `/sub/`).
    pub fn parse(text: &str) -> Result<BaseUrl, BaseUrlError> {
        let wrong = |why: &str| BaseUrlError {
            message: format!("`{text}` is not a base URL: {why}"),
            help: HELP.to_string(),
        };
        let mut url = url::Url::parse(text.trim()).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => {
                wrong("it has no `http://` or `https://` in front")
            }
            e => wrong(&e.to_string()),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(wrong(&format!(
                "a site is served over http or https, not `{}:`",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(wrong("it names no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(wrong("it holds a user name or password"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(wrong(
                "a `?query` or `#fragment` cannot start every address of a site",
            ));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl(url))
    }

    /// The whole URL, ending in `/`: `https://example.org/sub/`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The path every site link starts with: `/`, or `/sub/` for a site under a sub-path.
    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// The host, with the port when it is not the scheme's default: `example.org`,
    /// `127.0.0.1:1111`.
    pub fn host(&self) -> String {
        let host = self.0.host_str().unwrap_or_default();
        match self.0.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// The address as people write it: without the scheme and the trailing slash
    /// (`example.org/sub`), as the site's social card shows it.
    pub fn address(&self) -> String {
        format!("{}{}", self.host(), self.path().trim_end_matches('/'))
    }

    /// The absolute URL of `path`, a percent-encoded path relative to the site root
    /// (`case-studies/x/`; empty for the home page).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.as_str())
    }
}

/// `http://localhost/`: it stands in only beside an error about the real address, so nothing
/// built with it is written.
impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl::parse("http://localhost/").unwrap_or_else(|_| unreachable!("a valid URL"))
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--base-url` on the command line: the error is the message and its help on one line.
impl FromStr for BaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BaseUrl::parse(s).map_err(|e| format!("{}; {}", e.message, e.help))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> BaseUrl {
        BaseUrl::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn refused(text: &str) -> String {
        BaseUrl::parse(text).unwrap_err().message
    }

    #[test]
    fn the_parts_callers_need() {
        let site = parsed("https://example.org/");
        assert_eq!(site.as_str(), "https://example.org/");
        assert_eq!(site.path(), "/");
        assert_eq!(site.host(), "example.org");
        assert_eq!(site.address(), "example.org");
        assert_eq!(
            site.absolute("case-studies/x/"),
            "https://example.org/case-studies/x/"
        );
        assert_eq!(site.absolute(""), "https://example.org/");
        assert_eq!(BaseUrl::default().as_str(), "http://localhost/");

        let sub = parsed("http://127.0.0.1:1111/sub");
        assert_eq!(sub.as_str(), "http://127.0.0.1:1111/sub/");
        assert_eq!(sub.path(), "/sub/");
        assert_eq!(sub.host(), "127.0.0.1:1111");
        assert_eq!(sub.address(), "127.0.0.1:1111/sub");
    }

    #[test]
    fn the_normal_form_has_one_trailing_slash_and_a_lower_case_host() {
        assert_eq!(
            parsed("https://example.org").as_str(),
            "https://example.org/"
        );
        assert_eq!(parsed("https://example.org/a/b/").path(), "/a/b/");
        assert_eq!(
            parsed("https://Example.ORG/Sub/").as_str(),
            "https://example.org/Sub/"
        );
        assert_eq!(parsed("https://example.org/my site/").path(), "/my%20site/");
        assert_eq!(
            parsed("https://example.org:443/").as_str(),
            "https://example.org/"
        );
    }

    #[test]
    fn what_cannot_start_every_address_of_a_site_is_refused_with_the_reason() {
        assert!(refused("example.org").contains("no `http://` or `https://`"));
        assert!(refused("/sub/").contains("no `http://` or `https://`"));
        assert!(refused("ftp://example.org/").contains("not `ftp:`"));
        assert!(refused("file:///srv/site/").contains("not `file:`"));
        assert!(refused("https://").contains("empty host"));
        assert!(refused("https://user:pw@example.org/").contains("user name or password"));
        assert!(refused("https://example.org/?a=1").contains("`?query` or `#fragment`"));
        assert!(refused("https://example.org/#top").contains("`?query` or `#fragment`"));
        assert!(refused("").contains("`` is not a base URL"));
        let e = BaseUrl::parse("example.org").unwrap_err();
        assert!(
            e.help.contains("base_url = \"https://example.org/\""),
            "{}",
            e.help
        );
    }
}
