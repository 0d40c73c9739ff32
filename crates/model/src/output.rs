//! What the pipeline produces: files of the built site, in memory until the write stage, or
//! handed to a [`Sink`] as render produces them.

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

/// What became of a file handed to a [`Sink`].
#[derive(Debug)]
pub enum Put {
    /// It stays in memory, for the stages after render that read it.
    Kept(OutputFile),
    /// It was written (or dropped, by a run that will not write): only its path (inside the
    /// output folder, `/` separators) stays in memory.
    Written(String),
}

/// Where render hands each page as soon as it is rendered: a build writes most pages to the
/// output being built at once, so a large site is never held in memory whole.
pub trait Sink: Sync {
    /// Takes `file`, keeping it or writing it.
    fn put(&self, file: OutputFile) -> std::io::Result<Put>;
}
