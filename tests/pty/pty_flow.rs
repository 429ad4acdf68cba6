//! End-to-end test of the real `tsunagu` binary in a pseudo-terminal through the desk's
//! main job: a walk-in typed on the intake tab, handed off, accepted from the section's
//! inbox, and its slip opened. The session harness is in tests/common/session.rs.

#![cfg(target_os = "linux")]

use crate::common;

use common::session::{assert_restored, start_ready, type_intake};

/// The desk's main job end to end: log an 8050 walk-in, see 多機関協働 with its meeting,
/// hand it off, find it in 高齢者支援課's inbox, accept it, and open its slip.
#[test]
fn walk_in_hand_off_accept_and_slip() {
    let mut s = start_ready(80, 24, &[]);
    type_intake(&mut s);
    // consent: from the note (field 14 with two people) back to the top, then 未確認 -> あり
    s.send(b"\x1b[Z".repeat(14).as_slice());
    s.send(b"\t\t\t\x1b[C");
    s.wait_until("consent given", |s| s.row(1).contains("同意 [あり"));
    // the concern check-list of person 1: tick ひきこもり; of person 2: 高齢・介護
    s.send(b"\t\t\t\t\t\t");
    s.wait_until("the check-list", |s| s.screen().contains("[ ] ひきこもり"));
    s.send(b"\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B ");
    s.wait_until("ひきこもり ticked", |s| {
        s.screen().contains("[x] ひきこもり")
    });
    s.send(b"\t\t\t");
    // ([+] when the note suggests it: the city's vocabulary reads 高齢 in the note)
    s.wait_until("the second check-list", |s| s.screen().contains("] 高齢・介護"));
    // the second member's check-list opens at the top, on 高齢・介護 (issue 11)
    s.send(b" \t");
    s.wait_until("多機関協働 with its meeting", |s| {
        let sc = s.screen();
        sc.contains("多機関協働事業") && sc.contains("重層的支援会議 (同意あり)")
    });
    // Ctrl-T: hand off to every suggestion
    s.send(b"\x14");
    s.wait_until("the hand-off dialog", |s| {
        s.screen().contains("[x] 多機関協働事業")
    });
    s.send(b"\r");
    s.wait_until("the case in 案件", |s| {
        s.row(0).contains("*案件*") && s.screen().contains("R8-000001") && s.screen().contains("つなぎました")
    });
    // the inbox of 高齢者支援課 (the first section)
    s.send(b"i");
    // (the inbox's own row, selected: R8-000001 is also on the message line, and the
    // header changes before the inbox's page arrives from the store worker)
    s.wait_until("高齢者支援課's inbox", |s| {
        let sc = s.screen();
        sc.contains("受信箱: 高齢者支援課")
            && sc
                .lines()
                .any(|l| l.starts_with("> R8-000001") && l.contains("総合相談支援室 -> 高齢者支援課"))
    });
    s.send(b"a");
    s.wait_until("accepted", |s| s.screen().contains("受理しました"));
    s.send(b"p");
    s.wait_until("the slip", |s| s.screen().contains("つなぐシート"));
    let (status, after) = s.quit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&after);
}
