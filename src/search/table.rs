//! The index's tables, built in memory or read in place from the lookup snapshot.
//!
//! A quick lookup (`tsunagu find` during a phone call) used to copy the snapshot into
//! memory and decode it into owned vectors: tens of thousands of allocations and about
//! 24 MiB of fresh pages for a directory of 10,000 entries, most of the command's time.
//! Read in place instead, the snapshot is mapped once and each table is a view of its
//! bytes: plain fixed-size records ([`bytemuck::Pod`], so any bytes are a valid record and
//! a cast checks only size and alignment) and one UTF-8 text, validated once.

use bytemuck::Pod;
use std::ops::Deref;
use std::sync::Arc;

/// Bytes that tables are views of: a file mapped read-only, or a copy on the heap whose
/// start is aligned for every record type (u64 words).
pub(super) enum Backing {
    Heap { words: Vec<u64>, len: usize },
    Mapped(Map),
}

impl Backing {
    /// A copy of `bytes`, aligned (for tests and for a snapshot that cannot be mapped).
    pub(super) fn copied(bytes: &[u8]) -> Backing {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        let dst: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
        if let Some(d) = dst.get_mut(..bytes.len()) {
            d.copy_from_slice(bytes);
        }
        Backing::Heap {
            words,
            len: bytes.len(),
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Backing::Heap { words, len } => {
                let all: &[u8] = bytemuck::cast_slice(words);
                all.get(..*len).unwrap_or(&[])
            }
            Backing::Mapped(m) => m.bytes(),
        }
    }
}

