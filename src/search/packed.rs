//! The index as bytes, for the lookup snapshot: fixed-width little-endian tables that read
//! back at memory speed, with every count, length and range checked on the way in (a
//! damaged file gives an error, never a panic or an index that reads out of bounds).
//!
//! ```text
//! entries u32 | spans u32 | text bytes u32
//! per entry:  kind u8 | idx u32 | first span u32 | end span u32 | fuzzy chars 4 x u64
//! per entry:  grams 8 x u64
//! per span:   field u8 | start u32 | end u32 | text number u32
//! per span:   chars u64
//! text (UTF-8)
//! ```

use super::EntryKind;
use super::rank::{CharSet, Entry, Field, Index, Span};

const ENTRY: usize = 1 + 4 + 4 + 4 + 4 * 8;
const GRAMS: usize = 8 * 8;
const SPAN: usize = 1 + 4 + 4 + 4;

/// Bytes read front to back; running short is an error.
pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let (head, rest) = self.0.split_at_checked(n).ok_or("truncated")?;
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        let (head, rest) = self.0.split_first_chunk::<N>().ok_or("truncated")?;
        self.0 = rest;
        Ok(*head)
    }

    pub(super) fn u8(&mut self) -> Result<u8, &'static str> {
        self.array().map(u8::from_le_bytes)
    }

    pub(super) fn u32(&mut self) -> Result<u32, &'static str> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, &'static str> {
        self.array().map(u64::from_le_bytes)
    }

    fn words<const N: usize>(&mut self) -> Result<[u64; N], &'static str> {
        let mut out = [0u64; N];
        for w in &mut out {
            *w = self.u64()?;
        }
        Ok(out)
    }

    /// `count` records of `size` bytes, with the multiplication checked.
    fn table(&mut self, count: usize, size: usize) -> Result<&'a [u8], &'static str> {
        self.take(count.checked_mul(size).ok_or("table too large")?)
    }
}

pub(super) fn put_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

