//! The bibliography as data: `bibliography/*.bib` parsed by the `biblatex` crate, converted to
//! hayagriva entries for CSL formatting, and joined with the annotations. Part of validate.

pub mod annotation;
mod csl_html;
mod dates;
mod engine_quirks;
pub mod export;
mod letters;
mod locales;
pub mod style;
mod title_case;
pub mod work;
pub mod work_formats;
#[cfg(test)]
mod work_tests;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::load::TextFile;
use crate::vocab::Vocabulary;
pub use annotation::{Annotation, EvidenceType, EVIDENCE_TYPES};
pub use letters::apply as with_letter;
pub use model::cite_key::CiteKey;
use model::diagnostics::Diagnostic;
pub use style::Styler;
pub use work::{Name, Work};

/// One work of the bibliography.
#[derive(Debug, Clone)]
pub struct BibEntry {
    /// Its key.
    pub key: CiteKey,
    /// The `.bib` file it is in.
    pub file: PathBuf,
    /// Byte range of its key in that file.
    pub span: Range<usize>,
    /// The entry as parsed by `biblatex` (for BibTeX and RIS export).
    pub raw: biblatex::Entry,
    /// The entry as hayagriva reads it (for CSL formatting).
    pub entry: hayagriva::Entry,
    /// A fingerprint of the text it was parsed from (its chunk of the `.bib` file): the exact
    /// input of its formatting, which `serve`'s memo of formatted references is keyed by.
    pub source: model::fingerprint::Fingerprint,
    /// Its annotation, if one was written.
    pub annotation: Option<Annotation>,
}

impl BibEntry {
    /// A field's text, braces removed.
    pub fn field(&self, name: &str) -> Option<String> {
        use biblatex::ChunksExt;
        self.raw
            .fields
            .get(name)
            .map(|c| c.format_verbatim())
            .filter(|s| !s.trim().is_empty())
    }

    /// Family names of the authors (or the institution/organization), for sorting and display.
    pub fn sort_name(&self) -> String {
        let persons = self.raw.author().unwrap_or_default();
        let first = persons.first().map(|p| p.name.clone());
        first
            .or_else(|| self.field("organization"))
            .or_else(|| self.field("institution"))
            .or_else(|| self.field("title"))
            .unwrap_or_else(|| self.key.0.clone())
            .to_lowercase()
    }

    /// The authors as running text names them: "Kania", "Kania and Kramer", "Turner et al."; a
    /// work without personal authors by its title.
    pub fn names_in_prose(&self) -> String {
        let persons = self.raw.author().unwrap_or_default();
        let more = persons.iter().any(|p| p.name == "others");
        let names: Vec<&str> = persons
            .iter()
            .filter(|p| p.name != "others")
            .map(|p| p.name.as_str())
            .collect();
        match (names.as_slice(), more) {
            ([], _) => self.field("title").unwrap_or_else(|| self.key.to_string()),
            ([one], false) => one.to_string(),
            ([a, b], false) => format!("{a} and {b}"),
            ([first, ..], _) => format!("{first} et al."),
        }
    }

    /// The year, if the entry has a date.
    pub fn year(&self) -> Option<i32> {
        self.entry.date_any().map(|d| d.year)
    }
}

/// All bibliography entries, sorted by key.
#[derive(Debug, Clone, Default)]
pub struct Bibliography {
    /// The entries.
    pub entries: Vec<BibEntry>,
    index: BTreeMap<String, usize>,
    /// Keys of entries that did not parse (already reported; citing them is not another error).
    pub broken: std::collections::BTreeSet<CiteKey>,
    /// The letter of each work that shares its authors and year with another (APA's order).
    pub letters: BTreeMap<String, String>,
}

impl Bibliography {
    /// The entry with this key.
    pub fn get(&self, key: &(impl AsRef<str> + ?Sized)) -> Option<&BibEntry> {
        self.index.get(key.as_ref()).map(|i| &self.entries[*i])
    }

    /// The letter after the year of a work that shares authors and year with another.
    pub fn letter(&self, key: &(impl AsRef<str> + ?Sized)) -> Option<&str> {
        self.letters.get(key.as_ref()).map(String::as_str)
    }

    /// Every key, for suggestions.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_str())
    }
}

