//! What the pipeline produces: files of the built site, in memory until the write stage.

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    /// The file's bytes, shared: `serve` keeps unchanged outputs between rebuilds without
    /// copying them.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl OutputFile {
    /// A file at `path` inside the output.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
