//! [`CiteKey`]: the name of a work of the bibliography, from the citation that writes it to the
//! entry, reference page and reference list that answer it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A bibliography key, as written after `@` in a citation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CiteKey(pub String);

impl CiteKey {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CiteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for CiteKey {
    fn from(key: &str) -> Self {
        CiteKey(key.to_string())
    }
}

impl PartialEq<str> for CiteKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl AsRef<str> for CiteKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Compares, orders and hashes as its text (derived on the one field), so maps keyed by keys are
// looked up by a `&str`.
impl std::borrow::Borrow<str> for CiteKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for CiteKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}
