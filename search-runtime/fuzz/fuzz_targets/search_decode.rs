//! The search runtime's decoders for every file the browser fetches (manifest, term shards,
//! fragments, facets, positions, vocabulary): any bytes give a value or an error, never a
//! panic, an endless loop or an allocation the input does not pay for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use search_runtime::format::{Facets, Fragment, Manifest, Shard};
use search_runtime::phrase::Positions;
use search_runtime::typo::Vocab;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    match kind % 6 {
        0 => {
            if let Ok(m) = Manifest::decode(bytes) {
                let _ = search_runtime::query::parse_filters(&m, "type=case-study;state=ct,ny");
            }
        }
        1 => {
            let _ = Shard::decode(bytes);
        }
        2 => {
            let _ = Fragment::decode(bytes);
        }
        3 => {
            if let Ok(f) = Facets::decode(bytes) {
                let _ = search_runtime::query::passes(Some(&f), &[], 0);
            }
        }
        4 => {
            let _ = Positions::decode(bytes);
        }
        _ => {
            let _ = Vocab::decode(bytes);
        }
    }
});
