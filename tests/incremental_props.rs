//! Incremental rebuilds as a property: for any sequence of edits to a copy of the repository's
//! own site, each rebuild `serve` would do (told only the paths the watcher reported) equals a
//! clean build byte for byte, with the same diagnostics. proptest draws the sequences and, when
//! one fails, shrinks it to the shortest sequence of the simplest edits that still fails.
//!
//! Runs a fixed seed by default, so the test command is repeatable; `BRIGHTSPOT_PROPTEST_SEED`
//! set to `random` draws a fresh one (printed, so a failure can be replayed by setting it to
//! that number), and `PROPTEST_CASES` sets how many sequences are tried.
//!
//! The load stage's own property (rereading the changed files finds what a fresh load finds) is
//! in `incremental_props/reload.rs`.

mod edits;
mod reload;

use std::path::{Path, PathBuf};

use brightspot::pipeline::{self, Cache};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{TestCaseError, TestRunner};

use crate::common::site_copy;
use crate::incremental::{append, files_of, markdown_files, messages, options, replace_once};
use edits::{config, edit, Edit, Mistake, KEYS, TEMPLATES, VOCABULARIES};

/// A site copy being edited, with `serve`'s cache.
struct Session {
    dir: tempfile::TempDir,
    cache: Cache,
    added_terms: usize,
    /// Whether the last build reported errors.
    errors: bool,
}

/// What one rebuild was, for the edit's own checks.
struct Rebuild {
    fast: bool,
    errors: bool,
    bodies_rendered: usize,
    outputs_rendered: usize,
    outputs_reused: usize,
}

