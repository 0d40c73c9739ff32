//! Finding where a value or key is written in a front matter, for diagnostics about what was
//! found after parsing: comment lines skipped, keys told from values, and [`Locator`] for many
//! values of one file in linear time overall.

use std::ops::Range;

use super::Split;

/// The span of the first occurrence of `needle` (as a quoted or bare value) in the front matter,
/// for errors found after deserializing; falls back to the whole front matter.
pub fn locate(split: &Split<'_>, needle: &str) -> Range<usize> {
    // Comment lines are skipped: an archetype's comments mention example values.
    let find = |pattern: &str, shift: usize| {
        let mut offset = 0;
        for line in split.front.split_inclusive('\n') {
            if !line.trim_start().starts_with('#') {
                if let Some(i) = line.find(pattern) {
                    return Some(offset + i + shift);
                }
            }
            offset += line.len();
        }
        None
    };
    let found = find(&format!("\"{needle}\""), 1).or_else(|| find(needle, 0));
    match found {
        Some(i) => split.front_offset + i..split.front_offset + i + needle.len().max(1),
        None => split.front_offset..split.front_offset + split.front.len().max(1),
    }
}

/// Locates many values in one front matter for diagnostics, in linear time overall: each search
/// starts where the last one ended (the values of an array are written in order, so 20,000 bad
/// ids in one line are found in one pass over it, not 20,000), and once the searches have read
/// a few times the whole front matter (values that are not written as such, e.g. escaped), the
/// rest get the whole front matter as their span.
pub struct Locator<'s, 'a> {
    split: &'s Split<'a>,
    /// Where the last value found ends, relative to the front matter.
    cursor: usize,
    /// Bytes the searches may still read.
    budget: usize,
    /// Start of each line that is a comment, relative to the front matter, with its end.
    comments: Vec<Range<usize>>,
}

impl<'s, 'a> Locator<'s, 'a> {
    /// A locator for one split file.
    pub fn new(split: &'s Split<'a>) -> Self {
        let mut comments = Vec::new();
        let mut offset = 0;
        for line in split.front.split_inclusive('\n') {
            if line.trim_start().starts_with('#') {
                comments.push(offset..offset + line.len());
            }
            offset += line.len();
        }
        Locator {
            split,
            cursor: 0,
            budget: 8 * split.front.len() + 4096,
            comments,
        }
    }

    /// The span of `needle` as a value (quoted, or bare but not a key), searching on from the
    /// last value found and then from the start; falls back to the whole front matter.
    pub fn value(&mut self, needle: &str) -> Range<usize> {
        let front = self.split.front;
        let found = self
            .search(needle, self.cursor, front.len())
            .or_else(|| self.search(needle, 0, self.cursor.min(front.len())));
        match found {
            Some(i) => {
                self.cursor = i + needle.len();
                let at = self.split.front_offset + i;
                at..at + needle.len().max(1)
            }
            None => self.whole(),
        }
    }

    /// [`locate_key`], counted against the same budget.
    pub fn key(&mut self, key: &str, table: Option<(&str, usize)>) -> Range<usize> {
        match self.budget.checked_sub(self.split.front.len()) {
            Some(rest) => {
                self.budget = rest;
                locate_key(self.split, key, table)
            }
            None => self.whole(),
        }
    }

    fn whole(&self) -> Range<usize> {
        let start = self.split.front_offset;
        start..start + self.split.front.len().max(1)
    }

    /// The first place in `from..to` where `needle` stands as a value outside a comment.
    fn search(&mut self, needle: &str, from: usize, to: usize) -> Option<usize> {
        let front = self.split.front;
        let hay = front.get(from..to)?;
        let quoted = needle.is_empty();
        let pattern = if quoted { "\"\"" } else { needle };
        for (i, _) in hay.match_indices(pattern) {
            let at = from + i;
            if self.budget < i {
                self.budget = 0;
                return None;
            }
            let before = front[..at].chars().next_back();
            let after_at = at + pattern.len();
            let after = front[after_at..].chars().next();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || "-_.".contains(c)));
            let is_key = !matches!(before, Some('"' | '\''))
                && front[after_at..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(['=', ':']);
            let in_comment = {
                let k = self.comments.partition_point(|c| c.end <= at);
                self.comments.get(k).is_some_and(|c| c.start <= at)
            };
            if boundary(before) && boundary(after) && !is_key && !in_comment {
                self.budget -= i;
                return Some(if quoted { at + 1 } else { at });
            }
        }
        self.budget = self.budget.saturating_sub(hay.len());
        None
    }
}

