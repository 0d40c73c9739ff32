//! Date fields checked before hayagriva reads them: the `biblatex` crate (0.12) computes
//! `10^(4 - digits)` for a year, which overflows (a panic in debug builds) when a date part
//! has more than four digits, so such a date is reported here and never reaches it.

use biblatex::ChunksExt;

/// The fields the `biblatex` crate parses as dates.
const DATE_FIELDS: [&str; 4] = ["date", "urldate", "origdate", "eventdate"];

/// The first date field of `entry` with a run of more than four digits, and its text.
pub fn too_many_digits(entry: &biblatex::Entry) -> Option<(&'static str, String)> {
    DATE_FIELDS.into_iter().find_map(|name| {
        let text = entry.fields.get(name)?.format_verbatim();
        let longest = text
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        (longest > 4).then_some((name, text))
    })
}
