//! The bottom of the pipeline: what every stage shares and nothing depends on below it.
//! Takes nothing from the other crates; gives the site's [`config::Config`] (parsed from
//! `brightspot.toml`) and its [`base_url::BaseUrl`], the one error currency
//! [`diagnostics::Diagnostic`], the [`fingerprint::Fingerprint`]s caches are keyed by, the one
//! memoisation layer [`memo::Memo`] they all use, and the
//! [`output::OutputFile`]s the render and index stages produce.

pub mod base_url;
pub mod cite_key;
pub mod config;
pub mod diagnostics;
pub mod excerpt;
pub mod fingerprint;
pub mod memo;
pub mod output;
pub mod span;
