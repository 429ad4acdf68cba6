//! The store's surface, declared once: every [`Store`](super::Store) call that crosses the
//! service's protocol, with its arguments, its answer, whether it changes the store, the
//! protocol's request and answer that carry it, and the operation the role matrix checks
//! it as. [`store_surface!`] hands this one list to a generator; each generator lives
//! beside what it makes:
//!
//! | generator | makes | where |
//! | --- | --- | --- |
//! | `store_trait!` | the [`Store`](super::Store) trait's methods and their docs | store/mod.rs |
//! | `operations!` | [`Op`](crate::domain::Op): variants, `ALL`, names, audit actions, labels, `is_write` | domain/staff/ops.rs |
//! | `requests!` | [`Request`](crate::service::protocol::Request) with `name` and `is_read_only` | service/protocol/mod.rs |
//! | `remote_calls!` | [`RemoteStore`](crate::service::client::RemoteStore)'s methods | service/client/mod.rs |
//! | `dispatch_calls!` | the service's `match` from a request to its store call | service/dispatch.rs |
//!
//! What stays written by hand, because it differs per call: each backend's body
//! (store/sled/api.rs), the policy of each call (store/guard/store.rs: the compiler
//! checks it against the generated trait) and the role matrix
//! ([`grant`](crate::domain::grant): its `match` has no catch-all, so a new operation
//! does not compile without its row). The answer's shapes
//! ([`Answer`](crate::service::protocol::Answer)) are a short hand-written list that
//! calls share. How to add a call: the module docs of [`crate::store`].
//!
//! # The grammar of one call
//!
//! ```text
//! /// docs (the trait method's)
//! KIND fn METHOD(&self, ARG: TYPE [= LOCAL], ...) -> RETURN
//!     = REQUEST [(ARG: WIRE_TYPE) | { ARG: WIRE_TYPE, ... }]
//!     => ANSWER [, op OP "LABEL" [audit "ACTION"]]
//!     [{ default body }];
//! ```
//!
//! - KIND: `read` (returns records: sent again after a broken connection, audited as
//!   `read_METHOD`), `write` (changes the store: never sent again once it may have
//!   arrived, audited as `METHOD`), `status` (changes nothing and returns no record:
//!   sent again, action `METHOD`).
//! - The signature is the trait method's. `ARG: TYPE = LOCAL` is not sent: the service
//!   passes `LOCAL` (the client's value stays on the client).
//! - `= REQUEST ...`: the [`Request`](crate::service::protocol::Request) variant and its
//!   shape: none (no argument), one argument in a tuple variant, or named fields; every
//!   field is an argument of the same name, in the type the message owns (`&T` travels
//!   as `T` or `Box<T>`, `&str` as `String`, `usize` as `u64`: see
//!   `service/protocol/wire.rs`).
//! - `=> ANSWER`: the [`Answer`](crate::service::protocol::Answer) variant that carries
//!   the return value (`Unit` for `()`).
//! - `op OP "LABEL"`: the call is [`Op::OP`](crate::domain::Op) in the role matrix, and a
//!   refusal reads 「権限がありません: LABEL」. `audit "ACTION"` replaces the audit
//!   trail's action word (the trail keeps words already written). A call without `op` is
//!   open to every caller and has no operation (`replica_hash`).
//! - `{ default body }`: the trait's default implementation.
//!
//! # What a generator receives
//!
//! `records!` parses the list once and calls `$generate!` with one record per call, in
//! the list's order, each a bracketed row of slots:
//!
//! ```text
//! [KIND METHOD self (ARG: TYPE, ...) (ARG [= LOCAL], ...) (RETURN)
//!  REQUEST ([(ARG: WIRE_TYPE)] [{ ARG: WIRE_TYPE, ... }])
//!  ANSWER ([OP "LABEL" ["ACTION"]]) (#[doc = ...] ...) ([{ default body }])]
//! ```
//!
//! A generator spells out the slots it uses and takes each of the others as one token
//! tree (`$name:tt`, or `$name:ident` for a bare word).
//!
//! The order of the list is the protocol's: a request is encoded by its place, so a new
//! call goes at the end, and with it [`PROTOCOL_VERSION`](crate::service::protocol::PROTOCOL_VERSION)
//! goes up (a service of the old version would not know the request).