/// A whole file mapped read-only (private, populated at once: the caller reads every
/// page for the checksum anyway).
///
/// The lookup snapshot is only ever replaced by renaming a new file over it
/// (`fsync::write_atomically`), never truncated or written in place, and lives in the
/// owner's 0700 data folder: the mapped inode's bytes do not change while it is mapped.
pub(super) struct Map {
    ptr: std::ptr::NonNull<u8>,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value; sharing `&[u8]` views of it
// between threads is as safe as sharing a `Box<[u8]>`.
unsafe impl Send for Map {}
// SAFETY: as above: nothing writes through the mapping.
unsafe impl Sync for Map {}

/// Private; on Linux populated at once (one call instead of a fault per page).
#[cfg(target_os = "linux")]
const MAP_FLAGS: libc::c_int = libc::MAP_PRIVATE | libc::MAP_POPULATE;
#[cfg(not(target_os = "linux"))]
const MAP_FLAGS: libc::c_int = libc::MAP_PRIVATE;

impl Map {
    /// Maps `len` bytes of `file` (its whole length, as the caller read it). A zero
    /// length cannot be mapped: the caller treats that file as not a snapshot.
    pub(super) fn of(file: &std::fs::File, len: usize) -> std::io::Result<Map> {
        use std::os::fd::AsRawFd;
        if len == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "empty file"));
        }
        // SAFETY: a fresh private read-only mapping of an open file descriptor; the
        // result is checked before use and unmapped once, in Drop.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                MAP_FLAGS,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        let ptr = std::ptr::NonNull::new(ptr.cast::<u8>())
            .ok_or_else(|| std::io::Error::other("mmap returned null"))?;
        Ok(Map { ptr, len })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` is a live mapping of `len` readable bytes until Drop, and its
        // contents do not change (see the type's documentation).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `Map::of`, once; no view outlives
        // `self` (views borrow from the `Arc<Backing>` that owns it).
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), self.len);
        }
    }
}

/// A table of records: owned (a freshly built index) or a view of shared bytes. Its
/// slice is worked out once, when it is made: reading it costs what reading a `Vec` does
/// (the search reads these tables in its innermost loops).
pub(super) struct Table<T: Pod> {
    ptr: std::ptr::NonNull<T>,
    len: usize,
    /// What keeps `ptr..ptr + len` alive and unchanged.
    _keep: Keep<T>,
}

/// Held, never read: it keeps a table's memory alive.
#[allow(dead_code)]
enum Keep<T> {
    Owned(Vec<T>),
    Shared(Arc<Backing>),
}

// SAFETY: a Table is an immutable slice of `T` plus what owns its memory (a Vec or an
// Arc of read-only bytes): it is Send and Sync exactly when `&[T]` is.
unsafe impl<T: Pod + Send + Sync> Send for Table<T> {}
// SAFETY: as above.
unsafe impl<T: Pod + Send + Sync> Sync for Table<T> {}

impl<T: Pod> Table<T> {
    /// `len` records at byte `start` of `bytes`, if they lie inside it, aligned.
    pub(super) fn shared(bytes: &Arc<Backing>, start: usize, len: usize) -> Option<Table<T>> {
        let size = len.checked_mul(std::mem::size_of::<T>())?;
        let raw = bytes.bytes().get(start..start.checked_add(size)?)?;
        let records: &[T] = bytemuck::try_cast_slice(raw).ok()?;
        Some(Table {
            ptr: std::ptr::NonNull::from(records).cast(),
            len: records.len(),
            _keep: Keep::Shared(Arc::clone(bytes)),
        })
    }

    /// The records as a vector to change (a test damaging an index, say).
    #[cfg(test)]
    pub(super) fn edit(&mut self, f: impl FnOnce(&mut Vec<T>)) {
        let mut v = self.to_vec();
        f(&mut v);
        *self = Table::from(v);
    }
}

impl<T: Pod> From<Vec<T>> for Table<T> {
    fn from(v: Vec<T>) -> Table<T> {
        Table {
            ptr: std::ptr::NonNull::from(v.as_slice()).cast(),
            len: v.len(),
            _keep: Keep::Owned(v),
        }
    }
}

impl<T: Pod> Default for Table<T> {
    fn default() -> Table<T> {
        Table::from(Vec::new())
    }
}

impl<T: Pod> Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr..ptr + len` is the slice of a Vec this Table owns (its heap buffer
        // does not move when the Vec is moved, and nothing changes it), or records checked
        // in range and aligned in `Table::shared` within bytes the Arc keeps alive and
        // never changes.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<'a, T: Pod> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// UTF-8 text: owned, or a view of shared bytes validated once when made.
#[derive(Default)]
pub(super) struct Text(Table<u8>);

impl Text {
    /// `len` bytes at `start` of `bytes`, if they lie inside it and are UTF-8.
    pub(super) fn shared(bytes: &Arc<Backing>, start: usize, len: usize) -> Option<Text> {
        let table = Table::shared(bytes, start, len)?;
        simdutf8::basic::from_utf8(&table).ok()?;
        Some(Text(table))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Table::from(s.into_bytes()))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        // SAFETY: an owned Text comes from a String, a shared one was validated as UTF-8
        // in `Text::shared`, and neither's bytes change afterwards (Table hands out no
        // mutable view of them, and a test's edit makes a new one).
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

/// Words in one text, each followed by a newline (so a typed piece can be looked for in
/// all of them at once), with where each starts: built from sorted words, or a view of a
/// snapshot. A damaged list gives wrong words, never a panic.
#[derive(Default)]
pub(super) struct WordList {
    text: Text,
    starts: Table<u32>,
}

impl WordList {
    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The `i`th word ("" past the end).
    pub(super) fn get(&self, i: usize) -> &str {
        let start = self.starts.get(i).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&s| s as usize)
            .saturating_sub(1);
        self.text.get(start..end).unwrap_or("")
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Is `w` one of the words (they are sorted)?
    pub(super) fn has(&self, w: &str) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(w) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Is `piece` (which has no newline) part of some word?
    pub(super) fn in_some(&self, piece: &str) -> bool {
        !piece.is_empty() && self.text.contains(piece)
    }

    pub(super) fn put(&self, out: &mut Vec<u8>) {
        put_u32(out, self.starts.len());
        put_table(out, &self.starts);
        put_u32(out, self.text.len());
        out.extend_from_slice(self.text.as_bytes());
    }
}

impl<S: AsRef<str>> FromIterator<S> for WordList {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> WordList {
        let mut text = String::new();
        let mut starts = Vec::new();
        for w in words {
            starts.push(text.len() as u32);
            text.push_str(w.as_ref());
            text.push('\n');
        }
        WordList {
            text: text.into(),
            starts: starts.into(),
        }
    }
}

/// Reads a body laid out by the packers: little-endian counts, and tables each aligned
/// to its record's alignment (the writer pads the same way; the body starts 8-aligned).
pub(super) struct Cursor<'a> {
    bytes: &'a Arc<Backing>,
    at: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    /// Bytes `start..end` of `bytes`.
    pub(super) fn new(bytes: &'a Arc<Backing>, start: usize, end: usize) -> Cursor<'a> {
        Cursor {
            bytes,
            at: start,
            end,
        }
    }

    pub(super) fn is_at_end(&self) -> bool {
        self.at == self.end
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let to = self
            .at
            .checked_add(n)
            .filter(|&to| to <= self.end)
            .ok_or("truncated")?;
        let raw = self.bytes.bytes().get(self.at..to).ok_or("truncated")?;
        self.at = to;
        Ok(raw)
    }

    pub(super) fn u32(&mut self) -> Result<u32, &'static str> {
        let raw = self.take(4)?;
        raw.try_into().map(u32::from_le_bytes).map_err(|_| "truncated")
    }

    fn align(&mut self, to: usize) -> Result<(), &'static str> {
        let pad = self.at.next_multiple_of(to) - self.at;
        self.take(pad).map(|_| ())
    }

    /// `count` records, after the padding that aligns them.
    pub(super) fn table<T: Pod>(&mut self, count: usize) -> Result<Table<T>, &'static str> {
        self.align(std::mem::align_of::<T>())?;
        let start = self.at;
        let size = count
            .checked_mul(std::mem::size_of::<T>())
            .ok_or("table too large")?;
        self.take(size)?;
        Table::shared(self.bytes, start, count).ok_or("table out of range")
    }

    /// A [`WordList`] as [`WordList::put`] wrote it, its starts checked in order and
    /// inside its text.
    pub(super) fn words(&mut self) -> Result<WordList, &'static str> {
        let n = self.u32()? as usize;
        let starts: Table<u32> = self.table(n)?;
        let len = self.u32()? as usize;
        let text = self.text(len)?;
        let inside = starts.last().is_none_or(|&s| (s as usize) < len);
        if !starts.is_sorted() || !inside {
            return Err("a word list out of order");
        }
        Ok(WordList { text, starts })
    }

    /// `len` bytes of UTF-8 text.
    pub(super) fn text(&mut self, len: usize) -> Result<Text, &'static str> {
        let start = self.at;
        self.take(len)?;
        Text::shared(self.bytes, start, len).ok_or("text not UTF-8")
    }
}

