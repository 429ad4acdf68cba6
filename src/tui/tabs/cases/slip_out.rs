//! The つなぐシート out of the 案件 tab: Ctrl-S saves it to a private file, Ctrl-P prints
//! it with `lp` off the screen's thread (src/slip/print.rs); the result shows on the
//! message line.

use super::CasesTab;
use super::words::Word;
use crate::tui::app::{Cx, Level};

impl CasesTab {
    /// The slip shown, as `tsunagu slip` prints it: (case number, text).
    fn slip_text(&self) -> Option<(String, String)> {
        let (number, lines) = self.slip.as_ref()?;
        let mut text = lines.join("\n");
        text.push('\n');
        Some((number.clone(), text))
    }

    /// Ctrl-S on the slip: save it to a private file; its path on the message line.
    pub(super) fn save_slip(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some((number, text)) = self.slip_text() else {
            return;
        };
        let Some(dir) = self.slip_dir.clone().or_else(crate::slip::print::default_dir) else {
            cx.out.message(Word::SlipNoHome.text(lang), Level::Warning);
            return;
        };
        match crate::slip::print::save(&dir, &number, &text) {
            Ok(path) => cx.out.message(
                Word::SlipSaved.with(lang, &[("path", &path.display().to_string())]),
                Level::Info,
            ),
            Err(e) => cx.out.message(
                Word::SlipSaveFailed.with(lang, &[("e", &e.kind().to_string())]),
                Level::Warning,
            ),
        }
    }

    /// Ctrl-P on the slip: print it with `lp` off the screen's thread ([`CasesTab::tick`]
    /// shows the answer); without `lp`, says so at once and does nothing.
    pub(super) fn print_slip(&mut self, cx: &mut Cx) {
        let lang = cx.env.lang;
        let Some((number, text)) = self.slip_text() else {
            return;
        };
        if !self.printer.installed() {
            cx.out.message(Word::SlipNoPrinter.text(lang), Level::Warning);
            return;
        }
        let title = Word::SlipTitle.with(lang, &[("n", &number)]);
        match self.printer.spawn(title, text) {
            Ok(rx) => {
                self.printing = Some(rx);
                cx.out
                    .message(Word::SlipPrinting.with(lang, &[("n", &number)]), Level::Info);
            }
            Err(e) => cx.out.message(
                Word::SlipPrintFailed.with(lang, &[("e", &e.kind().to_string())]),
                Level::Warning,
            ),
        }
    }

    /// The print's answer, when it came: on the message line. True when it did.
    pub fn tick(&mut self, cx: &mut Cx) -> bool {
        use crate::slip::print::Printed;
        use std::sync::mpsc::TryRecvError;
        let Some(rx) = &self.printing else { return false };
        let lang = cx.env.lang;
        let (text, level) = match rx.try_recv() {
            Err(TryRecvError::Empty) => return false,
            Ok(Printed::Sent(answer)) => (Word::SlipPrinted.with(lang, &[("answer", &answer)]), Level::Info),
            Ok(Printed::NotSetUp) => (Word::SlipNoPrinter.text(lang).to_string(), Level::Warning),
            Ok(Printed::Failed(e)) => (Word::SlipPrintFailed.with(lang, &[("e", &e)]), Level::Warning),
            Err(TryRecvError::Disconnected) => {
                (Word::SlipPrintFailed.with(lang, &[("e", "-")]), Level::Warning)
            }
        };
        self.printing = None;
        cx.out.message(text, level);
        true
    }
}
