//! The SQLite writer's syncer: the thread that makes committed batches durable and only then
//! answers their writers. The writer commits without flushing (`synchronous=NORMAL`) and goes on
//! with the next batch; the syncer flushes the write-ahead log once for every batch committed
//! since its last flush (group commit across batches, too).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc;

use tokio::sync::watch;

use crate::error::StoreError;
use crate::group_commit::Completion;

/// A committed (or failed) batch whose callers are still to be answered.
pub(crate) struct BatchOutcome {
    pub(crate) completions: Vec<Box<dyn Completion>>,
    pub(crate) commit: Result<(), String>,
    /// Whether the batch committed a change, which the log must then be flushed for.
    pub(crate) wrote: bool,
    /// The rowid of the newest event once the batch committed.
    pub(crate) newest_event: Option<i64>,
}

/// The rowid of the newest event known to be on disk: readers of the event log stop there
/// (`records::events::after`), so no one sees an event a power cut could still take back.
pub(crate) type EventCeiling = Arc<AtomicI64>;

/// The writer's SQLite write-ahead log: `<database>-wal`, beside the database.
pub(crate) fn wal_file(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// The syncer thread and the way to hand it batches.
///
/// A failed flush leaves it unknown what is on disk. As PostgreSQL does, the store then stops
/// writing (every later write is refused with [`StoreError::WriterStopped`]) rather than go on
/// from a state it cannot vouch for; restarting recovers from what the disk holds.
pub(crate) struct Syncer {
    batches: mpsc::Sender<BatchOutcome>,
    failed: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Syncer {
    pub(crate) fn start(
        wal: PathBuf,
        commits: watch::Sender<u64>,
        ceiling: EventCeiling,
    ) -> Result<Self, StoreError> {
        let (batches, incoming) = mpsc::channel::<BatchOutcome>();
        let failed = Arc::new(AtomicBool::new(false));
        let failed_flag = Arc::clone(&failed);
        let thread = std::thread::Builder::new()
            .name("sundial-syncer".to_owned())
            .spawn(move || {
                let mut log: Option<File> = None;
                while let Ok(first) = incoming.recv() {
                    let mut ready = vec![first];
                    ready.extend(incoming.try_iter());
                    let wrote = ready.iter().any(|b| b.wrote);
                    // Once a flush failed, no later one vouches for anything: the kernel may
                    // have dropped the pages it could not write and report the next flush clean.
                    let flushed = if failed_flag.load(Ordering::SeqCst) {
                        Err("an earlier flush of the SQLite log failed".to_owned())
                    } else if wrote {
                        flush(&wal, &mut log)
                    } else {
                        Ok(())
                    };
                    if let Err(message) = &flushed {
                        tracing::error!(%message, "flushing the SQLite log failed; the store stops writing");
                        failed_flag.store(true, Ordering::SeqCst);
                    }
                    // Signalled before the writers are answered, so that a writer who reads
                    // the commit count after its answer finds its own commit counted.
                    if wrote && flushed.is_ok() {
                        if let Some(newest) = ready.iter().filter_map(|b| b.newest_event).max() {
                            ceiling.fetch_max(newest, Ordering::SeqCst);
                        }
                        commits.send_modify(|count| *count += 1);
                    }
                    for batch in ready {
                        let commit = batch.commit.and(flushed.clone());
                        for completion in batch.completions {
                            completion.finish(commit.clone());
                        }
                    }
                }
            })
            .map_err(|e| StoreError::Config(format!("cannot start the SQLite syncer thread: {e}")))?;
        Ok(Self {
            batches,
            failed,
            thread,
        })
    }

    /// Whether a flush failed: the writer then stops.
    pub(crate) fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// Hands a batch over: its writers are answered once the log is flushed past it.
    pub(crate) fn flush_then_answer(&self, batch: BatchOutcome) {
        if let Err(mpsc::SendError(batch)) = self.batches.send(batch) {
            // The syncer is gone (it cannot be, short of a panic): nothing vouches for this
            // batch's durability, so its writers learn it failed.
            for completion in batch.completions {
                completion.finish(Err("the SQLite syncer has stopped".to_owned()));
            }
        }
    }

    /// Answers every batch handed over so far, then stops.
    pub(crate) fn finish(self) {
        drop(self.batches);
        if self.thread.join().is_err() {
            tracing::error!("the SQLite syncer panicked");
        }
    }
}

/// Flushes the log to disk (opening it the first time: it exists once anything committed).
pub(crate) fn flush(wal: &Path, log: &mut Option<File>) -> Result<(), String> {
    let file = match log {
        Some(file) => file,
        None => {
            log.insert(File::open(wal).map_err(|e| format!("cannot open {}: {e}", wal.display()))?)
        }
    };
    file.sync_data()
        .map_err(|e| format!("cannot flush {}: {e}", wal.display()))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use tokio::sync::watch;

    use std::sync::atomic::Ordering;

    use super::{BatchOutcome, EventCeiling, Syncer, wal_file};
    use crate::group_commit::Completion;

    /// A write's completion that records how it was answered.
    struct Recorded {
        answers: Arc<Mutex<Vec<Result<(), String>>>>,
    }

    impl Completion for Recorded {
        fn failed(&self) -> bool {
            false
        }

        fn finish(self: Box<Self>, commit: Result<(), String>) {
            self.answers.lock().expect("the answers").push(commit);
        }
    }

    fn batch(answers: &Arc<Mutex<Vec<Result<(), String>>>>, wrote: bool) -> BatchOutcome {
        BatchOutcome {
            completions: vec![Box::new(Recorded {
                answers: Arc::clone(answers),
            })],
            commit: Ok(()),
            wrote,
            newest_event: wrote.then_some(7),
        }
    }

    fn wait_for_answers(answers: &Arc<Mutex<Vec<Result<(), String>>>>, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while answers.lock().expect("the answers").len() < count {
            assert!(Instant::now() < deadline, "the syncer answered in time");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn the_log_is_next_to_the_database() {
        assert_eq!(
            wal_file(std::path::Path::new("/data/sundial.db")),
            std::path::Path::new("/data/sundial.db-wal")
        );
    }

    #[test]
    fn a_batch_is_counted_then_answered_once_its_log_is_flushed() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let log = dir.path().join("sundial.db-wal");
        std::fs::write(&log, b"frames").expect("a log file");
        let (commits, counted) = watch::channel(0);
        let ceiling = EventCeiling::default();
        let syncer = Syncer::start(log, commits, Arc::clone(&ceiling)).expect("the syncer starts");
        let answers = Arc::new(Mutex::new(Vec::new()));
        syncer.flush_then_answer(batch(&answers, true));
        syncer.flush_then_answer(batch(&answers, false));
        syncer.finish();
        assert_eq!(*answers.lock().expect("the answers"), [Ok(()), Ok(())]);
        assert_eq!(*counted.borrow(), 1, "only the batch that wrote is counted");
        assert_eq!(ceiling.load(Ordering::SeqCst), 7, "its events are readable");
    }

    #[test]
    fn a_failed_flush_fails_its_batch_and_every_later_one_and_stops_the_writer() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (commits, counted) = watch::channel(0);
        let ceiling = EventCeiling::default();
        let syncer = Syncer::start(
            dir.path().join("missing-wal"),
            commits,
            Arc::clone(&ceiling),
        )
        .expect("the syncer starts");
        let answers = Arc::new(Mutex::new(Vec::new()));
        syncer.flush_then_answer(batch(&answers, true));
        wait_for_answers(&answers, 1);
        assert!(syncer.failed(), "the writer is told to stop");
        // Even a batch with nothing to flush: nothing vouches for what came before it.
        syncer.flush_then_answer(batch(&answers, false));
        syncer.finish();
        let answers = answers.lock().expect("the answers");
        assert!(
            matches!(&answers[0], Err(message) if message.contains("missing-wal")),
            "{answers:?}"
        );
        assert_eq!(
            answers[1],
            Err("an earlier flush of the SQLite log failed".to_owned())
        );
        assert_eq!(*counted.borrow(), 0, "nothing was counted as committed");
        assert_eq!(
            ceiling.load(Ordering::SeqCst),
            0,
            "no event became readable"
        );
    }
}
