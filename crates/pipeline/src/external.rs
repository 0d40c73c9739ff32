//! `check --external`: every external link of the site, fetched over the network with a timeout,
//! for whoever has network. Never part of `build`: a build must not depend on other sites.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use graph::Graph;
use model::diagnostics::Diagnostic;

/// One place an external URL is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The URL.
    pub url: String,
    /// The file it is written in.
    pub file: PathBuf,
    /// Byte range in that file.
    pub span: Range<usize>,
}

/// Every external link of the site's pages, sections and bibliography, in file order.
pub fn collect(graph: &Graph) -> Vec<ExternalLink> {
    let mut out = Vec::new();
    for node in graph.nodes() {
        let file = graph.file(node).to_path_buf();
        for (analysis, offset) in graph.texts(node) {
            // Addresses of the site itself are checked against its pages, not fetched.
            let own = |url: &str| {
                graph::site_links::parse(url, &graph.base_url, &graph.production_url).is_some()
            };
            for (url, span) in analysis.external.iter().filter(|(u, _)| !own(u)) {
                out.push(ExternalLink {
                    url: url.clone(),
                    file: file.clone(),
                    span: offset + span.start..offset + span.end,
                });
            }
        }
    }
    for e in &graph.bibliography.entries {
        if let Some(url) = e.field("url") {
            out.push(ExternalLink {
                url,
                file: e.file.clone(),
                span: e.span.clone(),
            });
        }
    }
    out
}

/// What fetching a URL found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// 2xx (after redirects).
    Ok,
    /// An HTTP error status.
    Http(u16),
    /// No answer: DNS, connection, TLS or timeout.
    Unreachable(String),
}

fn fetch(agent: &ureq::Agent, url: &str) -> Status {
    // HEAD first; some servers refuse it, so a refusal is retried with GET.
    let head = agent.head(url).call();
    let result = match head {
        Ok(r) if r.status().is_success() => return Status::Ok,
        Ok(r) if !matches!(r.status().as_u16(), 403 | 405 | 501) => {
            return Status::Http(r.status().as_u16())
        }
        _ => agent.get(url).call(),
    };
    match result {
        Ok(r) if r.status().is_success() => Status::Ok,
        Ok(r) => Status::Http(r.status().as_u16()),
        Err(e) => Status::Unreachable(e.to_string()),
    }
}

/// Fetches each distinct URL once (a few at a time) and reports every place a failing URL is
/// written. Loopback, private and link-local addresses are refused (after DNS resolution, also
/// on redirects) unless `allow_private`.
pub fn check(
    links: &[ExternalLink],
    timeout: Duration,
    allow_private: bool,
) -> (Vec<Diagnostic>, usize) {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("brightspot-link-check/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = if allow_private {
        config.into()
    } else {
        ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            crate::external_guard::PublicOnly::default(),
        )
    };
    let mut urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
    urls.sort();
    urls.dedup();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build();
    let run = || {
        urls.par_iter()
            .map(|u| (*u, fetch(&agent, u)))
            .collect::<BTreeMap<&str, Status>>()
    };
    let statuses = match &pool {
        Ok(p) => p.install(run),
        Err(_) => run(),
    };
    let mut problems = Vec::new();
    for l in links {
        let (message, help) = match statuses.get(l.url.as_str()) {
            Some(Status::Ok) | None => continue,
            Some(Status::Http(code)) => (
                format!("external link returned HTTP {code}: {}", l.url),
                "the page may have moved: find its new address, or link an archived copy",
            ),
            Some(Status::Unreachable(why)) => (
                format!("external link could not be reached: {} ({why})", l.url),
                "check the address; if the site is only down for now, run the check again later",
            ),
        };
        problems.push(Diagnostic::error(&l.file, l.span.clone(), message).with_help(help));
    }
    (problems, urls.len())
}
