//! Reports bounded whatever the input: at most [`MAX_PER_KIND`] diagnostics of one kind (the
//! message with its quoted names and numbers blanked) per file, then one "… and N more" entry.

use std::path::PathBuf;

use super::{Diagnostic, Severity};

/// At most this many problems of one kind are printed per file; the rest are counted in one
/// "and N more" line, so 100,000 copies of a mistake print (and hold in memory) fifty.
pub const MAX_PER_KIND: usize = 50;

/// What a report prints, in order: a diagnostic, or how many of one kind in one file were not
/// printed (after that file's last printed diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A diagnostic to print.
    Shown(&'a Diagnostic),
    /// `count` more diagnostics like `first` (same file, severity and kind) were left out.
    Omitted {
        /// The first of the kind, which was printed.
        first: &'a Diagnostic,
        /// How many were left out.
        count: usize,
    },
}

impl Diagnostic {
    /// What kind of problem this is, for capping repeats: the message with the names it quotes
    /// in backticks and its numbers blanked (`unknown citation key `a`` and `… `b`` are one kind).
    pub fn kind(&self) -> String {
        let mut kind = String::with_capacity(self.message.len());
        let mut quoted = false;
        for c in self.message.chars() {
            match c {
                '`' => {
                    if !quoted {
                        kind.push_str("`…");
                    }
                    quoted = !quoted;
                    if !quoted {
                        kind.push('`');
                    }
                }
                _ if quoted => {}
                '0'..='9' => {
                    if !kind.ends_with('#') {
                        kind.push('#');
                    }
                }
                _ => kind.push(c),
            }
        }
        kind
    }
}

/// The entries to print for `diagnostics` (sorted by file, as [`sort`] leaves them): the first
/// [`MAX_PER_KIND`] of each kind per file, then one [`Entry::Omitted`] per kind that had more.
pub fn capped(diagnostics: &[Diagnostic]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    // Per kind in the current file: how many seen, and the first one.
    let mut kinds: Vec<KindCount<'_>> = Vec::new();
    let mut file: Option<&Option<PathBuf>> = None;
    for d in diagnostics {
        if file != Some(&d.file) {
            flush(&mut kinds, &mut out);
            file = Some(&d.file);
        }
        let kind = d.kind();
        let seen = match kinds
            .iter_mut()
            .find(|(s, k, _, _)| *s == d.severity && *k == kind)
        {
            Some(entry) => {
                entry.2 += 1;
                entry.2
            }
            None => {
                kinds.push((d.severity, kind, 1, d));
                1
            }
        };
        if seen <= MAX_PER_KIND {
            out.push(Entry::Shown(d));
        }
    }
    flush(&mut kinds, &mut out);
    out
}

/// Appends an [`Entry::Omitted`] for each kind of one file that had more than the cap.
type KindCount<'a> = (Severity, String, usize, &'a Diagnostic);
fn flush<'a>(kinds: &mut Vec<KindCount<'a>>, out: &mut Vec<Entry<'a>>) {
    for (_, _, n, first) in kinds.drain(..) {
        if n > MAX_PER_KIND {
            out.push(Entry::Omitted {
                first,
                count: n - MAX_PER_KIND,
            });
        }
    }
}

/// "… and N more errors like this in FILE: kind".
pub fn omitted_message(first: &Diagnostic, count: usize) -> String {
    let what = match (first.severity, count) {
        (Severity::Error, 1) => "error",
        (Severity::Error, _) => "errors",
        (Severity::Warning, 1) => "warning",
        (Severity::Warning, _) => "warnings",
    };
    let place = first
        .file
        .as_ref()
        .map_or_else(String::new, |f| format!(" in {}", f.display()));
    format!(
        "… and {count} more {what} like this{place}: {}",
        first.kind()
    )
}
