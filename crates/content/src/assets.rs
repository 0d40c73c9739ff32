//! Page-bundle assets (the non-Markdown files under `content/`) are published byte for byte at
//! the site's own origin, so a file that a browser would run — HTML, a script, an SVG with a
//! script — would run with the site's authority. Only an allow-list of inert types is published;
//! anything else is refused with a diagnostic naming the file and why.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::BinaryFile;
use model::diagnostics::Diagnostic;

/// What an allowed asset is, by its (lower-cased) extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// A raster image: png, jpg, jpeg, gif, webp, avif.
    Image,
    /// An SVG image, published only when it holds nothing that can run or fetch (see [`svg`]).
    Svg,
    /// A PDF document.
    Pdf,
    /// A data file a page links to: csv, tsv, json, txt, xlsx, ods.
    Data,
    /// XML data, published only without stylesheets or embedded HTML/SVG (see [`xml`]).
    Xml,
}

/// Every extension a page-bundle asset may have, with its kind (docs/security.md lists them).
pub const ALLOWED: &[(&str, AssetKind)] = &[
    ("png", AssetKind::Image),
    ("jpg", AssetKind::Image),
    ("jpeg", AssetKind::Image),
    ("gif", AssetKind::Image),
    ("webp", AssetKind::Image),
    ("avif", AssetKind::Image),
    ("svg", AssetKind::Svg),
    ("pdf", AssetKind::Pdf),
    ("csv", AssetKind::Data),
    ("tsv", AssetKind::Data),
    ("json", AssetKind::Data),
    ("txt", AssetKind::Data),
    ("xlsx", AssetKind::Data),
    ("ods", AssetKind::Data),
    ("xml", AssetKind::Xml),
];

/// The kind of an asset at `path`, or None when its type is not allowed.
pub fn kind_of(path: &Path) -> Option<AssetKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    ALLOWED.iter().find(|(e, _)| *e == ext).map(|(_, k)| *k)
}

/// Whether `path` (relative to the root) is an asset whose text diagnostics may quote.
pub fn is_markup(path: &Path) -> bool {
    matches!(kind_of(path), Some(AssetKind::Svg | AssetKind::Xml))
}

/// The assets that may be published, as they are published (raster images without their
/// metadata, [`crate::image_metadata`]), and a diagnostic for each one refused. `rel` paths are
/// relative to `content/`. Checked in parallel, kept in order.
pub fn check(assets: &[BinaryFile]) -> (Vec<BinaryFile>, Vec<Diagnostic>) {
    let checked: Vec<Result<BinaryFile, Diagnostic>> = assets.par_iter().map(check_one).collect();
    let mut kept = Vec::new();
    let mut problems = Vec::new();
    for c in checked {
        match c {
            Ok(asset) => kept.push(asset),
            Err(d) => problems.push(d),
        }
    }
    (kept, problems)
}

fn check_one(asset: &BinaryFile) -> Result<BinaryFile, Diagnostic> {
    let file = Path::new("content").join(&asset.rel);
    let problem = match kind_of(&asset.rel) {
        None => Some(refuse_type(&file)),
        Some(AssetKind::Svg) => svg(&asset.bytes).map(|p| p.at(&file, "SVG")),
        Some(AssetKind::Xml) => xml(&asset.bytes).map(|p| p.at(&file, "XML")),
        Some(AssetKind::Image) => {
            return match crate::image_metadata::strip(&asset.bytes) {
                Ok(bytes) => Ok(BinaryFile {
                    rel: asset.rel.clone(),
                    bytes: bytes.into(),
                }),
                Err(why) => Err(Diagnostic::general(
                    Some(file),
                    format!("image refused: {why}"),
                )
                .with_help("open it in an image editor and export it again, without metadata, as JPEG (photos) or PNG (charts, screenshots)")),
            };
        }
        Some(_) => None,
    };
    match problem {
        Some(d) => Err(d),
        None => Ok(asset.clone()),
    }
}

fn refuse_type(file: &Path) -> Diagnostic {
    let ext = file.extension().map_or("(none)".to_string(), |e| {
        format!(".{}", e.to_string_lossy())
    });
    let why = match ext.to_ascii_lowercase().as_str() {
        ".html" | ".htm" | ".xhtml" | ".shtml" => {
            "an HTML file would become a page that no template or check has seen"
        }
        ".js" | ".mjs" | ".cjs" | ".wasm" => "a script would run with the site's own authority",
        _ => "only inert file types are published",
    };
    let allowed: Vec<&str> = ALLOWED.iter().map(|(e, _)| *e).collect();
    Diagnostic::general(
        Some(file.to_path_buf()),
        format!("page-bundle asset refused: type {ext} is not allowed ({why})"),
    )
    .with_help(format!(
        "write pages as Markdown; assets may be {} (see docs/security.md)",
        allowed.join(", ")
    ))
}