/// Parses the `.bib` files and annotations; an annotation without an entry is an error, an entry
/// without an annotation a warning.
pub fn load(
    bib_files: &[TextFile],
    annotations: &[TextFile],
    topics: Option<&Vocabulary>,
) -> (Bibliography, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut entries: Vec<BibEntry> = Vec::new();
    let mut broken = std::collections::BTreeSet::new();
    for file in bib_files {
        // Each entry is parsed alone, so a typo in one loses only that entry.
        for (offset, chunk) in entry_chunks(&file.text) {
            let shift = |r: &Range<usize>| offset + r.start..offset + r.end;
            let bib = match biblatex::Bibliography::parse(chunk) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(
                        Diagnostic::error(&file.path, shift(&e.span), format!("BibTeX syntax error: {}", e.kind))
                            .with_help("check the braces and commas of this entry; each field is `name = {value},`"),
                    );
                    broken.extend(chunk_key(chunk).map(CiteKey));
                    continue;
                }
            };
            if let Some((raw, (field, text, why))) = bib
                .iter()
                .find_map(|e| dates::unreadable(e).map(|found| (e, found)))
            {
                problems.push(
                    Diagnostic::error(
                        &file.path,
                        shift(&key_span(chunk, &raw.key)),
                        format!(
                            "malformed BibTeX field: `{field} = {{{text}}}` {}",
                            why.message()
                        ),
                    )
                    .with_help("dates are written YYYY-MM-DD (or YYYY, YYYY-MM)"),
                );
                broken.extend(chunk_key(chunk).map(CiteKey));
                continue;
            }
            let library = match hayagriva::io::from_biblatex(&bib) {
                Ok(l) => l,
                Err(errors) => {
                    for e in errors {
                        problems.push(
                            Diagnostic::error(&file.path, shift(&e.span), format!("malformed BibTeX field: {}", e.kind))
                                .with_help("dates are written YYYY-MM-DD (or YYYY, YYYY-MM); names as `Last, First and Last, First`"),
                        );
                    }
                    broken.extend(chunk_key(chunk).map(CiteKey));
                    continue;
                }
            };
            let source = model::fingerprint::fingerprint_of([chunk]);
            for raw in bib.iter() {
                let Some(entry) = library.get(&raw.key) else {
                    continue;
                };
                let span = key_span(chunk, &raw.key);
                let span = shift(&span);
                if let Some(prev) = entries.iter().find(|e| e.key.0 == raw.key) {
                    problems.push(
                        Diagnostic::error(
                            &file.path,
                            span,
                            format!("bibliography key `{}` is defined twice", raw.key),
                        )
                        .with_help(format!(
                            "the other definition is in {}; keys must be unique",
                            prev.file.display()
                        )),
                    );
                    continue;
                }
                if !export::round_trips(raw) {
                    problems.push(
                        Diagnostic::error(&file.path, span, format!("entry `{}` cannot be written to the BibTeX download: written back, its TeX does not parse", raw.key))
                            .with_help("write special characters as plain text (`^`, `$`, `é`) rather than TeX escapes or accent commands"),
                    );
                    broken.insert(CiteKey(raw.key.clone()));
                    continue;
                }
                if let Some(problem) = title_problem(raw) {
                    problems.push(
                        Diagnostic::error(&file.path, span.clone(), format!("entry `{}` {problem}", raw.key))
                            .with_help("write the work's title as the source prints it, e.g. `title = {Collective impact},`; for a work without a title, or whose title the sources do not give, describe it in square brackets as APA 7 does: `title = {[Annual report of the network]},`"),
                    );
                }
                if title_case::looks_like_title_case(raw) {
                    problems.push(
                        Diagnostic::warning(&file.path, span.clone(), format!("the title of `{}` looks like title case", raw.key))
                            .with_help("write titles in sentence case, as APA 7 prints them (Chicago makes its own title case from them), and brace proper nouns so no style lowers them: `title = {Announcing networks selected for {Nemours} 2020 {Integrator Learning Lab}},`"),
                    );
                }
                entries.push(BibEntry {
                    key: CiteKey(raw.key.clone()),
                    file: file.path.clone(),
                    span,
                    raw: raw.clone(),
                    entry: with_publisher(entry.clone(), raw),
                    source,
                    annotation: None,
                });
            }
        }
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    let index: BTreeMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.0.clone(), i))
        .collect();
    let letters = letters::assign(&entries);
    let mut bibliography = Bibliography {
        entries,
        index,
        broken,
        letters,
    };

    let mut invalid_annotations = std::collections::BTreeSet::new();
    for file in annotations {
        // The path under `bibliography/annotations/` without `.md`: a key with `/` has its
        // annotation in a folder, as the warning for a missing one says.
        let key = file
            .path
            .strip_prefix("bibliography/annotations")
            .unwrap_or(&file.path)
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        if bibliography.broken.contains(key.as_str()) {
            continue;
        }
        let Some(&i) = bibliography.index.get(&key) else {
            let mut d = Diagnostic::general(
                Some(file.path.clone()),
                format!("annotation for unknown bibliography key `{key}`"),
            );
            d = d.with_help(model::diagnostics::did_you_mean(&key, bibliography.keys()).unwrap_or_else(|| {
                "name the file after the key of an entry in bibliography/*.bib, e.g. `kania2011.md`".into()
            }));
            problems.push(d);
            continue;
        };
        match annotation::parse(file, topics) {
            Ok(a) => {
                problems.extend(a.body.markdown_problems(&a.file));
                bibliography.entries[i].annotation = Some(a);
            }
            Err(d) => {
                problems.extend(d);
                invalid_annotations.insert(key);
            }
        }
    }
    for e in &bibliography.entries {
        // An annotation that exists but is invalid has its own error; "missing" would be false.
        if e.annotation.is_none() && !invalid_annotations.contains(e.key.as_str()) {
            problems.push(Diagnostic::warning(&e.file, e.span.clone(), format!("entry `{}` has no annotation", e.key))
                .with_help(format!("write bibliography/annotations/{}.md with the parts Summary, Evaluation and Relevance to integrators", e.key)));
        }
    }
    (bibliography, problems)
}

