//! The site's own voice: a paragraph or list item that opens with a bold label such as
//! `Our suggestion:` is set apart from what the sources say.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Bold labels that open a paragraph or list item written in the site's own voice (advice or
/// interpretation, not a report of a source): docs/content-format.md explains them, and the
/// honesty tests let such blocks go uncited.
pub const OWN_VOICE_LABELS: &[&str] = &["Our suggestion:", "Our reading:"];

/// Gives each paragraph or list item that opens with a bold [`OWN_VOICE_LABELS`] label the class
/// `own-voice`, so readers see it set apart from what the sources say.
pub(super) fn mark_own_voice(events: &mut [Event<'_>]) {
    for i in 0..events.len().saturating_sub(2) {
        let (open, end, close) = match events[i] {
            Event::Start(Tag::Paragraph) => {
                ("<p class=\"own-voice\">", TagEnd::Paragraph, "</p>\n")
            }
            Event::Start(Tag::Item) => ("<li class=\"own-voice\">", TagEnd::Item, "</li>\n"),
            _ => continue,
        };
        let labelled = matches!(events[i + 1], Event::Start(Tag::Strong))
            && matches!(&events[i + 2], Event::Text(t) if OWN_VOICE_LABELS.contains(&t.trim()));
        if !labelled {
            continue;
        }
        let mut depth = 0usize;
        for event in events.iter_mut().skip(i + 1) {
            match event {
                Event::Start(tag) if tag.to_end() == end => depth += 1,
                Event::End(e) if *e == end && depth > 0 => depth -= 1,
                Event::End(e) if *e == end => {
                    *event = Event::Html(close.into());
                    break;
                }
                _ => {}
            }
        }
        events[i] = Event::Html(open.into());
    }
}
