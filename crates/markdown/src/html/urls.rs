//! Link and image destinations: `@/` links resolved, relative URLs rewritten where the resolver
//! says, and every scheme that could run script neutralized.

use pulldown_cmark::{CowStr, Tag};

use super::super::internal_target;
use super::Resolver;

/// A link or image with its destination resolved (`@/`) or neutralized.
pub(super) fn with_safe_url<'a>(tag: Tag<'a>, resolver: &mut dyn Resolver) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: safe_url(&dest_url, resolver),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: safe_url(&dest_url, resolver),
            title,
            id,
        },
        other => other,
    }
}

/// Resolves `@/` links and neutralizes URL schemes that could run script.
pub(super) fn safe_url<'a>(url: &CowStr<'a>, resolver: &mut dyn Resolver) -> CowStr<'a> {
    if let Some((path, anchor)) = internal_target(url) {
        return resolver
            .link(path, anchor)
            .unwrap_or_else(|| "#".into())
            .into();
    }
    if let Some(rewritten) = resolver.relative(url) {
        return rewritten.into();
    }
    if is_safe_url(url) {
        url.clone()
    } else {
        "#".into()
    }
}

/// Relative URLs and http(s), mailto and tel links are allowed; `javascript:`, `data:` and every
/// other scheme are not.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = trimmed.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}
