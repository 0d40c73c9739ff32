//! The dev server's request paths: whatever the request, a path it accepts names a file inside
//! the output (no `..`, `.` or empty segment, no backslash or NUL, relative).
#![no_main]

use libfuzzer_sys::fuzz_target;
use request_path::{self as http, Target};

fuzz_target!(|raw: &str| {
    let _ = http::content_type(raw);
    let _ = http::percent_decode(raw);
    if let Target::File(path) = http::resolve(raw) {
        assert!(!path.starts_with('/'), "{raw:?} -> {path:?}");
        assert!(
            !path.contains('\\') && !path.contains('\0'),
            "{raw:?} -> {path:?}"
        );
        for segment in path.split('/') {
            assert!(
                !segment.is_empty() && segment != "." && segment != "..",
                "{raw:?} -> {path:?}"
            );
        }
        assert!(
            !std::path::Path::new(&path).is_absolute(),
            "{raw:?} -> {path:?}"
        );
        // Resolving is stable: the file's own URL resolves to the same file.
        // (`%`, `?` and `#` in a file name are escaped in its URL, as a browser would send them.)
        let url = path
            .replace('%', "%25")
            .replace('?', "%3F")
            .replace('#', "%23");
        let again = http::resolve(&format!("/{url}"));
        assert_eq!(again, Target::File(path.clone()), "{raw:?}");
    }
});