/// Why a markup asset was refused, and where in it.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsafe {
    /// What is wrong.
    pub reason: String,
    /// Byte range in the file, when known.
    pub span: Option<Range<usize>>,
}

impl Unsafe {
    fn new(reason: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Unsafe {
            reason: reason.into(),
            span,
        }
    }

    fn at(self, file: &Path, kind: &str) -> Diagnostic {
        let message = format!("{kind} asset refused: {}", self.reason);
        let d = match self.span {
            Some(span) => Diagnostic::error(PathBuf::from(file), span, message),
            None => Diagnostic::general(Some(file.to_path_buf()), message),
        };
        d.with_help(format!(
            "remove it, or export the {kind} without scripts, links, stylesheets or embedded HTML"
        ))
    }
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";
const XSLT_NS: &str = "http://www.w3.org/1999/XSL/Transform";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Why an SVG may not be published, or None when it is inert: an `<svg>` root in the SVG
/// namespace, no DOCTYPE, no `<script>`, `<foreignObject>` or embedded HTML/MathML, no `on…`
/// event handler, no stylesheet processing instruction, no animation of links or handlers, and
/// no reference outside the file (every `href` a `#fragment`, every CSS `url()` a fragment, no
/// `@import`) except raster images embedded as `data:image/…`.
pub fn svg(bytes: &[u8]) -> Option<Unsafe> {
    let doc = match parse(bytes) {
        Ok(doc) => doc,
        Err(problem) => return Some(problem),
    };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Some(Unsafe::new(
            "the root element is not <svg> in the SVG namespace",
            Some(root.range()),
        ));
    }
    for node in doc.descendants() {
        if let Some(p) = stylesheet_instruction(&node) {
            return Some(p);
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        let span = Some(node.range());
        match node.tag_name().namespace() {
            Some(XHTML_NS | MATHML_NS) => {
                return Some(Unsafe::new(
                    format!("it embeds HTML or MathML (<{name}>)"),
                    span,
                ))
            }
            Some(SVG_NS) => {}
            // Other namespaces (editor metadata such as Inkscape's or RDF) are never rendered.
            _ => continue,
        }
        let lower = name.to_ascii_lowercase();
        if lower == "script" || lower == "foreignobject" {
            return Some(Unsafe::new(format!("it has a <{name}> element"), span));
        }
        if lower == "style" {
            if let Some(why) = css_reference(
                &node
                    .descendants()
                    .filter_map(|n| n.text())
                    .collect::<String>(),
            ) {
                return Some(Unsafe::new(why, span));
            }
        }
        for attr in node.attributes() {
            let attr_name = attr.name().to_ascii_lowercase();
            let value = attr.value().trim();
            if attr_name.starts_with("on") {
                return Some(Unsafe::new(
                    format!("<{name}> has an event handler ({})", attr.name()),
                    span,
                ));
            }
            let link =
                attr_name == "href" || attr_name == "src" || attr.namespace() == Some(XLINK_NS);
            if link && !value.starts_with('#') && !(lower == "image" && is_raster_data(value)) {
                return Some(Unsafe::new(
                    format!(
                        "<{name}> refers to something outside the file ({}=\"{value}\")",
                        attr.name()
                    ),
                    span,
                ));
            }
            let animated = matches!(
                lower.as_str(),
                "set" | "animate" | "animatemotion" | "animatetransform"
            ) && attr_name == "attributename";
            if animated {
                let target = value.to_ascii_lowercase();
                if target.ends_with("href") || target.starts_with("on") {
                    return Some(Unsafe::new(format!("<{name}> animates `{value}`"), span));
                }
            }
            if let Some(why) = css_reference(value) {
                return Some(Unsafe::new(format!("<{name}> {why}"), span));
            }
        }
    }
    None
}

/// Why an XML data file may not be published, or None: no DOCTYPE, no stylesheet processing
/// instruction, and no element a browser would render as HTML, SVG, MathML or XSLT.
pub fn xml(bytes: &[u8]) -> Option<Unsafe> {
    let doc = match parse(bytes) {
        Ok(doc) => doc,
        Err(problem) => return Some(problem),
    };
    for node in doc.descendants() {
        if let Some(p) = stylesheet_instruction(&node) {
            return Some(p);
        }
        if let Some(ns @ (XHTML_NS | SVG_NS | MATHML_NS | XSLT_NS)) = node.tag_name().namespace() {
            if node.is_element() {
                return Some(Unsafe::new(
                    format!(
                        "<{}> is in the namespace {ns}, which browsers render",
                        node.tag_name().name()
                    ),
                    Some(node.range()),
                ));
            }
        }
    }
    None
}

/// Parses XML with roxmltree, which refuses a DOCTYPE (and so entities) by default.
fn parse(bytes: &[u8]) -> Result<roxmltree::Document<'_>, Unsafe> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Unsafe::new(
            "it is not valid UTF-8",
            Some(e.valid_up_to()..e.valid_up_to()),
        )
    })?;
    roxmltree::Document::parse(text).map_err(|e| {
        let why = match e {
            roxmltree::Error::DtdDetected => {
                "it has a DOCTYPE (entities can pull in other files)".to_string()
            }
            other => format!("it is not well-formed XML ({other})"),
        };
        Unsafe::new(why, None)
    })
}