impl Index {
    /// Which entry of the directory each index entry is.
    pub(super) fn keys(&self) -> impl Iterator<Item = (EntryKind, usize)> + '_ {
        self.entries.iter().map(|e| (e.kind, e.idx))
    }

    pub(super) fn pack(&self, out: &mut Vec<u8>) {
        put_u32(out, self.entries.len());
        put_u32(out, self.spans.len());
        put_u32(out, self.text.len());
        for e in &self.entries {
            out.push(e.kind as u8);
            put_u32(out, e.idx);
            put_u32(out, e.first as usize);
            put_u32(out, e.end as usize);
            for w in e.fuzzy_chars.0 {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        for g in &self.grams {
            for w in g {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        for s in &self.spans {
            out.push(s.field.rank());
            put_u32(out, s.start as usize);
            put_u32(out, s.end as usize);
            put_u32(out, s.text as usize);
        }
        for c in &self.span_chars {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out.extend_from_slice(self.text.as_bytes());
        // The analyzer's lexicon through the store's codec (it is a few hundred KiB at
        // most and read once per lookup).
        let lexicon = crate::store::codec::encode(&self.lexicon).unwrap_or_default();
        put_u32(out, lexicon.len());
        out.extend_from_slice(&lexicon);
    }

    pub(super) fn unpack(r: &mut Reader) -> Result<Index, &'static str> {
        let entries = r.u32()? as usize;
        let spans = r.u32()? as usize;
        let text = r.u32()? as usize;
        let entry_bytes = r.table(entries, ENTRY)?;
        let gram_bytes = r.table(entries, GRAMS)?;
        let span_bytes = r.table(spans, SPAN)?;
        let char_bytes = r.table(spans, 8)?;
        let text = std::str::from_utf8(r.take(text)?).map_err(|_| "text not UTF-8")?;
        let lexicon_len = r.u32()? as usize;
        let mut lexicon: super::lexicon::Lexicon =
            crate::store::codec::decode(r.take(lexicon_len)?).map_err(|_| "lexicon does not decode")?;
        lexicon.restore();
        // Each record is read from its own exact chunk, so none can run into the next.
        let entries = entry_bytes
            .chunks_exact(ENTRY)
            .map(|b| {
                let mut b = Reader(b);
                Ok(Entry {
                    kind: *EntryKind::ALL
                        .get(usize::from(b.u8()?))
                        .ok_or("unknown entry kind")?,
                    idx: b.u32()? as usize,
                    first: b.u32()?,
                    end: b.u32()?,
                    fuzzy_chars: CharSet(b.words()?),
                })
            })
            .collect::<Result<Vec<_>, &'static str>>()?;
        let spans = span_bytes
            .chunks_exact(SPAN)
            .map(|b| {
                let mut b = Reader(b);
                Ok(Span {
                    field: Field::of_rank(b.u8()?).ok_or("unknown field")?,
                    start: b.u32()?,
                    end: b.u32()?,
                    text: b.u32()?,
                })
            })
            .collect::<Result<Vec<_>, &'static str>>()?;
        let grams = gram_bytes
            .chunks_exact(GRAMS)
            .map(|b| Reader(b).words())
            .collect::<Result<Vec<_>, &'static str>>()?;
        let span_chars = char_bytes
            .chunks_exact(8)
            .map(|b| Reader(b).u64())
            .collect::<Result<Vec<_>, &'static str>>()?;
        let index = Index {
            texts: spans.iter().map(|s| s.text.saturating_add(1)).max().unwrap_or(0),
            entries,
            grams,
            spans,
            span_chars,
            text: text.to_string(),
            lexicon,
            recent: Default::default(),
        };
        index.check()?;
        Ok(index)
    }

    /// Every range the search reads lies inside the index's own data.
    fn check(&self) -> Result<(), &'static str> {
        let spans = self.spans.len() as u32;
        if self.entries.iter().any(|e| e.first > e.end || e.end > spans) {
            return Err("an entry's fields out of range");
        }
        if !self.entries.is_sorted_by_key(|e| e.kind) {
            return Err("entries out of order");
        }
        if !self.lexicon.fits(self.entries.len()) {
            return Err("the lexicon names an entry out of range");
        }
        let text = &self.text;
        let inside = |s: &Span| {
            s.start <= s.end
                && text.is_char_boundary(s.start as usize)
                && text.is_char_boundary(s.end as usize)
        };
        if !self.spans.iter().all(inside) {
            return Err("a field out of range");
        }
        // A text's number stands for one range: the search remembers a text's match by it.
        if self.texts as usize > self.spans.len() {
            return Err("a text number out of range");
        }
        let mut ranges: Vec<Option<(u32, u32)>> = vec![None; self.texts as usize];
        for s in &self.spans {
            let slot = ranges
                .get_mut(s.text as usize)
                .ok_or("a text number out of range")?;
            if *slot.get_or_insert((s.start, s.end)) != (s.start, s.end) {
                return Err("a text number for two ranges");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed() -> (Index, Vec<u8>) {
        let dir = crate::seed::load_embedded().expect("embedded seed").directory;
        let index = Index::build(&dir);
        let mut bytes = Vec::new();
        index.pack(&mut bytes);
        (index, bytes)
    }

    #[test]
    fn round_trip_gives_the_same_answers() {
        let (index, bytes) = packed();
        let mut r = Reader(&bytes);
        let back = Index::unpack(&mut r).expect("unpack");
        assert!(r.0.is_empty(), "every byte read");
        for q in super::super::SAMPLE_QUERIES {
            assert_eq!(back.search(q, 50), index.search(q, 50), "{q}");
        }
    }

    #[test]
    fn every_truncation_and_bad_range_is_an_error() {
        let (_, bytes) = packed();
        for cut in (0..bytes.len()).step_by(97) {
            assert!(Index::unpack(&mut Reader(&bytes[..cut])).is_err(), "cut at {cut}");
        }
        let (mut index, _) = packed();
        let end = index.text.char_indices().nth(200).map_or(0, |(i, _)| i);
        index.text.truncate(end);
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        index.entries[3].end = u32::MAX;
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        index.spans[5].text = index.texts;
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        let other = index
            .spans
            .iter()
            .find(|s| s.text != index.spans[0].text)
            .map(|s| s.text);
        index.spans[0].text = other.unwrap_or_default();
        assert!(index.check().is_err());
        // An unknown entry kind in the first entry.
        let mut bad = bytes.clone();
        bad[12] = 9;
        assert!(Index::unpack(&mut Reader(&bad)).is_err());
    }
}
