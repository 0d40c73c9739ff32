//! The WebAssembly interface: plain `extern "C"` functions over linear memory, driven by a few
//! lines of JS (`search.js`). Inputs are copied in through buffers from [`alloc`]; each call
//! that answers leaves UTF-8 JSON in an output buffer read through [`out_ptr`]/[`out_len`].

use crate::excerpt::{escape, excerpt, surface};
use crate::format::{Facets, Fragment, Manifest};
use crate::query::{File, Index, Results};
use crate::titles::Titles;
use std::cell::RefCell;

#[derive(Default)]
struct State {
    index: Index,
    last: Results,
    titles: Option<Titles>,
    out: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Takes back a buffer handed out by [`alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one call of [`alloc`] and be passed here once.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)).into_vec()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

// The answers are written by hand, without `format!`/`write!`: the formatting machinery would
// add kilobytes to the module, and the JSON here is only strings, integers and lists.

fn json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str(if (c as u32) < 0x10 {
                    "\\u000"
                } else {
                    "\\u001"
                });
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"title":…,"url":…,"kind":…` (the object left open), each escaped for HTML: how both a
/// fragment and a titles entry begin.
fn json_head(title: &str, url: &str, kind: &str) -> String {
    let mut out = String::from("{\"title\":");
    json_str(&mut out, &escape(title));
    out.push_str(",\"url\":");
    json_str(&mut out, &escape(url));
    out.push_str(",\"kind\":");
    json_str(&mut out, &escape(kind));
    out
}

fn json_int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

fn answer(s: String) -> i32 {
    STATE.with(|st| st.borrow_mut().out = s.into_bytes());
    0
}

/// A buffer of `len` bytes for the JS side to fill.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()) as *mut u8
}

/// Where the last answer is.
#[no_mangle]
pub extern "C" fn out_ptr() -> *const u8 {
    STATE.with(|st| st.borrow().out.as_ptr())
}

/// How long the last answer is.
#[no_mangle]
pub extern "C" fn out_len() -> usize {
    STATE.with(|st| st.borrow().out.len())
}

/// Loads the manifest; answers the facets as `[{"name","values":[[id,label]…]}…]` and the
/// folder. Returns 0, or -1 when the bytes are not a manifest.
///
/// # Safety
/// `ptr`/`len` must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn init(ptr: *mut u8, len: usize) -> i32 {
    let Ok(manifest) = Manifest::decode(&take(ptr, len)) else {
        return -1;
    };
    let mut out = String::from("{\"folder\":");
    json_str(&mut out, &manifest.folder);
    out.push_str(",\"docs\":");
    json_int(&mut out, manifest.doc_count);
    out.push_str(",\"facets\":[");
    for (i, f) in manifest.facets.iter().enumerate() {
        out.push_str(if i > 0 { ",{\"name\":" } else { "{\"name\":" });
        json_str(&mut out, &f.name);
        out.push_str(",\"values\":[");
        for (j, (id, label)) in f.values.iter().enumerate() {
            out.push_str(if j > 0 { ",[" } else { "[" });
            json_str(&mut out, id);
            out.push(',');
            json_str(&mut out, label);
            out.push(']');
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    STATE.with(|st| {
        let mut st = st.borrow_mut();
        st.index = Index {
            manifest,
            ..Index::default()
        };
    });
    answer(out)
}

/// Answers the files `query` still needs, as a JSON array of paths in the index folder
/// (`["t/3.bin","v/6.bin"]`; empty when ready).
///
/// # Safety
/// `ptr`/`len` must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn missing(ptr: *mut u8, len: usize) -> i32 {
    let q = text(take(ptr, len));
    let files = STATE.with(|st| st.borrow().index.missing(&q));
    let mut out = String::from("[");
    for (i, f) in files.iter().enumerate() {
        out.push_str(if i > 0 { ",\"" } else { "\"" });
        out.push_str(&f.path());
        out.push('"');
    }
    out.push(']');
    answer(out)
}

/// Adds the index file at `path` (as [`missing`] named it). Returns 0, or -1 when the path or
/// the bytes are not such a file.
///
/// # Safety
/// The pointers must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn add_file(pptr: *mut u8, plen: usize, ptr: *mut u8, len: usize) -> i32 {
    let pathbytes = take(pptr, plen);
    let bytes = take(ptr, len);
    let Some(file) = File::parse(&text(pathbytes)) else {
        return -1;
    };
    match STATE.with(|st| st.borrow_mut().index.add(file, &bytes)) {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// Adds the facet table (needed only for filters). Returns 0 or -1.
///
/// # Safety
/// `ptr`/`len` must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn add_facets(ptr: *mut u8, len: usize) -> i32 {
    match Facets::decode(&take(ptr, len)) {
        Ok(f) => {
            STATE.with(|st| st.borrow_mut().index.facets = Some(f));
            0
        }
        Err(_) => -1,
    }
}

/// Adds the titles file (see [`crate::titles`]). Returns 0 or -1.
///
/// # Safety
/// `ptr`/`len` must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn add_titles(ptr: *mut u8, len: usize) -> i32 {
    match Titles::decode(&take(ptr, len)) {
        Ok(t) => {
            STATE.with(|st| st.borrow_mut().titles = Some(t));
            0
        }
        Err(_) => -1,
    }
}

