//! The one memoisation layer every stage uses to skip work a long-running caller (`serve`) has
//! already done: a [`Memo`] keeps, for each key, a value with the exact inputs it was made from;
//! a [`Run`] reads the last run's memo and fills the next one.
//!
//! The rules, the same for every cache of the pipeline:
//! - a kept value is reused only when its inputs are equal to this run's (`I: PartialEq`: the
//!   inputs themselves, or a SHA-256 [`crate::fingerprint::Fingerprint`] of them), and, for a
//!   value that depends on answers it asked for while it was made (a Markdown body's links),
//!   only when a check of those answers says they are the same;
//! - the next memo holds only what this run used, so an entry edited many times is kept once and
//!   a deleted page's entry goes with it;
//! - a value that failed to be made does not evict the last good one: the key keeps its old
//!   entry until a run makes a new value for it.
//!
//! Why not `comemo` or `salsa`: both keep a process-wide cache keyed by hashes of arguments and
//! tracked calls, evicted by age; every cache here already has a natural key (a path, an output
//! name) whose old entry a new value replaces, and the one value that tracks calls (a body) needs
//! its resolver back after the replay. A map per cache with these rules is smaller than either.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Values kept from the last run, each with the inputs it was made from.
#[derive(Debug)]
pub struct Memo<K, I, V> {
    entries: HashMap<K, (I, V)>,
}

impl<K, I, V> Default for Memo<K, I, V> {
    fn default() -> Self {
        Memo {
            entries: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq, I: PartialEq, V: Clone> Memo<K, I, V> {
    /// The value kept for `key` if it was made from `inputs`.
    pub fn get(&self, key: &K, inputs: &I) -> Option<V> {
        self.entries
            .get(key)
            .filter(|(old, _)| old == inputs)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value`, made from `inputs`, for `key` (replacing what was kept).
    pub fn insert(&mut self, key: K, inputs: I, value: V) {
        self.entries.insert(key, (inputs, value));
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds (or replaces) the entries of `other`.
    pub fn extend(&mut self, other: Memo<K, I, V>) {
        self.entries.extend(other.entries);
    }
}

/// How much of a run's work was reused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Values taken from the last run.
    pub reused: usize,
    /// Values made afresh.
    pub made: usize,
}

/// One run's use of a memo, shareable between threads: reads the last run's, fills the next.
#[derive(Debug)]
pub struct Run<'m, K, I, V> {
    prev: &'m Memo<K, I, V>,
    next: Mutex<(Memo<K, I, V>, Counts)>,
}

impl<'m, K: Hash + Eq, I: PartialEq + Clone, V: Clone> Run<'m, K, I, V> {
    /// A run reading `prev`.
    pub fn new(prev: &'m Memo<K, I, V>) -> Self {
        Run {
            prev,
            next: Mutex::new((Memo::default(), Counts::default())),
        }
    }

    /// The value for `key` made from `inputs`: the last run's if it was made from equal inputs,
    /// otherwise `make`'s.
    pub fn get_or_make<E>(
        &self,
        key: K,
        inputs: I,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        self.get_checked_or_make(key, inputs, |_| true, make)
    }

    /// [`Run::get_or_make`] for a value that also depends on what it asked while it was made:
    /// the last run's value is reused only if `still_valid` (which asks again) accepts it.
    pub fn get_checked_or_make<E>(
        &self,
        key: K,
        inputs: I,
        still_valid: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let kept = self
            .prev
            .entries
            .get(&key)
            .filter(|(old, v)| *old == inputs && still_valid(v));
        let (value, reused) = match kept {
            Some((_, v)) => (v.clone(), true),
            None => match make() {
                Ok(v) => (v, false),
                Err(e) => {
                    // The last good value stays for the next run.
                    if let Some((old, v)) = self.prev.entries.get(&key) {
                        self.keep(key, old.clone(), v.clone(), None);
                    }
                    return Err(e);
                }
            },
        };
        self.keep(key, inputs, value.clone(), Some(reused));
        Ok(value)
    }

    fn keep(&self, key: K, inputs: I, value: V, reused: Option<bool>) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.0.insert(key, inputs, value);
        match reused {
            Some(true) => next.1.reused += 1,
            Some(false) => next.1.made += 1,
            None => {}
        }
    }

    /// The memo for the next run (only what this run used) and how much was reused.
    pub fn finish(self) -> (Memo<K, I, V>, Counts) {
        self.next.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Squares = Memo<&'static str, u32, u32>;

    /// Squares `n` under `key` through `run`.
    fn square(run: &Run<'_, &'static str, u32, u32>, key: &'static str, n: u32) -> u32 {
        run.get_or_make(key, n, || Ok::<_, ()>(n * n)).unwrap()
    }

    #[test]
    fn a_value_is_reused_only_while_its_inputs_are_equal() {
        let empty = Squares::default();
        let run = Run::new(&empty);
        assert_eq!(square(&run, "a", 3), 9);
        assert_eq!(square(&run, "b", 4), 16);
        let (memo, counts) = run.finish();
        assert_eq!(counts, Counts { reused: 0, made: 2 });

        let run = Run::new(&memo);
        let kept = run
            .get_or_make("a", 3, || Err("must not be made again"))
            .unwrap();
        assert_eq!(kept, 9);
        assert_eq!(square(&run, "b", 5), 25, "other inputs: made afresh");
        let (memo, counts) = run.finish();
        assert_eq!(counts, Counts { reused: 1, made: 1 });
        assert_eq!(memo.get(&"b", &5), Some(25));
        assert_eq!(memo.get(&"b", &4), None, "the old entry is replaced");
    }

    #[test]
    fn the_next_memo_holds_only_what_the_run_used() {
        let empty = Squares::default();
        let run = Run::new(&empty);
        square(&run, "a", 1);
        square(&run, "gone", 2);
        let (memo, _) = run.finish();
        let run = Run::new(&memo);
        square(&run, "a", 1);
        let (memo, _) = run.finish();
        assert_eq!(memo.len(), 1);
        assert_eq!(memo.get(&"gone", &2), None);
    }

    #[test]
    fn a_failure_keeps_the_last_good_value_and_a_failed_check_makes_it_again() {
        let mut memo = Squares::default();
        memo.insert("a", 2, 4);
        let run = Run::new(&memo);
        assert_eq!(run.get_or_make("a", 3, || Err("broken")), Err("broken"));
        let (memo, counts) = run.finish();
        assert_eq!(counts, Counts::default());
        assert_eq!(memo.get(&"a", &2), Some(4), "the last good value survives");

        let run = Run::new(&memo);
        let v = run
            .get_checked_or_make("a", 2, |_| false, || Ok::<_, ()>(40))
            .unwrap();
        assert_eq!(
            v, 40,
            "equal inputs, but the check says the answers changed"
        );
        let v = Run::new(&memo)
            .get_checked_or_make("a", 2, |old| *old == 4, || Err(()))
            .unwrap();
        assert_eq!(v, 4);
    }
}
