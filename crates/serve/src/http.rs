//! Request paths to site files: refusing traversal, picking content types, and injecting the
//! live-reload script into served HTML (never into files on disk).

/// Where the live-reload script is served. The server answers this prefix before looking at the
/// site, so a site file of the same name would be shadowed, never served in its place.
pub const RELOAD_JS: &str = "/__brightspot/reload.js";
/// The server-sent event stream the reload script listens to.
pub const EVENTS: &str = "/__brightspot/events";

/// The tag added before `</body>` of every served HTML page. A separate file rather than an
/// inline script, so the site's Content-Security-Policy (`script-src 'self'`) allows it.
pub const RELOAD_TAG: &str = "<script src=\"/__brightspot/reload.js\" defer></script>";

/// What a request path asks for, once checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its path inside the output (`a/b/index.html`).
    File(String),
    /// A path that could name something outside the output: answered with 404.
    Refused,
}

/// Maps the path of a request (`/a/b/?q`) to a key of the output, or refuses it. Refused: any `..`
/// or `.` segment, encoded slashes or backslashes (`%2f`, `%5c`), backslashes, NUL, empty segments
/// (`//etc/passwd`), and anything that does not decode to UTF-8. Nothing outside the output can be
/// reached anyway (the site is served from memory), but refusing makes that plain.
pub fn resolve(raw: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Target::Refused;
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Target::Refused;
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Refused;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Target::Refused;
    }
    let inner = &decoded[1..];
    let segments: Vec<&str> = inner.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return Target::Refused;
        }
        // A drive letter (`C:`) would make the path absolute on Windows.
        if i == 0 && s.len() == 2 && s.ends_with(':') {
            return Target::Refused;
        }
    }
    if inner.is_empty() || inner.ends_with('/') {
        Target::File(format!("{inner}index.html"))
    } else {
        Target::File(inner.to_string())
    }
}

/// Decodes `%XX` escapes; `None` on a malformed escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// `html` with the reload tag before the last `</body>` (or at the end when there is none).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(RELOAD_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The live-reload client (`client/reload.js`): listens for `reload`, `error` and `ok` events and
/// shows a failed build's problems in an opaque panel above the page.
pub const RELOAD_SCRIPT: &str = include_str!("client/reload.js");

/// Where the panel's stylesheet is served.
pub const OVERLAY_CSS: &str = "/__brightspot/overlay.css";

/// The panel's stylesheet (`client/overlay.css`), in the site's colours.
pub const OVERLAY_STYLE: &str = include_str!("client/overlay.css");

#[cfg(test)]
mod tests {
    use super::*;

    fn file(s: &str) -> Target {
        Target::File(s.to_string())
    }

    #[test]
    fn folders_get_index_html() {
        assert_eq!(resolve("/"), file("index.html"));
        assert_eq!(resolve("/a/b/"), file("a/b/index.html"));
        assert_eq!(resolve("/a/b/?x=1#y"), file("a/b/index.html"));
        assert_eq!(resolve("/style.css"), file("style.css"));
        assert_eq!(
            resolve("/case%20studies/x.html"),
            file("case studies/x.html")
        );
    }

    #[test]
    fn traversal_is_refused() {
        for p in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a%2f..%2f..%2fetc/passwd",
            "/a%2F%2E%2E",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "//etc/passwd",
            "/a//b",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/%ff%fe",
            "/%zz",
            "etc/passwd",
            "",
        ] {
            assert_eq!(resolve(p), Target::Refused, "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1a2b.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search/shard.wasm"), "application/wasm");
        assert_eq!(
            content_type("refs.bib"),
            "application/x-bibtex; charset=utf-8"
        );
        assert_eq!(content_type("noext"), "application/octet-stream");
        // Every asset type a page bundle may publish is served as what it is.
        for (ext, _) in content::assets::ALLOWED {
            let t = content_type(&format!("a.{ext}"));
            assert_ne!(t, "application/octet-stream", "{ext}");
        }
    }

    #[test]
    fn injection_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>x</p><!-- </body> -->{RELOAD_TAG}</BODY></html>")
        );
        let bare = String::from_utf8(inject(b"<p>no body</p>")).unwrap();
        assert!(bare.ends_with(RELOAD_TAG));
    }
}
