//! Saving a shared document while it is typed: a group's agenda, a group
//! summary. The same promises as a preparation's autosave
//! ([`crate::autosave`]): every change is kept in the browser at once and
//! sent after a short pause, a save carries the version it was typed on,
//! a stale one is refused and the writer chooses, a server out of reach is
//! tried again. What is not valid yet (a team agreement without a title)
//! waits in the browser, with its issue next to its field, until it is.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_client::ClientError;
use mus_domain::ErrorCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::i18n::Failure;
use crate::storage;

/// Where the browser keeps what is typed and not yet saved; cleared at
/// sign-out with the preparation drafts ([`crate::drafts::forget_all`]).
pub const PREFIX: &str = "mus.group-draft.";

const DEBOUNCE: Duration = Duration::from_millis(800);
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

/// A document as the server has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved<T> {
    pub version: u32,
    pub value: T,
    pub at: Option<DateTime<Utc>>,
}

/// Where the writer's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocState {
    Saved,
    Unsaved,
    Saving,
    /// Kept in the browser until the marked fields are corrected.
    Invalid,
    Offline,
    /// Saved elsewhere meanwhile: the writer chooses.
    Conflict,
    SignedOut,
    /// No longer open for changes (signed, or the time for it is over).
    Closed,
    Failed(Failure),
}

impl DocState {
    /// A name for tests and styles.
    pub fn name(self) -> &'static str {
        match self {
            DocState::Saved => "saved",
            DocState::Unsaved => "unsaved",
            DocState::Saving => "saving",
            DocState::Invalid => "invalid",
            DocState::Offline => "offline",
            DocState::Conflict => "conflict",
            DocState::SignedOut => "signed-out",
            DocState::Closed => "closed",
            DocState::Failed(_) => "failed",
        }
    }
}

type Request<T> = Pin<Box<dyn Future<Output = Result<Saved<T>, ClientError>>>>;
/// What is on screen after a save, given what the server saved.
type Merge<T> = Box<dyn Fn(&T, &T) -> Option<T>>;

/// How one kind of document is saved and read back.
pub struct DocOps<T> {
    /// Sends the value typed on top of a version.
    pub send: Box<dyn Fn(u32, T) -> Request<T>>,
    /// Reads what the server has now.
    pub load: Box<dyn Fn() -> Request<T>>,
    /// Whether the value may be sent as it is.
    pub valid: Box<dyn Fn(&T) -> bool>,
    /// After a save: what is on screen, with what the server added to what
    /// was sent (new ids). `None` when nothing changes.
    pub merge: Merge<T>,
    /// The browser's key for the draft.
    pub draft_key: String,
}

#[derive(Serialize, Deserialize)]
struct Draft<T> {
    base_version: u32,
    value: T,
}

pub struct DocSaver<T: 'static> {
    ops: DocOps<T>,
    pub state: RwSignal<DocState>,
    pub saved_at: RwSignal<Option<DateTime<Utc>>>,
    /// The server's text while it conflicts with the writer's.
    pub theirs: RwSignal<Option<T>>,
    inner: RefCell<Inner<T>>,
}

struct Inner<T> {
    current: T,
    confirmed: T,
    version: u32,
    sending: bool,
    conflict: Option<Saved<T>>,
    timer: Option<TimeoutHandle>,
    retry: Duration,
    stopped: bool,
}

