//! A large synthetic city for benchmarks (`cargo bench`): a seed folder with thousands of
//! directory entries and a store with many cases and hand-offs.
//!
//! Everything is made up from word lists in this module by a seeded PRNG of our own
//! (splitmix64), so the same seed gives the same city on every machine. Place names are
//! the city's own (they are not personal data); people's names are random pairings of
//! common surnames and given names, phone numbers are in the unused 000 range, and no
//! address goes further than a 丁目. Nothing here is a fact about the real city: the
//! synthetic entries' `source` is "synthetic", and this module is never used by the app.
//!
//! The real seed (compiled into the binary) is kept whole, and synthetic sections,
//! programs and sites are appended to it, so rules, districts and meetings still refer to
//! real entries and the folder passes `tsunagu seed check`.

mod cases;
mod names;
mod seed_writer;
#[cfg(test)]
mod tests;
mod vocab;

pub use cases::{FillCounts, case, fill_store, handoffs};
pub use seed_writer::{SeedCounts, entry_lines, write_seed};

/// Directory entries (programs + sites + sections + meetings) of the large city.
pub const LARGE_ENTRIES: usize = 10_000;
/// Cases in the large city's store.
pub const LARGE_CASES: usize = 100_000;

/// splitmix64: small, fast, and good enough to make varied text; not for cryptography.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    /// One of `items`, uniformly; `items` must not be empty (the word lists are non-empty
    /// constants, and callers check a directory's lists first).
    // The index is `below(len)`, which is `x % len < len`: never out of range (an empty
    // slice has no element to give: `below(0)` stops on the division first).
    #[allow(clippy::indexing_slicing)]
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).to_owned()
    }
}
