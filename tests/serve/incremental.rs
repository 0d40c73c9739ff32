//! Incremental rebuilds compared with clean builds after random edits.

use super::*;

fn files_of(outcome: &pipeline::Outcome) -> Vec<(String, Vec<u8>)> {
    outcome
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

#[test]
fn incremental_rebuilds_equal_clean_builds_under_random_edits() {
    let site = fixture();
    let root = site.path().to_path_buf();
    let options = Options {
        root: root.clone(),
        base_url: Some(brightspot::base_url::BaseUrl::parse("http://127.0.0.1:1111/").unwrap()),
        drafts: false,
        check_drafts: false,
        strict: false,
        pages: brightspot::pipeline::Pages::Keep,
    };
    let mut cache = Cache::incremental();
    let mut rng = Rng(0x5eed_2026);
    let mut pages: Vec<PathBuf> = vec!["content/notes/a.md".into(), "content/notes/b.md".into()];
    let mut next_page = 0;
    let page_template = root.join("themes/default/templates/page.html");
    let page_template_text = std::fs::read_to_string(&page_template).unwrap();
    for step in 0..14 {
        let what = rng.below(6);
        match what {
            // Edit a page's body.
            0 | 1 => {
                let p = &pages[rng.below(pages.len())];
                let n = rng.next() % 1000;
                let title = p.file_stem().unwrap().to_string_lossy().to_string();
                write(&root, &p.to_string_lossy(), &format!("+++\ntitle = \"Note {title}\"\n+++\n## Part {n}\n\nText {n} with *emphasis*.\n"));
            }
            // Add a page.
            2 => {
                next_page += 1;
                let p = PathBuf::from(format!("content/notes/new-{next_page}.md"));
                write(
                    &root,
                    &p.to_string_lossy(),
                    &format!("+++\ntitle = \"New {next_page}\"\n+++\nNew page {next_page}.\n"),
                );
                pages.push(p);
            }
            // Delete a page nothing links to.
            3 if pages.len() > 2 => {
                let p = pages.remove(2 + rng.below(pages.len() - 2));
                std::fs::remove_file(root.join(p)).unwrap();
            }
            // Change a template: every page using it is re-rendered with the new text.
            4 => {
                let n = rng.next() % 1000;
                std::fs::write(
                    &page_template,
                    format!("{page_template_text}\n<!-- variant {n} -->\n"),
                )
                .unwrap();
            }
            // Change the config.
            _ => {
                let n = rng.next() % 1000;
                write(&root, "brightspot.toml", &format!("title = \"Fixture {n}\"\ndescription = \"A small site for serve tests.\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\nsearch = false\n"));
            }
        }
        let incremental = pipeline::run_cached(&options, &mut cache);
        let clean = pipeline::run(&options);
        assert!(!clean.has_errors(), "step {step}: {:?}", clean.diagnostics);
        assert_eq!(
            files_of(&incremental),
            files_of(&clean),
            "step {step} (edit kind {what}) differs from a clean build"
        );
    }
}