impl<T> DocSaver<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    /// Starts from the server's document. Returns the saver and, when the
    /// browser kept text not yet saved, that text for the page to show
    /// (it is then saved, or offered as a conflict when the server moved on).
    pub fn start(server: Saved<T>, ops: DocOps<T>, open: bool) -> (Rc<DocSaver<T>>, Option<T>) {
        let draft: Option<Draft<T>> = if open {
            storage::get_json(&ops.draft_key)
        } else {
            None
        };
        let this = Rc::new(DocSaver {
            ops,
            state: RwSignal::new(if open {
                DocState::Saved
            } else {
                DocState::Closed
            }),
            saved_at: RwSignal::new(server.at),
            theirs: RwSignal::new(None),
            inner: RefCell::new(Inner {
                current: server.value.clone(),
                confirmed: server.value.clone(),
                version: server.version,
                sending: false,
                conflict: None,
                timer: None,
                retry: FIRST_RETRY,
                stopped: !open,
            }),
        });
        let restored = match draft {
            Some(draft) if draft.value != server.value => {
                this.inner.borrow_mut().current = draft.value.clone();
                if draft.base_version == server.version {
                    this.state.set(DocState::Unsaved);
                    this.schedule(DEBOUNCE);
                } else {
                    this.enter_conflict(server);
                }
                Some(draft.value)
            }
            Some(_) => {
                storage::remove(&this.ops.draft_key);
                None
            }
            None => None,
        };
        if open {
            let online = {
                let this = Rc::clone(&this);
                window_event_listener(leptos::ev::online, move |_| {
                    if this.state.try_get_untracked() == Some(DocState::Offline) {
                        this.flush();
                    }
                })
            };
            on_cleanup(move || online.remove());
        }
        (this, restored)
    }

    /// The writer changed the document.
    pub fn edit(self: &Rc<Self>, value: T) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.stopped || inner.current == value {
                return;
            }
            inner.current = value;
        }
        self.keep_locally();
        if !matches!(
            self.state.try_get_untracked(),
            Some(DocState::Conflict | DocState::Closed)
        ) {
            let _ = self.state.try_set(DocState::Unsaved);
            self.schedule(DEBOUNCE);
        }
    }

    /// The version the server last confirmed, and whether the screen shows
    /// exactly that (for signing what was saved).
    pub fn confirmed(&self) -> (u32, bool) {
        let inner = self.inner.borrow();
        (inner.version, inner.current == inner.confirmed)
    }

    /// No more saving: the document was signed.
    pub fn close(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.stopped = true;
        if let Some(timer) = inner.timer.take() {
            timer.clear();
        }
        drop(inner);
        storage::remove(&self.ops.draft_key);
        let _ = self.state.try_set(DocState::Closed);
    }

    /// Save the writer's text over the server's.
    pub fn keep_mine(self: &Rc<Self>) {
        let Some(server) = self.inner.borrow_mut().conflict.take() else {
            return;
        };
        {
            let mut inner = self.inner.borrow_mut();
            inner.version = server.version;
            inner.confirmed = server.value;
        }
        let _ = self.theirs.try_set(None);
        let _ = self.state.try_set(DocState::Unsaved);
        self.flush();
    }

    /// Take the server's text; returns it for the page to show.
    pub fn keep_theirs(self: &Rc<Self>) -> Option<T> {
        let server = self.inner.borrow_mut().conflict.take()?;
        {
            let mut inner = self.inner.borrow_mut();
            inner.version = server.version;
            inner.confirmed = server.value.clone();
            inner.current = server.value.clone();
        }
        storage::remove(&self.ops.draft_key);
        let _ = self.theirs.try_set(None);
        let _ = self.saved_at.try_set(server.at);
        let _ = self.state.try_set(DocState::Saved);
        Some(server.value)
    }

    /// Sends what is typed now, unless a save is on its way, nothing
    /// changed, or it is not valid yet.
    pub fn flush(self: &Rc<Self>) {
        let (version, value) = {
            let mut inner = self.inner.borrow_mut();
            if let Some(timer) = inner.timer.take() {
                timer.clear();
            }
            if inner.stopped || inner.sending || inner.conflict.is_some() {
                return;
            }
            if inner.current == inner.confirmed {
                drop(inner);
                storage::remove(&self.ops.draft_key);
                let _ = self.state.try_set(DocState::Saved);
                return;
            }
            if !(self.ops.valid)(&inner.current) {
                drop(inner);
                let _ = self.state.try_set(DocState::Invalid);
                return;
            }
            inner.sending = true;
            (inner.version, inner.current.clone())
        };
        let _ = self.state.try_set(DocState::Saving);
        let this = Rc::clone(self);
        spawn_local(async move {
            let result = (this.ops.send)(version, value).await;
            this.finish(result).await;
        });
    }

    async fn finish(self: &Rc<Self>, result: Result<Saved<T>, ClientError>) {
        self.inner.borrow_mut().sending = false;
        let error = match result {
            Ok(saved) => {
                let done = {
                    let mut inner = self.inner.borrow_mut();
                    inner.version = saved.version;
                    inner.retry = FIRST_RETRY;
                    if let Some(merged) = (self.ops.merge)(&inner.current, &saved.value) {
                        inner.current = merged;
                    }
                    inner.confirmed = saved.value;
                    inner.current == inner.confirmed
                };
                let _ = self.saved_at.try_set(saved.at);
                if done {
                    storage::remove(&self.ops.draft_key);
                    let _ = self.state.try_set(DocState::Saved);
                } else {
                    self.keep_locally();
                    let _ = self.state.try_set(DocState::Unsaved);
                    self.schedule(DEBOUNCE);
                }
                return;
            }
            Err(error) => error,
        };
        self.keep_locally();
        match error.code() {
            Some(ErrorCode::VersionConflict | ErrorCode::Conflict) => {
                match (self.ops.load)().await {
                    Ok(server) => self.enter_conflict(server),
                    Err(_) => self.retry_later(),
                }
            }
            Some(ErrorCode::WrongState) => {
                self.inner.borrow_mut().stopped = true;
                let _ = self.state.try_set(DocState::Closed);
            }
            _ if error.is_signed_out() => {
                let _ = self.state.try_set(DocState::SignedOut);
            }
            Some(ErrorCode::Unavailable | ErrorCode::Internal) | None => self.retry_later(),
            Some(_) => {
                let _ = self.state.try_set(DocState::Failed(Failure::from(error)));
            }
        }
    }

    fn retry_later(self: &Rc<Self>) {
        let delay = {
            let mut inner = self.inner.borrow_mut();
            let delay = inner.retry;
            inner.retry = (inner.retry * 2).min(LONGEST_RETRY);
            delay
        };
        let _ = self.state.try_set(DocState::Offline);
        self.schedule(delay);
    }

    fn enter_conflict(self: &Rc<Self>, server: Saved<T>) {
        let same = self.inner.borrow().current == server.value;
        if same {
            {
                let mut inner = self.inner.borrow_mut();
                inner.version = server.version;
                inner.confirmed = server.value;
            }
            storage::remove(&self.ops.draft_key);
            let _ = self.saved_at.try_set(server.at);
            let _ = self.state.try_set(DocState::Saved);
            return;
        }
        let _ = self.theirs.try_set(Some(server.value.clone()));
        self.inner.borrow_mut().conflict = Some(server);
        let _ = self.state.try_set(DocState::Conflict);
    }

    fn schedule(self: &Rc<Self>, delay: Duration) {
        let this = Rc::clone(self);
        let handle = set_timeout_with_handle(move || this.flush(), delay).ok();
        let mut inner = self.inner.borrow_mut();
        if let Some(old) = std::mem::replace(&mut inner.timer, handle) {
            old.clear();
        }
    }

    fn keep_locally(&self) {
        let inner = self.inner.borrow();
        let draft = Draft {
            base_version: inner.version,
            value: inner.current.clone(),
        };
        // A full or disabled storage leaves the server's copy as the only one.
        storage::set_json(&self.ops.draft_key, &draft);
    }
}