/// The writer's side of [`Cursor`]: a count, and padding to the next `to`-byte boundary.
pub(super) fn put_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

pub(super) fn pad(out: &mut Vec<u8>, to: usize) {
    out.resize(out.len().next_multiple_of(to), 0);
}

/// Records as their bytes, after the padding that aligns them.
pub(super) fn put_table<T: Pod>(out: &mut Vec<u8>, records: &[T]) {
    pad(out, std::mem::align_of::<T>());
    out.extend_from_slice(bytemuck::cast_slice(records));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_back_in_place_and_refuse_bad_ranges() {
        let mut out = Vec::new();
        put_u32(&mut out, 3);
        put_table(&mut out, &[1u64, 2, 3]);
        put_u32(&mut out, 5);
        out.extend_from_slice("hello".as_bytes());
        let bytes = Arc::new(Backing::copied(&out));
        let mut c = Cursor::new(&bytes, 0, out.len());
        let n = c.u32().unwrap() as usize;
        let t: Table<u64> = c.table(n).unwrap();
        assert_eq!(&*t, &[1, 2, 3]);
        let len = c.u32().unwrap() as usize;
        assert_eq!(&*c.text(len).unwrap(), "hello");
        assert!(c.is_at_end());
        assert!(Table::<u64>::shared(&bytes, 0, 1).is_some());
        assert!(Table::<u64>::shared(&bytes, 4, 1).is_none(), "misaligned");
        assert!(Table::<u64>::shared(&bytes, 8, 99).is_none(), "out of range");
        let bad = Arc::new(Backing::copied(&[0xff, 0xfe]));
        assert!(Text::shared(&bad, 0, 2).is_none(), "not UTF-8");
    }

    #[test]
    fn a_mapped_file_reads_as_its_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let map = Backing::Mapped(Map::of(&file, 10).unwrap());
        assert_eq!(map.bytes(), b"0123456789");
        assert!(Map::of(&file, 0).is_err());
    }
}
