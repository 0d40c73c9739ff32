//! Images beside pages: every relative Markdown image of a page must name an image file of the
//! page's bundle (`content/case-studies/x/index.md` with `photo.jpg` beside it), and every one of
//! a section's introduction (`_index.md`, the home page's too) a file in the section's folder
//! beside it (a section's folder is its bundle). Which files are referenced is what the render
//! stage measures and resizes.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{Graph, NodeId};
use content::assets::{kind_of, AssetKind};
use model::diagnostics::{did_you_mean, Diagnostic};

/// The output path (relative to the site root, like a bundle asset's) that an image URL written
/// in a page at `permalink` names, or None when it leaves the site or is not a file.
pub fn image_path(permalink: &str, url: &str) -> Option<String> {
    if !markdown::images::is_relative_file(url) {
        return None;
    }
    let url = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .ok()?;
    let mut parts: Vec<&str> = permalink.split('/').filter(|s| !s.is_empty()).collect();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    (!path.is_empty()).then_some(path)
}

/// Where a Markdown image is written: the page's file and the byte range in it.
pub type Place = (PathBuf, Range<usize>);

/// A node that may show images beside it: its file, its address, whether it has a folder of
/// its own (a page bundle, or a section), and its Markdown texts.
struct Shower<'g> {
    file: &'g Path,
    permalink: &'g str,
    bundle: bool,
    texts: Vec<(&'g markdown::Analysis, usize)>,
}

/// Every page and section, pages first, each in the graph's order.
fn showers(graph: &Graph) -> impl Iterator<Item = Shower<'_>> {
    graph.nodes().map(|node| Shower {
        file: graph.file(node),
        permalink: graph.title_and_link(node).1.as_str(),
        // A section's folder holds its images like a page bundle's.
        bundle: match node {
            NodeId::Page(p) => graph.page(p).page.bundle,
            NodeId::Section(_) => true,
        },
        texts: graph.texts(node),
    })
}

/// The raster images (JPEG, PNG, WebP, GIF, AVIF) that pages and sections show, by output
/// path, each with every place it is written (so a problem with the file is reported where it
/// is used).
pub fn references(graph: &Graph) -> BTreeMap<String, Vec<Place>> {
    let assets: BTreeSet<String> = graph.assets.iter().map(asset_path).collect();
    let mut found: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for shower in showers(graph) {
        for (analysis, offset) in &shower.texts {
            for image in &analysis.images {
                let Some(path) = image_path(shower.permalink, &image.url) else {
                    continue;
                };
                let raster = kind_of(Path::new(&path)) == Some(AssetKind::Image);
                if raster && shower.bundle && assets.contains(&path) {
                    let span = offset + image.span.start..offset + image.span.end;
                    found
                        .entry(path)
                        .or_default()
                        .push((shower.file.to_path_buf(), span));
                }
            }
        }
    }
    found
}

/// Every relative image that names no image file beside its page or section introduction, at
/// the image in its file.
pub fn check(graph: &Graph) -> Vec<Diagnostic> {
    let assets: BTreeSet<String> = graph.assets.iter().map(asset_path).collect();
    let mut problems = Vec::new();
    for shower in showers(graph) {
        let file = shower.file;
        for (analysis, offset) in &shower.texts {
            for image in analysis.images.iter().filter(|i| i.is_beside_page()) {
                let span = offset + image.span.start..offset + image.span.end;
                let error = |message: String, help: String| {
                    Diagnostic::error(file, span.clone(), message).with_help(help)
                };
                if !shower.bundle {
                    problems.push(error(
                        format!("image `{}` is not beside its page: this page is not a page bundle", image.url),
                        format!(
                            "make the page a bundle: move it to `{}` and put `{}` in that folder beside it",
                            bundle_form(file),
                            image.url
                        ),
                    ));
                    continue;
                }
                let path = image_path(shower.permalink, &image.url);
                let found = path.as_ref().filter(|p| assets.contains(p.as_str()));
                let Some(path) = found else {
                    let folder = file.parent().unwrap_or(Path::new("content"));
                    let beside: Vec<&str> = assets
                        .iter()
                        .filter_map(|a| a.strip_prefix(shower.permalink))
                        .collect();
                    let help = did_you_mean(&image.url, beside.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "put the image file in `{}` beside the page, or correct its name (names are case-sensitive)",
                            folder.display()
                        )
                    });
                    problems.push(error(
                        format!(
                            "image not found: no file `{}` beside `{}`",
                            image.url,
                            file.display()
                        ),
                        help,
                    ));
                    continue;
                };
                if !matches!(
                    kind_of(Path::new(path)),
                    Some(AssetKind::Image | AssetKind::Svg)
                ) {
                    problems.push(error(
                        format!("`{}` is not an image", image.url),
                        "images may be JPEG, PNG, WebP, GIF, AVIF or SVG; link other files with `[text](file)` instead of `![text](file)`".into(),
                    ));
                }
            }
        }
    }
    problems
}

fn asset_path(a: &content::load::BinaryFile) -> String {
    a.rel.to_string_lossy().replace('\\', "/")
}

/// `content/notes/a.md` as a bundle: `content/notes/a/index.md`.
fn bundle_form(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map_or("page".into(), |s| s.to_string_lossy());
    let parent = file.parent().unwrap_or(Path::new(""));
    parent
        .join(stem.as_ref())
        .join("index.md")
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_urls_resolve_against_the_page() {
        assert_eq!(
            image_path("case-studies/x/", "photo.jpg").as_deref(),
            Some("case-studies/x/photo.jpg")
        );
        assert_eq!(
            image_path("case-studies/x/", "./img/a%20b.png?v=1").as_deref(),
            Some("case-studies/x/img/a b.png")
        );
        assert_eq!(
            image_path("case-studies/x/", "../y/p.png").as_deref(),
            Some("case-studies/y/p.png")
        );
        assert_eq!(image_path("x/", "../../p.png"), None);
        assert_eq!(image_path("x/", "https://a.org/p.png"), None);
        assert_eq!(
            bundle_form(Path::new("content/notes/a.md")),
            "content/notes/a/index.md"
        );
    }
}
