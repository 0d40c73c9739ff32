//! One content page: its typed front matter and its analysed body, with the checks that need both.

use std::path::PathBuf;

use super::front_matter::{self, Split};
use super::schema::{
    CaseStudyMeta, ChapterMeta, Date, GenericMeta, GlossaryMeta, PageFields, PageType,
};
use super::signature::PageSignature;
use super::vocab::Taxonomy;
use super::Body;
use super::{check, fields};
use crate::load::TextFile;
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;

/// The typed front matter of a page, by page type.
#[derive(Debug, Clone)]
pub enum PageKind {
    /// A generic page.
    Page(GenericMeta),
    /// A paper chapter.
    Chapter(ChapterMeta),
    /// A case study.
    CaseStudy(Box<CaseStudyMeta>),
    /// A glossary term.
    Glossary(GlossaryMeta),
}

impl PageKind {
    /// The fields every page type has.
    pub fn common(&self) -> &PageFields {
        match self {
            PageKind::Page(m) => &m.common,
            PageKind::Chapter(m) => &m.common,
            PageKind::CaseStudy(m) => &m.common,
            PageKind::Glossary(m) => &m.common,
        }
    }
}

/// A validated page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the project root.
    pub file: PathBuf,
    /// Path relative to `content/` (what `@/` links name).
    pub content_path: String,
    /// Folder of the section it belongs to, relative to `content/`.
    pub section_dir: String,
    /// URL slug.
    pub slug: String,
    /// Whether it is a page bundle (`<slug>/index.md`).
    pub bundle: bool,
    /// Its front matter.
    pub kind: PageKind,
    /// Its body.
    pub body: Body,
    /// Its front-matter summary as Markdown, when it has one.
    pub summary_text: Option<super::Fragment>,
    /// A case study's key points as Markdown, in order.
    pub key_points: Vec<super::Fragment>,
    /// What other outputs may read of it.
    pub signature: PageSignature,
}

impl Page {
    /// The page's title.
    pub fn title(&self) -> &str {
        &self.kind.common().title
    }

    /// The citations that cannot be read (errors) and what the sanitiser removes from raw HTML
    /// (warnings) in the body, the summary and the key points.
    pub fn markdown_problems(&self) -> Vec<Diagnostic> {
        let mut found = self.body.markdown_problems(&self.file);
        if let (Some(summary), Some(fragment)) = (self.summary(), &self.summary_text) {
            found.extend(super::markdown_problems(
                &self.file,
                fragment.offset,
                &fragment.analysis,
                summary,
            ));
        }
        let points = self.case_study().map_or(&[][..], |cs| &cs.key_points[..]);
        for (point, fragment) in points.iter().zip(&self.key_points) {
            found.extend(super::markdown_problems(
                &self.file,
                fragment.offset,
                &fragment.analysis,
                point,
            ));
        }
        found
    }

    /// The front-matter summary, if any.
    pub fn summary(&self) -> Option<&str> {
        match &self.kind {
            PageKind::Page(m) => m.summary.as_deref(),
            PageKind::Chapter(m) => m.summary.as_deref(),
            PageKind::CaseStudy(m) => Some(&m.summary),
            PageKind::Glossary(m) => Some(&m.summary),
        }
    }

    /// The page described in plain text: the summary (emphasis marks, link targets and
    /// citations removed), else the body's first paragraph. For feeds and meta descriptions.
    pub fn description(&self) -> &str {
        match &self.summary_text {
            Some(f) => &f.analysis.first_paragraph_text,
            None => &self.body.analysis.first_paragraph_text,
        }
    }

    /// Ordering weight within the section.
    pub fn weight(&self) -> i64 {
        match &self.kind {
            PageKind::Page(m) => m.weight,
            PageKind::Chapter(m) => m.weight,
            PageKind::CaseStudy(m) => m.weight,
            PageKind::Glossary(_) => 0,
        }
    }

    /// The page's date: its `date`, or for a case study when it was last reviewed.
    pub fn date(&self) -> Option<Date> {
        match &self.kind {
            PageKind::Page(m) => m.date,
            PageKind::CaseStudy(m) => Some(m.last_reviewed),
            PageKind::Chapter(m) => m.date,
            PageKind::Glossary(_) => None,
        }
    }

