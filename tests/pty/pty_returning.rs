//! The returning resident end to end in the real binary at 80x24 (issue 11, finding 12):
//! an 8050 case logged with the mother's kana and saved with Ctrl-S; found from 案件 with
//! `/` and the kana typed in romaji; then the next call, whose kana brings up 以前の相談,
//! added to the case with Ctrl-O as a 相談記録.

#![cfg(target_os = "linux")]

use crate::common;

use common::session::{ENTER, F2, F4, assert_restored, start_ready, type_intake};

#[test]
fn logged_found_by_romaji_kana_and_the_next_call_added() {
    let mut s = start_ready(80, 24, &[]);
    type_intake(&mut s);
    // From the note: 氏名, then よみ.
    s.send(b"\t\t");
    s.send("ヤマダ ハナコ".as_bytes());
    s.wait_until("the kana", |s| s.screen().contains("よみ [ヤマダ ハナコ"));
    s.send(b"\x13"); // Ctrl-S
    s.wait_until("saved", |s| s.screen().contains("保存しました: R8-000001"));

    s.send(F4);
    s.wait_until("案件", |s| {
        s.row(0).contains("*案件*") && s.screen().contains("R8-000001")
    });
    s.send(b"/");
    s.wait_until("the search line", |s| s.screen().contains("案件を検索>"));
    s.send(b"yamada");
    s.send(ENTER);
    s.wait_until("found by romaji", |s| {
        let sc = s.screen();
        sc.contains("検索(/): [yamada]") && sc.lines().any(|l| l.starts_with("> R8-000001"))
    });

    // The next call: her kana at 受付.
    s.send(F2);
    s.wait_until("a blank intake", |s| s.row(0).contains("*受付*"));
    s.send(b"\x1b[Z\x1b[Z\x1b[Z"); // Shift-Tab three times (提案, 電話): よみ
    s.send("やまだ はなこ".as_bytes());
    s.wait_until("以前の相談", |s| {
        s.screen().contains("以前の相談: R8-000001")
    });
    s.send(b"\x0f"); // Ctrl-O
    s.wait_until("the question", |s| {
        s.screen().contains("R8-000001 に相談記録として追加しますか")
    });
    s.send(ENTER);
    s.wait_until("added", |s| {
        s.screen().contains("R8-000001 に相談記録を追加しました")
    });
    s.send(F4);
    s.wait_until("the record on the timeline", |s| {
        let sc = s.screen();
        sc.contains("相談記録 (来所, 総合相談支援室)") && !sc.contains("R8-000002")
    });
    let (status, after) = s.quit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&after);
}
