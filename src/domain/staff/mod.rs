//! Who is calling and what they may do with the desk's records (issue 5). Plain data and
//! pure functions: no I/O. The store's guard (`store::guard`) applies them to every
//! [`crate::store::Store`] call, in embedded mode and behind the service alike.
//!
//! # Identity
//! The service learns the caller from the kernel (SO_PEERCRED uid -> user name), never
//! from anything the client sends; in embedded mode the caller is the OS user. The user
//! name is looked up in the roster (seed/staff.toml, [`StaffEntry`]):
//! - in the roster: that entry's role, desk and section ([`Identity::resolve`]);
//! - not in the roster: unknown ([`Identity::staff`] is None): directory search and
//!   referral rules only, no case data, no drafts;
//! - embedded mode, not in the roster: the OS user owns the store's files and can read
//!   them with any tool, so refusing them in the app protects nothing. They are an admin
//!   at the desk the terminal serves ([`Identity::embedded_owner`]), which keeps a
//!   single-user install working as before (and audited). An owner who *is* in the
//!   roster gets the roster's role, so a city can run embedded desks with real roles.
//!
//! # Which cases a caller reaches ([`reach`])
//! | caller | cases reached | restricted (DV, 秘匿) personal details |
//! |---|---|---|
//! | reception (受付) | logged at their desk, or logged by them | shown |
//! | section (担当課) | with a hand-off (any status) to their section | shown |
//! | coordinator (多機関協働) | every case | shown |
//! | admin | every case | masked unless logged at their desk or by them |
//! | unknown | none | - |
//!
//! Reception reaches the cases of their *desk*, not only the ones they typed: a desk is
//! staffed in shifts, the person comes back or calls again and meets a colleague, a
//! returned hand-off (差戻し) is followed up by whoever is on duty, and older cases have
//! no `staff` at all. The issue makes the desk the unit of trust for restricted cases
//! too ("the desk that logged it"); cases the user logged themselves stay reachable if
//! they move to another desk. A section's `section` grants reach only to role section;
//! for other roles it is informational.
//!
//! Masked means: name, kana, phone and address are None; the intake note, every note's
//! text, a closing note, hand-off notes and return reasons read [`MASKED`]. Everything
//! counted in the year's figures stays.
//!
//! # The matrix ([`grant`], then [`allowed`] per record)
//! `Y` allowed, `-` denied (StoreError::Denied), `list` allowed and filtered record by
//! record to the cases reached (masked where the table above says so), `empty` allowed
//! and always empty for that role, `own` only keys `user` or `user@...`, `rec` decided per
//! record by [`allowed`] (conditions below).
//!
//! | Store method | reception | section | coordinator | admin | unknown |
//! |---|---|---|---|---|---|
//! | path, flush_durable, revision | Y | Y | Y | Y | Y |
//! | replica | Y | Y | Y | Y | Y (roster removed) |
//! | replace_replica (seed sync) | - | - | - | Y | - |
//! | create_case | rec¹ | - | rec² | rec² | - |
//! | put_case | rec¹ | - | rec² | rec² | - |
//! | case, handoffs_of_case | rec (reached) | rec (reached) | Y | Y (masked) | - |
//! | cases_received, handoffs_to_section | list | list | Y | Y (masked) | - |
//! | add_handoff | rec³ | - | rec² | rec² | - |
//! | update_handoff | - | rec⁴ | rec² | rec² | - |
//! | expire_overdue | - | - | Y | Y | - |
//! | put_draft | own | own | own | Y⁵ | - |
//! | draft, delete_draft | own | own | own | own | - |
//! | drafts | own (list) | own (list) | own (list) | Y⁵ | - |
//! | allocate_meeting_seq | - | - | Y | Y | - |
//! | put_meeting | - | - | Y | rec² | - |
//! | meeting | - | - | Y | Y (masked) | - |
//! | meetings_held, meetings_of_case | empty | empty | Y | Y (masked) | - |
//! | record_counts | - | - | Y | Y | - |
//! | cases, handoffs (bulk) | list | list | Y | Y⁵ | - |
//! | meetings (bulk) | empty | empty | Y | Y⁵ | - |
//! | restore_case/handoff/meeting, compact | - | - | - | Y | - |
//! | append_audit | - | - | - | - | - |
//! | audit_entries | - | - | - | Y | - |
//! | report_input (the year's figures) | list⁶ | list⁶ | Y | Y (masked) | - |
//!
//! 1. A new case (create_case; the service chooses its number): at their desk and
//!    `staff` = the caller. An existing one (put_case): reached, and its desk and `staff`
//!    unchanged. put_case never creates a case: a number the store has not handed out is
//!    refused for every role.
//! 2. A new case needs `staff` = the caller. Writing a case that exists, its hand-offs or
//!    a meeting that discusses it needs its personal details unmasked: a caller who can
//!    only see the masked copy would overwrite the real data with it.
//! 3. The case is reached; the hand-off comes from their desk and starts requested.
//! 4. The stored hand-off is to their section; only `status` and `history` change, the
//!    old history is kept, and what is added is signed by the caller (accept / return /
//!    done). Moving a hand-off to another section is a new hand-off, not an update.
//! 5. Custodial: export, import and purge read and write whole records, unmasked, and
//!    every record read is audited. An export that masked DV cases would lose them on
//!    restore, and purge rewrites what it reads.
//! 6. What `cases_received`, `handoffs_of_case` and `meetings_held` give the role, in
//!    one call: its cases (with their hand-offs), and no meetings for reception and
//!    sections. The answer holds no personal details (erased as purge erases them), so
//!    the read is one audit entry, not one per case.
//!
//! Every new history entry and note must be signed by the caller (`by` = user): the
//! client cannot act in someone else's name.
//!
//! `append_audit` is never reachable through the guard: the guard writes the trail
//! itself. Drafts (the caller's own typing, saved every few seconds) are not audited;
//! an admin's writes and reads of other people's drafts are.

mod identity;
mod ops;
mod policy;
#[cfg(test)]
mod tests;

pub use identity::{Identity, Role, StaffEntry};
pub use ops::{Grant, Op, grant};
pub use policy::{
    MASKED, Reach, StoredCase, Subject, allowed, follows_lifecycle, mask_case, mask_draft, mask_handoff,
    reach,
};
