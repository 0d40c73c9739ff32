//! Request paths to site files and their content types (from `request-path`), and the live-reload
//! script injected into served HTML (never into files on disk).

/// Where the live-reload script is served. The server answers this prefix before looking at the
/// site, so a site file of the same name would be shadowed, never served in its place.
pub const RELOAD_JS: &str = "/__brightspot/reload.js";
/// The server-sent event stream the reload script listens to.
pub const EVENTS: &str = "/__brightspot/events";

/// The tag added before `</body>` of every served HTML page. A separate file rather than an
/// inline script, so the site's Content-Security-Policy (`script-src 'self'`) allows it.
pub const RELOAD_TAG: &str = "<script src=\"/__brightspot/reload.js\" defer></script>";

// Request paths and content types live in `request-path`, the server's security boundary (fuzzed
// on its own); re-exported so `serve::http` keeps its whole surface.
pub use request_path::{content_type, percent_decode, resolve, Target};

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

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
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
