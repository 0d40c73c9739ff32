//! Icons and the web app manifest, all drawn from the theme's (or the site's) `favicon.svg`:
//! `favicon.ico` (16, 32 and 48 px, so the request every browser makes for it is answered),
//! `apple-touch-icon.png` (180 px, which iOS also asks for by that name), the manifest's 192 and
//! 512 px icons, and `manifest.webmanifest` with the site's names and theme colours.

use serde_json::json;

use super::social::rasterize;
use content::load::BinaryFile;
use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// The static file every icon is drawn from.
pub const SOURCE: &str = "favicon.svg";
/// The manifest's path.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The PNG fallback for browsers without SVG icons, and iOS's home-screen icon.
pub const TOUCH_ICON: &str = "apple-touch-icon.png";
/// Sizes inside `favicon.ico`.
const ICO_SIZES: [u32; 3] = [16, 32, 48];
/// The manifest's PNG icons.
const MANIFEST_SIZES: [u32; 2] = [192, 512];

/// The icon files and the manifest, or nothing when the site has no `favicon.svg`.
pub fn files(graph: &Graph, static_files: &[BinaryFile]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let Some(source) = static_files.iter().find(|f| f.rel.as_os_str() == SOURCE) else {
        return (Vec::new(), Vec::new());
    };
    let Ok(svg) = std::str::from_utf8(&source.bytes) else {
        return (Vec::new(), vec![problem("it is not UTF-8 text")]);
    };
    match draw(graph, svg) {
        Ok(files) => (files, Vec::new()),
        Err(e) => (Vec::new(), vec![problem(&e)]),
    }
}

fn problem(why: &str) -> Diagnostic {
    Diagnostic::general(
        Some(format!("static/{SOURCE}").into()),
        format!("the icons could not be drawn from {SOURCE}: {why}"),
    )
    .with_help("make it a square SVG with a viewBox, without external images or fonts")
}

fn draw(graph: &Graph, svg: &str) -> Result<Vec<OutputFile>, String> {
    let mut ico = ico::IconDir::new(ico::ResourceType::Icon);
    for size in ICO_SIZES {
        let png = rasterize(svg, size, size)?;
        let image =
            ico::IconImage::read_png(std::io::Cursor::new(png)).map_err(|e| e.to_string())?;
        ico.add_entry(ico::IconDirEntry::encode_as_png(&image).map_err(|e| e.to_string())?);
    }
    let mut ico_bytes = Vec::new();
    ico.write(&mut ico_bytes).map_err(|e| e.to_string())?;
    let mut files = vec![
        OutputFile::new("favicon.ico", ico_bytes),
        OutputFile::new(TOUCH_ICON, rasterize(svg, 180, 180)?),
    ];
    for size in MANIFEST_SIZES {
        files.push(OutputFile::new(
            format!("icon-{size}.png"),
            rasterize(svg, size, size)?,
        ));
    }
    files.push(OutputFile::new(MANIFEST, manifest(graph).into_bytes()));
    Ok(files)
}

/// The name under the home-screen icon: the configured one, else the title up to a colon.
pub fn short_name(graph: &Graph) -> String {
    let c = &graph.config;
    c.manifest.short_name.clone().unwrap_or_else(|| {
        c.title
            .split(':')
            .next()
            .unwrap_or(&c.title)
            .trim()
            .to_string()
    })
}

/// `manifest.webmanifest`: names, start URL and scope under the base path, colours, icons.
pub fn manifest(graph: &Graph) -> String {
    let c = &graph.config;
    let base = graph.base_url.path();
    let icon = |size: u32| json!({ "src": format!("{base}icon-{size}.png"), "sizes": format!("{size}x{size}"), "type": "image/png" });
    let mut icons =
        vec![json!({ "src": format!("{base}{SOURCE}"), "sizes": "any", "type": "image/svg+xml" })];
    icons.extend(MANIFEST_SIZES.map(icon));
    let m = json!({
        "name": c.title,
        "short_name": short_name(graph),
        "description": c.description,
        "lang": c.language,
        "start_url": base,
        "scope": base,
        "id": base,
        "display": "standalone",
        "theme_color": c.manifest.theme_color,
        "background_color": c.manifest.background_color,
        "icons": icons,
    });
    let mut text = serde_json::to_string_pretty(&m).unwrap_or_default();
    text.push('\n');
    text
}
