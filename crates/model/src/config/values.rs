//! The config's values that are more than their TOML type, each checked as it is read (a
//! problem is a TOML error at the value, with line and column): a GitHub repository, a colour.

use serde::Deserialize;

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
