//! Brightspot: a static-site generator for the population health integrator evidence site.
//!
//! The build is a pipeline of plain functions, one module per stage:
//! [`load`] → [`content`] (validate) → [`graph`] (resolve) → [`render`] → [`search`] → [`write`].
//! [`pipeline`] runs them in order; see ARCHITECTURE.md.

pub mod bibliography;
pub mod boundary;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod external;
pub mod external_guard;
pub mod graph;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod new;
pub mod pipeline;
pub mod reader;
pub mod render;
pub mod search;
pub mod serve;
pub mod write;
