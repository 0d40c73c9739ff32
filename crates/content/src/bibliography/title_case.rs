//! Titles are held in sentence case, proper nouns braced (`{Nemours} 2020 {Integrator Learning
//! Lab}`): APA 7 prints them as held, and Chicago's CSL style makes its own title case from them,
//! while a title held in title case cannot be turned back into sentence case without losing the
//! proper nouns. A title that looks like title case is a warning with that advice.

use biblatex::{Chunk, Entry};

/// The fewest capitalised words after the first, outside braces, that make a title look like
/// title case (so "Health care in Delaware" is not flagged for one proper noun).
const CAPITALISED_WORDS: usize = 3;

/// Whether the entry's title looks like title case: of its words after the first that are not
/// braced and are longer than three letters (title case leaves "and", "of", "the" small), at
/// least [`CAPITALISED_WORDS`] and most start with a capital.
pub fn looks_like_title_case(raw: &Entry) -> bool {
    let Some(chunks) = raw.fields.get("title") else {
        return false;
    };
    // Braced text (a `Verbatim` chunk) is a proper noun the writer protected already.
    let plain: String = chunks
        .iter()
        .map(|c| match &c.v {
            Chunk::Normal(s) => s.as_str(),
            Chunk::Verbatim(_) | Chunk::Math(_) => " {} ",
        })
        .collect();
    let words: Vec<&str> = plain
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '—' | '–'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().count() > 3 && w.chars().all(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    capitalised >= CAPITALISED_WORDS && capitalised * 3 >= words.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str) -> Entry {
        let bib = format!("@online{{k, title = {{{title}}}}}");
        biblatex::Bibliography::parse(&bib)
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .clone()
    }

    #[test]
    fn title_case_is_told_from_sentence_case_with_braced_nouns() {
        assert!(looks_like_title_case(&entry(
            "Understanding the Value of Backbone Organizations in Collective Impact"
        )));
        assert!(looks_like_title_case(&entry(
            "Channeling Change: Making Collective Impact Work"
        )));
        assert!(!looks_like_title_case(&entry(
            "Understanding the value of backbone organizations in collective impact"
        )));
        assert!(!looks_like_title_case(&entry(
            "Announcing networks selected for {Nemours} 2020 {Integrator Learning Lab}"
        )));
        assert!(!looks_like_title_case(&entry(
            "{Nemours}: strategies for building community partnerships"
        )));
        // One or two unbraced proper nouns are not title case.
        assert!(!looks_like_title_case(&entry(
            "Population health in Delaware and Pennsylvania since the reform"
        )));
        assert!(!looks_like_title_case(&entry("Collective impact")));
    }
}
