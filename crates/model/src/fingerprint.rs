//! Fingerprints: SHA-256 digests of exactly what a cached result was computed from, so a
//! long-running caller (`serve`) can tell whether an input is unchanged.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// A SHA-256 fingerprint of everything an output or body was made from.
pub type Fingerprint = [u8; 32];

/// Builds a [`Fingerprint`]; strings are length-prefixed so that no two sequences collide.
#[derive(Default, Clone)]
pub struct Hasher(Sha256);

impl Hasher {
    /// Adds a string.
    pub fn write_str(&mut self, s: &str) {
        self.0.update((s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
    }

    /// Adds a number.
    pub fn write_u64(&mut self, n: u64) {
        self.0.update(n.to_le_bytes());
    }

    /// Adds a fingerprint.
    pub fn write_fingerprint(&mut self, fp: &Fingerprint) {
        self.0.update(fp);
    }

    /// Adds a value as its JSON serialization (the form templates see it in).
    pub fn write_json<T: Serialize + ?Sized>(&mut self, value: &T) {
        struct W<'a>(&'a mut Sha256);
        impl std::io::Write for W<'_> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // JSON of a value that serialized once always serializes; a failure would only make the
        // fingerprint differ from every other, which is safe.
        let _ = serde_json::to_writer(W(&mut self.0), value);
        self.0.update([0xff]);
    }

    /// The fingerprint.
    pub fn finish(self) -> Fingerprint {
        self.0.finalize().into()
    }
}

/// Values that derive `Hash` feed the digest directly (in `std`'s encoding of them, which is
/// fixed within one build of the program: fingerprints never leave the process).
impl std::hash::Hasher for Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Unused by `Hash` impls; the first eight bytes of the digest so far.
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
    }
}

/// The fingerprint of a few strings.
pub fn fingerprint_of<'a>(parts: impl IntoIterator<Item = &'a str>) -> Fingerprint {
    let mut h = Hasher::default();
    for p in parts {
        h.write_str(p);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_of_different_splits_differ() {
        assert_ne!(fingerprint_of(["ab", "c"]), fingerprint_of(["a", "bc"]));
        assert_eq!(fingerprint_of(["ab", "c"]), fingerprint_of(["ab", "c"]));
    }
}
