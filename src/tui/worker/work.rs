//! What the worker's loop carries out: the revision poll, the draft writes in order, and
//! the other jobs ([`answer`]: 受付's look-ups and writes, 会議's and 集計's reads and
//! records), coalesced so only the newest read of each kind runs.

use super::*;

pub(super) fn poll(
    store: &SharedStore,
    revision: &mut Option<u64>,
    known: Option<String>,
    state: &State,
) -> Polled {
    state.begin();
    let rev = store.revision();
    state.end(&rev);
    let Ok(rev) = rev else {
        return Polled::default();
    };
    if *revision == Some(rev) {
        return Polled::default();
    }
    *revision = Some(rev);
    // Most changes are another desk's records: the directory is read again only when
    // the replica's hash differs from the one the screens know.
    state.begin();
    let hash = store.replica_hash();
    state.end(&hash);
    let hash = hash.ok().flatten();
    let replica = if hash.is_some() && hash != known {
        state.begin();
        let r = store.replica();
        state.end(&r);
        r.ok().flatten().map(NewDirectory::of)
    } else {
        None
    };
    Polled {
        changed: true,
        hash,
        replica,
    }
}

/// Carry out draft jobs in order. A put followed by another job for its key is skipped
/// (the later one supersedes it; a later put takes over its durability).
pub(super) fn write_drafts(store: &SharedStore, mut ops: Vec<(u64, DraftOp)>, state: &State) -> Vec<Done> {
    let mut out = Vec::with_capacity(ops.len());
    for i in 0..ops.len() {
        let Some((id, op)) = ops.get(i).cloned() else {
            break;
        };
        let later = ops.iter_mut().skip(i + 1).find(|(_, o)| o.key() == op.key());
        if let (DraftOp::Put { durable, .. }, Some((_, next))) = (&op, later) {
            if let DraftOp::Put { durable: d, .. } = next {
                *d |= *durable;
            }
            out.push(Done::Draft {
                id,
                durable: false,
                saved_at: None,
                result: Ok(()),
            });
            continue;
        }
        state.begin();
        let (durable, saved_at, result) = match &op {
            DraftOp::Put { key, draft, durable } => (
                *durable,
                Some(draft.saved_at.clone()),
                store.put_draft(key, draft, *durable),
            ),
            DraftOp::Delete { key } => (true, None, store.delete_draft(key)),
        };
        state.end(&result);
        out.push(Done::Draft {
            id,
            durable,
            saved_at,
            result,
        });
    }
    out
}

/// 会議's and 集計's jobs as they are to run: writes first, in order, then the newest
/// read of each kind.
pub(super) fn coalesce(jobs: Vec<Job>) -> Vec<Job> {
    let (reads, mut out): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|j| j.read_kind() != 0);
    for (i, job) in reads.iter().enumerate() {
        let kind = job.read_kind();
        if !reads.iter().skip(i + 1).any(|j| j.read_kind() == kind) {
            out.push(job.clone());
        }
    }
    out
}

/// Carry out one of 会議's and 集計's jobs on `store` (on the worker; or on the UI thread
/// when there is no worker, `state` None). None for any other job (the worker's loop
/// does those itself).
pub fn answer(store: &dyn Store, job: Job, state: Option<&State>) -> Option<Done> {
    if job.read_kind() == 0 && !matches!(job, Job::SaveMeeting { .. } | Job::Intake(_)) {
        return None;
    }
    if let Some(s) = state {
        s.begin();
    }
    let (done, down) = match job {
        Job::Lookup { id, query } => {
            let result = store.case_page(&query);
            let down = result.as_ref().err().map_or(Some(false), unreachable_service);
            (Done::Lookup { id, result }, down)
        }
        Job::Intake(write) => {
            let written = write.apply(store);
            let down = written.error.as_ref().map_or(Some(false), unreachable_service);
            (Done::Written(Box::new(written)), down)
        }
        Job::Meetings { id, fy } => {
            let result = meeting_save::meetings_of_year(store, fy);
            let down = result.as_ref().err().and_then(unreachable_service);
            (Done::Meetings { id, result }, down)
        }
        Job::MeetingCases { id, numbers } => (
            Done::MeetingCases {
                id,
                cases: meeting_save::cases_named(store, &numbers),
            },
            None,
        ),
        Job::SaveMeeting { id, save } => {
            let outcome = save.run(store);
            let down = match &outcome {
                SaveOutcome::Failed(e) => unreachable_service(e),
                _ => Some(false),
            };
            (Done::MeetingSaved { id, outcome }, down)
        }
        Job::Figures {
            id,
            fy,
            today,
            directory,
        } => {
            let result = crate::report::load(store, fy, &directory, today).map(Box::new);
            let down = result.as_ref().err().map_or(Some(false), unreachable_service);
            (Done::Figures { id, result }, down)
        }
        Job::Poll { .. } | Job::Page { .. } | Job::Draft { .. } | Job::Change(_) => return None,
    };
    if let Some(s) = state {
        s.finish(down);
    }
    Some(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(id: u64) -> Job {
        Job::SaveMeeting {
            id,
            save: Box::new(MeetingSave {
                record: MeetingRecord {
                    id: String::new(),
                    kind: "shien_kaigi".into(),
                    date: "2026-11-26".into(),
                    fiscal_year: 2026,
                    sections: vec![],
                    agencies: vec![],
                    cases: vec![],
                    confidential: true,
                    recorded_at: "2026-11-26T15:00:00+09:00".into(),
                    recorded_by: "tanaka".into(),
                },
                directory: Arc::new(Directory::default()),
            }),
        }
    }

    #[test]
    fn saves_run_first_in_order_then_the_newest_read_of_each_kind() {
        let figures = |id| Job::Figures {
            id,
            fy: 2026,
            today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            directory: Arc::new(Directory::default()),
        };
        let jobs = vec![
            Job::Meetings { id: 1, fy: 2026 },
            figures(2),
            save(3),
            Job::Meetings { id: 4, fy: 2025 },
            Job::MeetingCases {
                id: 5,
                numbers: vec!["R8-000001".into()],
            },
            save(6),
            figures(7),
        ];
        let ids: Vec<u64> = coalesce(jobs)
            .iter()
            .map(|j| match j {
                Job::Meetings { id, .. }
                | Job::MeetingCases { id, .. }
                | Job::SaveMeeting { id, .. }
                | Job::Figures { id, .. } => *id,
                _ => 0,
            })
            .collect();
        assert_eq!(ids, [3, 6, 4, 5, 7]);
    }
}
