//! The prose of the site as the honesty tests read it: each content or annotation file becomes
//! blocks of text (headings, paragraphs, list items, table cells, front-matter strings) that know
//! their source lines, and a block splits into sentences and quotations.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};
use unicode_segmentation::UnicodeSegmentation;

/// Bold labels that open a paragraph or list item in the site's own voice: the renderer's list,
/// so what the page sets apart and what the test lets go uncited are the same blocks.
pub use brightspot::markdown::OWN_VOICE_LABELS as GUIDANCE_LABELS;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "St.", "Dr.", "Mr.", "Ms.", "Mrs.", "e.g.", "i.e.", "al.", "cf.", "p.", "pp.", "No.", "Inc.",
    "vs.", "N.J.", "Ph.D.", "U.S.", "D.C.", "N.C.",
];

/// What kind of container a block of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    FrontMatter,
}

/// One container of running text, as plain text (Markdown marks and link targets removed).
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// (byte in `text`, line in the file) where each piece of text starts.
    marks: Vec<(usize, usize)>,
    /// The bold label that opens the block (a run-in heading such as "**Results.**"), if any:
    /// the byte length of the label in `text`.
    pub label_end: usize,
    /// The text of the nearest heading above the block.
    pub section: String,
    /// A list item or table cell whose list or table follows a cited lead-in sentence ending
    /// with a colon (which the citation covers).
    pub led_in: bool,
    /// A paragraph ending with a colon, followed by a list or table every item of which is cited.
    pub introduces_cited_list: bool,
    /// For a table cell: whether it is in the header row, and its column.
    pub cell: Option<(bool, usize)>,
}

impl Block {
    fn new(kind: BlockKind, section: &str, led_in: bool) -> Block {
        Block {
            kind,
            text: String::new(),
            marks: Vec::new(),
            label_end: 0,
            section: section.to_string(),
            led_in,
            introduces_cited_list: false,
            cell: None,
        }
    }

    fn push(&mut self, text: &str, line: usize) {
        self.marks.push((self.text.len(), line));
        self.text.push_str(text);
    }

    /// The line of the file on which byte `pos` of the block's text was written.
    pub fn line_at(&self, pos: usize) -> usize {
        self.marks
            .iter()
            .take_while(|(at, _)| *at <= pos)
            .last()
            .or(self.marks.first())
            .map_or(1, |(_, line)| *line)
    }

    /// The opening bold label, if any.
    pub fn label(&self) -> &str {
        self.text[..self.label_end].trim()
    }

    /// The block is marked as the site's own guidance by one of [`GUIDANCE_LABELS`].
    pub fn is_guidance(&self) -> bool {
        GUIDANCE_LABELS.contains(&self.label())
    }
}

/// A content or annotation file read into blocks.
pub struct Doc {
    /// The path relative to the project root, with `/`.
    pub rel: String,
    pub blocks: Vec<Block>,
}

/// Line numbers (1-based) of byte offsets in a text.
fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

impl Doc {
    /// Reads `source`: TOML front matter between `+++` lines (every string value becomes a
    /// block), then the Markdown body with the site's own Markdown options.
    pub fn parse(rel: &str, source: &str) -> Doc {
        let mut blocks = Vec::new();
        let mut body_start = 0;
        if let Some(rest) = source.strip_prefix("+++\n") {
            if let Some(end) = rest.find("\n+++") {
                let front = &rest[..end];
                let table: toml::Table =
                    toml::from_str(front).unwrap_or_else(|e| panic!("{rel}: front matter: {e}"));
                let mut strings = Vec::new();
                collect_strings(&toml::Value::Table(table), &mut strings);
                for value in strings {
                    let probe: String = value.chars().take(30).collect();
                    let line = front.find(&probe).map_or(2, |at| line_of(front, at) + 1);
                    let mut block = Block::new(BlockKind::FrontMatter, "", false);
                    block.push(&curl_straight_quotes(&value), line);
                    blocks.push(block);
                }
                body_start = 4 + end + 4;
            }
        }
        blocks.extend(body_blocks(source, body_start.min(source.len())));
        Doc {
            rel: rel.to_string(),
            blocks,
        }
    }
}

fn collect_strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        toml::Value::Table(t) => t.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// Front matter is not run through smart punctuation: pair straight double quotes as the body's
/// Markdown would.
fn curl_straight_quotes(text: &str) -> String {
    let mut open = false;
    text.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '\u{201c}'
                } else {
                    '\u{201d}'
                }
            }
            c => c,
        })
        .collect()
}

