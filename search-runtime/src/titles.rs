//! Every document's title, address and type in one small file (`<folder>/titles.bin`), for a
//! site small enough that they fit in [`MAX_TITLES_BYTES`]. With it the header box shows a
//! keystroke's results as soon as the runtime has ranked them, and each result's excerpt
//! follows when its fragment arrives: on a slow link a fragment costs a round trip, and a
//! keystroke that shows new pages would otherwise wait for one.

use crate::format::{FormatError, Reader, Writer};

/// The largest titles file (encoded, before compression) a site gets; a larger site has none
/// and shows each result once its fragment is in. The repository's site, 109 documents, needs
/// 8.0 KB (3.7 KB gzip); a 1,000-page site is well over it.
pub const MAX_TITLES_BYTES: usize = 24 * 1024;

const KIND_TITLES: u8 = b'N';

/// One document as a result lists it before its fragment arrives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Title {
    /// The page's title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// Its type label.
    pub kind: String,
}

/// Every document's [`Title`], in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Titles {
    /// `docs[i]` is document `i`.
    pub docs: Vec<Title>,
}

impl Titles {
    /// The titles file of these documents, or `None` when it would be larger than
    /// [`MAX_TITLES_BYTES`].
    pub fn small(docs: Vec<Title>) -> Option<Titles> {
        let titles = Titles { docs };
        (titles.encode().len() <= MAX_TITLES_BYTES).then_some(titles)
    }

    /// Encodes the file. Type labels repeat, so each is written once and referred to by number.
    pub fn encode(&self) -> Vec<u8> {
        let mut kinds: Vec<&str> = Vec::new();
        for d in &self.docs {
            if !kinds.contains(&d.kind.as_str()) {
                kinds.push(&d.kind);
            }
        }
        let mut w = Writer::new(KIND_TITLES);
        w.varint(kinds.len() as u64);
        for k in &kinds {
            w.str(k);
        }
        w.varint(self.docs.len() as u64);
        for d in &self.docs {
            w.str(&d.title);
            w.str(&d.url);
            let kind = kinds.iter().position(|k| *k == d.kind).unwrap_or(0);
            w.varint(kind as u64);
        }
        w.0
    }

    /// Decodes a titles file.
    pub fn decode(buf: &[u8]) -> Result<Titles, FormatError> {
        let mut r = Reader::new(buf, KIND_TITLES)?;
        let nk = r.count()?;
        let mut kinds = Vec::with_capacity(nk);
        for _ in 0..nk {
            kinds.push(r.str()?);
        }
        let n = r.count()?;
        let mut docs = Vec::with_capacity(n);
        for _ in 0..n {
            let title = r.str()?;
            let url = r.str()?;
            let kind = kinds
                .get(r.varint()? as usize)
                .ok_or(FormatError("type label"))?
                .clone();
            docs.push(Title { title, url, kind });
        }
        Ok(Titles { docs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, url: &str, kind: &str) -> Title {
        Title {
            title: title.into(),
            url: url.into(),
            kind: kind.into(),
        }
    }

    #[test]
    fn round_trips_with_each_type_label_once() {
        let docs = vec![
            doc(
                "Bridgeport Prospers",
                "/case-studies/bridgeport-prospers/",
                "Case study",
            ),
            doc(
                "Get Ready Guilford",
                "/case-studies/get-ready-guilford/",
                "Case study",
            ),
            doc("Glossary", "/glossary/", "Page"),
        ];
        let titles = Titles::small(docs.clone()).unwrap();
        assert_eq!(titles.docs, docs);
        let bytes = titles.encode();
        assert_eq!(Titles::decode(&bytes).unwrap(), titles);
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.matches("Case study").count(), 1);
        assert!(Titles::decode(&bytes[..bytes.len() - 1]).is_err());
        // A type number past the table is refused, not read out of bounds.
        let mut bad = bytes.clone();
        *bad.last_mut().unwrap() = 9;
        assert!(Titles::decode(&bad).is_err());
    }

    #[test]
    fn a_site_whose_titles_are_too_large_gets_none() {
        let long = "x".repeat(200);
        let fits = MAX_TITLES_BYTES / 220;
        let docs = |n: usize| {
            (0..n)
                .map(|_| doc(&long, "/a/", "Page"))
                .collect::<Vec<_>>()
        };
        assert!(Titles::small(docs(fits)).is_some());
        assert!(Titles::small(docs(fits * 2)).is_none());
    }
}
