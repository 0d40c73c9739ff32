//! `brightspot.toml`: the site's configuration, parsed strictly (unknown keys and wrong types are
//! errors with line and column); `config/values.rs` checks the values that are more than their
//! TOML type.

mod values;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base_url::BaseUrl;
use crate::diagnostics::Diagnostic;
pub use values::{CitationStyle, GithubRepo, HexColor};

/// The name of the config file at the project root.
pub const CONFIG_FILE: &str = "brightspot.toml";

/// The site's configuration.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and the feed.
    pub title: String,
    /// One-sentence description for the home page, the feed and search engines.
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/`, as written (checked
    /// to be a [`BaseUrl`] when the config is read; `--base-url` replaces it for a deploy
    /// preview, and the graph holds both parsed).
    pub base_url: String,
    /// Who publishes the site (an organization): the publisher of every page's citation, and
    /// the corporate author of a page that names no `authors`. Absent, the site's title stands
    /// for both, as a website with no named author is cited.
    #[serde(default)]
    pub publisher: Option<String>,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output folder, relative to the project root.
    #[serde(default = "default_output")]
    pub output_dir: PathBuf,
    /// Whether to write the Atom feed of case studies.
    #[serde(default = "yes")]
    pub feed: bool,
    /// Whether to build the search index.
    #[serde(default = "yes")]
    pub search: bool,
    /// Link a page's first use of each glossary term to the term's page.
    #[serde(default = "yes")]
    pub glossary_links: bool,
    /// Register a service worker that keeps visited pages and searches readable offline.
    #[serde(default)]
    pub service_worker: bool,
    /// The web app manifest and the browser's theme colour.
    #[serde(default)]
    pub manifest: ManifestConfig,
    /// The bibliography: citation style and topics.
    #[serde(default)]
    pub bibliography: BibliographyConfig,
    /// Taxonomies: controlled vocabularies that pages are tagged with.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Short links (`/bp`) that redirect to pages.
    #[serde(default)]
    pub short_links: ShortLinksConfig,
    /// The page-weight budget the build checks.
    #[serde(default)]
    pub budget: BudgetConfig,
    /// The web editor at `/admin/` (Decap CMS); none without this section.
    #[serde(default)]
    pub editor: Option<EditorConfig>,
    /// The config's own `base_url` when `--base-url` replaced it (a deploy preview): short
    /// links in QR codes and print always lead to the production site.
    #[serde(skip)]
    pub production_base_url: Option<String>,
}

/// `[short_links]`: which pages get a short link without declaring one.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShortLinksConfig {
    /// Give every case study a short link: its `short` field, or its slug when it has none.
    #[serde(default)]
    pub case_studies: bool,
}

/// `[editor]`: the web editor at `/admin/`, where contributors edit pages in a form and saving
/// opens a pull request on GitHub.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EditorConfig {
    /// The GitHub repository the site is built from, `owner/name`.
    pub repo: GithubRepo,
    /// The branch pull requests are opened against.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// Where the editor signs contributors in to GitHub: Netlify's OAuth service by default.
    #[serde(default = "default_auth_url")]
    pub auth_url: String,
    /// The local backend (`npx decap-server`) the editor talks to when opened on localhost;
    /// Decap's own default address when absent.
    #[serde(default)]
    pub local_backend: Option<String>,
}

fn default_branch() -> String {
    "main".into()
}
fn default_auth_url() -> String {
    "https://api.netlify.com".into()
}

/// `[budget]`: how heavy a page may be.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BudgetConfig {
    /// Most kilobytes (1,000 bytes) a case study's HTML plus the CSS it loads may transfer,
    /// gzip-compressed as the host serves them.
    #[serde(default = "default_case_study_kb")]
    pub case_study_kb: f64,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        BudgetConfig {
            case_study_kb: default_case_study_kb(),
        }
    }
}

fn default_case_study_kb() -> f64 {
    30.0
}

/// `[bibliography]`: how references are formatted and grouped.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BibliographyConfig {
    /// `apa` (default), `chicago-author-date` or `ama`.
    #[serde(default)]
    pub style: CitationStyle,
    /// Vocabulary of the topics annotations are grouped by.
    #[serde(default)]
    pub topics: Option<PathBuf>,
}

/// `[manifest]`: how the site looks when a reader adds it to a home screen.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ManifestConfig {
    /// The name under a home-screen icon (default: the title up to a colon).
    #[serde(default)]
    pub short_name: Option<String>,
    /// Browser toolbar colour in the light scheme, and the manifest's `theme_color`.
    #[serde(default = "default_theme_color")]
    pub theme_color: HexColor,
    /// Browser toolbar colour in the dark scheme.
    #[serde(default = "default_dark_theme_color")]
    pub dark_theme_color: HexColor,
    /// Splash-screen background of the installed site.
    #[serde(default = "default_background_color")]
    pub background_color: HexColor,
}

impl Default for ManifestConfig {
    fn default() -> Self {
        ManifestConfig {
            short_name: None,
            theme_color: default_theme_color(),
            dark_theme_color: default_dark_theme_color(),
            background_color: default_background_color(),
        }
    }
}

fn default_theme_color() -> HexColor {
    HexColor("#f7f9fb".into())
}
fn default_dark_theme_color() -> HexColor {
    HexColor("#1a2027".into())
}
fn default_background_color() -> HexColor {
    HexColor("#ffffff".into())
}

/// One taxonomy, e.g. the integrative functions.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// URL segment and identifier, e.g. `functions` gives `/functions/<term>/`.
    pub name: String,
    /// Heading of the taxonomy's index page.
    pub title: String,
    /// The front-matter field of case studies that holds the terms.
    pub field: TaxonomyField,
    /// The vocabulary file, relative to the project root.
    pub vocabulary: PathBuf,
    /// One sentence describing the taxonomy.
    #[serde(default)]
    pub description: String,
}

/// Which case-study field a taxonomy reads its terms from.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TaxonomyField {
    /// `functions = [...]`
    Functions,
    /// `focus_areas = [...]`
    FocusAreas,
    /// `sectors = [...]`
    Sectors,
    /// `location.state`
    State,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> PathBuf {
    "public".into()
}
fn yes() -> bool {
    true
}

impl Config {
    /// Parses the config file's text; errors point into it.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let path = Path::new(CONFIG_FILE);
        let config: Config = toml::from_str(text).map_err(|e| {
            vec![toml_diagnostic(path, 0, text, &e).with_help(
                "see the comments in brightspot.toml and ARCHITECTURE.md for the allowed keys",
            )]
        })?;
        let mut problems = Vec::new();
        // Where the checked values are written, from toml's own spans (the parse above
        // succeeded, so this one does; the start of the file otherwise).
        let written = toml::from_str::<Written>(text).ok();
        let at_start = 0..1;
        if let Err(e) = BaseUrl::parse(&config.base_url) {
            let span = written
                .as_ref()
                .map_or(at_start.clone(), |w| w.base_url.span());
            problems.push(Diagnostic::error(path, span, e.message).with_help(e.help));
        }
        if !(config.budget.case_study_kb.is_finite() && config.budget.case_study_kb > 0.0) {
            let span = written
                .as_ref()
                .and_then(|w| w.budget.as_ref()?.case_study_kb.as_ref())
                .map_or(at_start.clone(), toml::Spanned::span);
            problems.push(
                Diagnostic::error(
                    path,
                    span,
                    "the page-weight budget must be a positive number of kilobytes",
                )
                .with_help("write it like `case_study_kb = 30`"),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, t) in config.taxonomies.iter().enumerate() {
            if !seen.insert(t.name.clone()) {
                // The second declaration's name.
                let span = written
                    .as_ref()
                    .and_then(|w| w.taxonomies.get(i))
                    .map_or(at_start.clone(), |w| w.name.span());
                problems.push(Diagnostic::error(
                    path,
                    span,
                    format!("taxonomy `{}` is declared twice", t.name),
                ));
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Who publishes the site: `publisher`, else the site's title.
    pub fn publisher(&self) -> &str {
        self.publisher.as_deref().unwrap_or(&self.title)
    }

    /// The path part of the base URL (`/` or `/sub/`). The graph holds the base URL parsed
    /// (`graph::Graph::base_url`), and every stage after resolve reads it there; this is for
    /// the two call sites that still read the config (in `pipeline/src/lib.rs` and
    /// `render/src/images/`), and parses the text again.
    pub fn base_path(&self) -> String {
        BaseUrl::parse(&self.base_url).map_or_else(|_| "/".into(), |b| b.path().to_string())
    }
}

/// A diagnostic for a TOML (de)serialization error, shifted by `offset` bytes into the file.
pub fn toml_diagnostic(path: &Path, offset: usize, text: &str, e: &toml::de::Error) -> Diagnostic {
    // toml's spans are on character boundaries of the snippet; an empty one (an error at the end
    // of the snippet) is widened to the character there, within the file.
    let span = match e.span() {
        Some(s) if s.start < s.end => offset + s.start..offset + s.end,
        Some(s) => crate::span::char_at(text, offset + s.start),
        None => crate::span::char_at(text, offset),
    };
    Diagnostic::error(path, span, e.message().trim().to_string())
}

/// The values [`Config::parse`] checks beyond their type, with where they are written (every
/// other key is ignored here: [`Config`] refuses unknown ones).
#[derive(Deserialize)]
struct Written {
    base_url: toml::Spanned<String>,
    #[serde(default)]
    budget: Option<WrittenBudget>,
    #[serde(default)]
    taxonomies: Vec<WrittenTaxonomy>,
}

/// `[budget]` as written.
#[derive(Deserialize)]
struct WrittenBudget {
    #[serde(default)]
    case_study_kb: Option<toml::Spanned<f64>>,
}

/// A `[[taxonomies]]` table as written.
#[derive(Deserialize)]
struct WrittenTaxonomy {
    name: toml::Spanned<String>,
}

#[cfg(test)]
mod tests;
