//! "Did you mean" help: the names nearest to a misspelt one, by edit distance, skipping the
//! candidates whose length alone rules them out.

/// The names closest to `wanted` among `candidates`, for "did you mean" help.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let bound = |c: &str| (wanted.len().max(c.len()) / 3).max(2);
    let wanted_chars = wanted.chars().count();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        // The edit distance is at least the difference in length: candidates too long or too
        // short are skipped without computing it (a megabyte-long key against every name is
        // otherwise the slowest thing a build does).
        .filter(|c| wanted_chars.abs_diff(c.chars().count()) <= bound(c))
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= bound(c))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b`?" or None when nothing is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = suggest(wanted, candidates);
    if near.is_empty() {
        return None;
    }
    let list: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    Some(format!("did you mean {}?", list.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_nearest_first() {
        let c = ["kania2011", "turner2012", "varda2018"];
        assert_eq!(suggest("kania2012", c), vec!["kania2011"]);
        assert!(suggest("zzzzzzzzzz", c).is_empty());
    }
}
