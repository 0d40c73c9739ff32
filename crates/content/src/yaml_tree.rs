//! YAML front matter read into the same tree as TOML's (`tree.rs`). serde_yaml_ng gives the
//! values without their places, so each key is found on its line within its parent's lines
//! (deeper indented than the parent), and each value where the key's line or block holds it.

use std::ops::Range;
use std::path::Path;

use serde_yaml_ng::Value as Y;

use super::front_matter::{byte_of_line_col, Split};
use super::syntax;
use super::tree::{Entry, Node, Table, Value};
use model::diagnostics::Diagnostic;

/// Reads YAML front matter. A syntax error leaves the tree empty: the fields cannot be read.
pub fn read(path: &Path, file_text: &str, split: &Split<'_>) -> (Table, Vec<Diagnostic>) {
    let front = split.front;
    if front.trim().is_empty() {
        return (Table::default(), Vec::new());
    }
    match serde_yaml_ng::from_str::<Y>(front) {
        Err(e) => {
            let at = e
                .location()
                .map_or(0, |l| byte_of_line_col(front, l.line(), l.column()));
            let d = syntax::yaml_error(path, split, &e.to_string(), at);
            (Table::default(), vec![d])
        }
        Ok(Y::Mapping(m)) => {
            let reader = Reader {
                front,
                shift: split.front_offset,
            };
            (reader.mapping(&m, 0..front.len(), None), Vec::new())
        }
        Ok(Y::Null) => (Table::default(), Vec::new()),
        Ok(_) => {
            let d = Diagnostic::error(
                path,
                model::span::char_at(file_text, split.front_offset),
                "the front matter is not a list of `key: value` lines",
            )
            .with_help("write one `key: value` per line, for example `title: Meeting notes`");
            (Table::default(), vec![d])
        }
    }
}

struct Reader<'a> {
    front: &'a str,
    shift: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

impl Reader<'_> {
    /// Lines of `region` as (start offset, text without newline).
    fn lines(&self, region: Range<usize>) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut at = region.start;
        for line in self.front[region.clone()].split_inclusive('\n') {
            out.push((at, line.trim_end_matches(['\n', '\r'])));
            at += line.len();
        }
        out
    }

    fn span(&self, r: Range<usize>) -> Range<usize> {
        if r.start < r.end {
            self.shift + r.start..self.shift + r.end
        } else {
            crate::syntax::place_in(self.front, self.shift, r.start)
        }
    }

    fn mapping(
        &self,
        m: &serde_yaml_ng::Mapping,
        region: Range<usize>,
        parent: Option<usize>,
    ) -> Table {
        let lines = self.lines(region.clone());
        let mut entries = Vec::new();
        for (k, v) in m {
            let key = match k {
                Y::String(s) => s.clone(),
                other => serde_yaml_ng::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let found = lines.iter().enumerate().find(|(_, (_, l))| {
                let t = l.trim_start_matches([' ', '-']);
                parent.is_none_or(|p| indent(l) > p)
                    && !l.trim_start().starts_with('#')
                    && t.strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
            });
            let (key_span, value_region, own) = match found {
                Some((i, (start, line))) => {
                    let col = line.find(key.as_str()).unwrap_or(0);
                    let key_at = start + col;
                    let depth = indent(line);
                    let end = lines[i + 1..]
                        .iter()
                        .find(|(_, l)| {
                            !l.trim().is_empty()
                                && !l.trim_start().starts_with('#')
                                && indent(l) <= depth
                                && !l.trim_start().starts_with('-')
                        })
                        .map_or(region.end, |(s, _)| *s);
                    let after = key_at + key.len() + 1;
                    let rest = &self.front[after..start + line.len()];
                    let inline = rest.trim();
                    let own = if inline.is_empty() || inline.starts_with('#') {
                        None
                    } else {
                        let at = after + (rest.len() - rest.trim_start().len());
                        Some(at..at + inline.len())
                    };
                    (
                        key_at..key_at + key.len(),
                        after.min(end)..end,
                        (own, depth),
                    )
                }
                None => (
                    region.start..region.start,
                    region.clone(),
                    (None, parent.map_or(0, |p| p + 1)),
                ),
            };
            let (inline, depth) = own;
            let node = self.node(
                v,
                inline.unwrap_or_else(|| value_region.clone()),
                value_region,
                depth,
            );
            entries.push(Entry {
                key,
                key_span: self.span(key_span),
                node,
            });
        }
        entries.sort_by_key(|e| e.key_span.start);
        Table { entries }
    }

    fn node(&self, v: &Y, span: Range<usize>, region: Range<usize>, depth: usize) -> Node {
        let value = match v {
            Y::Null => Value::Text(String::new()),
            Y::Bool(b) => Value::Bool(*b),
            Y::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Y::String(s) => Value::Text(s.clone()),
            Y::Sequence(items) => {
                let starts: Vec<usize> = self
                    .lines(region.clone())
                    .into_iter()
                    .filter(|(_, l)| l.trim_start().starts_with('-'))
                    .map(|(s, l)| s + indent(l))
                    .collect();
                let nodes = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let r = match (starts.get(i), starts.get(i + 1)) {
                            (Some(&a), Some(&b)) => a..b,
                            (Some(&a), None) => a..region.end,
                            _ => span.clone(),
                        };
                        let first_line = r.start
                            ..self.front[r.clone()]
                                .find('\n')
                                .map_or(r.end, |n| r.start + n);
                        self.node(item, first_line, r, depth + 1)
                    })
                    .collect();
                Value::Array(nodes)
            }
            Y::Mapping(m) => Value::Table(self.mapping(m, region.clone(), Some(depth))),
            Y::Tagged(t) => return self.node(&t.value, span, region, depth),
        };
        Node {
            span: self.span(span),
            value,
        }
    }
}