// Every type the declaration names, for the modules that expand it.
pub(crate) mod types {
    pub(crate) use crate::domain::{Case, Draft, Handoff, HandoffStatus, MeetingRecord};
    pub(crate) use crate::store::{
        AuditEntry, AuditFilter, CasePage, CasePageQuery, CaseView, InboxQuery, RecordCounts, Replica,
        ReportInput,
    };
    pub(crate) use chrono::NaiveDate;
}

/// Expand `$generate!` with every call of the declaration, each as a record (see "What a
/// generator receives" in the module docs).
macro_rules! store_surface {
    ($generate:ident) => {
        $crate::store::surface::records! { $generate;
            // --- the replicated directory -------------------------------------------

            /// The replicated directory, if any.
            read fn replica(&self) -> Option<Replica>
                = Replica => Replica, op Replica "窓口情報の閲覧";

            /// Replace the replica in one atomic step, durably.
            write fn replace_replica(&self, replica: &Replica) -> ()
                = ReplaceReplica(replica: Box<Replica>) => Unit, op ReplaceReplica "窓口情報の更新";

            /// sled flush plus fsync of the store's files and directories.
            status fn flush_durable(&self) -> ()
                = FlushDurable => Unit, op FlushDurable "保存";

            // --- cases ---------------------------------------------------------------

            /// Store a new case under the next number of its fiscal year (the fiscal year
            /// of its received date): the store, never the caller, chooses the number. The
            /// given `number`, `seq` and `fiscal_year` are ignored. Allocation and insert
            /// are one atomic step with one durable flush, so a number is never handed out
            /// twice, even after a crash, and a number is never left allocated without its
            /// case. A number already taken (e.g. by an imported case) is skipped. Returns
            /// the stored case.
            ///
            /// `audit`, when given, is appended to the trail naming the new number before
            /// the flush, so both are durable together (the policy layer passes its entry;
            /// a network client does not send it: the service's own guard writes it).
            write fn create_case(&self, case: &Case, audit: Option<&AuditEntry> = None) -> Case
                = CreateCase(case: Box<Case>) => Case, op CreateCase "案件の保存";

            /// Replace a case (by number) with its received-date index entry, in one
            /// atomic step, durably. The number must be well formed and match
            /// `fiscal_year` and `seq` ([`crate::domain::parse_case_number`]). A case that
            /// does not exist yet is inserted and the year's counter raised to its seq
            /// (the raw store trusts its caller; the policy layer refuses new numbers
            /// here: see [`Store::create_case`]).
            write fn put_case(&self, case: &Case) -> ()
                = PutCase(case: Box<Case>) => Unit, op PutCase "案件の保存";

            /// A case by number.
            read fn case(&self, number: &str) -> Option<Case>
                = Case { number: String } => Case, op Case "案件の閲覧";

            /// Cases received between `from` and `to` (inclusive, either open), newest
            /// date first (within a date, highest number first); at most `limit`. Reads
            /// the date index.
            read fn cases_received(&self, from: Option<NaiveDate>, to: Option<NaiveDate>, limit: usize) -> Vec<Case>
                = CasesReceived { from: Option<NaiveDate>, to: Option<NaiveDate>, limit: u64 }
                => Cases, op CasesReceived "案件の閲覧";

            // --- hand-offs -----------------------------------------------------------

            /// Store a new hand-off of an existing case: `seq` is assigned (next within
            /// the case, atomically; the given one is ignored), durably. Returns the
            /// stored hand-off.
            write fn add_handoff(&self, handoff: Handoff) -> Handoff
                = AddHandoff(handoff: Box<Handoff>) => Handoff, op AddHandoff "つなぎの登録";

            /// Replace an existing hand-off (by case and seq) and move its inbox entry
            /// when the status or section changed, atomically, durably. Lifecycle rules
            /// are the domain's: call [`Handoff::transition`] first.
            write fn update_handoff(&self, handoff: &Handoff) -> ()
                = UpdateHandoff(handoff: Box<Handoff>) => Unit, op UpdateHandoff "つなぎの更新";

            /// A case's hand-offs by seq.
            read fn handoffs_of_case(&self, case: &str) -> Vec<Handoff>
                = HandoffsOfCase { case: String } => Handoffs, op HandoffsOfCase "つなぎの閲覧";

            /// A section's inbox, all statuses or one, newest `requested_at` first.
            read fn handoffs_to_section(&self, section: &str, status: Option<HandoffStatus>) -> Vec<Handoff>
                = HandoffsToSection { section: String, status: Option<HandoffStatus> }
                => Handoffs, op HandoffsToSection "つなぎの閲覧";

            /// Every hand-off still requested after `days` days becomes expired (by
            /// "system", at `at`), durably. Returns how many.
            write fn expire_overdue(&self, today: NaiveDate, days: u32, at: &str) -> usize
                = ExpireOverdue { today: NaiveDate, days: u32, at: String }
                => Count, op ExpireOverdue "期限切れの処理";

            // --- drafts --------------------------------------------------------------

            /// Save the intake being typed under `key` (a desk or user, never a person).
            /// With `durable`, returns after the write is on disk; without, it reaches
            /// disk within sled's flush interval (500 ms) or when the store is dropped,
            /// and is lost if the process is killed or the machine fails before that.
            write fn put_draft(&self, key: &str, draft: &Draft, durable: bool) -> ()
                = PutDraft { key: String, draft: Box<Draft>, durable: bool }
                => Unit, op PutDraft "下書きの保存";

            /// The draft saved under `key`, if any.
            read fn draft(&self, key: &str) -> Option<Draft>
                = Draft { key: String } => Draft, op Draft "下書きの閲覧";

            /// Remove a draft, durably (absent is fine).
            write fn delete_draft(&self, key: &str) -> ()
                = DeleteDraft { key: String } => Unit, op DeleteDraft "下書きの保存";

            /// Every draft with its key, by key.
            read fn drafts(&self) -> Vec<(String, Draft)>
                = Drafts => Drafts, op Drafts "下書きの閲覧";

            // --- meetings ------------------------------------------------------------

            /// The next meeting sequence of a fiscal year (western year it starts in): 1,
            /// 2, ... for [`crate::domain::meeting_number`]. Atomic and durable, like
            /// cases.
            write fn allocate_meeting_seq(&self, fiscal_year: i32) -> u32
                = AllocateMeetingSeq { fiscal_year: i32 } => Seq, op AllocateMeetingSeq "会議の記録";

            /// Insert or replace a meeting (by id) with its date index entry and one case
            /// index entry per case discussed, in one atomic step, durably. `date` must
            /// start with `YYYY-MM-DD`. When the id is the canonical
            /// [`crate::domain::meeting_number`] of its fiscal year, the year's counter is
            /// raised to its seq (as `put_case` does).
            write fn put_meeting(&self, meeting: &MeetingRecord) -> ()
                = PutMeeting(meeting: Box<MeetingRecord>) => Unit, op PutMeeting "会議の記録";

            /// A meeting by id.
            read fn meeting(&self, id: &str) -> Option<MeetingRecord>
                = Meeting { id: String } => Meeting, op Meeting "会議の閲覧";

            /// Meetings held between `from` and `to` (inclusive, either open), oldest date
            /// first (within a date, by id). Reads the date index.
            read fn meetings_held(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Vec<MeetingRecord>
                = MeetingsHeld { from: Option<NaiveDate>, to: Option<NaiveDate> }
                => Meetings, op MeetingsHeld "会議の閲覧";

            /// The meetings a case was discussed at, oldest date first (within a date, by
            /// id). Reads the case index.
            read fn meetings_of_case(&self, case: &str) -> Vec<MeetingRecord>
                = MeetingsOfCase { case: String } => Meetings, op MeetingsOfCase "会議の閲覧";

            // --- whole store: export, import, purge -----------------------------------

            /// How many cases, hand-offs, meetings and drafts the store holds.
            read fn record_counts(&self) -> RecordCounts
                = RecordCounts => Counts, op RecordCounts "件数の集計";

            /// Every case, by number (key order).
            read fn cases(&self) -> Vec<Case>
                = Cases => Cases, op Cases "案件の閲覧";

            /// Every hand-off, by case number then seq (key order).
            read fn handoffs(&self) -> Vec<Handoff>
                = Handoffs => Handoffs, op Handoffs "つなぎの閲覧";

            /// Every meeting, by id (key order).
            read fn meetings(&self) -> Vec<MeetingRecord>
                = Meetings => Meetings, op Meetings "会議の閲覧";

            /// `put_case` without the durable flush, for batches (import, purge): atomic
            /// per record; end the batch with [`Store::flush_durable`].
            write fn restore_case(&self, case: &Case) -> ()
                = RestoreCase(case: Box<Case>) => Unit, op RestoreCase "データの復元";

            /// Insert or replace a hand-off of an existing case under its own `seq` (>=
            /// 1), with its inbox entry, and raise the case's hand-off counter to `seq` so
            /// it is never assigned again. Atomic, not flushed: end the batch with
            /// [`Store::flush_durable`].
            write fn restore_handoff(&self, handoff: &Handoff) -> ()
                = RestoreHandoff(handoff: Box<Handoff>) => Unit, op RestoreHandoff "データの復元";

            /// `put_meeting` without the durable flush, for batches (import, purge).
            write fn restore_meeting(&self, meeting: &MeetingRecord) -> ()
                = RestoreMeeting(meeting: Box<MeetingRecord>) => Unit, op RestoreMeeting "データの復元";

            // --- audit trail -----------------------------------------------------------

            /// Append one entry to the audit trail and return its seq: the next after the
            /// last, never reusing or replacing an entry (append only: no method changes
            /// or removes one). Not flushed by itself: the write it accompanies (appended
            /// first) or the next [`Store::flush_durable`] makes it durable, in the same
            /// flush.
            ///
            /// Whoever holds the raw store can call this; the policy layer
            /// ([`guard::Guarded`]) refuses it, and it must never be reachable over the
            /// service's protocol except through guarded operations.
            ///
            /// The default refuses (fail closed): a backend that keeps no trail of its own
            /// (a network client) never appends; the guard around a store that refuses
            /// refuses everything it would have to record.
            write fn append_audit(&self, entry: &AuditEntry) -> u64
                = AppendAudit(entry: Box<AuditEntry>) => AuditSeq, op AppendAudit "監査記録の書き込み"
            {
                let _ = entry;
                Err(StoreError::Denied {
                    what: crate::domain::Op::AppendAudit.label_ja(),
                })
            };

            /// The entries that match `filter`, by seq. The default refuses; a network
            /// client asks the service (which answers through its guard: admins only).
            read fn audit_entries(&self, filter: &AuditFilter) -> Vec<AuditEntry>
                = AuditEntries(filter: Box<AuditFilter>)
                => Audit, op AuditEntries "監査記録の閲覧" audit "read_audit"
            {
                let _ = filter;
                Err(StoreError::Denied {
                    what: crate::domain::Op::AuditEntries.label_ja(),
                })
            };

            // --- change notification, replica hash, compaction --------------------------

            /// A number that changes (grows) with every write, so screens can poll it
            /// (about every 500 ms) and reload only when it moved. Compare with `!=`: its
            /// starting value is arbitrary and restarts when the store (or the service) is
            /// reopened.
            status fn revision(&self) -> u64
                = Revision => Revision, op Revision "更新の確認";

            /// The seed hash of the replica, without reading its directory: a cheap way to
            /// see whether the replica changed (the desk polls it, `find` keys its
            /// snapshot on it).
            status fn replica_hash(&self) -> Option<String>
                = ReplicaHash => ReplicaHash
            {
                Ok(self.replica()?.map(|r| r.seed_hash))
            };

            /// Rewrite the store so that nothing overwritten or removed stays in its files
            /// (sled keeps old values in its log: DESIGN.md ruling 9): after it, the
            /// personal text a purge cleared is gone from the disk. Every other call waits
            /// meanwhile. Durable when it returns.
            write fn compact(&self) -> ()
                = Compact => Unit, op Compact "消去したデータの書き直し";

            // --- reads shaped like the screens (views.rs) ---------------------------------

            /// A page of the case list (全件), in one call. The default composes it from
            /// the calls above ([`views::case_page`]); the policy layer runs that through
            /// its own calls and records one audit entry per case read; the network client
            /// sends it as one request.
            read fn case_page(&self, query: &CasePageQuery) -> CasePage
                = CasePage(query: Box<CasePageQuery>) => Page, op CasePage "案件の閲覧"
            {
                views::case_page(self, query)
            };

            /// A page of a section's inbox (受信箱), in one call ([`views::inbox_page`]).
            read fn inbox_page(&self, query: &InboxQuery) -> CasePage
                = InboxPage(query: Box<InboxQuery>) => Page, op InboxPage "つなぎの閲覧"
            {
                views::inbox_page(self, query)
            };

            /// One case with its hand-offs and meetings, in one call
            /// ([`views::case_view`]).
            read fn case_view(&self, number: &str) -> Option<CaseView>
                = CaseView { number: String } => CaseView, op CaseView "案件の閲覧"
            {
                views::case_view(self, number)
            };

            /// What the year's figures (集計, `tsunagu report`) are counted from, in one
            /// call: the cases received from `from` to `to` (inclusive) with their
            /// hand-offs, the earlier cases with a 相談記録 in the period, and the meetings
            /// held in it, without personal details ([`views::ReportInput`]). The default
            /// composes it from the calls above, one call per case
            /// ([`views::report_input`]); the sled store reads its indexes once; the
            /// policy layer filters and masks as `cases_received`, `handoffs_of_case` and
            /// `meetings_held` do for the caller, and records one audit entry for the read.
            read fn report_input(&self, from: NaiveDate, to: NaiveDate) -> ReportInput
                = ReportInput { from: NaiveDate, to: NaiveDate }
                => ReportInput, op ReportInput "案件の閲覧"
            {
                views::report_input(self, from, to)
            };
        }
    };
}
pub(crate) use store_surface;

/// Parses the declaration (the grammar of the module docs) and hands `$generate!` one
/// record per call, in the declaration's order.
macro_rules! records {
    ($generate:ident; $(
        $(#[$doc:meta])*
        $kind:ident fn $method:ident(&$self:ident $(, $arg:ident: $arg_ty:ty $(= $local:expr)?)* $(,)?) -> $ret:ty
            = $request:ident $( ( $one:ident: $one_ty:ty ) )? $( { $($field:ident: $field_ty:ty),* $(,)? } )?
            => $answer:ident $(, op $op:ident $label:literal $(audit $action:literal)?)?
            $($default:block)?;
    )*) => {
        $generate! {$(
            [
                $kind $method $self
                ($($arg: $arg_ty),*)
                ($($arg $(= $local)?),*)
                ($ret)
                $request ($( ($one: $one_ty) )? $( { $($field: $field_ty),* } )?)
                $answer ($($op $label $($action)?)?)
                ($(#[$doc])*)
                ($($default)?)
            ]
        )*}
    };
}
pub(crate) use records;

/// Is a call of this kind sent again when the connection broke after it was sent (the
/// service may or may not have carried it out)? Only if it changes nothing.
macro_rules! is_read_only {
    (read) => {
        true
    };
    (status) => {
        true
    };
    (write) => {
        false
    };
}
pub(crate) use is_read_only;

/// The audit trail's action word for a call: `read_<method>` for reads, the method's name
/// otherwise, or the declaration's own.
macro_rules! audit_action {
    ($kind:ident $method:ident $action:literal) => {
        $action
    };
    (read $method:ident) => {
        concat!("read_", stringify!($method))
    };
    (write $method:ident) => {
        stringify!($method)
    };
    (status $method:ident) => {
        stringify!($method)
    };
}
pub(crate) use audit_action;
