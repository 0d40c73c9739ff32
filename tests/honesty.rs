//! Content honesty (issue 15), checked against the source documents in `../shared/sources/`:
//! every quotation in `content/` and `bibliography/annotations/` is word for word in a source;
//! no run of 12 or more words outside quotation marks is shared with a source; and every
//! sentence of the paper's chapters and the case studies carries a citation or is a kind of
//! sentence that needs none. CONTRIBUTING.md says what a writer must do to pass them.

mod checks;
mod prose;
mod sources;

use crate::common;

use checks::{allowed_names, copied_runs, site_docs, uncited_sentences, unverified_quotes};
use prose::Doc;
use sources::{words, Source};

fn report(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_quotation_is_word_for_word_in_a_source() {
    let root = common::repo();
    let sources = sources::load(root);
    report(
        "quotations not found in ../shared/sources (quote exactly, or paraphrase without quotation marks)",
        &unverified_quotes(&site_docs(root), &sources),
    );
}

#[test]
fn no_run_of_twelve_words_is_copied_from_a_source() {
    let root = common::repo();
    let sources = sources::load(root);
    report(
        "runs of 12+ words copied from a source without quotation marks (rewrite in your own words, or quote and cite)",
        &copied_runs(&site_docs(root), &sources, &allowed_names(root)),
    );
}

#[test]
fn every_sentence_of_the_paper_and_case_studies_is_cited() {
    report(
        "sentences without a citation (cite the source, say the sources are silent, or mark the paragraph **Our suggestion:** / **Our reading:**)",
        &uncited_sentences(&site_docs(common::repo())),
    );
}

// The checks themselves, on small texts, so each is seen to fail as well as pass.

const SOURCE: &str = "We went through a process of defining a theory of change, creating an \
    impact statement, determining what kinds of things we wanted to measure and what the areas \
    were that we thought we wanted to work on.\n\n00;01;13;20 - 00;01;26;29\nTom Haederle\n\
    Listen to what communities say.";

fn doc(text: &str) -> Doc {
    Doc::parse("content/case-studies/x.md", text)
}

#[test]
fn a_quotation_may_change_case_insert_in_brackets_and_elide() {
    let sources = [Source::new("s.txt", SOURCE)];
    let ok = "They said \u{201c}[W]e went \u{2014} through a process\u{201d}, \"we went through a process \
              ... determining what kinds of things\" and \"[the team] wanted to measure\" [@k].";
    assert_eq!(
        unverified_quotes(&[doc(ok)], &sources),
        Vec::<String>::new()
    );
    let across_segments = "\"we wanted to work on. Listen to what communities say\" [@k].";
    assert!(unverified_quotes(&[doc(across_segments)], &sources).is_empty());
    let altered = "Intro.\n\nThey \"went through the process of defining\" [@k].";
    let problems = unverified_quotes(&[doc(altered)], &sources);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("content/case-studies/x.md:3: not word for word"));
    assert!(problems[0].contains("went through the process of defining"));
}

#[test]
fn twelve_shared_words_are_copied_unless_quoted_or_a_name() {
    let sources = [Source::new("s.txt", SOURCE)];
    let copied = "Mary said they went through a process of defining a theory of change, creating \
                  an impact statement [@k].";
    let problems = copied_runs(&[doc(copied)], &sources, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("14 words shared with s.txt"),
        "{problems:?}"
    );
    let eleven = "They went through a process of defining a theory of change, creating plans.";
    assert!(copied_runs(&[doc(eleven)], &sources, &[]).is_empty());
    let quoted = "They said \"we went through a process of defining a theory of change, creating \
                  an impact statement\" [@k].";
    assert!(copied_runs(&[doc(quoted)], &sources, &[]).is_empty());
    let name = vec![words("a theory of change")
        .into_iter()
        .map(|(_, w)| w)
        .collect()];
    assert!(copied_runs(&[doc(copied)], &sources, &name).is_empty());
}

#[test]
fn only_the_listed_kinds_of_sentence_go_uncited() {
    let text = "## Results\n\nBridgeport signed agreements.\nIt shares data [@k].\n\n\
                - **Progress.** The sources do not say which data.\n\
                - **Our suggestion:** Put it in writing.\n\n\
                Partners such as St. Joseph's Health joined [@k, p. 3]. See [the Lab](@/x.md).\n\n\
                The paper lists two roles [@k]:\n\n- convening;\n- sharing work.\n\n\
                | Network | Lead |\n|---|---|\n| Bridgeport | A United Way [@k] |\n| Paterson | Not described |\n\n\
                | Network | Lead |\n|---|---|\n| DC | Hospitals |\n\n\
                ## What comes next\n\nChapter 3 follows.\n";
    let problems = uncited_sentences(&[doc(text)]);
    assert_eq!(
        problems,
        vec![
            "content/case-studies/x.md:3: sentence without a citation: Bridgeport signed agreements.",
            "content/case-studies/x.md:23: sentence without a citation: Hospitals",
        ]
    );
}

#[test]
fn a_colon_lead_in_is_covered_only_when_its_list_is_cited() {
    let text = "Later sources point to two reasons:\n\n- one [@k];\n- two [@k].\n\n\
                Two more reasons:\n\n- three;\n- four [@k].\n";
    let problems = uncited_sentences(&[doc(text)]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].ends_with("Two more reasons:"), "{problems:?}");
    assert!(problems[1].ends_with("three;"), "{problems:?}");
}

#[test]
fn a_missing_sources_folder_says_where_it_is_expected() {
    let root = std::env::temp_dir().join("brightspot-no-such-project/inner");
    let panic = std::panic::catch_unwind(|| sources::load(&root)).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("shared/sources"), "{message}");
    assert!(message.contains("brightspot-no-such-project"), "{message}");
}
