//! Every output path forms one set, checked in the stages `check` runs: each way two outputs can
//! claim one file (or a name no file system takes) is an error naming the source file and field,
//! both files for a collision, found by `check` exactly as `build` finds it, and a failed build
//! leaves the previous output in place. Each diagnostic is a reviewed snapshot.

use crate::common;

use common::{redact, Project};

const FIRST_STEPS: &str = "content/guides/01-first-steps.md";
const ALIAS_LINE: &str = "aliases = [\"/old/first-steps/\"]";

/// The fixture with `aliases` of first-steps.md set to `aliases` (TOML array items).
fn with_alias(alias: &str) -> Project {
    let project = Project::new("site");
    project.edit(FIRST_STEPS, ALIAS_LINE, &format!("aliases = [{alias}]"));
    project
}

/// `check` fails with exactly one error; `build` fails with the same report and keeps the
/// previous output. Returns the report, redacted, for its snapshot.
fn one_error(project: &Project) -> String {
    let check = project.check(&[]);
    check.expect_code(1);
    let report = redact(&check.stderr, project);
    assert!(
        report.contains("error: 1 error(s)"),
        "expected exactly one error:\n{report}"
    );
    // A previous build stays in place.
    let out = project.tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".brightspot-output"), "").unwrap();
    std::fs::write(out.join("index.html"), "previous").unwrap();
    let build = project.build(&["--output", out.to_str().unwrap()]);
    build.expect_code(1);
    let built = redact(&build.stderr, project);
    assert!(
        built.starts_with(report.trim_end()),
        "build reports what check reports:\n--- check\n{report}\n--- build\n{built}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "previous"
    );
    report
}

#[test]
fn two_pages_claiming_one_alias() {
    let project = with_alias("\"/old/first-steps/\", \"/start\"");
    project.edit(
        "content/guides/custom-name.md",
        "weight = 3\n",
        "weight = 3\naliases = [\"/start/\"]\n",
    );
    let r = one_error(&project);
    assert!(r.contains("content/guides/custom-name.md:5:"), "{r}");
    assert!(r.contains(FIRST_STEPS), "names the other file:\n{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_over_a_generated_page() {
    let r = one_error(&with_alias("\"/bibliography\""));
    assert!(r.contains("`/bibliography/`"), "{r}");
    assert!(r.contains("the annotated bibliography"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_over_the_feed() {
    let r = one_error(&with_alias("\"feed.xml\""));
    assert!(r.contains("inside `feed.xml`"), "{r}");
    assert!(
        r.contains("brightspot.toml"),
        "names where the feed comes from:\n{r}"
    );
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_over_the_home_page() {
    let r = one_error(&with_alias("\"/index.html\""));
    assert!(r.contains("inside `index.html`"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_empty_alias() {
    let r = one_error(&with_alias("\"/\""));
    assert!(r.contains("replace the home page"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_over_a_fingerprinted_asset() {
    let css = std::fs::read(common::repo().join("themes/default/static/style.css")).unwrap();
    let name = format!("style.{}.css", brightspot::render::assets::short_hash(&css));
    let r = one_error(&with_alias(&format!("\"/{name}\"")));
    assert!(r.contains(&format!("inside `{name}`")), "{r}");
    assert!(r.contains("static/style.css"), "{r}");
    // The hash follows every stylesheet change; the snapshot is of the message's shape.
    insta::assert_snapshot!(r.replace(&name, "style.[HASH].css"));
}

#[test]
fn an_alias_over_a_term_page() {
    let r = one_error(&with_alias("\"/functions/engage-partners/\""));
    assert!(r.contains("data/functions.toml"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_differing_only_in_case() {
    let r = one_error(&with_alias("\"/Guides/Renamed/\""));
    assert!(r.contains("letter case"), "{r}");
    assert!(r.contains("content/guides/custom-name.md"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_with_dot_dot() {
    let r = one_error(&with_alias("\"/guides/../../etc\""));
    assert!(r.contains("`..`"), "{r}");
    assert!(r.contains(&format!("{FIRST_STEPS}:6:")), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_with_a_nul() {
    let r = one_error(&with_alias("\"/a\\u0000b\""));
    assert!(r.contains("U+0000"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alias_segment_over_255_bytes() {
    let r = one_error(&with_alias(&format!("\"/{}\"", "x".repeat(256))));
    assert!(r.contains("256 bytes"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn a_slug_over_255_bytes() {
    let project = Project::new("site");
    let slug = "s".repeat(300);
    project.edit(
        "content/guides/custom-name.md",
        "slug = \"renamed\"",
        &format!("slug = \"{slug}\""),
    );
    let r = one_error(&project);
    assert!(r.contains("300 bytes") && r.contains("`slug`"), "{r}");
    insta::assert_snapshot!(r.replace(&slug, "sss…"));
}

#[test]
fn a_short_link_over_a_section() {
    let project = Project::new("site");
    project.edit(
        "content/case-studies/lakeside-alliance.md",
        "aliases = []\n",
        "aliases = []\nshort = \"/guides\"\n",
    );
    let r = one_error(&project);
    assert!(r.contains("the short link `/guides/`"), "{r}");
    assert!(r.contains("content/guides/_index.md"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn a_term_id_with_dot_dot() {
    let project = Project::new("site");
    let vocabulary = project.read("data/functions.toml");
    project.write(
        "data/functions.toml",
        &format!("{vocabulary}\n[[terms]]\nid = \"../evil\"\nname = \"Evil\"\n"),
    );
    let r = one_error(&project);
    assert!(
        r.contains("data/functions.toml") && r.contains("`..`"),
        "{r}"
    );
    insta::assert_snapshot!(r);
}

#[test]
fn an_empty_term_id() {
    let project = Project::new("site");
    let vocabulary = project.read("data/functions.toml");
    project.write(
        "data/functions.toml",
        &format!("{vocabulary}\n[[terms]]\nid = \"\"\nname = \"Nameless\"\n"),
    );
    let r = one_error(&project);
    assert!(r.contains("empty `id`"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn a_section_folder_windows_cannot_hold() {
    let project = Project::new("site");
    let notes = project.read("content/notes/_index.md");
    project.write("content/say \"hi\"/_index.md", &notes);
    let r = one_error(&project);
    assert!(r.contains("Windows"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn section_folders_with_spaces_and_accents_get_percent_encoded_urls() {
    let project = Project::new("site");
    let notes = project.read("content/notes/_index.md");
    project.write("content/études de cas/_index.md", &notes);
    project.write(
        "content/études de cas/un cas.md",
        "+++\ntitle = \"Un cas\"\nslug = \"un-cas\"\n+++\nUn texte.\n",
    );
    let site = project.build_ok(&[]);
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/%C3%A9tudes%20de%20cas/un-cas/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("études"),
        "no raw non-ASCII in the sitemap"
    );
    let page = site.page("études de cas/un-cas/");
    assert_eq!(
        common::attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/%C3%A9tudes%20de%20cas/un-cas/"]
    );
    let listing = site.page("études de cas/");
    assert!(common::attrs(&listing, "main a", "href")
        .contains(&"/%C3%A9tudes%20de%20cas/un-cas/".to_string()));
}
