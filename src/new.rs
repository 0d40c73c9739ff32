//! `brightspot new`: starts a case study, a page or a bibliography reference from an archetype:
//! a file with every front-matter field and a comment explaining each. A site may override an
//! archetype with its own file in `archetypes/`; the built-in ones are this repository's.

use std::path::{Path, PathBuf};

/// What to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A case study in the section whose pages are case studies.
    CaseStudy,
    /// A generic page.
    Page,
    /// A bibliography entry (`bibliography/<key>.bib`) and its annotation.
    Reference,
}

const CASE_STUDY: &str = include_str!("../archetypes/case-study.md");
const PAGE: &str = include_str!("../archetypes/page.md");
const REFERENCE_BIB: &str = include_str!("../archetypes/reference.bib");
const REFERENCE_MD: &str = include_str!("../archetypes/reference.md");

/// Why nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub enum NewError {
    /// The name gives no usable file name.
    BadName(String),
    /// A file of that name exists (it is never overwritten).
    Exists(PathBuf),
    /// A bibliography entry with that key exists.
    KeyTaken(String, PathBuf),
    /// The name holds a character that would break the BibTeX entry it is written into.
    BadKey(String, char),
    /// Reading or writing failed.
    Io(PathBuf, String),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::BadName(n) => write!(
                f,
                "cannot make a file name from {n:?}: use letters or digits"
            ),
            NewError::Exists(p) => write!(
                f,
                "{} already exists; it was left unchanged (choose another name, or edit that file)",
                p.display()
            ),
            NewError::KeyTaken(k, p) => write!(
                f,
                "the bibliography already has an entry `{k}` (in {}); choose another key",
                p.display()
            ),
            NewError::BadKey(n, c) => write!(
                f,
                "{n:?} cannot name a reference: `{}` would break the BibTeX entry; use letters, digits and dashes, such as smith2021",
                c.escape_default()
            ),
            NewError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

/// What was written, for the message that follows.
#[derive(Debug)]
pub struct Created {
    /// The files written, relative to the root.
    pub files: Vec<PathBuf>,
    /// What to do next, one step a line.
    pub next_steps: Vec<String>,
}

/// Lowercase words joined by dashes: `"Get Ready, Guilford!"` → `get-ready-guilford`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Today's date in UTC as `YYYY-MM-DD` (days-from-civil inverse, so no date crate is needed).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{{{k}}}}}"), v);
    }
    s
}

/// The site's own archetype if it has one, else the built-in one.
fn archetype(root: &Path, file: &str, builtin: &str) -> Result<String, NewError> {
    let path = root.join("archetypes").join(file);
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(builtin.to_string()),
        Err(e) => Err(NewError::Io(path, e.to_string())),
    }
}

/// The folder (under `content/`) whose `_index.md` declares `page_type = "case_study"`; the
/// first in name order, or `case-studies` when there is none.
fn case_study_section(root: &Path) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("_index.md")) else {
            continue;
        };
        let Some(front) = text
            .strip_prefix("+++")
            .and_then(|rest| rest.split_once("\n+++").map(|(f, _)| f))
        else {
            continue;
        };
        let is_case_studies = front
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| {
                t.get("page_type")
                    .and_then(|v| v.as_str())
                    .map(|v| v == "case_study")
            })
            .unwrap_or(false);
        if is_case_studies {
            if let Some(name) = dir.file_name() {
                return Path::new("content").join(name);
            }
        }
    }
    PathBuf::from("content/case-studies")
}

/// Writes `text` to `root/rel`, refusing to replace anything (the check and the creation are one
/// step, so a file that appears meanwhile is not clobbered either).
fn create(root: &Path, rel: &Path, text: &str) -> Result<(), NewError> {
    use std::io::Write as _;
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NewError::Io(rel.to_path_buf(), e.to_string()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                NewError::Exists(rel.to_path_buf())
            } else {
                NewError::Io(rel.to_path_buf(), e.to_string())
            }
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| NewError::Io(rel.to_path_buf(), e.to_string()))
}

/// The `.bib` file that already defines `key`, if any.
fn key_in_bibliography(root: &Path, key: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(root.join("bibliography")).ok()?;
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files.into_iter().find(|p| {
        p.extension().is_some_and(|e| e == "bib")
            && std::fs::read_to_string(p).is_ok_and(|t| {
                t.lines().any(|l| {
                    let l = l.trim_start();
                    l.starts_with('@')
                        && l.split_once('{').is_some_and(|(_, rest)| {
                            rest.trim().trim_end_matches(',').trim() == key
                        })
                })
            })
    })
}