impl Session {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, rel: &Path) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    fn write(&self, rel: &Path, text: &str) {
        std::fs::write(self.root().join(rel), text).unwrap();
    }

    /// Rebuilds as `serve` does after the watcher reported `changed`, and compares the result
    /// (the deferred search index included) with a clean build of the same files.
    fn rebuild(&mut self, changed: &[PathBuf], what: &str) -> Result<Rebuild, TestCaseError> {
        let options = options(self.root());
        let incremental = pipeline::run_incremental(&options, &mut self.cache, Some(changed));
        let fast = incremental
            .timings
            .iter()
            .all(|(stage, _)| *stage != "resolve");
        // The fast path leaves the search index for right after; a full rebuild makes it inline.
        prop_assert_eq!(pipeline::search_pending(&self.cache), fast, "{}", what);
        let files =
            pipeline::finish_search(&mut self.cache).unwrap_or_else(|| incremental.files.clone());
        let clean = pipeline::run(&options);
        prop_assert_eq!(
            messages(&incremental),
            messages(&clean),
            "{}: diagnostics differ",
            what
        );
        let ours = files_of(&files);
        let theirs = files_of(&clean.files);
        prop_assert!(
            ours == theirs,
            "{}: differs from a clean build first in {:?}",
            what,
            ours.iter()
                .zip(&theirs)
                .find(|(a, b)| a != b)
                .map(|(a, _)| a.0)
                .or_else(|| (ours.len() != theirs.len()).then_some("the number of files"))
        );
        let r = incremental.reuse;
        self.errors = incremental.has_errors();
        Ok(Rebuild {
            fast,
            errors: incremental.has_errors(),
            bodies_rendered: r.bodies_rendered,
            outputs_rendered: r.outputs_rendered,
            outputs_reused: r.outputs_reused,
        })
    }

    /// Applies one edit and checks every rebuild it causes.
    fn apply(&mut self, edit: &Edit) -> Result<(), TestCaseError> {
        let pages = markdown_files(self.root());
        let page = |i: &Index| i.get(&pages).clone();
        let what = format!("{edit:?}");
        match edit {
            Edit::AppendParagraph(i) => {
                let p = page(i);
                let was_clean = !self.errors;
                append(self.root(), &p, "\n\nOne more sentence for the test.\n");
                let r = self.rebuild(std::slice::from_ref(&p), &what)?;
                // A one-page edit renders that page alone when nothing others show changed (a
                // chapter also renders the whole-paper page), and otherwise still reuses most.
                if was_clean && !r.errors {
                    if r.fast {
                        let outputs = if p.starts_with("content/paper") { 2 } else { 1 };
                        prop_assert_eq!((r.bodies_rendered, r.outputs_rendered), (1, outputs));
                    } else {
                        prop_assert!(r.outputs_rendered * 4 < r.outputs_reused, "{}", what);
                        prop_assert!(r.bodies_rendered <= 3, "{}", what);
                    }
                }
            }
            Edit::Retitle(i) => {
                let p = page(i);
                replace_once(self.root(), &p, "title = \"", "title = \"Renamed ");
                self.rebuild(&[p], &what)?;
            }
            Edit::AddLink(i, j) => {
                let p = page(i);
                let target = page(j);
                let target = target
                    .strip_prefix("content")
                    .unwrap()
                    .display()
                    .to_string();
                append(
                    self.root(),
                    &p,
                    &format!("\n\nSee [this page](@/{target}).\n"),
                );
                self.rebuild(&[p], &what)?;
            }
            Edit::AddCitation(i, k) => {
                let p = page(i);
                let key = k.get(KEYS);
                append(
                    self.root(),
                    &p,
                    &format!("\n\nAs the sources say [@{key}].\n"),
                );
                self.rebuild(&[p], &what)?;
            }
            Edit::ChangeSummary(i) => {
                let p = page(i);
                replace_once(self.root(), &p, "summary = \"", "summary = \"In short: ");
                self.rebuild(&[p], &what)?;
            }
            Edit::RenameHeading(i) => {
                let p = page(i);
                replace_once(self.root(), &p, "\n## ", "\n## Renamed: ");
                self.rebuild(&[p], &what)?;
            }
            Edit::FirstParagraph(i) => {
                let p = page(i);
                let text = self.read(&p);
                let body = text.splitn(3, "+++\n").nth(2).unwrap_or("").to_string();
                self.write(
                    &p,
                    &text.replacen(&body, &format!("Opening words. {body}"), 1),
                );
                self.rebuild(&[p], &what)?;
            }
            Edit::MiddleOfPage(i) => {
                // Often a passage quoted on a function's or a topic's page.
                let p = page(i);
                let text = self.read(&p);
                let at = (text.len() / 2..text.len())
                    .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
                    .unwrap_or(text.len());
                self.write(&p, &format!("{} indeed{}", &text[..at], &text[at..]));
                self.rebuild(&[p], &what)?;
            }
            Edit::Template(i) => {
                let rel = Path::new("themes/default/templates").join(i.get(TEMPLATES));
                let text = self.read(&rel);
                self.write(&rel, &format!("{text}{{# edited #}}<!-- edited -->\n"));
                self.rebuild(&[rel], &what)?;
            }
            Edit::Vocabulary(i) => {
                let rel = PathBuf::from(i.get(VOCABULARIES));
                replace_once(self.root(), &rel, "name = \"", "name = \"Edited ");
                self.rebuild(&[rel], &what)?;
            }
            Edit::BibliographyEntry => {
                let rel = PathBuf::from("bibliography/references.bib");
                replace_once(self.root(), &rel, "title = {", "title = {Revised ");
                self.rebuild(&[rel], &what)?;
            }
            Edit::SiteConfig => {
                let rel = PathBuf::from("brightspot.toml");
                replace_once(self.root(), &rel, "title = \"", "title = \"New ");
                self.rebuild(&[rel], &what)?;
            }
            Edit::AddGlossaryTerm => {
                self.added_terms += 1;
                let n = self.added_terms;
                let rel = PathBuf::from(format!("content/glossary/new-term-{n}.md"));
                self.write(
                    &rel,
                    &format!("+++\ntitle = \"Learning collaborative {n}\"\nsummary = \"A made-up term for the test.\"\n+++\nIt links to [integrators](@/glossary/integrator.md).\n"),
                );
                self.rebuild(&[rel], &what)?;
            }
            Edit::MoveAndBack(i) => {
                let from = page(i);
                // `_index.md` names its folder's section: move a section by its folder instead
                // (the home page's folder is `content/` itself, which stays).
                if from == Path::new("content/_index.md") {
                    return Ok(());
                }
                let (from, to) = if from.ends_with("_index.md") {
                    let dir = from.parent().unwrap().to_path_buf();
                    let moved = dir.with_file_name(format!(
                        "{}-moved",
                        dir.file_name().unwrap().to_string_lossy()
                    ));
                    (dir, moved)
                } else {
                    let moved = from.with_file_name(format!(
                        "moved-{}",
                        from.file_name().unwrap().to_string_lossy()
                    ));
                    (from, moved)
                };
                std::fs::rename(self.root().join(&from), self.root().join(&to)).unwrap();
                self.rebuild(&[from.clone(), to.clone()], &format!("{what}, moved"))?;
                std::fs::rename(self.root().join(&to), self.root().join(&from)).unwrap();
                self.rebuild(&[to, from], &format!("{what}, moved back"))?;
            }
            Edit::BreakThenFix(i, mistake) => {
                let (rel, broken) = self.mistake(&page(i), *mistake);
                let before = self.read(&rel);
                let was_clean = !self.errors;
                self.write(&rel, &broken);
                let r = self.rebuild(std::slice::from_ref(&rel), &format!("{what}, broken"))?;
                prop_assert!(r.errors, "{}: the mistake was not reported", what);
                self.write(&rel, &before);
                let r = self.rebuild(&[rel], &format!("{what}, fixed"))?;
                if was_clean {
                    prop_assert!(!r.errors, "{}: errors remain after the fix", what);
                }
            }
        }
        Ok(())
    }

    /// The file a mistake goes in, and its text with the mistake.
    fn mistake(&self, page: &Path, mistake: Mistake) -> (PathBuf, String) {
        let text = self.read(page);
        let after_fence = |insert: &str| text.replacen("+++\n", &format!("+++\n{insert}"), 1);
        match mistake {
            Mistake::UnknownField => (page.into(), after_fence("titel = \"A typo\"\n")),
            Mistake::TomlSyntax => (page.into(), after_fence("title = = \"x\"\n")),
            Mistake::UnknownCitation => (page.into(), format!("{text}\n\nSee [@no-such-key].\n")),
            Mistake::LinkToMissingPage => (
                page.into(),
                format!("{text}\n\nSee [gone](@/no/such/page.md).\n"),
            ),
            Mistake::BrokenVocabulary => {
                let rel = PathBuf::from("data/topics.toml");
                let text = self.read(&rel);
                (rel, format!("{text}\n[[terms]\nid = \"x\"\n"))
            }
        }
    }
}

#[test]
fn any_sequence_of_edits_rebuilds_like_a_clean_build() {
    let mut runner = TestRunner::new(config(3));
    let result = runner.run(&prop::collection::vec(edit(), 1..=8), |edits| {
        let dir = site_copy();
        let mut cache = Cache::incremental();
        cache.defer_search = true;
        let first = pipeline::run_cached(&options(dir.path()), &mut cache);
        prop_assert!(!first.has_errors(), "{:?}", first.diagnostics);
        let mut session = Session {
            dir,
            cache,
            added_terms: 0,
            errors: false,
        };
        for edit in &edits {
            session.apply(edit)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
