//! `brightspot new`: files from archetypes, with every field explained, never overwriting.

use crate::common;
use std::path::Path;
use std::process::{Command, Output};

fn brightspot(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brightspot"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

use common::site_copy as site;

/// Every key of the case-study front matter, as docs/content-format.md lists them.
const CASE_STUDY_KEYS: &[&str] = &[
    "title",
    "summary",
    "key_points",
    "network",
    "status",
    "last_reviewed",
    "sources",
    "functions",
    "focus_areas",
    "sectors",
    "aliases",
    "draft",
    "city",
    "state",
    "start",
    "end",
    "name",
    "sector",
    "role",
];

#[test]
fn case_study_has_every_field_explained_and_the_template_headings() {
    let site = site();
    let root = site.path();
    let out = brightspot(root, &["new", "case-study", "Get Ready, Guilford 2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("created content/case-studies/get-ready-guilford-2.md"),
        "{stdout}"
    );
    assert!(stdout.contains("brightspot serve --drafts"), "{stdout}");
    assert!(stdout.contains("brightspot check"), "{stdout}");

    let text =
        std::fs::read_to_string(root.join("content/case-studies/get-ready-guilford-2.md")).unwrap();
    let (front, body) = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("\n+++\n"))
        .expect("TOML front matter");
    let table: toml::Table = front.parse().expect("the front matter is valid TOML");
    assert_eq!(table["title"].as_str(), Some("Get Ready, Guilford 2"));
    assert_eq!(table["draft"].as_bool(), Some(true));
    // Every key is present and the line before it is a comment explaining it.
    let lines: Vec<&str> = front.lines().collect();
    for key in CASE_STUDY_KEYS {
        let at = lines
            .iter()
            .position(|l| l.starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("no `{key}` in the archetype"));
        assert!(
            lines[at - 1].starts_with('#'),
            "`{key}` has no comment above it"
        );
    }
    for table_name in ["[location]", "[years]", "[integrator]", "[[partners]]"] {
        assert!(lines.contains(&table_name), "{table_name}");
    }
    // The body headings the case-study template expects, in order.
    let headings: Vec<&str> = body.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## What the network is",
            "## How integration works here",
            "## What it did",
            "## Results",
            "## Lessons for other networks"
        ]
    );

    // The only problems `check` finds in a fresh file are the facts only the contributor can
    // supply: the state, the sources and the key points. Everything else in the archetype is
    // valid.
    let check = brightspot(root, &["check", "--drafts"]);
    let report = String::from_utf8_lossy(&check.stderr);
    let mine: Vec<&str> = report
        .split("\n\n")
        .filter(|d| d.contains("get-ready-guilford-2.md"))
        .collect();
    assert_eq!(mine.len(), 3, "{report}");
    assert!(
        mine.iter().any(|d| d.contains("`sources` is empty")),
        "{report}"
    );
    let archetype =
        std::fs::read_to_string(common::repo().join("archetypes/case-study.md")).unwrap();
    let state_line = archetype
        .lines()
        .position(|l| l.starts_with("state = "))
        .unwrap()
        + 1;
    assert!(
        mine.iter().any(|d| d.contains("`key_points` is empty")),
        "{report}"
    );
    assert!(
        mine.iter().any(|d| d.contains(&format!(":{state_line}:"))),
        "the state line ({state_line}): {report}"
    );
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let site = site();
    let root = site.path();
    let path = root.join("content/case-studies/bridgeport-prospers.md");
    let before = std::fs::read(&path).unwrap();
    let out = brightspot(root, &["new", "case-study", "Bridgeport Prospers"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = brightspot(root, &["new", "reference", "chang2012"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has an entry `chang2012`"));
    assert!(!root.join("bibliography/chang2012.bib").exists());

    let out = brightspot(root, &["new", "page", "!!!"]);
    assert_eq!(out.status.code(), Some(2));
    let out = brightspot(root, &["new", "page", "X", "--section", "../outside"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!root.join("outside").exists());
}

#[test]
fn reference_and_page_archetypes_are_valid_as_written() {
    let site = site();
    let root = site.path();
    let out = brightspot(root, &["new", "reference", "Smith 2024"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("created bibliography/smith-2024.bib"),
        "{stdout}"
    );
    assert!(
        stdout.contains("created bibliography/annotations/smith-2024.md"),
        "{stdout}"
    );
    let bib = std::fs::read_to_string(root.join("bibliography/smith-2024.bib")).unwrap();
    assert!(bib.contains("@online{smith-2024,"), "{bib}");
    let out = brightspot(root, &["new", "page", "About the project"]);
    assert!(out.status.success());
    let page = std::fs::read_to_string(root.join("content/about-the-project.md")).unwrap();
    assert!(page.contains("title = \"About the project\""));
    // Neither new file adds a problem: check reports nothing about them.
    let check = brightspot(root, &["check", "--drafts"]);
    let report = String::from_utf8_lossy(&check.stderr);
    assert!(!report.contains("smith-2024"), "{report}");
    assert!(!report.contains("about-the-project"), "{report}");
}
