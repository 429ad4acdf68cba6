//! The index as bytes, for the lookup snapshot: its tables as they lie in memory, each
//! aligned for its records, read back in place (see [`super::table`]) with every count,
//! length, range and record kind checked on the way in (a damaged file gives an error,
//! never a panic or an index that reads out of bounds).
//!
//! ```text
//! entries u32 | spans u32 | text bytes u32
//! entries (Entry, 48 bytes each) | grams (8 x u64 per entry)
//! spans (Span, 16 bytes each)    | span chars (u64 per span) | text (UTF-8)
//! lexicon: words, romaji (word lists) | the rest through the store's codec (u32 length)
//! ```
//! Each table starts on a multiple of its alignment (zero bytes pad it).

use super::EntryKind;
use super::rank::{Index, Span};
use super::table::{Cursor, put_table, put_u32};

impl Index {
    /// Which entry of the directory each index entry is.
    pub(super) fn keys(&self) -> impl Iterator<Item = (EntryKind, usize)> + '_ {
        self.entries.iter().map(|e| (e.kind(), e.idx()))
    }

    pub(super) fn pack(&self, out: &mut Vec<u8>) {
        put_u32(out, self.entries.len());
        put_u32(out, self.spans.len());
        put_u32(out, self.text.len());
        put_table(out, &self.entries);
        put_table(out, &self.grams);
        put_table(out, &self.spans);
        put_table(out, &self.span_chars);
        out.extend_from_slice(self.text.as_bytes());
        self.lexicon.words.put(out);
        self.lexicon.romaji.put(out);
        // The rest of the analyzer's lexicon (vocabulary, places) through the store's codec.
        let rest = crate::store::codec::encode(&self.lexicon).unwrap_or_default();
        put_u32(out, rest.len());
        out.extend_from_slice(&rest);
    }

    pub(super) fn unpack(c: &mut Cursor) -> Result<Index, &'static str> {
        let entry_count = c.u32()? as usize;
        let span_count = c.u32()? as usize;
        let text_len = c.u32()? as usize;
        let entries = c.table(entry_count)?;
        let grams = c.table(entry_count)?;
        let spans = c.table::<Span>(span_count)?;
        let span_chars = c.table(span_count)?;
        let text = c.text(text_len)?;
        let words = c.words()?;
        let romaji = c.words()?;
        let rest_len = c.u32()? as usize;
        let mut lexicon: super::lexicon::Lexicon =
            crate::store::codec::decode(c.take(rest_len)?).map_err(|_| "lexicon does not decode")?;
        lexicon.words = words;
        lexicon.romaji = romaji;
        let index = Index {
            texts: spans.iter().map(|s| s.text.saturating_add(1)).max().unwrap_or(0),
            entries,
            grams,
            spans,
            span_chars,
            text,
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
        if !self.entries.iter().all(|e| e.kind_is_known()) {
            return Err("unknown entry kind");
        }
        if !self.entries.is_sorted_by_key(|e| e.kind()) {
            return Err("entries out of order");
        }
        if !self.lexicon.fits(self.entries.len()) {
            return Err("the lexicon names an entry out of range");
        }
        // A text's number stands for one range: the search remembers a text's match by it.
        // One pass over the fields (about twenty per entry) checks that and their field
        // kinds; then each distinct range is checked inside the text once.
        if self.texts as usize > self.spans.len() {
            return Err("a text number out of range");
        }
        const UNSET: u64 = u64::MAX;
        let mut ranges: Vec<u64> = vec![UNSET; self.texts as usize];
        for s in self.spans.iter() {
            if !s.field_is_known() {
                return Err("unknown field");
            }
            let slot = ranges
                .get_mut(s.text as usize)
                .ok_or("a text number out of range")?;
            let range = u64::from(s.start) << 32 | u64::from(s.end);
            if *slot == UNSET {
                *slot = range;
            } else if *slot != range {
                return Err("a text number for two ranges");
            }
        }
        let text = &self.text;
        let inside = |&range: &u64| {
            let (start, end) = ((range >> 32) as usize, (range & 0xFFFF_FFFF) as usize);
            range == UNSET || (start <= end && text.is_char_boundary(start) && text.is_char_boundary(end))
        };
        if !ranges.iter().all(inside) {
            return Err("a field out of range");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::Backing;
    use super::*;
    use std::sync::Arc;

    fn packed() -> (Index, Vec<u8>) {
        let dir = crate::seed::load_embedded().expect("embedded seed").directory;
        let index = Index::build(&dir);
        let mut bytes = Vec::new();
        index.pack(&mut bytes);
        (index, bytes)
    }

    fn unpack(bytes: &[u8]) -> Result<Index, &'static str> {
        let backing = Arc::new(Backing::copied(bytes));
        let mut c = Cursor::new(&backing, 0, bytes.len());
        let index = Index::unpack(&mut c)?;
        if !c.is_at_end() {
            return Err("trailing bytes");
        }
        Ok(index)
    }

    #[test]
    fn round_trip_gives_the_same_answers() {
        let (index, bytes) = packed();
        let back = unpack(&bytes).expect("unpack, every byte read");
        for q in super::super::SAMPLE_QUERIES {
            assert_eq!(back.search(q, 50), index.search(q, 50), "{q}");
        }
    }

    #[test]
    fn every_truncation_and_bad_range_is_an_error() {
        let (_, bytes) = packed();
        for cut in (0..bytes.len()).step_by(97) {
            assert!(unpack(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let (mut index, _) = packed();
        let end = index.text.char_indices().nth(200).map_or(0, |(i, _)| i);
        index.text = index.text[..end].to_string().into();
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        index.entries.edit(|e| e[3].end = u32::MAX);
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        let texts = index.texts;
        index.spans.edit(|s| s[5].text = texts);
        assert!(index.check().is_err());
        let (mut index, _) = packed();
        let other = index
            .spans
            .iter()
            .find(|s| s.text != index.spans[0].text)
            .map(|s| s.text);
        index.spans.edit(|s| s[0].text = other.unwrap_or_default());
        assert!(index.check().is_err());
        // An unknown entry kind in the first entry (the tables start at byte 16: three
        // counts, then padding to 8; the kind is the entry's last word).
        let mut bad = bytes.clone();
        bad[16 + 44] = 9;
        assert_eq!(unpack(&bad).err(), Some("unknown entry kind"));
        // An unknown field in the first span.
        let (index, _) = packed();
        let spans_at = 16 + index.entries.len() * (48 + 64);
        let mut bad = bytes.clone();
        bad[spans_at + 12] = 77;
        assert_eq!(unpack(&bad).err(), Some("unknown field"));
    }
}
