//! Date fields checked before hayagriva reads them. The `biblatex` crate (0.12) panics on some
//! dates instead of returning an error, so such a date is reported here and never reaches it:
//! - a part of more than four digits overflows `10^(4 - digits)` (a panic in debug builds);
//! - a `year` whose sign is followed by a space (`{- 11}`) is parsed sign and space included
//!   and unwrapped (a panic in every build);
//! - a digit outside ASCII (`²`, `٣`) passes its `char::is_numeric` test and then fails the
//!   integer parse it unwraps (a panic in every build);
//! - month `00` (of a date, or the `month` field) is decremented before it is range-checked (a
//!   panic in debug builds).

use biblatex::ChunksExt;

/// The fields the `biblatex` crate parses as dates.
const DATE_FIELDS: [&str; 4] = ["date", "urldate", "origdate", "eventdate"];

/// The fields it reads for a date when an entry has no `date`.
const PART_FIELDS: [&str; 3] = ["year", "month", "day"];

/// Why a date field cannot be handed to the `biblatex` crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A run of more than four digits.
    TooManyDigits,
    /// A sign followed by a space.
    SpaceAfterSign,
    /// A digit that is not `0`–`9`.
    NotAsciiDigit,
    /// Month `00`.
    MonthZero,
}

impl Unreadable {
    /// What is wrong, after the field as written.
    pub fn message(self) -> &'static str {
        match self {
            Unreadable::TooManyDigits => "has a number longer than a year",
            Unreadable::SpaceAfterSign => "has a space between a sign and the year",
            Unreadable::NotAsciiDigit => "has a digit other than 0–9",
            Unreadable::MonthZero => "has month 00 (months are 01 to 12)",
        }
    }
}

/// The first date field of `entry` the crate cannot read safely: its name, its text and why.
pub fn unreadable(entry: &biblatex::Entry) -> Option<(&'static str, String, Unreadable)> {
    DATE_FIELDS.into_iter().chain(PART_FIELDS).find_map(|name| {
        let text = entry.fields.get(name)?.format_verbatim();
        problem(name, &text).map(|why| (name, text, why))
    })
}

fn problem(name: &str, text: &str) -> Option<Unreadable> {
    let longest = text
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest > 4 {
        return Some(Unreadable::TooManyDigits);
    }
    if text.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()) {
        return Some(Unreadable::NotAsciiDigit);
    }
    if name == "year" {
        let rest = text.trim_start();
        if let Some(after) = rest.strip_prefix(['+', '-']) {
            if after.starts_with(char::is_whitespace) {
                return Some(Unreadable::SpaceAfterSign);
            }
        }
    }
    let zero_month = match name {
        "month" => {
            let month = text.trim();
            !month.is_empty() && month.len() <= 2 && month.bytes().all(|b| b == b'0')
        }
        _ => DATE_FIELDS.contains(&name) && month_zero(text),
    };
    zero_month.then_some(Unreadable::MonthZero)
}

/// Whether a part of the date (a range's ends are split at `/`) is a year followed by `-00`.
fn month_zero(text: &str) -> bool {
    text.split('/').any(|part| {
        let part = part.trim().trim_start_matches(['+', '-']);
        let year_len = part
            .find(|c: char| !(c.is_ascii_digit() || c == 'X'))
            .unwrap_or(part.len());
        let rest = part[year_len..].trim_start();
        rest.strip_prefix("-00")
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_crash_of_the_crate_is_named() {
        assert_eq!(problem("date", "2452454"), Some(Unreadable::TooManyDigits));
        assert_eq!(
            problem("year", "- 11q60N"),
            Some(Unreadable::SpaceAfterSign)
        );
        assert_eq!(
            problem("year", " +\t2012"),
            Some(Unreadable::SpaceAfterSign)
        );
        assert_eq!(problem("month", "²"), Some(Unreadable::NotAsciiDigit));
        assert_eq!(problem("date", "2012-٣"), Some(Unreadable::NotAsciiDigit));
        assert_eq!(problem("date", "2012-00-05"), Some(Unreadable::MonthZero));
        assert_eq!(problem("date", "2010/2012-00"), Some(Unreadable::MonthZero));
        assert_eq!(problem("month", " 00 "), Some(Unreadable::MonthZero));
        assert_eq!(problem("month", "0"), Some(Unreadable::MonthZero));
    }

    #[test]
    fn ordinary_dates_pass() {
        for (name, text) in [
            ("date", "2012-10-25"),
            ("date", "2019 -- 03"),
            ("date", "-0031-07"),
            ("date", "19XX~"),
            ("date", "1948-03-02/1950"),
            ("year", "-44"),
            ("year", "2012"),
            ("month", "jan"),
            ("month", "10"),
            ("day", "05"),
            ("date", "2012-001"),
        ] {
            assert_eq!(problem(name, text), None, "{name} = {text}");
        }
    }
}