/// The span of the key `key` where it is assigned (`key = ...` or `key: ...`), searching from the
/// `nth` occurrence of the table header `table` (`[integrator]`, `[[partners]]`) when given.
/// Falls back to [`locate`].
pub fn locate_key(split: &Split<'_>, key: &str, table: Option<(&str, usize)>) -> Range<usize> {
    let mut offset = 0;
    let mut lines = split.front.split_inclusive('\n').map(|l| {
        let start = offset;
        offset += l.len();
        (start, l)
    });
    if let Some((header, nth)) = table {
        let mut seen = 0;
        let found = lines.by_ref().any(|(_, l)| {
            let hit = l.trim() == header;
            if hit {
                seen += 1;
            }
            hit && seen > nth
        });
        if !found {
            return locate(split, key);
        }
    }
    for (start, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && table.is_some() {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(['=', ':']) {
                let at = split.front_offset + start + (line.len() - trimmed.len());
                return at..at + key.len();
            }
        }
    }
    locate(split, key)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::front_matter::split;

    #[test]
    fn values_in_comments_are_not_located() {
        let text = "+++\n# write \"unknown\" when not reported\nstate = \"unknown\"\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let r = locate(&s, "unknown");
        assert_eq!(model::diagnostics::line_col(text, r.start), (3, 10));
    }

    #[test]
    fn keys_are_located_where_assigned() {
        let text = "+++\nsummary = \"the network\"\nnetwork = \"\"\n[integrator]\nname = \"A\"\n[[partners]]\nname = \"\"\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let r = locate_key(&s, "network", None);
        assert_eq!(model::diagnostics::line_col(text, r.start), (3, 1));
        let r = locate_key(&s, "name", Some(("[[partners]]", 0)));
        assert_eq!(model::diagnostics::line_col(text, r.start), (7, 1));
        let r = locate_key(&s, "name", Some(("[integrator]", 0)));
        assert_eq!(model::diagnostics::line_col(text, r.start), (5, 1));
    }

    #[test]
    fn the_locator_finds_values_in_order_and_skips_keys_and_comments() {
        let text = "+++\n# functions = [\"a\"]\nsummary = \"x\"\nfunctions = [\"a-1\", \"a\", \"summary\", \"a\"]\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let mut at = Locator::new(&s);
        let first = at.value("a");
        assert_eq!(model::diagnostics::line_col(text, first.start), (4, 22));
        assert_eq!(
            model::diagnostics::line_col(text, at.value("summary").start),
            (4, 27)
        );
        assert_eq!(
            model::diagnostics::line_col(text, at.value("a").start),
            (4, 38)
        );
        assert_eq!(at.value("a"), first, "the search wraps around");
        assert_eq!(
            at.value("absent"),
            s.front_offset..s.front_offset + s.front.len()
        );
    }

    #[test]
    fn locating_every_value_of_a_long_line_reads_it_a_few_times_at_most() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("bad-{i}")).collect();
        let list: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
        let text = format!("+++\nfunctions = [{}]\n+++\n", list.join(", "));
        let s = split(Path::new("a.md"), &text).unwrap();
        let mut at = Locator::new(&s);
        for id in &ids {
            let span = at.value(id);
            assert_eq!(&text[span], id.as_str());
        }
        let budget = 8 * s.front.len() + 4096;
        assert!(
            at.budget > budget - 2 * s.front.len(),
            "{} of {budget} left",
            at.budget
        );
    }
}
