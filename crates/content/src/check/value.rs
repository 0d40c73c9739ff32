//! One front-matter value checked against its field's shape (text, number, date, list, year,
//! choice, table): what it must be, and the corrected line to write when it is not.

use serde_json::Value as J;

use super::{Checker, DATE_HELP};
use crate::fields::{Field, Kind, Shape};
use crate::front_matter::Format;
use crate::schema::{Date, YEARS};
use crate::tree::{Entry, Node, Value};
use model::diagnostics::did_you_mean;

impl Checker<'_> {
    /// Checks one value against its field; `None` (and a problem) when it cannot be used.
    pub(super) fn value(
        &mut self,
        field: &'static Field,
        node: &Node,
        path: &str,
        entry: &Entry,
    ) -> Option<J> {
        let name = field.name;
        let example = self.assign(name, field.example);
        let span = node.span.clone();
        match (field.shape(), &node.value) {
            (Shape::Text, Value::Text(s)) => Some(J::String(s.clone())),
            (Shape::Text, v) => {
                self.error(
                    span,
                    format!(
                        "`{name}` must be text in double quotes, not {}",
                        v.describe()
                    ),
                    format!("write `{example}`"),
                    path,
                );
                None
            }
            (Shape::Integer, Value::Integer(i)) => Some(J::from(*i)),
            (Shape::Integer, Value::Text(s)) if s.trim().parse::<i64>().is_ok() => {
                let fixed = self.assign(name, s.trim());
                self.error(
                    span,
                    format!("`{name}` is a number, written without quotes"),
                    format!("remove the quotes: `{fixed}`"),
                    path,
                );
                None
            }
            (Shape::Integer, v) => {
                self.error(
                    span,
                    format!("`{name}` must be a whole number, not {}", v.describe()),
                    format!("write a number without quotes, for example `{example}`"),
                    path,
                );
                None
            }
            (Shape::Bool, Value::Bool(b)) => Some(J::Bool(*b)),
            (Shape::Bool, v) => {
                let fixed = match v {
                    Value::Text(s) if matches!(s.trim(), "true" | "false") => {
                        format!("remove the quotes: `{}`", self.assign(name, s.trim()))
                    }
                    _ => format!(
                        "write `{}` or `{}`, without quotes",
                        self.assign(name, "true"),
                        self.assign(name, "false")
                    ),
                };
                self.error(span, format!("`{name}` must be true or false"), fixed, path);
                None
            }
            (Shape::Date, Value::Date(s) | Value::Text(s)) => {
                let day = match s.get(10..11) {
                    Some("T" | "t" | " ") => &s[..10],
                    _ => s.as_str(),
                };
                match Date::parse(day) {
                    Ok(d) => Some(J::String(d.to_string())),
                    Err(why) => {
                        self.error(
                            span,
                            why,
                            format!("{DATE_HELP}: `{}`", self.assign(name, "2026-12-01")),
                            path,
                        );
                        None
                    }
                }
            }
            (Shape::Date, v) => {
                self.error(
                    span,
                    format!("`{name}` must be a date, not {}", v.describe()),
                    format!("{DATE_HELP}: `{}`", self.assign(name, "2026-12-01")),
                    path,
                );
                None
            }
            (Shape::List, Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Text(s) if field.kind == Kind::Names => {
                            if let Err(problem) = crate::bibliography::Name::parse(s) {
                                self.error(
                                    item.span.clone(),
                                    format!("an author in `{name}` is not a name: {problem}"),
                                    format!("write a person as \"Family, Given\" with one comma (a suffix such as Jr. after the given names) and an organization by its name without a comma, for example `{example}`"),
                                    path,
                                );
                                return None;
                            }
                            out.push(J::String(s.clone()));
                        }
                        Value::Text(s) => out.push(J::String(s.clone())),
                        v => {
                            let shown = match v {
                                Value::Integer(i) => format!("\"{i}\""),
                                _ => "\"…\"".into(),
                            };
                            self.error(
                                item.span.clone(),
                                format!(
                                    "each item of `{name}` must be text in double quotes, not {}",
                                    v.describe()
                                ),
                                format!("write it as {shown}, for example `{example}`"),
                                path,
                            );
                            return None;
                        }
                    }
                }
                Some(J::Array(out))
            }
            (Shape::List, Value::Text(s)) => {
                let fixed = self.assign(
                    name,
                    &format!("[{}]", serde_json::to_string(s).unwrap_or_default()),
                );
                self.error(span, format!("`{name}` is a list, written in square brackets"), format!("write `{fixed}`; several items are separated by commas, for example `{example}`"), path);
                None
            }
            (Shape::List, v) => {
                self.error(
                    span,
                    format!("`{name}` must be a list, not {}", v.describe()),
                    format!("write `{example}`"),
                    path,
                );
                None
            }
            // The range is checked here, with the value's span, because a number past `i32`
            // would otherwise pass this check and then fail the typed schema.
            (Shape::Year(_), Value::Integer(i)) => {
                match i32::try_from(*i).ok().filter(|y| YEARS.contains(y)) {
                    Some(y) => Some(J::from(y)),
                    None => {
                        self.error(
                            span,
                            format!("the year {i} is outside {}–{}", YEARS.start(), YEARS.end()),
                            "write the four-digit year the sources give".into(),
                            path,
                        );
                        None
                    }
                }
            }
            (Shape::Year(words), Value::Text(s)) if words.contains(&s.as_str()) => {
                Some(J::String(s.clone()))
            }
            (Shape::Year(words), Value::Text(s)) => {
                self.error(
                    span,
                    format!("`{s}` is not a valid year"),
                    format!("write a year such as 2014, or {}", quoted_words(words)),
                    path,
                );
                None
            }
            (Shape::Year(words), v) => {
                self.error(
                    span,
                    format!(
                        "`{name}` must be a year or {}, not {}",
                        quoted_words(words),
                        v.describe()
                    ),
                    format!("write `{example}`"),
                    path,
                );
                None
            }
            (Shape::Choice(words), Value::Text(s)) if words.contains(&s.as_str()) => {
                Some(J::String(s.clone()))
            }
            (Shape::Choice(words), v) => {
                let list: Vec<String> = words
                    .iter()
                    .map(|w| format!("`{}`", self.assign(name, &format!("\"{w}\""))))
                    .collect();
                let near = match v {
                    Value::Text(s) if !s.trim().is_empty() => {
                        did_you_mean(s, words.iter().copied()).map(|d| format!("{d} "))
                    }
                    _ => None,
                };
                let shown = match v {
                    Value::Text(s) => format!("`{s}`"),
                    v => v.describe().to_string(),
                };
                self.error(
                    span,
                    format!("`{name}` cannot be {shown}"),
                    format!(
                        "{}write one of {}",
                        near.unwrap_or_default(),
                        list.join(", ")
                    ),
                    path,
                );
                None
            }
            (Shape::Table(sub), Value::Table(t)) => {
                let prefix = format!("{path}.");
                Some(J::Object(self.table(
                    sub,
                    t,
                    &prefix,
                    entry.key_span.clone(),
                )))
            }
            (Shape::Table(_), v) => {
                let help = match self.split.format {
                    Format::Toml => format!("write `[{name}]` on a line of its own at the end of the front matter, with its fields on the lines after it"),
                    Format::Yaml => format!("write `{name}:` with its fields indented under it"),
                };
                self.error(
                    span,
                    format!("`{name}` must be a table of fields, not {}", v.describe()),
                    help,
                    path,
                );
                None
            }
            (Shape::Tables(sub), Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let prefix = format!("{path}.{i}.");
                    match &item.value {
                        Value::Table(t) => {
                            out.push(J::Object(self.table(sub, t, &prefix, item.span.clone())))
                        }
                        v => {
                            self.error(item.span.clone(), format!("each of `{name}` must be a block of fields, not {}", v.describe()), format!("write one `[[{name}]]` line per item, with its fields on the lines after it"), path);
                            return None;
                        }
                    }
                }
                Some(J::Array(out))
            }
            (Shape::Tables(_), Value::Table(_)) => {
                self.error(
                    entry.key_span.clone(),
                    format!(
                        "`{name}` is a list of blocks: its header takes double square brackets"
                    ),
                    format!("write `[[{name}]]`, one such line before each block"),
                    path,
                );
                None
            }
            (Shape::Tables(_), v) => {
                self.error(span, format!("`{name}` must be a list of blocks, not {}", v.describe()), format!("write one `[[{name}]]` line per item, with its fields on the lines after it"), path);
                None
            }
        }
    }
}

/// `words` in double quotes, joined by "or": `"ongoing" or "unknown"`.
fn quoted_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    quoted.join(" or ")
}
