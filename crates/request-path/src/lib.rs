//! The dev server's request paths mapped to files of the site in memory, refusing
//! anything that could name a file outside it, and the content type each file is served as. Its
//! own crate, with no dependencies, because it is the server's security boundary: the fuzz target
//! `serve_path` builds it alone, and `serve` uses it.

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
    }
}
