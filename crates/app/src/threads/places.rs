//! Where recently replied-to threads are (their workspace, channel, and whether the channel is
//! private), remembered so that a quiet reply can be written without reading the thread
//! first. Only ever a hint: the quiet statement checks every part of it in the snapshot it
//! writes in, and a stale entry costs a fall-back to the general path, which corrects it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use sundial_store::records::threads::ThreadRow;

use crate::Actor;

/// The most threads remembered; when full it starts over (one read per thread refills it).
const CAPACITY: usize = 10_000;

/// Where a thread is, as last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KnownPlace {
    pub(crate) workspace_id: String,
    pub(crate) thread_id: String,
    pub(crate) channel_id: String,
    pub(crate) private: bool,
}

impl KnownPlace {
    pub(crate) fn of(thread: &ThreadRow, private: bool) -> Self {
        Self {
            workspace_id: thread.workspace_id.clone(),
            thread_id: thread.id.clone(),
            channel_id: thread.channel_id.clone(),
            private,
        }
    }
}

/// The remembered places, by thread id.
#[derive(Debug, Default)]
pub(crate) struct ThreadPlaces {
    entries: Mutex<HashMap<String, KnownPlace>>,
}

impl ThreadPlaces {
    /// Where the thread was last seen, if it was in the actor's workspace.
    pub(crate) fn get(&self, actor: &Actor, thread_id: &str) -> Option<KnownPlace> {
        self.entries()
            .get(thread_id)
            .filter(|place| place.workspace_id == actor.workspace_id.as_str())
            .cloned()
    }

    /// Remembers where a thread was just read to be.
    pub(crate) fn remember(&self, thread: &ThreadRow, private: bool) {
        let mut entries = self.entries();
        if entries.len() >= CAPACITY && !entries.contains_key(&thread.id) {
            entries.clear();
        }
        entries.insert(thread.id.clone(), KnownPlace::of(thread, private));
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<String, KnownPlace>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
