//! What a long-running caller keeps between runs ([`Cache`]) and the fast path it allows.

use std::path::PathBuf;
use std::sync::Arc;

use content::bibliography::Styler;
use content::load;
use model::config::CitationStyle;
use model::diagnostics::{Diagnostic, SourceMap};
use model::fingerprint::{Fingerprint, Hasher};
use model::memo::{Memo, Run};
use model::output::OutputFile;
use render::Templates;

use crate::incremental::{self, Last};
use crate::outcome::draft_count;
use crate::{search_job, Options, Outcome};

/// What a long-running caller (`serve`) keeps between runs so that a rebuild redoes only what
/// changed: the parsed templates (reused while their texts are unchanged), the decoded citation
/// styler (reused while the style is the same) and, for an incremental cache, render's memo of
/// bodies and outputs. Every one is a [`model::memo::Memo`], keyed by the exact inputs of what it
/// keeps, so reuse never changes the output.
#[derive(Default)]
pub struct Cache {
    /// The parsed templates, with a fingerprint of every template file's name, path and text.
    pub(crate) templates: Memo<(), Fingerprint, Arc<Templates>>,
    /// The decoded citation styler, with the style it decodes.
    pub(crate) styler: Memo<(), CitationStyle, Arc<Styler>>,
    /// Render's memo; `None` when the caller does not rebuild (a one-off `build`).
    pub(crate) render: Option<render::memo::Memo>,
    /// Validation's memo, likewise.
    pub(crate) validate: Option<content::Memo>,
    /// The last run's inputs, patched by the next run when it is told what changed.
    pub(crate) sources: Option<load::Sources>,
    /// The last good run's graph and outputs, for the fast path.
    pub(crate) last: Option<Last>,
    /// Let the fast path leave the search index to [`finish_search`] (`serve` shows the edited
    /// page first).
    pub defer_search: bool,
    /// The last run's search files are outdated until [`finish_search`] runs.
    pub(crate) search_pending: bool,
    /// Social images already drawn; `None` when the caller does not rebuild.
    pub(crate) social: Option<render::share::social::Memo>,
    /// Counts runs, so a search index built from an older run is known to be outdated
    /// ([`search_job::install`]).
    pub(crate) generation: u64,
    /// Content images already resized, by their bytes; `None` when the caller does not rebuild.
    pub(crate) images: Option<render::images::Memo>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("templates", &self.templates.len())
            .field("styler", &self.styler.len())
            .field("render", &self.render)
            .finish()
    }
}

impl Cache {
    /// A cache for a caller that rebuilds after edits: later runs redo only what changed.
    pub fn incremental() -> Cache {
        Cache {
            render: Some(render::memo::Memo::default()),
            validate: Some(content::Memo::default()),
            social: Some(Default::default()),
            images: Some(Default::default()),
            ..Cache::default()
        }
    }

    /// The styler for `style`: the kept one, or one decoded on another thread (decoding the CSL
    /// locales takes a noticeable part of a small build, so it overlaps validation).
    pub(crate) fn styler(&self, style: CitationStyle) -> StylerJob {
        match self.styler.get(&(), &style) {
            Some(s) => StylerJob::Ready(s),
            None => StylerJob::Decoding(
                style,
                std::thread::spawn(move || Arc::new(Styler::new(style))),
            ),
        }
    }

    /// Keeps a decoded styler for the next run (replacing one of another style).
    pub(crate) fn keep_styler(&mut self, styler: Arc<Styler>) {
        self.styler.insert((), styler.kind, styler);
    }

    pub(crate) fn templates(
        &mut self,
        files: &[(String, load::TextFile)],
    ) -> Result<Arc<Templates>, Vec<Diagnostic>> {
        let mut h = Hasher::default();
        for (name, file) in files {
            h.write_str(name);
            h.write_str(&file.path.to_string_lossy());
            h.write_str(&file.text);
        }
        // A broken template is reported, and the last good parse stays for the next run.
        let run = Run::new(&self.templates);
        let parsed = run.get_or_make((), h.finish(), || Templates::parse(files).map(Arc::new));
        self.templates = run.finish().0;
        parsed
    }
}

/// A styler that is ready or being decoded.
pub(crate) enum StylerJob {
    Ready(Arc<Styler>),
    Decoding(CitationStyle, std::thread::JoinHandle<Arc<Styler>>),
}

