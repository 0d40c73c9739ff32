//! The config's values that are more than their TOML type, each checked as it is read (a
//! problem is a TOML error at the value, with line and column): a GitHub repository, a colour,
//! a citation style.

use serde::{Deserialize, Serialize};

/// A GitHub repository written `owner/name`, checked when the config is read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct GithubRepo(String);

impl GithubRepo {
    /// The repository as written, e.g. `nemours/brightspot`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for GithubRepo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let part = |p: &str| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        match s.split_once('/') {
            Some((owner, name)) if part(owner) && part(name) => Ok(GithubRepo(s)),
            _ => Err(serde::de::Error::custom(format!(
                "`{s}` is not a GitHub repository: write it as `owner/name`, for example \"nemours/brightspot\""
            ))),
        }
    }
}

/// A CSS colour written `#rgb` or `#rrggbb`, checked when the config is read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct HexColor(pub(super) String);

impl HexColor {
    /// The colour as written, e.g. `#0b5cad`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for HexColor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let hex = s.strip_prefix('#').unwrap_or("");
        if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(HexColor(s.to_ascii_lowercase()))
        } else {
            Err(serde::de::Error::custom(format!(
                "`{s}` is not a colour: write it as `#rrggbb`, for example \"#0b5cad\""
            )))
        }
    }
}

/// The citation styles a site may choose in `brightspot.toml`.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CitationStyle {
    /// APA 7th edition (author-date).
    #[default]
    Apa,
    /// Chicago Manual of Style, author-date.
    ChicagoAuthorDate,
    /// American Medical Association (numeric).
    Ama,
}

impl CitationStyle {
    /// The style's display name.
    pub fn name(self) -> &'static str {
        match self {
            CitationStyle::Apa => "APA (7th edition)",
            CitationStyle::ChicagoAuthorDate => "Chicago (author-date)",
            CitationStyle::Ama => "AMA",
        }
    }
}