    /// The people or organizations its front matter names as authors (chapters and case
    /// studies); empty when it names none.
    pub fn authors(&self) -> &[crate::bibliography::Name] {
        match &self.kind {
            PageKind::Chapter(m) => &m.authors,
            PageKind::CaseStudy(m) => &m.authors,
            _ => &[],
        }
    }

    /// Whether the page is a draft.
    pub fn draft(&self) -> bool {
        self.kind.common().draft
    }

    /// Old URLs that redirect to this page.
    pub fn aliases(&self) -> &[String] {
        &self.kind.common().aliases
    }

    /// The short link the page declares (`short`), as written.
    pub fn short(&self) -> Option<&str> {
        match &self.kind {
            PageKind::Chapter(m) => m.short.as_deref(),
            PageKind::CaseStudy(m) => m.short.as_deref(),
            _ => None,
        }
    }

    /// Every Markdown text of the page with its offset in the file: the body, the summary,
    /// then a case study's key points.
    pub fn texts(&self) -> Vec<(&markdown::Analysis, usize)> {
        let mut out = vec![(&self.body.analysis, self.body.offset)];
        if let Some(f) = &self.summary_text {
            out.push((&f.analysis, f.offset));
        }
        out.extend(self.key_points.iter().map(|f| (&f.analysis, f.offset)));
        out
    }

    /// The page type.
    pub fn page_type(&self) -> PageType {
        match &self.kind {
            PageKind::Page(_) => PageType::Page,
            PageKind::Chapter(_) => PageType::Chapter,
            PageKind::CaseStudy(_) => PageType::CaseStudy,
            PageKind::Glossary(_) => PageType::Glossary,
        }
    }

    /// The case-study front matter, if this is a case study.
    pub fn case_study(&self) -> Option<&CaseStudyMeta> {
        match &self.kind {
            PageKind::CaseStudy(m) => Some(m),
            _ => None,
        }
    }

    /// The terms this page is tagged with in a taxonomy field.
    pub fn terms(&self, field: TaxonomyField) -> Vec<&str> {
        let Some(cs) = self.case_study() else {
            return Vec::new();
        };
        match field {
            TaxonomyField::Functions => cs.functions.iter().map(String::as_str).collect(),
            TaxonomyField::FocusAreas => cs.focus_areas.iter().map(String::as_str).collect(),
            TaxonomyField::Sectors => cs.sectors.iter().map(String::as_str).collect(),
            TaxonomyField::State => vec![cs.location.state.as_str()],
        }
    }
}

