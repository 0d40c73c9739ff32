//! A body as plain text (for the search index): text and code, one line per block, raw HTML
//! tags dropped, and each citation of the analysis replaced, by its index, with what the caller
//! gives for it.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::runs::{Item, Part, Runs};
use super::{options, Analysis, Citation};

/// The plain text of `body`, whose analysis is `analysis`, or of the part of it in `only` (a
/// byte range of the body, e.g. a heading's lead paragraph); `cite(index, citation)` gives the
/// text that stands for a citation (None: nothing).
pub fn plain_text(
    body: &str,
    analysis: &Analysis,
    only: Option<Range<usize>>,
    cite: &mut dyn FnMut(usize, &Citation) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut code_depth = 0usize;
    let mut next = 0;
    let wanted = |at: usize| only.as_ref().is_none_or(|r| r.contains(&at));
    for item in Runs::new(Parser::new_ext(body, options()).into_offset_iter(), body) {
        let event = match item {
            Item::Run(run) if code_depth > 0 => {
                if wanted(run.source().start) {
                    out.push_str(&run.text);
                }
                continue;
            }
            Item::Run(run) => {
                let parts = run.splice(&analysis.citations, &mut next);
                if !wanted(run.source().start) {
                    continue;
                }
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(&t.replace('\n', " ")),
                        Part::Citation(i, _) => {
                            if let Some(text) = cite(i, &analysis.citations[i]) {
                                out.push_str(&text);
                            } else {
                                // The space before a citation goes with it.
                                let kept = out.trim_end_matches(' ').len();
                                out.truncate(kept);
                            }
                        }
                    }
                }
                continue;
            }
            Item::Event(event, range) => {
                if !wanted(range.start) {
                    if let Event::Start(Tag::CodeBlock(_)) = event {
                        code_depth += 1;
                    } else if let Event::End(TagEnd::CodeBlock) = event {
                        code_depth = code_depth.saturating_sub(1);
                    }
                    continue;
                }
                event
            }
        };
        match event {
            Event::Code(t) => out.push_str(&t),
            Event::HardBreak => out.push(' '),
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => {
                code_depth = code_depth.saturating_sub(1);
                out.push('\n');
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}
