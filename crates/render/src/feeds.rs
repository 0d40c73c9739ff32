//! Machine-readable outputs: `sitemap.xml`, the Atom feed of case studies, `robots.txt`. They
//! are made by [`finish`], a pass over the final list of outputs, so the sitemap lists every
//! page written (every `index.html` but the alias redirects) whichever stage wrote it.

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

use content::schema::PageType;
use graph::Graph;
use model::output::OutputFile;

/// `s` escaped for XML, without the characters XML 1.0 cannot hold (validation refuses them
/// in content; the config's title reaches the feed too).
fn esc(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect();
    let mut out = String::new();
    let _ = escape_html(&mut out, &allowed);
    out
}

/// The pass over the site's final list of outputs (after render and search): adds the sitemap of
/// every page written, `robots.txt` and, when the config asks for it, the Atom feed; keeps the
/// list sorted by path. `written` are the pages a sink already wrote.
pub fn finish(graph: &Graph, files: &mut Vec<OutputFile>, written: &[String]) {
    let paths = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(written.iter().map(String::as_str));
    let sitemap = sitemap_for(graph, paths);
    files.push(sitemap);
    files.push(robots(graph));
    if graph.config.feed {
        files.push(atom(graph));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
}

/// The sitemap of a set of output files: every page written (each `index.html`), except the
/// redirect pages of short links and aliases, the present views (copies of their page) and the
/// web editor.
pub fn sitemap_for<'a>(graph: &Graph, paths: impl Iterator<Item = &'a str>) -> OutputFile {
    let present = graph::paths::PRESENT_FOLDER;
    let aliases: std::collections::BTreeSet<String> = graph
        .redirects
        .iter()
        .map(|r| r.from.as_str().to_string())
        .chain(
            graph
                .pages
                .iter()
                .filter(|p| p.short.is_some())
                .map(|p| format!("{}{present}/", p.permalink.as_str())),
        )
        .collect();
    let written: Vec<String> = paths
        .filter_map(|p| p.strip_suffix("index.html"))
        .filter(|p| !aliases.contains(*p))
        // The web editor is a tool for contributors, not a page for readers.
        .filter(|p| !p.starts_with(graph::paths::EDITOR_FOLDER))
        .map(str::to_string)
        .collect();
    sitemap(graph, &written)
}

/// Every published URL, with its date where the page has one.
pub fn sitemap(graph: &Graph, written: &[String]) -> OutputFile {
    let base = &graph.base_url;
    let dates: std::collections::BTreeMap<&str, String> = graph
        .pages
        .iter()
        .filter_map(|p| Some((p.permalink.as_str(), p.page.date()?.to_string())))
        .collect();
    let mut urls: Vec<(String, Option<String>)> = written
        .iter()
        .map(|path| (path.clone(), dates.get(path.as_str()).cloned()))
        .collect();
    urls.sort();
    urls.dedup();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in urls {
        let loc = format!("{base}{}", graph::encode_path(&path));
        let _ = write!(xml, "  <url><loc>{}</loc>", esc(&loc));
        if let Some(d) = lastmod {
            let _ = write!(xml, "<lastmod>{d}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}

/// An Atom feed of the case studies, newest review first. Dates come from content, never from
/// the clock, so builds stay reproducible.
pub fn atom(graph: &Graph) -> OutputFile {
    let base = &graph.base_url;
    let mut entries: Vec<_> = graph
        .pages
        .iter()
        .filter(|p| p.page.page_type() == PageType::CaseStudy)
        .collect();
    entries.sort_by(|a, b| {
        b.page
            .date()
            .cmp(&a.page.date())
            .then(a.permalink.cmp(&b.permalink))
    });
    let updated = entries
        .iter()
        .filter_map(|p| p.page.date())
        .max()
        .map_or("1970-01-01".to_string(), |d| d.to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(xml, " xml:lang=\"{}\">", esc(&graph.config.language));
    let _ = writeln!(
        xml,
        "  <title>{} — case studies</title>",
        esc(&graph.config.title)
    );
    let _ = writeln!(
        xml,
        "  <subtitle>{}</subtitle>",
        esc(&graph.config.description)
    );
    let _ = writeln!(xml, "  <link href=\"{}\"/>", esc(base.as_str()));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}feed.xml\"/>",
        esc(base.as_str())
    );
    let _ = writeln!(xml, "  <id>{}</id>", esc(base.as_str()));
    let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        esc(&graph.config.title)
    );
    for p in entries {
        let url = p.permalink.absolute(base);
        let date = p.page.date().map_or(updated.clone(), |d| d.to_string());
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", esc(p.page.title()));
        let _ = writeln!(xml, "    <link href=\"{}\"/>", esc(&url));
        let _ = writeln!(xml, "    <id>{}</id>", esc(&url));
        let _ = writeln!(xml, "    <updated>{date}T00:00:00Z</updated>");
        let _ = writeln!(xml, "    <summary>{}</summary>", esc(p.page.description()));
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    OutputFile::new("feed.xml", xml.into_bytes())
}

/// Allows every crawler and points at the sitemap.
pub fn robots(graph: &Graph) -> OutputFile {
    OutputFile::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            graph.base_url
        )
        .into_bytes(),
    )
}
