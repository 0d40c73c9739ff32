//! Excerpts: a window of the document's text around the matched words, with the matches in
//! `<mark>`. Everything copied from the index is escaped, so no text can inject markup.

use crate::analyze;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Shown between blocks (a heading and its paragraph, two list items), which the index text
/// separates with line breaks: a heading never runs into the sentence after it.
pub const BLOCK_BREAK: &str = " · ";

/// Collapses each run of whitespace into one space, or into [`BLOCK_BREAK`] where it holds a
/// line break.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = None;
    for c in s.chars() {
        if c.is_whitespace() {
            space = Some(space == Some(true) || c == '\n');
        } else {
            match space.take() {
                Some(true) => out.push_str(BLOCK_BREAK),
                Some(_) => out.push(' '),
                None => {}
            }
            out.push(c);
        }
    }
    match space {
        Some(true) => out.push_str(BLOCK_BREAK),
        Some(false) => out.push(' '),
        None => {}
    }
    out
}

/// The word of `text` (lowercased, as written) that first matches one of `terms`: how a typo
/// correction appears on the page ("navigators" for the term "navig").
pub fn surface(text: &str, terms: &[String]) -> Option<String> {
    terms.iter().find_map(|term| {
        analyze(text)
            .into_iter()
            .find(|t| &t.term == term)
            .map(|t| t.lower)
    })
}

/// An HTML excerpt of `text` of about `width` words, placed where the most distinct `terms`
/// occur, with matched words in `<mark>`.
pub fn excerpt(text: &str, terms: &[String], width: usize) -> String {
    let tokens = analyze(text);
    if tokens.is_empty() {
        return escape(squash(&text.chars().take(200).collect::<String>()).trim());
    }
    let hit: Vec<bool> = tokens.iter().map(|t| terms.contains(&t.term)).collect();
    let width = width.max(1);
    // The window starting a few words before a match that covers the most distinct terms.
    let mut best = (0usize, 0usize);
    for (i, _) in hit.iter().enumerate().filter(|(_, h)| **h) {
        // Near the beginning, start at the beginning rather than mid-sentence.
        let start = if i < width / 2 { 0 } else { i - width / 6 };
        let end = (start + width).min(tokens.len());
        // Distinct terms by a linear scan: the window is short, and a sort would add to the
        // WebAssembly module.
        let mut seen: Vec<&str> = Vec::new();
        for (t, _) in tokens[start..end]
            .iter()
            .zip(&hit[start..end])
            .filter(|(_, h)| **h)
        {
            if !seen.contains(&t.term.as_str()) {
                seen.push(&t.term);
            }
        }
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
    }
    let start = best.0;
    let end = (start + width).min(tokens.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = if start == 0 { 0 } else { tokens[start].start };
    for (i, (t, h)) in tokens[start..end].iter().zip(&hit[start..end]).enumerate() {
        let gap = squash(&text[pos..t.start]);
        // Before the text's first word there is nothing to keep apart from.
        let gap = match (i, gap.strip_prefix(BLOCK_BREAK)) {
            (0, Some(rest)) => rest.to_owned(),
            _ => gap,
        };
        out.push_str(&escape(&gap));
        let word = escape(&text[t.start..t.end]);
        if *h {
            out.push_str("<mark>");
            out.push_str(&word);
            out.push_str("</mark>");
        } else {
            out.push_str(&word);
        }
        pos = t.end;
    }
    if end < tokens.len() {
        out.push('…');
    } else {
        let tail = squash(&text[pos..]);
        out.push_str(&escape(tail.strip_suffix(BLOCK_BREAK).unwrap_or(&tail)));
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_matches_and_escapes_everything_else() {
        let text = "Intro words here. The <script>alert(1)</script> hospital & its partners.";
        let html = excerpt(text, &["hospit".into()], 6);
        assert!(html.contains("<mark>hospital</mark>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.starts_with('…'), "{html}");
        assert_eq!(
            excerpt("a b  health", &["health".into()], 9),
            "a b <mark>health</mark>"
        );
        // A heading and its paragraph stay apart; a leading line break adds nothing.
        assert_eq!(
            excerpt("\nhealth care", &["health".into()], 9),
            "<mark>health</mark> care"
        );
        assert_eq!(
            excerpt(
                "What the network is\nBridgeport Prospers is",
                &["network".into()],
                9
            ),
            "What the <mark>network</mark> is · Bridgeport Prospers is"
        );
        let all = excerpt(text, &["hospit".into()], 100);
        assert!(
            all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{all}"
        );
        assert!(all.contains("&amp; its partners."), "{all}");
    }

    #[test]
    fn a_correction_is_shown_as_the_page_writes_it() {
        let text = "Hospitals hire system Navigators.";
        assert_eq!(
            surface(text, &["navig".into()]).as_deref(),
            Some("navigators")
        );
        assert_eq!(surface(text, &["zebra".into()]), None);
    }

    #[test]
    fn prefers_the_window_with_more_distinct_terms() {
        let text = "health one two three four five six seven eight nine ten health care";
        let html = excerpt(text, &["health".into(), "care".into()], 4);
        assert!(html.contains("<mark>care</mark>"), "{html}");
    }
}
