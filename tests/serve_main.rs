//! `serve`'s tests, in a binary of their own: they wait for the watcher's debounced rebuilds, and
//! beside the CPU-heavy tests of the main binary a loaded machine splits one save into two.

// Only some of the shared helpers are used here.
#[allow(dead_code, unused_imports)]
mod common;
mod serve;
