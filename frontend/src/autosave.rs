//! Saving a preparation while it is typed.
//!
//! Every change goes to the browser's storage at once (see [`drafts`]) and to
//! the server after a short pause. A save carries the version it was typed
//! on; the server refuses a stale one with the text it has, and then the
//! author chooses. A save that cannot reach the server is retried with a
//! growing pause, and at once when the browser reports it is online again.
//! A draft leaves the browser only when the server has confirmed it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_client::{Client, ClientError};
use mus_domain::{Answer, ErrorCode, GroupPreparation, Preparation, PreparationWrite};

use crate::drafts::{self, Draft, DraftKey, Prepared, Recovery};
use crate::i18n::Failure;

/// How long typing may pause before a save is sent.
const DEBOUNCE: Duration = Duration::from_millis(700);
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

pub type Answers = BTreeMap<String, Answer>;

/// A preparation as the server has it, whichever kind: a side of a
/// conversation or one's own for a group conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub version: u32,
    pub answers: Answers,
    pub updated_at: Option<DateTime<Utc>>,
    /// Some answers were too long and kept their earlier text.
    pub refused: bool,
}

impl From<Preparation> for Saved {
    fn from(p: Preparation) -> Saved {
        Saved {
            version: p.version,
            answers: p.answers,
            updated_at: p.updated_at,
            refused: !p.not_saved.is_empty(),
        }
    }
}

impl From<GroupPreparation> for Saved {
    fn from(p: GroupPreparation) -> Saved {
        Saved {
            version: p.version,
            answers: p.answers,
            updated_at: p.updated_at,
            refused: !p.not_saved.is_empty(),
        }
    }
}

/// Where the author's text is, as the page tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// The server has exactly what is on screen.
    Saved,
    /// Typed, kept in the browser, about to be sent.
    Unsaved,
    Saving,
    /// The server cannot be reached; kept in the browser, retrying.
    Offline,
    /// The server has another text than the one this was typed on.
    Conflict,
    /// The session ended; kept in the browser until the author signs in.
    SignedOut,
    /// The meeting was held: preparation is closed.
    Closed,
    /// Saved, except the answers too long to save (the server's
    /// `not_saved`), which stay on screen and in the browser until they
    /// are shortened.
    TooLong,
    /// The server refused the answers for another reason.
    Failed(Failure),
}

pub struct Autosave {
    client: Client,
    /// Whose preparation this is: also where its draft is kept.
    key: DraftKey,
    /// What the author sees.
    pub answers: RwSignal<Answers>,
    pub state: RwSignal<SaveState>,
    /// The server's answers while they conflict with the author's.
    pub conflict: RwSignal<Option<Answers>>,
    /// When the server last confirmed a save.
    pub saved_at: RwSignal<Option<DateTime<Utc>>>,
    /// False when the browser refused to keep a draft.
    pub kept_locally: RwSignal<bool>,
    inner: RefCell<Inner>,
}

struct Inner {
    /// The latest answers, also after the page's signals are gone, so that a
    /// save scheduled before leaving the page still goes out.
    current: Answers,
    /// The server's version and answers as last confirmed.
    version: u32,
    confirmed: Answers,
    /// A save on its way.
    sending: Option<Answers>,
    /// The server's preparation while the author chooses.
    conflict: Option<Saved>,
    timer: Option<TimeoutHandle>,
    retry: Duration,
    stopped: bool,
}

impl Autosave {
    /// Starts from the server's preparation and whatever this browser still
    /// keeps of it. A closed preparation (`open` false) is only shown; a
    /// draft left over from before the meeting stays where it is.
    pub fn start(client: Client, key: DraftKey, server: Saved, open: bool) -> Rc<Autosave> {
        let recovery = drafts::recover(drafts::load(key), server.version, &server.answers);
        let this = Rc::new(Autosave {
            client,
            key,
            answers: RwSignal::new(server.answers.clone()),
            state: RwSignal::new(SaveState::Saved),
            conflict: RwSignal::new(None),
            saved_at: RwSignal::new(server.updated_at),
            kept_locally: RwSignal::new(true),
            inner: RefCell::new(Inner {
                current: server.answers.clone(),
                version: server.version,
                confirmed: server.answers.clone(),
                sending: None,
                conflict: None,
                timer: None,
                retry: FIRST_RETRY,
                stopped: !open,
            }),
        });
        if !open {
            this.state.set(SaveState::Closed);
            return this;
        }
        match recovery {
            Recovery::Nothing => drafts::clear(key),
            Recovery::Resume(answers) => {
                this.show(answers);
                this.state.set(SaveState::Unsaved);
                this.flush();
            }
            Recovery::Conflict(answers) => {
                this.show(answers);
                this.enter_conflict(server.clone());
            }
        }

        let online = {
            let this = Rc::clone(&this);
            window_event_listener(leptos::ev::online, move |_| {
                if this.state.try_get_untracked() == Some(SaveState::Offline) {
                    this.flush();
                }
            })
        };
        on_cleanup(move || online.remove());
        this
    }

