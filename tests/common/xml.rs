//! A small strict XML reader for the tests: enough to prove that sitemap.xml and feed.xml are
//! well-formed (balanced tags, quoted attributes, known entities, one root) and to walk them. No
//! DTDs or namespaces processing: names are kept as written (`xml:lang`).

/// An element with its attributes and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The tag name as written.
    pub name: String,
    /// Attributes in document order, values with entities decoded.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A nested element.
    Element(Element),
    /// Character data, entities decoded.
    Text(String),
}

impl Element {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements named `name`.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Element(e) if e.name == name => Some(e),
                _ => None,
            })
            .collect()
    }

    /// The only child element named `name`; panics with the element's shape otherwise.
    pub fn one(&self, name: &str) -> &Element {
        let found = self.all(name);
        assert_eq!(
            found.len(),
            1,
            "<{}> should have exactly one <{name}>, has {}",
            self.name,
            found.len()
        );
        found[0]
    }

    /// The concatenated text of this element and its descendants.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// Parses a whole document: an optional `<?xml …?>` declaration, comments, one root element.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut p = Parser { s: text, i: 0 };
    if p.rest().starts_with("<?xml") {
        let end = p.rest().find("?>").ok_or("unclosed XML declaration")?;
        p.i += end + 2;
    }
    p.misc()?;
    let root = p.element()?;
    p.misc()?;
    if p.i != text.len() {
        return Err(p.error("content after the root element"));
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn error(&self, what: &str) -> String {
        let line = self.s[..self.i].matches('\n').count() + 1;
        format!(
            "{what} at line {line}: {:?}",
            &self.rest().chars().take(40).collect::<String>()
        )
    }

    fn skip_ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.i += n;
    }

    /// Whitespace and comments between top-level parts.
    fn misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<!--") {
                let end = self
                    .rest()
                    .find("-->")
                    .ok_or_else(|| self.error("unclosed comment"))?;
                self.i += end + 3;
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|(i, c)| {
                !(c.is_alphanumeric()
                    || matches!(c, '_' | ':')
                    || (*i > 0 && matches!(c, '-' | '.')))
            })
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.error("expected a name"));
        }
        self.i += len;
        Ok(rest[..len].to_string())
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.rest().starts_with('<') {
            return Err(self.error("expected an element"));
        }
        self.i += 1;
        let name = self.name()?;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let before = self.i;
            self.skip_ws();
            if self.rest().starts_with("/>") {
                self.i += 2;
                return Ok(Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
            if self.rest().starts_with('>') {
                self.i += 1;
                break;
            }
            if self.i == before {
                return Err(self.error("expected whitespace before an attribute"));
            }
            let attr = self.name()?;
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return Err(self.error("attribute without `=`"));
            }
            self.i += 1;
            self.skip_ws();
            let quote = self
                .rest()
                .chars()
                .next()
                .ok_or("unexpected end in attribute")?;
            if quote != '"' && quote != '\'' {
                return Err(self.error("unquoted attribute value"));
            }
            self.i += 1;
            let end = self
                .rest()
                .find(quote)
                .ok_or_else(|| self.error("unclosed attribute value"))?;
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return Err(self.error("`<` in an attribute value"));
            }
            let value = decode(raw).map_err(|e| self.error(&e))?;
            self.i += end + 1;
            if attrs.iter().any(|(n, _)| *n == attr) {
                return Err(self.error(&format!("duplicate attribute `{attr}`")));
            }
            attrs.push((attr, value));
        }
        let mut children = Vec::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err(format!("<{name}> is never closed"));
            }
            if rest.starts_with("</") {
                self.i += 2;
                let close = self.name()?;
                if close != name {
                    return Err(self.error(&format!("</{close}> closes <{name}>")));
                }
                self.skip_ws();
                if !self.rest().starts_with('>') {
                    return Err(self.error("expected `>`"));
                }
                self.i += 1;
                return Ok(Element {
                    name,
                    attrs,
                    children,
                });
            } else if rest.starts_with("<!--") {
                let end = rest
                    .find("-->")
                    .ok_or_else(|| self.error("unclosed comment"))?;
                self.i += end + 3;
            } else if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
                let end = cdata
                    .find("]]>")
                    .ok_or_else(|| self.error("unclosed CDATA"))?;
                children.push(Node::Text(cdata[..end].to_string()));
                self.i += "<![CDATA[".len() + end + 3;
            } else if rest.starts_with('<') {
                children.push(Node::Element(self.element()?));
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..end];
                if raw.contains("]]>") {
                    return Err(self.error("`]]>` in text"));
                }
                let t = decode(raw).map_err(|e| self.error(&e))?;
                children.push(Node::Text(t));
                self.i += end;
            }
        }
    }
}

/// Decodes the five predefined entities and character references; any other `&` is an error.
fn decode(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .ok_or_else(|| format!("bare `&` in {raw:?}"))?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| {
                    format!("unknown entity `&{entity};` (XML knows only amp, lt, gt, quot, apos)")
                })?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
