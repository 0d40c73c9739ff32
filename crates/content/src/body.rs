//! A Markdown body or front-matter fragment with what the first pass learnt about it, and the
//! problems of that analysis as diagnostics placed in the file.

use std::path::Path;
use std::sync::Arc;

use markdown::Analysis;
use model::diagnostics::Diagnostic;

/// A Markdown body with what the first pass learnt about it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The whole file's text (diagnostics and offsets refer to it).
    pub file_text: Arc<str>,
    /// Where the body starts in the file.
    pub offset: usize,
    /// Headings, links, citations, word count.
    pub analysis: Analysis,
}

impl Body {
    /// Analyses the body of `file_text` starting at `offset`.
    pub fn new(file_text: Arc<str>, offset: usize) -> Body {
        let analysis = markdown::analyze(&file_text[offset..]);
        Body {
            file_text,
            offset,
            analysis,
        }
    }

    /// The Markdown source of the body.
    pub fn text(&self) -> &str {
        &self.file_text[self.offset..]
    }

    /// An error for each citation that cannot be read, and a warning for each thing the
    /// sanitiser will remove from the body's raw HTML.
    pub fn markdown_problems(&self, file: &Path) -> Vec<Diagnostic> {
        markdown_problems(file, self.offset, &self.analysis, self.text())
    }
}

/// Markdown inside front matter (a summary): what the first pass learnt, and where the value
/// starts in the file, so its links and citations are checked like the body's.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Links, citations, first paragraph.
    pub analysis: Analysis,
    /// Byte offset of the value in the file.
    pub offset: usize,
}

/// The problems of Markdown analysed at `offset` of `file` (`text` is what was analysed): an
/// error for each citation that cannot be read, each image without alternative text and each
/// raw-HTML image of a file beside the page, and a warning for each thing the sanitiser
/// removes from raw HTML (the warning underlines the tag's name).
pub fn markdown_problems(
    file: &Path,
    offset: usize,
    analysis: &Analysis,
    text: &str,
) -> Vec<Diagnostic> {
    let citations = analysis.citation_errors.iter().map(|e| {
        // An empty span (an error at a place) takes the whole character there.
        let span = model::span::widen(text, e.span.clone());
        let span = offset + span.start..offset + span.end;
        Diagnostic::error(file.to_path_buf(), span, e.message.clone()).with_help(e.help.clone())
    });
    let raw_html = analysis.raw_html.iter().map(|(at, why)| {
        // The sanitiser's offset is that of the tag's `<` as found on its line, or that line's
        // start: kept inside the text, and ending at a character boundary.
        let at = model::excerpt::floor_char_boundary(text, (*at).min(text.len()));
        let end = text[at..]
            .find(|c: char| c == '>' || c.is_whitespace())
            .filter(|&n| n > 0)
            .map_or_else(|| model::span::char_at(text, at).end, |n| at + n);
        Diagnostic::warning(file.to_path_buf(), offset + at..offset + end, why.clone())
            .with_help("content may use the HTML listed in docs/security.md; everything else is removed from the page")
    });
    // Every image says what it shows, or is marked decorative (CONTRIBUTING.md).
    let alt = analysis.images.iter().filter_map(|image| {
        let (message, help) = markdown::alt_problem(image)?;
        let span = offset + image.span.start..offset + image.span.end;
        Some(Diagnostic::error(file.to_path_buf(), span, message).with_help(help))
    });
    // An image beside the page is written in Markdown; any raw-HTML image has `alt`.
    let raw_images = analysis.raw_images.iter().filter_map(|image| {
        let (message, help) = markdown::raw_image_problem(image)?;
        let at = model::excerpt::floor_char_boundary(text, image.at.min(text.len()));
        let end = text[at..].find('>').map_or(text.len(), |n| at + n + 1);
        Some(
            Diagnostic::error(file.to_path_buf(), offset + at..offset + end, message)
                .with_help(help),
        )
    });
    citations
        .chain(raw_html)
        .chain(alt)
        .chain(raw_images)
        .collect()
}