/// Creates the files for `kind` named `name` in the project at `root`. `section` places a page
/// in a folder under `content/` (case studies go to the case-study section).
pub fn new(
    root: &Path,
    kind: Kind,
    name: &str,
    section: Option<&str>,
) -> Result<Created, NewError> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::BadName(name.to_string()));
    }
    let date = today();
    let year = date[..4].to_string();
    let title = name.trim().replace('\\', "\\\\").replace('"', "\\\"");
    let vars = [
        ("name", title.as_str()),
        ("slug", slug.as_str()),
        ("key", slug.as_str()),
        ("date", date.as_str()),
        ("year", year.as_str()),
    ];
    if let Some(s) = section {
        if s.starts_with('/') || s.contains('\\') || s.split('/').any(|p| p == ".." || p == ".") {
            return Err(NewError::BadName(s.to_string()));
        }
    }
    match kind {
        Kind::CaseStudy | Kind::Page => {
            let (dir, file, builtin) = if kind == Kind::CaseStudy {
                (case_study_section(root), "case-study.md", CASE_STUDY)
            } else {
                let dir = section.map_or_else(
                    || PathBuf::from("content"),
                    |s| Path::new("content").join(s.trim_matches('/')),
                );
                (dir, "page.md", PAGE)
            };
            let rel = dir.join(format!("{slug}.md"));
            let text = fill(&archetype(root, file, builtin)?, &vars);
            create(root, &rel, &text)?;
            let url = rel
                .strip_prefix("content")
                .unwrap_or(&rel)
                .with_extension("");
            let mut next_steps = vec![
                format!("fill in {} (the comments explain each field)", rel.display()),
                "preview it while you type: brightspot serve --drafts, then open the address it prints".to_string(),
                "check it: brightspot check --drafts (every problem is listed with its line and how to fix it)".to_string(),
            ];
            next_steps.push(format!(
                "when it is ready, set draft = false; it will be published at /{}/",
                url.display()
            ));
            Ok(Created {
                files: vec![rel],
                next_steps,
            })
        }
        Kind::Reference => {
            // The name is written into the entry (`title = {{name}}`): BibTeX's braces, its
            // escapes and entry syntax would let it end the entry and start another.
            if let Some(c) = name
                .chars()
                .find(|c| matches!(c, '{' | '}' | '\\' | '@' | '%' | '#' | '"') || c.is_control())
            {
                return Err(NewError::BadKey(name.to_string(), c));
            }
            if let Some(existing) = key_in_bibliography(root, &slug) {
                let shown = existing
                    .strip_prefix(root)
                    .unwrap_or(&existing)
                    .to_path_buf();
                return Err(NewError::KeyTaken(slug, shown));
            }
            let bib = PathBuf::from("bibliography").join(format!("{slug}.bib"));
            let note = PathBuf::from("bibliography/annotations").join(format!("{slug}.md"));
            for p in [&bib, &note] {
                if root.join(p).exists() {
                    return Err(NewError::Exists(p.clone()));
                }
            }
            let bib_text = fill(&archetype(root, "reference.bib", REFERENCE_BIB)?, &vars);
            let note_text = fill(&archetype(root, "reference.md", REFERENCE_MD)?, &vars);
            create(root, &bib, &bib_text)?;
            if let Err(e) = create(root, &note, &note_text) {
                // Leave nothing half-made.
                let _ = std::fs::remove_file(root.join(&bib));
                return Err(e);
            }
            Ok(Created {
                files: vec![bib.clone(), note.clone()],
                next_steps: vec![
                    format!("fill in {} from the source (or paste the BibTeX your reference manager exports, keeping the key `{slug}`)", bib.display()),
                    format!("write the annotation in {}: Summary, Evaluation, Relevance to integrators", note.display()),
                    format!("cite it in a page as [@{slug}] and list it in the page's `sources`"),
                    "check it: brightspot check".to_string(),
                ],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Get Ready, Guilford!"), "get-ready-guilford");
        assert_eq!(slugify("  DC   Health Matters "), "dc-health-matters");
        assert_eq!(slugify("Smith 2021"), "smith-2021");
        assert_eq!(slugify("Ça va"), "a-va");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_414), "2025-11-22");
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn placeholders_are_filled_and_others_kept() {
        let s = fill(
            "@online{{{key}},\n  author = {{Nemours}},\n  title = {{{name}}},",
            &[("key", "k1"), ("name", "N")],
        );
        assert_eq!(s, "@online{k1,\n  author = {{Nemours}},\n  title = {N},");
    }
}