    /// The author changed one answer; `None` clears it.
    pub fn edit(self: &Rc<Self>, key: &str, answer: Option<Answer>) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.stopped {
                return;
            }
            match answer {
                Some(answer) => inner.current.insert(key.to_owned(), answer),
                None => inner.current.remove(key),
            };
            let _ = self.answers.try_set(inner.current.clone());
        }
        self.keep_locally();
        if !matches!(
            self.state.try_get_untracked(),
            Some(SaveState::Conflict | SaveState::Closed)
        ) {
            let _ = self.state.try_set(SaveState::Unsaved);
            self.schedule(DEBOUNCE);
        }
    }

    /// Keep the author's text: it is saved over the server's.
    pub fn keep_mine(self: &Rc<Self>) {
        let Some(server) = self.inner.borrow_mut().conflict.take() else {
            return;
        };
        {
            let mut inner = self.inner.borrow_mut();
            inner.version = server.version;
            inner.confirmed = server.answers;
        }
        let _ = self.conflict.try_set(None);
        let _ = self.state.try_set(SaveState::Unsaved);
        self.keep_locally();
        self.flush();
    }

    /// Take the server's text instead; the author's is dropped.
    pub fn keep_theirs(self: &Rc<Self>) {
        let Some(server) = self.inner.borrow_mut().conflict.take() else {
            return;
        };
        self.show(server.answers.clone());
        {
            let mut inner = self.inner.borrow_mut();
            inner.version = server.version;
            inner.confirmed = server.answers;
        }
        drafts::clear(self.key);
        let _ = self.conflict.try_set(None);
        let _ = self.saved_at.try_set(server.updated_at);
        let _ = self.state.try_set(SaveState::Saved);
    }

    /// Sends what is typed, unless a save is on its way (it sends again when
    /// it returns) or nothing changed.
    pub fn flush(self: &Rc<Self>) {
        let (version, answers) = {
            let mut inner = self.inner.borrow_mut();
            if let Some(timer) = inner.timer.take() {
                timer.clear();
            }
            if inner.stopped || inner.sending.is_some() || inner.conflict.is_some() {
                return;
            }
            if inner.current == inner.confirmed {
                drop(inner);
                drafts::clear(self.key);
                let _ = self.state.try_set(SaveState::Saved);
                return;
            }
            inner.sending = Some(inner.current.clone());
            (inner.version, inner.current.clone())
        };
        self.keep_locally();
        let _ = self.state.try_set(SaveState::Saving);
        let this = Rc::clone(self);
        spawn_local(async move {
            let write = PreparationWrite { version, answers };
            let result = this.save(&write).await;
            this.finish(result).await;
        });
    }

    async fn save(&self, write: &PreparationWrite) -> Result<Saved, ClientError> {
        match self.key.of {
            Prepared::Conversation { conversation, side } => self
                .client
                .save_preparation(conversation, side, write)
                .await
                .map(Saved::from),
            Prepared::Group(group) => self
                .client
                .save_group_preparation(group, write)
                .await
                .map(Saved::from),
        }
    }

    async fn load(&self) -> Result<Saved, ClientError> {
        match self.key.of {
            Prepared::Conversation { conversation, side } => self
                .client
                .preparation(conversation, side)
                .await
                .map(Saved::from),
            Prepared::Group(group) => self.client.group_preparation(group).await.map(Saved::from),
        }
    }

    /// The server's preparation as a refused save carries it.
    fn current_of(&self, value: serde_json::Value) -> Option<Saved> {
        match self.key.of {
            Prepared::Conversation { .. } => serde_json::from_value::<Preparation>(value)
                .ok()
                .map(Saved::from),
            Prepared::Group(_) => serde_json::from_value::<GroupPreparation>(value)
                .ok()
                .map(Saved::from),
        }
    }

    async fn finish(self: &Rc<Self>, result: Result<Saved, ClientError>) {
        let sent = self.inner.borrow_mut().sending.take();
        let error = match result {
            Ok(saved) => {
                let refused = saved.refused;
                let (done, unchanged) = {
                    let mut inner = self.inner.borrow_mut();
                    inner.version = saved.version;
                    inner.confirmed = saved.answers;
                    inner.retry = FIRST_RETRY;
                    let unchanged = sent.as_ref() == Some(&inner.current);
                    (inner.current == inner.confirmed, unchanged)
                };
                let _ = self.saved_at.try_set(saved.updated_at);
                if refused && unchanged {
                    // The rest is saved; the text too long stays here and
                    // in the browser, and goes out again once it is edited.
                    self.keep_locally();
                    let _ = self.state.try_set(SaveState::TooLong);
                } else if done {
                    drafts::clear(self.key);
                    let _ = self.state.try_set(SaveState::Saved);
                } else {
                    // More was typed while this save was on its way.
                    self.keep_locally();
                    let _ = self.state.try_set(SaveState::Unsaved);
                    self.schedule(DEBOUNCE);
                }
                return;
            }
            Err(error) => error,
        };
        self.keep_locally();
        match error.code() {
            Some(ErrorCode::VersionConflict) => {
                let current = match &error {
                    ClientError::Api(problem) => problem
                        .current
                        .clone()
                        .and_then(|value| self.current_of(value)),
                    _ => None,
                };
                match current {
                    Some(server) => self.enter_conflict(server),
                    None => self.reload_after_conflict().await,
                }
            }
            // Two first saves raced; the other one won.
            Some(ErrorCode::Conflict) => self.reload_after_conflict().await,
            Some(ErrorCode::WrongState) => {
                self.inner.borrow_mut().stopped = true;
                let _ = self.state.try_set(SaveState::Closed);
            }
            _ if error.is_signed_out() => {
                let _ = self.state.try_set(SaveState::SignedOut);
            }
            Some(ErrorCode::Unavailable | ErrorCode::Internal) | None => self.retry_later(),
            Some(_) => {
                let _ = self.state.try_set(SaveState::Failed(Failure::from(error)));
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
        let _ = self.state.try_set(SaveState::Offline);
        self.schedule(delay);
    }

    async fn reload_after_conflict(self: &Rc<Self>) {
        match self.load().await {
            Ok(server) => self.enter_conflict(server),
            Err(_) => self.retry_later(),
        }
    }

    fn enter_conflict(self: &Rc<Self>, server: Saved) {
        let same = self.inner.borrow().current == server.answers;
        if same {
            // Whatever happened, the server already has this very text.
            {
                let mut inner = self.inner.borrow_mut();
                inner.version = server.version;
                inner.confirmed = server.answers;
            }
            drafts::clear(self.key);
            let _ = self.saved_at.try_set(server.updated_at);
            let _ = self.state.try_set(SaveState::Saved);
            return;
        }
        let _ = self.conflict.try_set(Some(server.answers.clone()));
        self.inner.borrow_mut().conflict = Some(server);
        let _ = self.state.try_set(SaveState::Conflict);
    }

    fn schedule(self: &Rc<Self>, delay: Duration) {
        let this = Rc::clone(self);
        let handle = set_timeout_with_handle(move || this.flush(), delay).ok();
        let mut inner = self.inner.borrow_mut();
        if let Some(old) = std::mem::replace(&mut inner.timer, handle) {
            old.clear();
        }
    }

    fn show(&self, answers: Answers) {
        let _ = self.answers.try_set(answers.clone());
        self.inner.borrow_mut().current = answers;
    }

    /// Writes the draft with the version it was typed on: during a conflict
    /// that stays the old version, so a reload asks the author again.
    fn keep_locally(&self) {
        let draft = {
            let inner = self.inner.borrow();
            Draft {
                base_version: inner.version,
                answers: inner.current.clone(),
                sent: inner.sending.clone(),
            }
        };
        let kept = drafts::store(self.key, &draft);
        let _ = self.kept_locally.try_set(kept);
    }
}