fn stylesheet_instruction(node: &roxmltree::Node<'_, '_>) -> Option<Unsafe> {
    let pi = node.pi()?;
    pi.target.eq_ignore_ascii_case("xml-stylesheet").then(|| {
        Unsafe::new(
            "it has an <?xml-stylesheet?> instruction",
            Some(node.range()),
        )
    })
}

/// Why CSS text reaches outside the file: an `@import`, or a `url()` that is not a `#fragment`.
fn css_reference(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("has a stylesheet @import".into());
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some("has a CSS url() outside the file".into());
        }
    }
    None
}

fn is_raster_data(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ["png", "jpeg", "gif", "webp"]
        .iter()
        .any(|t| lower.starts_with(&format!("data:image/{t};base64,")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_of(inner: &str) -> String {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">{inner}</svg>")
    }

    #[test]
    fn inert_svg_passes() {
        let ok = svg_of("<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"5\" height=\"5\"/><use href=\"#g\"/><style>rect { fill: red }</style>");
        assert_eq!(svg(ok.as_bytes()), None);
    }

    #[test]
    fn svg_that_can_run_or_fetch_is_refused() {
        for bad in [
            svg_of("<script>alert(1)</script>"),
            svg_of("<script href=\"a.js\"/>"),
            svg_of("<rect onload=\"alert(1)\"/>"),
            svg_of("<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>"),
            svg_of("<a href=\"javascript:alert(1)\"><text>x</text></a>"),
            svg_of("<a xlink:href=\"https://evil.example/\"><text>x</text></a>"),
            svg_of("<use href=\"other.svg#x\"/>"),
            svg_of("<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>"),
            svg_of("<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>"),
            svg_of("<style>@import url(https://evil.example/x.css);</style>"),
            svg_of("<rect style=\"fill: url(https://evil.example/)\"/>"),
            "<?xml-stylesheet href=\"x.xsl\"?>".to_string() + &svg_of(""),
            "<!DOCTYPE svg [<!ENTITY x SYSTEM \"/etc/passwd\">]>".to_string() + &svg_of("&x;"),
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>".into(),
            "not xml".into(),
        ] {
            assert!(svg(bad.as_bytes()).is_some(), "accepted: {bad}");
        }
        let embedded = svg_of("<image href=\"data:image/png;base64,iVBORw0KGgo=\"/>");
        assert_eq!(svg(embedded.as_bytes()), None);
    }

    #[test]
    fn xml_with_stylesheets_or_html_is_refused() {
        assert_eq!(xml(b"<data><row a=\"1\"/></data>"), None);
        assert!(xml(b"<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><data/>").is_some());
        assert!(xml(
            b"<data><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></data>"
        )
        .is_some());
        assert!(xml(b"<!DOCTYPE data><data/>").is_some());
    }

    #[test]
    fn types_are_an_allow_list() {
        assert_eq!(kind_of(Path::new("a/photo.JPG")), Some(AssetKind::Image));
        assert_eq!(kind_of(Path::new("a/index.html")), None);
        assert_eq!(kind_of(Path::new("a/a.js")), None);
        assert_eq!(kind_of(Path::new("a/README")), None);
        let refused = refuse_type(Path::new("content/a/index.html"));
        assert!(refused.message.contains(".html"), "{}", refused.message);
    }
}