/// Parses and checks one page file.
pub fn validate(
    file: &TextFile,
    content_path: String,
    section_dir: String,
    bundle: bool,
    page_type: PageType,
    taxonomies: &[Taxonomy],
) -> Result<Page, Rejected> {
    let path = &file.path;
    let split = front_matter::split(path, &file.text).map_err(|d| Rejected::from(vec![d]))?;
    // The front matter is read into a tree first and each field checked on its own, so every
    // problem of the file is reported in one run; the typed schema is then read from what
    // passed (with stand-ins for what did not, named in `broken`).
    let mut problems = Vec::new();
    let Some(checked) = check::read(
        path,
        &file.text,
        &split,
        fields::for_page_type(page_type),
        page_type_words(page_type),
        &mut problems,
    ) else {
        return Err(problems.into());
    };
    let kind = match page_type {
        PageType::Page => checked
            .typed(path, &split, &mut problems)
            .map(PageKind::Page),
        PageType::Chapter => checked
            .typed(path, &split, &mut problems)
            .map(PageKind::Chapter),
        PageType::CaseStudy => checked
            .typed(path, &split, &mut problems)
            .map(|m| PageKind::CaseStudy(Box::new(m))),
        PageType::Glossary => checked
            .typed(path, &split, &mut problems)
            .map(PageKind::Glossary),
    };
    let broken = checked.broken;
    let Some(kind) = kind else {
        return Err(problems.into());
    };
    let body = Body::new(file.text.clone(), split.body_offset);
    let stem = file_stem(&content_path, bundle);
    let explicit_slug = kind.common().slug.clone();
    let slug = explicit_slug
        .clone()
        .unwrap_or_else(|| slug_from_stem(&stem));
    let signature = PageSignature::new(&body, &content_path, &section_dir);
    let mut page = Page {
        file: path.clone(),
        content_path,
        section_dir,
        slug,
        bundle,
        kind,
        body,
        summary_text: None,
        key_points: Vec::new(),
        signature,
    };
    page.summary_text = page
        .summary()
        .map(|summary| fragment_in_front(&split, summary, "summary"));

    page.key_points = page
        .case_study()
        .map(|cs| {
            cs.key_points
                .iter()
                .map(|point| fragment_in_front(&split, point, "key_points"))
                .collect()
        })
        .unwrap_or_default();

    if !valid_slug(&page.slug) && !broken.contains("slug") {
        let span = explicit_slug.map_or(0..1, |s| front_matter::locate(&split, &s));
        problems.push(
            Diagnostic::error(
                path,
                span,
                format!("`{}` is not a valid URL slug", page.slug),
            )
            .with_help("use lowercase letters, digits and dashes only, e.g. `bridgeport-prospers`"),
        );
    }
    if page.title().trim().is_empty() && !broken.contains("title") {
        problems.push(
            Diagnostic::error(
                path,
                front_matter::locate_key(&split, "title", None),
                "the title is empty",
            )
            .with_help("write the page's title between the quotes"),
        );
    }
    if let Some(cs) = page.case_study() {
        super::case_study_checks::check(&page, cs, &split, taxonomies, &broken, &mut problems);
    }
    if problems.is_empty() {
        Ok(page)
    } else {
        Err(Rejected {
            problems,
            page: Some(Box::new(page)),
        })
    }
}

/// A page with problems: every problem, and the page as far as it could be read (its body's
/// citations are still checked, so one run reports them with the front matter's problems).
#[derive(Debug, Clone)]
pub struct Rejected {
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
    /// The page read with stand-ins for what is broken; `None` when the front matter could not
    /// be read at all.
    pub page: Option<Box<Page>>,
}

impl From<Vec<Diagnostic>> for Rejected {
    fn from(problems: Vec<Diagnostic>) -> Rejected {
        Rejected {
            problems,
            page: None,
        }
    }
}

/// Markdown held in a front-matter value, analysed, with where it starts in the file. The text
/// appears verbatim in the front matter unless it holds escapes; then spans point at the start
/// of the `key` line, which is still the right line.
fn fragment_in_front(split: &Split<'_>, text: &str, key: &str) -> super::Fragment {
    let offset = split.front.find(text).map_or_else(
        || front_matter::locate_key(split, key, None).start,
        |i| split.front_offset + i,
    );
    super::Fragment {
        analysis: markdown::analyze(text),
        offset,
    }
}

/// The page type in a writer's words, for messages.
fn page_type_words(t: PageType) -> &'static str {
    match t {
        PageType::Page => "page",
        PageType::Chapter => "chapter",
        PageType::CaseStudy => "case study",
        PageType::Glossary => "glossary term",
    }
}

fn file_stem(content_path: &str, bundle: bool) -> String {
    let p = content_path.trim_end_matches(".md");
    let p = if bundle {
        p.trim_end_matches("/index")
    } else {
        p
    };
    p.rsplit('/').next().unwrap_or(p).to_string()
}

/// `03-the-functions` → `the-functions`: a numeric prefix only orders files.
fn slug_from_stem(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_prefix(['-', '_']) {
        Some(rest) if trimmed.len() < stem.len() && !rest.is_empty() => rest.to_string(),
        _ => stem.to_string(),
    }
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_prefixes_are_dropped_from_slugs() {
        assert_eq!(slug_from_stem("03-the-functions"), "the-functions");
        assert_eq!(slug_from_stem("2020"), "2020");
        assert_eq!(slug_from_stem("bridgeport-prospers"), "bridgeport-prospers");
        assert_eq!(file_stem("case-studies/x/index.md", true), "x");
    }
}
