//! The page-weight budget: what a case study costs a reader on a slow phone connection, measured
//! on the rendered files as the host sends them. Its HTML plus every stylesheet it links,
//! gzip-compressed, must stay within `[budget] case_study_kb`, and no script may stand between
//! the reader and the text (a classic `<script src>` without `defer`, `async` or `type=module`
//! blocks the page until it has run). The link preview script a page loads may weigh at most
//! [`PREVIEW_SCRIPT_LIMIT`] compressed: it is the one script that comes with reading.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use content::schema::PageType;
use graph::Graph;
use model::config::CONFIG_FILE;
use model::diagnostics::{Diagnostic, Severity};
use model::output::OutputFile;

/// What one page weighs, compressed.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWeight {
    /// The page's URL path (`/case-studies/x/`).
    pub url: String,
    /// Its source file.
    pub file: std::path::PathBuf,
    /// Gzip-compressed bytes of the HTML.
    pub html: usize,
    /// Gzip-compressed bytes of the stylesheets it links.
    pub css: usize,
    /// Scripts that block reading (their `src`).
    pub blocking_scripts: Vec<String>,
    /// The link preview script it loads (`script[data-previews]`): its `src` and gzip-compressed
    /// bytes.
    pub preview_script: Option<(String, usize)>,
}

/// Gzip-compressed bytes the link preview script may weigh (3 KB).
pub const PREVIEW_SCRIPT_LIMIT: usize = 3000;

impl PageWeight {
    /// HTML plus CSS, compressed.
    pub fn total(&self) -> usize {
        self.html + self.css
    }
}

/// Bytes of `bytes` gzip-compressed at the default level, about what a static host sends.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map_or(bytes.len(), |v| v.len())
}

/// Kilobytes (1,000 bytes) with one decimal.
fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The output files [`weigh`] reads: every case study's page (a build keeps them in memory).
pub fn weighed(graph: &Graph) -> std::collections::BTreeSet<String> {
    graph
        .pages
        .iter()
        .filter(|p| p.page.page_type() == PageType::CaseStudy)
        .map(|p| p.permalink.output_file())
        .collect()
}

/// Weighs every case study in `files`, heaviest first.
pub fn weigh(graph: &Graph, files: &[OutputFile]) -> Vec<PageWeight> {
    let by_path: BTreeMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let base = graph.base_url.path();
    let mut css_sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut weights: Vec<PageWeight> = graph
        .pages
        .iter()
        .filter(|p| p.page.page_type() == PageType::CaseStudy)
        .filter_map(|p| {
            let file = by_path.get(p.permalink.output_file().as_str())?;
            let tags = head_tags(&String::from_utf8_lossy(&file.bytes));
            let css = tags
                .iter()
                .filter(|t| {
                    t.name == "link"
                        && t.attr("rel").is_some_and(|r| {
                            r.split_ascii_whitespace()
                                .any(|w| w.eq_ignore_ascii_case("stylesheet"))
                        })
                })
                .filter_map(|l| l.attr("href"))
                .filter_map(|href| {
                    let rel = href.strip_prefix(base)?;
                    let size = match css_sizes.get(rel) {
                        Some(s) => *s,
                        None => {
                            let s = gzip_size(&by_path.get(rel)?.bytes);
                            css_sizes.insert(rel.to_string(), s);
                            s
                        }
                    };
                    Some(size)
                })
                .sum();
            let blocking_scripts = tags
                .iter()
                .filter(|t| t.name == "script")
                .filter(|s| {
                    s.attr("type") != Some("module")
                        && s.attr("defer").is_none()
                        && s.attr("async").is_none()
                        && s.attr("type").is_none_or(|t| t.contains("javascript"))
                })
                .map(|s| s.attr("src").unwrap_or("an inline script").to_string())
                .collect();
            let preview_script = tags
                .iter()
                .filter(|t| t.name == "script" && t.attr("data-previews").is_some())
                .filter_map(|s| s.attr("src"))
                .find_map(|src| {
                    let f = by_path.get(src.strip_prefix(base)?)?;
                    Some((src.to_string(), gzip_size(&f.bytes)))
                });
            Some(PageWeight {
                url: p.permalink.url(base),
                file: p.page.file.clone(),
                html: gzip_size(&file.bytes),
                css,
                blocking_scripts,
                preview_script,
            })
        })
        .collect();
    weights.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.url.cmp(&b.url)));
    weights
}

