//! Reloading as a property: after any sequence of files written and removed, `load::reload`
//! told the changed paths finds what a fresh `load::load` finds.

use super::*;

/// What a load found, as comparable text: every file's path and contents, the config's text.
fn summary(s: &brightspot::load::Sources) -> Vec<String> {
    let texts = |name: &str, files: &[brightspot::load::TextFile]| -> Vec<String> {
        files
            .iter()
            .map(|f| format!("{name} {} {}", f.path.display(), f.text))
            .collect()
    };
    let mut out = vec![s.config_file.text.to_string()];
    out.extend(texts("content", &s.content));
    out.extend(texts("data", &s.data));
    out.extend(texts("bib", &s.bibliography));
    out.extend(texts("annotation", &s.annotations));
    out.extend(
        s.content_assets
            .iter()
            .map(|a| format!("asset {} {:?}", a.rel.display(), a.bytes)),
    );
    out.extend(
        s.templates
            .iter()
            .map(|(n, f)| format!("template {n} {}", f.text)),
    );
    out.extend(
        s.static_files
            .iter()
            .map(|a| format!("static {} {}", a.rel.display(), a.bytes.len())),
    );
    out
}

/// Files `load::reload` is told about: pages, sections, assets, vocabularies, bibliographies and
/// annotations, at every depth, plus some it must ignore.
const RELOADED: &[&str] = &[
    "content/case-studies/sharswood-thrive.md",
    "content/case-studies/new-study.md",
    "content/glossary/zz-last.md",
    "content/aa-first/_index.md",
    "content/case-studies/figure.svg",
    "data/extra.toml",
    "bibliography/extra.bib",
    "bibliography/annotations/chang2012.md",
    "bibliography/annotations/deep/note.md",
    "bibliography/notes/ignored.bib",
    "content/.hidden.md",
];

#[test]
fn reloading_the_changed_files_finds_what_a_fresh_load_finds() {
    use brightspot::load;
    let mut runner = TestRunner::new(config(24));
    let changes = prop::collection::vec((any::<Index>(), any::<bool>()), 1..=40);
    let result = runner.run(&changes, |changes| {
        let dir = site_copy();
        let root = dir.path();
        let mut sources = load::load(root).unwrap();
        for (step, (file, remove)) in changes.iter().enumerate() {
            let rel = PathBuf::from(file.get(RELOADED));
            let path = root.join(&rel);
            if *remove && path.exists() {
                std::fs::remove_file(&path).unwrap();
            } else {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, format!("step {step}\n")).unwrap();
            }
            let patched = load::reload(root, &sources, std::slice::from_ref(&rel));
            prop_assert!(
                patched.is_some(),
                "step {}: {} refused",
                step,
                rel.display()
            );
            let patched = patched.unwrap();
            let fresh = load::load(root).unwrap();
            prop_assert_eq!(
                summary(&patched),
                summary(&fresh),
                "step {}: {}",
                step,
                rel.display()
            );
            sources = patched;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
