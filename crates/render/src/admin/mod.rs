//! The web editor at `/admin/` (with `[editor]` in the config): Decap CMS, vendored in
//! `vendor/decap-cms/` and copied into a folder named for its content hash (so it is cached for
//! good and a new version gets new URLs), the shell page from the theme's `admin.html`, and the
//! `config.yml` written from the schema's field tables, the vocabularies and the bibliography
//! (`decap.rs`). The case-study body starts from the case-study archetype's headings.

mod decap;

use sha2::{Digest, Sha256};
use tera::Context;

use content::front_matter;
use content::load::{BinaryFile, TextFile};
use graph::paths::{EDITOR_CONFIG, EDITOR_FOLDER, EDITOR_PAGE};
use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

use crate::context::SiteView;
use crate::Templates;

/// The case-study archetype this repository ships, for sites without their own.
const BUILTIN_ARCHETYPE: &str = include_str!("../../../../archetypes/case-study.md");

/// The archetype's file name under `archetypes/`.
const ARCHETYPE: &str = "archetypes/case-study.md";

/// The script Decap's bundle is, within the vendored folder.
const BUNDLE: &str = "decap-cms.js";

/// The theme's preview script (a static file, so its name carries its hash).
pub const PREVIEW_SCRIPT: &str = "admin/preview.js";

/// The editor's shell, as `admin.html` gets it (`admin`).
#[derive(serde::Serialize)]
struct AdminView {
    /// Decap's script.
    bundle: String,
    /// The editor's `config.yml`.
    config: String,
    /// The theme's preview script, fingerprinted, when the theme has one.
    preview: Option<String>,
}

/// What the editor's outputs are made from.
pub struct EditorInputs<'a> {
    /// The vendored Decap files (relative to `vendor/decap-cms/`).
    pub vendored: &'a [BinaryFile],
    /// The site's archetypes.
    pub archetypes: &'a [TextFile],
}

/// The editor's files: `admin/index.html`, `admin/config.yml` and the vendored Decap under
/// `admin/decap/<hash>/`; none when the config has no `[editor]`.
pub fn files(
    graph: &Graph,
    templates: &Templates,
    asset_names: &std::collections::BTreeMap<String, String>,
    inputs: &EditorInputs<'_>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let Some(editor) = &graph.config.editor else {
        return (Vec::new(), Vec::new());
    };
    let mut problems = Vec::new();
    if !inputs.vendored.iter().any(|f| f.rel.as_os_str() == BUNDLE) {
        problems.push(
            Diagnostic::general(
                Some(model::config::CONFIG_FILE.into()),
                format!("the web editor ([editor]) needs Decap CMS in {}/, which has no {BUNDLE}", content::load::EDITOR_DIR),
            )
            .with_help("run `npm ci --ignore-scripts && bash scripts/vendor-decap.sh`, or remove [editor] from brightspot.toml"),
        );
        return (Vec::new(), problems);
    }
    let folder = format!("{EDITOR_FOLDER}decap/{}/", vendored_hash(inputs.vendored));
    let mut files: Vec<OutputFile> = inputs
        .vendored
        .iter()
        .map(|f| {
            let rel = f.rel.to_string_lossy().replace('\\', "/");
            OutputFile::new(format!("{folder}{rel}"), f.bytes.to_vec())
        })
        .collect();

    let archetype = inputs
        .archetypes
        .iter()
        .find(|f| f.path == std::path::Path::new(ARCHETYPE))
        .map(|f| f.text.as_ref())
        .unwrap_or(BUILTIN_ARCHETYPE);
    let config = decap::config(graph, editor, &headings(archetype));
    match serde_yaml_ng::to_string(&config) {
        Ok(yaml) => {
            let text = format!("# Written by brightspot from the schema, data/ and the bibliography at every build: do not edit.\n{yaml}");
            files.push(OutputFile::new(EDITOR_CONFIG, text.into_bytes()));
        }
        Err(e) => problems.push(Diagnostic::general(
            None,
            format!("internal error: the editor's config.yml could not be written: {e}"),
        )),
    }

    let site = SiteView::new(graph, asset_names);
    let base = graph.base_url.path();
    let mut ctx = Context::new();
    ctx.insert("site", &site);
    ctx.insert(
        "admin",
        &AdminView {
            bundle: format!("{base}{folder}{BUNDLE}"),
            config: format!("{base}{EDITOR_CONFIG}"),
            preview: asset_names
                .get(PREVIEW_SCRIPT)
                .map(|p| format!("{base}{p}")),
        },
    );
    match templates.render("admin.html", &ctx, "the web editor") {
        Ok(html) => files.push(OutputFile::new(EDITOR_PAGE, html.into_bytes())),
        Err(d) => problems.push(d),
    }
    (files, problems)
}

/// The `##` headings of the archetype's body, each followed by an empty line: what a new page's
/// body starts as (the archetype's guidance is the body field's help text instead).
fn headings(archetype: &str) -> String {
    let path = std::path::Path::new(ARCHETYPE);
    let body = front_matter::split(path, archetype)
        .map(|s| s.body)
        .unwrap_or("");
    markdown::analyze(body)
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| format!("## {}\n\n", h.text))
        .collect()
}

/// First eight bytes of the SHA-256 over every vendored file's name and bytes, in hex.
fn vendored_hash(files: &[BinaryFile]) -> String {
    let mut h = Sha256::new();
    for f in files {
        let name = f.rel.to_string_lossy();
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((f.bytes.len() as u64).to_le_bytes());
        h.update(&f.bytes);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_case_study_starts_from_the_archetype_headings() {
        let body = super::headings(super::BUILTIN_ARCHETYPE);
        assert!(body.starts_with("## What the network is\n\n## How integration works here\n\n"));
        assert!(body.contains("## Lessons for other networks\n\n"));
        assert!(
            !body.contains("###"),
            "only the archetype's sections: {body}"
        );
    }
}