/// A `<link>` or `<script>` start tag of a page, with its attributes.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `<link>` and `<script>` start tag of `html`, read by html5ever's tokenizer (script and
/// style contents are raw text, as a browser reads them, so nothing inside them counts).
fn head_tags(html: &str) -> Vec<Tag> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(TagSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.tags.take()
}

/// Collects the tags [`head_tags`] returns.
#[derive(Default)]
struct TagSink {
    tags: RefCell<Vec<Tag>>,
}

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name = tag.name.to_string();
        let raw = match name.as_str() {
            "script" => Some(RawKind::ScriptData),
            "style" => Some(RawKind::Rawtext),
            _ => None,
        };
        if name == "script" || name == "link" {
            let attrs = tag
                .attrs
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect();
            self.tags.borrow_mut().push(Tag { name, attrs });
        }
        raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData)
    }
}

/// The problems of `weights` against the budget: warnings, or errors when `strict`.
pub fn check(graph: &Graph, weights: &[PageWeight], strict: bool) -> Vec<Diagnostic> {
    let limit_kb = graph.config.budget.case_study_kb;
    let limit = (limit_kb * 1000.0) as usize;
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut problems = Vec::new();
    let over: Vec<&PageWeight> = weights.iter().filter(|w| w.total() > limit).collect();
    for w in &over {
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::general(
                Some(w.file.clone()),
                format!(
                    "this case study weighs {} compressed (HTML {} + CSS {}), over the page-weight budget of {limit_kb} KB",
                    kb(w.total()),
                    kb(w.html),
                    kb(w.css)
                ),
            )
            .with_help("move detail to other pages or shorten the page; the budget is `[budget] case_study_kb` in brightspot.toml")
        });
    }
    if !over.is_empty() {
        let list: Vec<String> = over
            .iter()
            .take(10)
            .map(|w| format!("{} {}", w.url, kb(w.total())))
            .collect();
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::general(
                Some(Path::new(CONFIG_FILE).to_path_buf()),
                format!(
                    "{} case stud{} over the page-weight budget of {limit_kb} KB; heaviest first: {}",
                    over.len(),
                    if over.len() == 1 { "y is" } else { "ies are" },
                    list.join(", ")
                ),
            )
        });
    }
    // Every page loads the same script: one problem, named on the heaviest page that loads it.
    if let Some((w, (src, size))) = weights
        .iter()
        .find_map(|w| Some((w, w.preview_script.as_ref()?)))
        .filter(|(_, (_, size))| *size > PREVIEW_SCRIPT_LIMIT)
    {
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::general(
                Some(w.file.clone()),
                format!(
                    "the link preview script {src} weighs {} compressed, over its budget of {}",
                    kb(*size),
                    kb(PREVIEW_SCRIPT_LIMIT)
                ),
            )
            .with_help("keep the theme's `preview.js` small: it loads with every page that has a citation or a glossary link")
        });
    }
    for w in weights.iter().filter(|w| !w.blocking_scripts.is_empty()) {
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::general(
                Some(w.file.clone()),
                format!(
                    "this case study cannot be read before {} has run: it is loaded without `defer`, `async` or `type=\"module\"`",
                    w.blocking_scripts.join(", ")
                ),
            )
            .with_help("load scripts with `type=\"module\"` or `defer` in the templates, so the text shows first")
        });
    }
    problems
}

/// One line for `check` and `-v`: the heaviest case study against the budget.
pub fn summary(graph: &Graph, weights: &[PageWeight]) -> Option<String> {
    let w = weights.first()?;
    let script = match &w.preview_script {
        Some((_, size)) => format!(
            "; its link preview script {} of {}",
            kb(*size),
            kb(PREVIEW_SCRIPT_LIMIT)
        ),
        None => String::new(),
    };
    Some(format!(
        "page weight: heaviest case study {} is {} compressed (HTML {} + CSS {}) of a {} KB budget{script}",
        w.url,
        kb(w.total()),
        kb(w.html),
        kb(w.css),
        graph.config.budget.case_study_kb
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_themes_preview_script_is_within_its_budget() {
        let script = include_bytes!("../../../themes/default/static/preview.js");
        let size = gzip_size(script);
        assert!(
            size <= PREVIEW_SCRIPT_LIMIT,
            "preview.js is {size} bytes gzip-compressed, over {PREVIEW_SCRIPT_LIMIT}"
        );
    }
}