/// Answers `{"title","url","kind"}` of document `doc` from the titles file, escaped for HTML
/// as [`fragment`]'s are. Returns 0, or -1 when there is no titles file or no such document.
#[no_mangle]
pub extern "C" fn title(doc: usize) -> i32 {
    let Some(out) = STATE.with(|st| {
        let st = st.borrow();
        let t = st.titles.as_ref()?.docs.get(doc)?;
        let mut out = json_head(&t.title, &t.url, &t.kind);
        out.push('}');
        Some(out)
    }) else {
        return -1;
    };
    answer(out)
}

/// Runs `query` with `filters` (`facet=id,id;…`) on the loaded shards; answers
/// `{"total":n,"fixed":n,"hits":[[doc,score bits,words,exact]…]}` with at most `limit` hits
/// (the score as its `f32` bit pattern) and the number of words that were corrected for typos.
///
/// # Safety
/// The pointers must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn search(
    qptr: *mut u8,
    qlen: usize,
    fptr: *mut u8,
    flen: usize,
    limit: usize,
) -> i32 {
    let q = text(take(qptr, qlen));
    let f = text(take(fptr, flen));
    let out = STATE.with(|st| {
        let mut st = st.borrow_mut();
        let filters = st.index.manifest_filters(&f);
        let results = st.index.search(&q, &filters);
        let mut out = String::from("{\"total\":");
        json_int(&mut out, results.hits.len());
        out.push_str(",\"fixed\":");
        json_int(&mut out, results.fixes.len());
        out.push_str(",\"hits\":[");
        for (i, h) in results.hits.iter().take(limit).enumerate() {
            if i > 0 {
                out.push(',');
            }
            // The score's bits, exact, which the glue turns back into the number: printing
            // an f32 in decimal would pull float formatting into the module (8.7 KB of its
            // 61.6 KB gzip).
            for (j, n) in [h.doc, h.score.to_bits(), h.words, h.exact]
                .into_iter()
                .enumerate()
            {
                out.push(if j > 0 { ',' } else { '[' });
                json_int(&mut out, n);
            }
            out.push(']');
        }
        out.push_str("]}");
        st.last = results;
        out
    });
    answer(out)
}

/// Decodes a document fragment and answers `{"title","url","kind","excerpt","fixes"}`: title,
/// URL and type escaped for HTML, the excerpt HTML with the last search's matches in `<mark>`,
/// and `[typed, as written here]` for each word of the last search that was corrected and whose
/// correction the document shows.
///
/// # Safety
/// `ptr`/`len` must come from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn fragment(ptr: *mut u8, len: usize, words: usize) -> i32 {
    let Ok(f) = Fragment::decode(&take(ptr, len)) else {
        return -1;
    };
    let (html, fixes) = STATE.with(|st| {
        let last = &st.borrow().last;
        let fixes: Vec<(String, String)> = last
            .fixes
            .iter()
            .filter_map(|(typed, terms)| {
                let found = surface(&f.title, terms).or_else(|| surface(&f.text, terms))?;
                Some((typed.clone(), found))
            })
            .collect();
        (excerpt(&f.text, &last.terms, words), fixes)
    });
    let mut out = json_head(&f.title, &f.url, &f.kind);
    out.push_str(",\"excerpt\":");
    json_str(&mut out, &html);
    out.push_str(",\"fixes\":[");
    for (i, (typed, found)) in fixes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        json_str(&mut out, &escape(typed));
        out.push(',');
        json_str(&mut out, &escape(found));
        out.push(']');
    }
    out.push_str("]}");
    answer(out)
}
