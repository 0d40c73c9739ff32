//! Brightspot: a static-site generator for the population health integrator evidence site.
//!
//! The build is a pipeline of plain functions, one workspace crate per stage (see
//! ARCHITECTURE.md): `model` (config, diagnostics) → `markdown` → `content` (load, validate)
//! → `graph` (resolve) → `render` → `search` (index) → `pipeline` (runs them, write) →
//! `serve`. This package is the command line (`src/main.rs`) and `brightspot new`; it
//! re-exports the crates under the module names the command line and the tests use.

pub use content::{bibliography, load};
pub use model::{base_url, config, diagnostics, output};
pub use pipeline::{external, incremental, write};
pub use {content, graph, markdown, pipeline, render, search, serve};

pub mod new;