fn body_blocks(source: &str, start: usize) -> Vec<Block> {
    let body = &source[start..];
    let events = TextMergeWithOffset::new(
        Parser::new_ext(body, brightspot::markdown::options()).into_offset_iter(),
    );
    let mut out: Vec<Block> = Vec::new();
    let mut open: Vec<Block> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    // For each open list or table: the lead-in paragraph ending with a colon (its index in
    // `out`), and where the list's blocks start.
    let mut lead_ins: Vec<(Option<usize>, usize)> = Vec::new();
    let mut section = String::new();
    let mut label_from: Option<usize> = None;
    // In a table: in the header row, and the column of the next cell.
    let mut table_head = false;
    let mut column = 0usize;
    let led_in = |lists: &[bool]| lists.last().copied().unwrap_or(false);
    for (event, range) in events {
        let line = line_of(source, start + range.start);
        match event {
            Event::Start(
                tag @ (Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell),
            ) => {
                let kind = match tag {
                    Tag::Paragraph if !lists.is_empty() => BlockKind::ListItem,
                    Tag::Paragraph => BlockKind::Paragraph,
                    Tag::Heading { .. } => BlockKind::Heading,
                    Tag::Item => BlockKind::ListItem,
                    _ => BlockKind::TableCell,
                };
                if let Some(top) = open.last_mut() {
                    if !top.text.trim().is_empty() {
                        out.push(top.clone());
                    }
                    top.text.clear();
                    top.marks.clear();
                }
                let mut block = Block::new(kind, &section, led_in(&lists));
                if kind == BlockKind::TableCell {
                    block.cell = Some((table_head, column));
                    column += 1;
                }
                open.push(block);
            }
            Event::Start(Tag::TableHead) => {
                table_head = true;
                column = 0;
            }
            Event::End(TagEnd::TableHead) => table_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                if let Some(block) = open.pop() {
                    if block.kind == BlockKind::Heading {
                        section = block.text.trim().to_string();
                    }
                    if !block.text.trim().is_empty() {
                        out.push(block);
                    }
                }
            }
            Event::Start(Tag::List(_) | Tag::Table(_)) => {
                let cited_lead_in = open.last().map_or_else(
                    || out.last().filter(|b| b.kind == BlockKind::Paragraph),
                    |top| Some(top).filter(|b| !b.text.trim().is_empty()),
                );
                let cited = cited_lead_in.is_some_and(|b| {
                    let text = b.text.trim_end();
                    text.ends_with(':')
                        && sentences(text)
                            .last()
                            .is_some_and(|s| has_citation(&text[s.clone()]))
                });
                lists.push(cited);
                let colon = open.is_empty()
                    && out.last().is_some_and(|b| {
                        b.kind == BlockKind::Paragraph && b.text.trim_end().ends_with(':')
                    });
                lead_ins.push((colon.then(|| out.len() - 1), out.len()));
            }
            Event::End(TagEnd::List(_) | TagEnd::Table) => {
                lists.pop();
                if let Some((Some(lead), from)) = lead_ins.pop() {
                    let items = &out[from..];
                    if !items.is_empty() && items.iter().all(|b| has_citation(&b.text)) {
                        out[lead].introduces_cited_list = true;
                    }
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(top) = open.last() {
                    if top.text.trim().is_empty() {
                        label_from = Some(top.text.len());
                    }
                }
            }
            Event::End(TagEnd::Strong) => {
                if let (Some(_), Some(top)) = (label_from.take(), open.last_mut()) {
                    top.label_end = top.text.len();
                }
            }
            Event::Text(text) => {
                if let Some(top) = open.last_mut() {
                    top.push(&text, line);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Code(_) => {
                if let Some(top) = open.last_mut() {
                    top.push(" ", line);
                }
            }
            _ => {}
        }
    }
    out
}

/// The text carries a citation in the site's own syntax (`[@key]` or narrative `@key`).
pub fn has_citation(text: &str) -> bool {
    !brightspot::markdown::citations::find(text).is_empty()
}

/// The sentences of a text as byte ranges (Unicode sentence boundaries, UAX #29), kept whole
/// across an abbreviation, an open quotation or a citation's page number.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (at, piece) in text.split_sentence_bound_indices() {
        let range = at..at + piece.len();
        let merge = out.last().is_some_and(|last| {
            let prev = text[last.clone()].trim_end();
            let open_quote = prev.matches('\u{201c}').count() > prev.matches('\u{201d}').count();
            let abbreviation = prev
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|word| ABBREVIATIONS.iter().any(|a| word.ends_with(a)));
            open_quote || abbreviation || !piece.chars().any(char::is_alphabetic)
        });
        match out.last_mut() {
            Some(last) if merge => last.end = range.end,
            _ if piece.trim().is_empty() => {}
            _ => out.push(range),
        }
    }
    out
}

/// The quotations of a text: byte ranges of what stands between “ and ” (the site's Markdown
/// turns straight quotes into these). An opening mark that is never closed yields `Err` with
/// its position.
pub fn quotations(text: &str) -> Result<Vec<Range<usize>>, usize> {
    let mut out = Vec::new();
    let mut opened: Option<usize> = None;
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '\u{201c}' => {
                if depth == 0 {
                    opened = Some(at + c.len_utf8());
                }
                depth += 1;
            }
            '\u{201d}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if let Some(from) = opened.take() {
                        out.push(from..at);
                    }
                }
            }
            _ => {}
        }
    }
    match opened {
        Some(from) if depth > 0 => Err(from),
        _ => Ok(out),
    }
}
