//! One selection for every list (検索 results, 案件 rows, the 会議 list, the hand-off
//! dialog's suggestions): which item is selected, how the list actions move it, and
//! which rows are in view. The draws turn it into ratatui's `ListState` / `TableState`
//! of the moment; the state itself lives here, changed only by updates.

use super::action::Action;
use ratatui::widgets::{ListState, TableState};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    index: usize,
}

impl Selection {
    /// The selected position (0 when the list is empty).
    pub fn index(self) -> usize {
        self.index
    }

    /// The selected item of `items`, if any.
    pub fn pick<T>(self, items: &[T]) -> Option<&T> {
        items.get(self.index)
    }

    /// Back to the first item.
    pub fn reset(&mut self) {
        self.index = 0;
    }

    /// Select `index`, kept inside a list of `len` items. True when the selection moved.
    pub fn set(&mut self, index: usize, len: usize) -> bool {
        let to = index.min(len.saturating_sub(1));
        let moved = to != self.index;
        self.index = to;
        moved
    }

    /// Move for a list action (up, down, page up, page down, first, last) in a list of
    /// `len` items showing `page` rows. `None` when the action is not a move; else whether
    /// the selection moved. An empty list keeps its selection.
    pub fn apply(&mut self, action: Action, len: usize, page: usize) -> Option<bool> {
        let at = self.index as isize;
        let page = page.max(1) as isize;
        let to = match action {
            Action::MoveUp => at - 1,
            Action::MoveDown => at + 1,
            Action::PageUp => at - page,
            Action::PageDown => at + page,
            Action::First => 0,
            Action::Last => isize::MAX,
            _ => return None,
        };
        if len == 0 {
            return Some(false);
        }
        let to = to.clamp(0, len as isize - 1) as usize;
        Some(self.set(to, len))
    }

    /// The first row in view when `rows` rows show: the list scrolls so the selection is
    /// on its last row once it is past the first page.
    pub fn offset(self, rows: usize) -> usize {
        (self.index + 1).saturating_sub(rows.max(1))
    }

    /// ratatui's state for a `List` of `rows` rows showing this selection.
    pub fn list_state(self, rows: usize) -> ListState {
        ListState::default()
            .with_selected(Some(self.index))
            .with_offset(self.offset(rows))
    }

    /// ratatui's state for a `Table` of `rows` rows showing this selection.
    pub fn table_state(self, rows: usize) -> TableState {
        TableState::default()
            .with_selected(Some(self.index))
            .with_offset(self.offset(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_inside_the_list() {
        let mut s = Selection::default();
        assert_eq!(s.apply(Action::MoveUp, 5, 3), Some(false));
        assert_eq!(s.apply(Action::MoveDown, 5, 3), Some(true));
        assert_eq!(s.index(), 1);
        assert_eq!(s.apply(Action::PageDown, 5, 3), Some(true));
        assert_eq!(s.index(), 4);
        assert_eq!(s.apply(Action::PageDown, 5, 3), Some(false));
        assert_eq!(s.apply(Action::PageUp, 5, 3), Some(true));
        assert_eq!(s.index(), 1);
        assert_eq!(s.apply(Action::Last, 5, 3), Some(true));
        assert_eq!(s.index(), 4);
        assert_eq!(s.apply(Action::First, 5, 3), Some(true));
        assert_eq!(s.index(), 0);
        assert_eq!(s.apply(Action::Open, 5, 3), None);
        assert_eq!(s.apply(Action::MoveDown, 0, 3), Some(false));
        assert_eq!(s.pick::<u8>(&[]), None);
    }

    #[test]
    fn the_selection_is_on_the_last_row_past_the_first_page() {
        let mut s = Selection::default();
        assert_eq!(s.offset(3), 0);
        s.set(2, 10);
        assert_eq!(s.offset(3), 0);
        s.set(7, 10);
        assert_eq!(s.offset(3), 5);
        assert_eq!(s.list_state(3).offset(), 5);
        assert_eq!(s.table_state(3).selected(), Some(7));
        assert_eq!(s.offset(0), 7);
    }
}