impl StylerJob {
    pub(crate) fn join(self) -> Arc<Styler> {
        match self {
            StylerJob::Ready(s) => s,
            StylerJob::Decoding(style, handle) => handle
                .join()
                .unwrap_or_else(|_| Arc::new(Styler::new(style))),
        }
    }
}

/// Whether the last run left the search index for [`finish_search`].
pub fn search_pending(cache: &Cache) -> bool {
    cache.search_pending
}

/// Rebuilds the search index a fast rebuild left outdated (see [`Cache::defer_search`]) and
/// returns the whole site with it: the files a clean build of the same inputs writes. `None`
/// when nothing was pending (or the index could not be built; the next full run reports why).
/// The same as [`search_job`]'s three steps on one thread.
pub fn finish_search(cache: &mut Cache) -> Option<Vec<OutputFile>> {
    let job = search_job::start(cache)?;
    search_job::install(cache, job.run())
}

/// The fast path of [`crate::run_incremental`] (see [`crate::incremental`]), when the cache has what it
/// needs and the change allows it.
pub(crate) fn fast_path(
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Option<Outcome> {
    let changed = changed?;
    // The fast path renders into memory; a run that writes goes through the whole pipeline.
    if !options.pages.held() {
        return None;
    }
    let Cache {
        render: Some(memo),
        sources: Some(sources),
        last: Some(last),
        defer_search,
        search_pending,
        ..
    } = cache
    else {
        return None;
    };
    let fast = incremental::rebuild(&options.root, changed, last, sources, memo, *defer_search)?;
    *search_pending |= fast.search_pending;
    let graph = &last.graph;
    let out = Outcome {
        files: fast.files,
        diagnostics: last.diagnostics.clone(),
        sources: if last.diagnostics.is_empty() {
            SourceMap::default()
        } else {
            sources.source_map()
        },
        timings: fast.timings,
        output_dir: Some(graph.config.output_dir.clone()),
        page_count: graph.pages.len() + graph.sections.len(),
        draft_count: draft_count(graph),
        // What only `check` reads (it always runs in full) is not gathered here: at 10,000
        // pages the links and the page facts were a third of a one-page edit's time.
        external_links: Vec::new(),
        reuse: fast.reuse,
        page_weight: None,
        weights: Vec::new(),
        budget_kb: graph.config.budget.case_study_kb,
        pages: Vec::new(),
        ..Outcome::default()
    };
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::load::TextFile;
    use std::path::Path;

    fn theme_templates() -> Vec<(String, TextFile)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
        let mut files: Vec<(String, TextFile)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                let text = std::fs::read_to_string(&p).unwrap();
                let path = Path::new("themes/default/templates").join(&name);
                (
                    name,
                    TextFile {
                        path,
                        text: text.into(),
                    },
                )
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    #[test]
    fn templates_are_reused_only_while_every_text_is_unchanged() {
        let mut cache = Cache::default();
        let files = theme_templates();
        let first = cache.templates(&files).unwrap();
        assert!(std::sync::Arc::ptr_eq(
            &first,
            &cache.templates(&files).unwrap()
        ));

        let mut edited = files.clone();
        let page = edited.iter_mut().find(|(n, _)| n == "page.html").unwrap();
        page.1.text = format!("{}\n<!-- edited -->\n", page.1.text).into();
        let second = cache.templates(&edited).unwrap();
        assert!(!std::sync::Arc::ptr_eq(&first, &second));

        // A broken template is reported, not cached over the last good parse's key.
        let mut broken = files.clone();
        broken[0].1.text = "{% if %}".into();
        assert!(cache.templates(&broken).is_err());
        assert!(std::sync::Arc::ptr_eq(
            &second,
            &cache.templates(&edited).unwrap()
        ));
    }

    #[test]
    fn the_kept_styler_is_used_only_for_its_own_style() {
        let mut cache = Cache::default();
        let apa = cache.styler(CitationStyle::Apa).join();
        cache.keep_styler(apa.clone());
        let again = cache.styler(CitationStyle::Apa).join();
        assert!(
            Arc::ptr_eq(&apa, &again),
            "the same style reuses the decoded styler"
        );
        // The config now names another style: that one is decoded, and replaces the old one.
        let other = cache.styler(CitationStyle::Ama).join();
        assert_eq!(other.kind, CitationStyle::Ama);
        cache.keep_styler(other);
        assert_eq!(cache.styler.len(), 1);
        assert!(cache.styler.get(&(), &CitationStyle::Apa).is_none());
    }
}
