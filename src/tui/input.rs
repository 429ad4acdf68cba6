//! A one-line text input with a cursor, edited by actions and typed characters.

use crate::text;

/// Longest query kept; a paste beyond it is cut (and the user told).
pub const MAX_CHARS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl LineInput {
    /// Apply an editing action (cursor moves, deletes, clear): Some(whether the text
    /// changed), or None when `action` does not edit a line.
    pub fn edit(&mut self, action: super::action::Action) -> Option<bool> {
        use super::action::Action::*;
        Some(match action {
            CursorLeft => {
                self.left();
                false
            }
            CursorRight => {
                self.right();
                false
            }
            CursorHome => {
                self.home();
                false
            }
            CursorEnd => {
                self.end();
                false
            }
            DeleteBack => self.delete_back(),
            DeleteForward => self.delete_forward(),
            ClearInput => self.clear(),
            _ => return None,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Cells from the start of the text to the cursor.
    pub fn cursor_cells(&self) -> usize {
        text::width(&self.text.chars().take(self.cursor).collect::<String>())
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Insert text (already sanitized) at the cursor, up to the length cap. Returns false
    /// when something had to be cut.
    pub fn insert(&mut self, s: &str) -> bool {
        let room = MAX_CHARS.saturating_sub(self.len());
        let (clean, mut cut) = text::sanitize_input(s, room);
        if clean.chars().count() < s.chars().filter(|c| !c.is_control()).count() {
            cut = true;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
        !cut
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.len();
    }
    pub fn delete_back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        let at = self.byte_at(self.cursor - 1);
        self.text.remove(at);
        self.cursor -= 1;
        true
    }
    pub fn delete_forward(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }
    pub fn clear(&mut self) -> bool {
        let had = !self.text.is_empty();
        self.text.clear();
        self.cursor = 0;
        had
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_not_byte() {
        let mut i = LineInput::default();
        assert!(i.insert("ひきこもり"));
        i.left();
        i.left();
        assert!(i.delete_back());
        assert_eq!(i.as_str(), "ひきもり");
        assert_eq!(i.cursor_cells(), 4);
        i.home();
        assert!(i.delete_forward());
        assert_eq!(i.as_str(), "きもり");
        i.end();
        i.insert("x");
        assert_eq!(i.as_str(), "きもりx");
    }

    #[test]
    fn capped_and_sanitized() {
        let mut i = LineInput::default();
        assert!(!i.insert(&format!("\x1b[2J{}", "a".repeat(1000))));
        assert_eq!(i.as_str().chars().count(), MAX_CHARS);
        assert!(!i.as_str().contains('\x1b'));
    }
}