/// What is wrong with an entry's title, if anything: missing, empty, or a placeholder.
fn title_problem(raw: &biblatex::Entry) -> Option<&'static str> {
    use biblatex::ChunksExt;
    let Some(title) = raw.fields.get("title").map(|c| c.format_verbatim()) else {
        return Some("has no `title`");
    };
    let plain: String = title
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    const PLACEHOLDERS: &[&str] = &[
        "",
        "untitled",
        "no title",
        "title",
        "tbd",
        "todo",
        "tk",
        "na",
        "unknown",
        "unknown title",
        "placeholder",
        "xxx",
    ];
    PLACEHOLDERS
        .contains(&plain.as_str())
        .then_some("has no real title (an empty or placeholder `title`)")
}

/// hayagriva reads a report's `institution` and a web page's `organization` as an organization,
/// which the CSL styles do not print; make it the publisher, unless it is already the (group)
/// author, whom APA does not repeat.
fn with_publisher(mut entry: hayagriva::Entry, raw: &biblatex::Entry) -> hayagriva::Entry {
    use biblatex::ChunksExt;
    // BibLaTeX's `location` alone becomes a publisher with a place and no name: it still needs
    // the institution's name (martin2017's report printed none).
    let place = match entry.publisher() {
        Some(p) if p.name().is_some() => return entry,
        Some(p) => p.location().cloned(),
        None => None,
    };
    // A report's institution, else a web page's site (organization).
    let Some(institution) = ["institution", "organization"]
        .iter()
        .find_map(|f| raw.fields.get(*f).map(|c| c.format_verbatim()))
    else {
        return entry;
    };
    let author_is_institution = raw
        .author()
        .unwrap_or_default()
        .iter()
        .any(|p| p.name == institution);
    if !author_is_institution {
        entry.set_publisher(hayagriva::types::Publisher::new(
            Some(hayagriva::types::FormatString::with_value(institution)),
            place,
        ));
    }
    entry
}

/// The file cut at each line starting with `@`: one chunk per entry (comments before the first
/// entry form a chunk of their own), with each chunk's byte offset.
fn entry_chunks(text: &str) -> Vec<(usize, &str)> {
    let mut starts = vec![0];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if pos > 0 && line.trim_start().starts_with('@') {
            starts.push(pos);
        }
        pos += line.len();
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| (w[0], &text[w[0]..w[1]]))
        .collect()
}

/// The key of an entry's text (`@type{key,`), even when the rest does not parse.
fn chunk_key(chunk: &str) -> Option<String> {
    let at = chunk.find('@')?;
    let open = at + chunk[at..].find('{')?;
    let rest = &chunk[open + 1..];
    let end = rest.find([',', '\n', '}'])?;
    let key = rest[..end].trim();
    (!key.is_empty()).then(|| key.to_string())
}

fn key_span(text: &str, key: &str) -> Range<usize> {
    let needle = format!("{{{key},");
    text.find(&needle).map_or_else(
        || model::span::char_at(text, 0),
        |i| i + 1..i + 1 + key.len(),
    )
}
