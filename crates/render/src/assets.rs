//! Static assets: CSS and JS get content-hashed names (`style.<hash>.css`) so they can be cached
//! forever; everything else is copied as it is.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use content::load::BinaryFile;
use markdown::highlight;
use model::output::OutputFile;

/// The name under which the generated code-highlighting stylesheet is known to templates.
pub const CODE_STYLE: &str = "syntax.css";

/// Output files for the assets, and a map from each fingerprinted asset's name to its new path.
pub struct Assets {
    /// Files to write.
    pub files: Vec<OutputFile>,
    /// `style.css` → `style.3f2a9c1b.css`.
    pub names: BTreeMap<String, String>,
    /// Each static file's output path with the input it comes from, for the output set.
    pub sources: Vec<(String, std::path::PathBuf)>,
}

/// First eight bytes of the SHA-256 of `bytes`, in hex.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `name` with the short hash of `bytes` before its extension (`style.3f2a9c1b.css`).
pub(crate) fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", short_hash(bytes)),
        None => format!("{name}.{}", short_hash(bytes)),
    }
}

/// Copies static files and page-bundle assets, fingerprinting CSS and JS, and adds the generated
/// code stylesheet.
pub fn collect(static_files: &[BinaryFile], bundle_assets: &[BinaryFile]) -> Assets {
    let mut files = Vec::new();
    let mut names = BTreeMap::new();
    let mut sources = Vec::new();
    let code_css = highlight::stylesheet().into_bytes();
    let generated = BinaryFile {
        rel: CODE_STYLE.into(),
        bytes: code_css.into(),
    };
    for f in static_files.iter().chain(std::iter::once(&generated)) {
        let rel = f.rel.to_string_lossy().replace('\\', "/");
        let fingerprint = rel.ends_with(".css") || rel.ends_with(".js");
        let out = if fingerprint {
            fingerprinted(&rel, &f.bytes)
        } else {
            rel.clone()
        };
        sources.push((out.clone(), std::path::Path::new("static").join(&rel)));
        if fingerprint {
            names.insert(rel, out.clone());
        }
        files.push(OutputFile::new(out, f.bytes.to_vec()));
    }
    for f in bundle_assets {
        files.push(OutputFile::new(
            f.rel.to_string_lossy().replace('\\', "/"),
            f.bytes.to_vec(),
        ));
    }
    Assets {
        files,
        names,
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_fingerprinted_and_images_are_not() {
        let a = collect(
            &[
                BinaryFile {
                    rel: "style.css".into(),
                    bytes: b"body{}".to_vec().into(),
                },
                BinaryFile {
                    rel: "logo.png".into(),
                    bytes: vec![1].into(),
                },
            ],
            &[],
        );
        let style = &a.names["style.css"];
        assert!(
            style.starts_with("style.")
                && style.ends_with(".css")
                && style.len() == "style..css".len() + 16
        );
        assert!(a.files.iter().any(|f| f.path == "logo.png"));
        assert!(a.names.contains_key(CODE_STYLE));
    }
}
