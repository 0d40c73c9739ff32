//! The search vocabulary of synonyms and acronyms (`data/synonyms.toml`, optional): a query
//! word such as "CHNA" also finds what it stands for ("community health needs assessment").
//! Checked here like every other data file; the search stage writes it into the index's
//! manifest, and the runtime expands query words with it (see `search_runtime::query`).

use serde::Deserialize;

use crate::load::TextFile;
use model::config::toml_diagnostic;
use model::diagnostics::Diagnostic;

/// Where the vocabulary lives.
pub const SYNONYMS_FILE: &str = "data/synonyms.toml";

/// One entry: a word and the phrases it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    /// The word a reader types: an acronym or a single word.
    pub term: String,
    /// What it stands for, one or more phrases.
    pub means: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    synonyms: Vec<Written>,
}

/// An entry as written, with where its term is (toml's span, for messages).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    term: toml::Spanned<String>,
    means: Vec<String>,
}

/// Reads and checks the vocabulary: each `term` one word and used once, each entry with at
/// least one phrase, no phrase empty or the term itself. Entries with a problem are left out.
pub fn load(data: &[TextFile]) -> (Vec<Synonym>, Vec<Diagnostic>) {
    let Some(file) = data.iter().find(|f| f.path.as_os_str() == SYNONYMS_FILE) else {
        return (Vec::new(), Vec::new());
    };
    let parsed: File = match toml::from_str(&file.text) {
        Ok(f) => f,
        Err(e) => {
            return (
                Vec::new(),
                vec![toml_diagnostic(&file.path, 0, &file.text, &e)],
            )
        }
    };
    let mut problems = Vec::new();
    let mut kept: Vec<Synonym> = Vec::new();
    for written in parsed.synonyms {
        let span = written.term.span();
        let entry = Synonym {
            term: written.term.into_inner(),
            means: written.means,
        };
        let words = search_runtime::analyze(&entry.term);
        let problem = if words.len() != 1 {
            Some((
                format!("`{}` is not one word", entry.term),
                "a synonym's `term` is the single word a reader types, such as \"CHNA\"; put phrases in `means`".to_string(),
            ))
        } else if kept
            .iter()
            .any(|k| k.term.eq_ignore_ascii_case(&entry.term))
        {
            Some((
                format!("`{}` is listed twice", entry.term),
                "merge the two entries' `means` lists into one entry".to_string(),
            ))
        } else if entry.means.is_empty() {
            Some((
                format!("`{}` stands for nothing", entry.term),
                "list what it stands for, e.g. means = [\"community health needs assessment\"]"
                    .to_string(),
            ))
        } else if let Some(bad) = entry.means.iter().find(|m| {
            let t = search_runtime::analyze(m);
            t.is_empty() || (t.len() == 1 && t[0].term == words[0].term)
        }) {
            Some((
                format!("`{}` cannot stand for \"{bad}\"", entry.term),
                "each phrase in `means` has words of its own, other than the term".to_string(),
            ))
        } else {
            None
        };
        match problem {
            Some((message, help)) => {
                problems.push(Diagnostic::error(&file.path, span, message).with_help(help))
            }
            None => kept.push(entry),
        }
    }
    (kept, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Vec<TextFile> {
        vec![TextFile {
            path: SYNONYMS_FILE.into(),
            text: text.into(),
        }]
    }

    #[test]
    fn reads_the_vocabulary() {
        let (s, p) = load(&file(
            "[[synonyms]]\nterm = \"CHNA\"\nmeans = [\"community health needs assessment\"]\n",
        ));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s[0].term, "CHNA");
        assert_eq!(s[0].means, ["community health needs assessment"]);
        let (none, p) = load(&[]);
        assert!(none.is_empty() && p.is_empty(), "the file is optional");
    }

    #[test]
    fn every_mistake_is_reported_at_its_entry() {
        let text = "[[synonyms]]\nterm = \"two words\"\nmeans = [\"x\"]\n\
                    [[synonyms]]\nterm = \"CBO\"\nmeans = []\n\
                    [[synonyms]]\nterm = \"HCAN\"\nmeans = [\"hcan\"]\n\
                    [[synonyms]]\nterm = \"CHNA\"\nmeans = [\"needs assessment\"]\n\
                    [[synonyms]]\nterm = \"chna\"\nmeans = [\"assessment\"]\n";
        let (kept, problems) = load(&file(text));
        assert_eq!(kept.len(), 1, "only the good CHNA entry is kept");
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`two words` is not one word",
                "`CBO` stands for nothing",
                "`HCAN` cannot stand for \"hcan\"",
                "`chna` is listed twice",
            ]
        );
        let span = problems[3].span.clone().unwrap();
        assert_eq!(&text[span], "\"chna\"");
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let (_, p) = load(&file("[[synonyms]]\nterm = \"CHNA\"\nmean = [\"x\"]\n"));
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("unknown field"), "{}", p[0].message);
    }
}
