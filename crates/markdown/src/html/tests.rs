//! The renderer's output for headings, links, citations, code, footnotes, tables, images and
//! the site's own voice.

use super::super::analyze;
use super::*;

struct R;
impl Resolver for R {
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String> {
        (path == "a.md")
            .then(|| format!("/a/{}", anchor.map(|a| format!("#{a}")).unwrap_or_default()))
    }
    fn citation(&mut self, _: usize, c: &Citation) -> Option<String> {
        Some(format!("<cite>{}</cite>", c.items[0].key))
    }
}

fn html(md: &str) -> String {
    render(md, &analyze(md), &mut R).html
}

#[test]
fn headings_get_ids_and_self_links() {
    assert_eq!(
        html("## Results\n"),
        "<h2 id=\"results\"><a class=\"heading-anchor\" href=\"#results\">Results</a></h2>\n"
    );
    assert!(html("## See [a](@/a.md)\n").starts_with("<h2 id=\"see-a\">See <a href=\"/a/\">"));
}

/// Links to `p.md` have a preview.
struct P;
impl Resolver for P {
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String> {
        R.link(if path == "p.md" { "a.md" } else { path }, anchor)
    }
    fn citation(&mut self, i: usize, c: &Citation) -> Option<String> {
        R.citation(i, c)
    }
    fn has_preview(&mut self, path: &str) -> bool {
        path == "p.md"
    }
}

#[test]
fn links_in_text_to_pages_with_previews_get_the_class() {
    let md = "See [p](@/p.md#x \"A \\\"t\\\"\") and [a](@/a.md).\n\n## The [p](@/p.md)\n";
    let out = render(md, &analyze(md), &mut P).html;
    assert_eq!(
        out,
        "<p>See <a class=\"preview-link\" href=\"/a/#x\" title=\"A &quot;t&quot;\">p</a> and <a href=\"/a/\">a</a>.</p>\n<h2 id=\"the-p\">The <a href=\"/a/\">p</a></h2>\n"
    );
    // The class survives the cleaning of a body with raw HTML.
    let md = "<b>x</b> [p](@/p.md)\n";
    let out = render(md, &analyze(md), &mut P).html;
    assert!(
        out.contains("<a class=\"preview-link\" href=\"/a/\">p</a>"),
        "{out}"
    );
}

#[test]
fn raw_html_and_script_urls_are_neutralized() {
    let out = html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1)) <img src=x onerror=alert(1)>");
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("alert(1)"), "{out}");
    assert!(out.contains("<img src=\"x\">"), "{out}");
    assert!(!out.to_lowercase().contains("href=\"javascript"), "{out}");
}

#[test]
fn safe_raw_html_is_kept_around_markdown() {
    let out = html("<details>\n<summary>Methods</summary>\n\nSee [a](@/a.md) and [@k].\n\n</details>\n\n```rust\nfn x() {}\n```\n\n## Next\n\nText[^n].\n\n[^n]: Note.\n");
    assert!(out.starts_with("<details>\n<summary>Methods</summary>\n<p>See <a href=\"/a/\">a</a> and <cite>k</cite>.</p>\n</details>"), "{out}");
    // What the renderer writes survives the cleaning of a body with raw HTML.
    for kept in [
        "class=\"code\" tabindex=\"0\" data-lang=\"rust\"",
        "class=\"hl-",
        "<h2 id=\"next\"><a class=\"heading-anchor\" href=\"#next\">",
        "id=\"footnote-n\"",
        "class=\"footnote-definition-label\"",
    ] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
}

#[test]
fn links_and_citations_resolve() {
    let out = html("See [a](@/a.md#x), [b](@/missing.md) and [@kania2011].");
    assert!(out.contains("href=\"/a/#x\""));
    assert!(out.contains("href=\"#\""));
    assert!(out.contains("<cite>kania2011</cite>"));
}

#[test]
fn code_is_highlighted_or_plain() {
    let r = render("```rust\nfn x() {}\n```\n", &analyze(""), &mut R);
    assert!(r.has_code && r.html.contains("hl-"));
    let plain = html("```klingon\n<b>\n```\n");
    assert!(plain.contains("&lt;b&gt;") && !plain.contains("hl-"));
}

#[test]
fn aligned_columns_get_classes_not_styles() {
    let out = html("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
    assert!(!out.contains("style="), "{out}");
    assert!(out.contains("<th class=\"align-left\">a</th>"), "{out}");
    assert!(out.contains("<td class=\"align-right\">2</td>"), "{out}");
}

#[test]
fn own_voice_paragraphs_and_items_are_set_apart() {
    let out = html(
        "**Our suggestion:** ask first.\n\n**Results.** None.\n\n- **Our reading:** a *b*\n- c\n",
    );
    assert!(
        out.contains("<p class=\"own-voice\"><strong>Our suggestion:</strong> ask first.</p>"),
        "{out}"
    );
    assert!(
        out.contains("<p><strong>Results.</strong> None.</p>"),
        "{out}"
    );
    assert!(
        out.contains(
            "<li class=\"own-voice\"><strong>Our reading:</strong> a <em>b</em></li>\n<li>c</li>"
        ),
        "{out}"
    );
}

#[test]
fn footnotes_get_prefixed_ids() {
    let out = html("Text[^note].\n\n## Note\n\n[^note]: The note.\n");
    assert!(out.contains("href=\"#footnote-note\""), "{out}");
    assert!(out.contains("id=\"footnote-note\""), "{out}");
    assert!(out.contains("<h2 id=\"note\">"), "{out}");
}

#[test]
fn safe_url_rules() {
    assert!(is_safe_url("https://x.org"));
    assert!(is_safe_url("../a/b?x=y:z"));
    assert!(is_safe_url("#top"));
    assert!(!is_safe_url("java\nscript:alert(1)"));
    assert!(!is_safe_url("data:text/html,x"));
}
