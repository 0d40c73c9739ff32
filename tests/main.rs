//! The integration tests, as one binary: each file under tests/ is a module, so tantivy and the
//! generator are linked once rather than once per file. `common` holds the shared helpers.

mod budget;
mod checks;
mod citations;
mod cli;
mod common;
mod content;
mod content_model;
mod diagnostics;
mod editor;
mod evidence;
mod external;
mod honesty;
mod hostile;
mod images;
mod images_html;
mod images_published;
mod images_sections;
mod incremental;
mod incremental_props;
mod markdown;
mod messages;
mod new;
mod output;
mod output_paths;
mod previews;
mod reference_lists;
mod scholar;
mod search;
mod search_parity;
mod search_relevance;
mod share;
mod short_links;
mod site;
mod untrusted;
