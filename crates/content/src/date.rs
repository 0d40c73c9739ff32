//! A calendar date as front matter writes it (`YYYY-MM-DD`, a TOML date or a string), checked
//! to be a real day in the years this site's content can mean.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date, written `YYYY-MM-DD` (a TOML date or a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

/// The years a date or a case study's years may fall in: older or later dates in this site's
/// content are typing mistakes (`20211`, `-5`), not history or plans.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

impl Date {
    /// Parses exactly `YYYY-MM-DD`, a real calendar day (checked by the `time` crate) in
    /// [`YEARS`]; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Date, String> {
        let shape = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape {
            let starts_like_a_date = s.len() > 10 && Date::parse(&s[..10.min(s.len())]).is_ok();
            return Err(if starts_like_a_date {
                format!("`{s}` is not a date: remove the text after `{}` (a date is written YYYY-MM-DD)", &s[..10])
            } else {
                format!("`{s}` is not a date written YYYY-MM-DD")
            });
        }
        let year: i32 = s[..4].parse().map_err(|_| format!("`{s}` is not a date"))?;
        let month: u8 = s[5..7]
            .parse()
            .map_err(|_| format!("`{s}` is not a date"))?;
        let day: u8 = s[8..].parse().map_err(|_| format!("`{s}` is not a date"))?;
        if !YEARS.contains(&year) {
            return Err(format!(
                "`{s}`: the year {year} is outside {}–{}",
                YEARS.start(),
                YEARS.end()
            ));
        }
        let month_name = time::Month::try_from(month)
            .map_err(|_| format!("`{s}` is not a date: there is no month {month}"))?;
        time::Date::from_calendar_date(year, month_name, day)
            .map_err(|_| format!("`{s}` is not a date: {month_name} {year} has no day {day}"))?;
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).map_err(E::custom)
            }
            // TOML dates arrive as a one-entry map holding their text; an offset date-time
            // (`2026-11-22T10:00:00Z`, already checked by the TOML parser) keeps its date.
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Date, M::Error> {
                let (_, value): (String, String) = map
                    .next_entry()?
                    .ok_or_else(|| de::Error::custom("empty date"))?;
                let date = match value.get(10..11) {
                    Some("T" | "t" | " ") => &value[..10],
                    _ => value.as_str(),
                };
                Date::parse(date).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_toml_and_strings() {
        #[derive(Deserialize)]
        struct T {
            d: Date,
        }
        let t: T = toml::from_str("d = 2026-11-22").unwrap();
        assert_eq!(t.d.to_string(), "2026-11-22");
        let t: T = toml::from_str("d = \"2021-05-17\"").unwrap();
        assert_eq!(
            t.d,
            Date {
                year: 2021,
                month: 5,
                day: 17
            }
        );
        assert!(toml::from_str::<T>("d = \"May 2021\"").is_err());
        let t: T = toml::from_str("d = 2026-11-22T10:00:00Z").unwrap();
        assert_eq!(t.d.to_string(), "2026-11-22");
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            d: Date,
        }
        let err = |src: &str| toml::from_str::<T>(src).unwrap_err().message().to_string();
        assert!(err("d = \"2021-02-30\"").contains("February 2021 has no day 30"));
        assert!(err("d = \"2021-05-17junk\"").contains("remove the text after `2021-05-17`"));
        assert!(err("d = \"2021-13-01\"").contains("no month 13"));
        assert!(err("d = \"1899-12-31\"").contains("outside 1900–2100"));
        assert!(err("d = \"-0005-01-01\"").contains("YYYY-MM-DD"));
        assert!(err("d = \"99999-01-01\"").contains("YYYY-MM-DD"));
        let yaml = |src: &str| serde_yaml_ng::from_str::<T>(src).unwrap_err().to_string();
        assert!(yaml("d: 2021-02-30").contains("February 2021 has no day 30"));
        assert!(yaml("d: \"2021-02-29\"").contains("no day 29"));
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}
