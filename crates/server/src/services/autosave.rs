//! The autosave: preparation saves committed together.
//!
//! Preparations are saved while their authors type, which makes the save
//! the most frequent write there is, and on SQLite each write waits for the
//! one before it. So every save joins a queue, and one committer takes what
//! has queued up (at most [`MOST_AT_ONCE`]) and commits it in one write
//! transaction, while what arrives meanwhile waits for the next. A save that
//! finds the committer idle is committed at once, as it would be alone;
//! fifty arriving together share a few transactions instead of queueing for
//! fifty turns to write (group commit; `docs/QUALITY.md`).
//!
//! The committer has a thread, and connections, of its own, so that none of
//! its statements waits behind the requests of a busy request worker:
//! every save waits for the committer.
//!
//! Each save is still decided on its own: one that is refused (not a party,
//! answers that do not fit the form, preparation closed, a stale version)
//! writes nothing and leaves the others alone. Within a save, an answer
//! that is too long is refused alone: the rest is saved. A save is answered only once
//! its transaction has committed. Should the transaction itself fail, its
//! saves are committed again one by one, so that one cannot fail the others.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Context;
use mus_domain::preparation::{keep_earlier_answers, over_long_answers, validate_answers};
use mus_domain::{
    Answer, AuditAction, ConversationEvent, ConversationId, FieldError, Party, Preparation,
    PreparationWrite, TemplateContent, TemplateId, UserId,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::{Semaphore, mpsc, oneshot};
use uuid::Uuid;

use super::audit::{self, Event};
use super::lifecycle::{self, Reach};
use super::{forms, preparations};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::entities::{conversation, preparation, round, user};
use crate::store::{self, Checkpoints, IN_LIST_CHUNK, begin_write};

/// The most saves one transaction commits. Bounded so that other writers
/// (on SQLite, any write) wait for one short transaction at most.
const MOST_AT_ONCE: usize = 64;

// Each transaction reads its conversations with one `IN (…)` list.
const _: () = assert!(MOST_AT_ONCE <= IN_LIST_CHUNK);

/// The queue of preparation saves of one server. Its committer ends once
/// the last clone of it is gone.
#[derive(Debug, Clone)]
pub struct Autosaves {
    queue: mpsc::UnboundedSender<Waiting>,
}

#[derive(Debug)]
struct Waiting {
    save: Save,
    answer: oneshot::Sender<Outcome>,
}

/// One save, as the author asked for it.
#[derive(Debug, Clone)]
struct Save {
    actor: UserId,
    id: ConversationId,
    side: Party,
    /// The version the author last read.
    version: u32,
    answers: BTreeMap<String, Answer>,
    /// `answers` as stored.
    stored: String,
    /// The answers too long to save (`over_long_answers`): each keeps the
    /// text stored before, and the answer to the save names them.
    not_saved: Vec<FieldError>,
}

type Outcome = Result<Preparation, AppError>;

impl Autosaves {
    /// Starts the committer of the database at `database_url`.
    ///
    /// It opens connections of its own, on its own thread: a PostgreSQL
    /// connection is driven by the runtime that opened it, and the
    /// committer's should not depend on a request worker's.
    pub async fn start(database_url: &str) -> anyhow::Result<Autosaves> {
        let (queue, waiting) = mpsc::unbounded_channel();
        let (started, connected) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let url = database_url.to_owned();
        std::thread::Builder::new()
            .name("mus-autosave".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match store::connect_with(&url, Checkpoints::InBackground).await {
                        Ok(db) => {
                            let _ = started.send(Ok(()));
                            commit_waiting(db, waiting).await;
                        }
                        Err(error) => {
                            let _ = started.send(Err(error));
                        }
                    }
                });
            })?;
        connected
            .await
            .map_err(|_| anyhow::anyhow!("the autosave committer did not start"))?
            .context("the autosave committer cannot open the database")?;
        Ok(Autosaves { queue })
    }

    /// Saves the author's answers and answers once they are committed.
    /// `write.version` must be the version the author last read; otherwise
    /// nothing is saved and the answer is 409 with the current preparation,
    /// so both texts can be shown.
    pub async fn save(
        &self,
        actor: &AuthUser,
        id: ConversationId,
        side: Party,
        write: PreparationWrite,
    ) -> Outcome {
        let stored = serde_json::to_string(&write.answers)?;
        let save = Save {
            actor: actor.id,
            id,
            side,
            version: write.version,
            not_saved: over_long_answers(&write.answers),
            answers: write.answers,
            stored,
        };
        let (answer, answered) = oneshot::channel();
        self.queue
            .send(Waiting { save, answer })
            .map_err(|_| anyhow::anyhow!("the autosave committer has stopped"))?;
        answered
            .await
            .map_err(|_| anyhow::anyhow!("the save was dropped before it was committed"))?
    }
}

/// The committer: whatever waits, at most `MOST_AT_ONCE` at a time, until
/// the queue is closed. On SQLite one transaction at a time, as SQLite
/// writes one at a time anyway; on PostgreSQL up to
/// [`TOGETHER_ON_POSTGRES`], so that one waiting for the disk at its commit
/// does not hold back the next.
async fn commit_waiting(db: DatabaseConnection, mut queue: mpsc::UnboundedReceiver<Waiting>) {
    let at_once = match db.get_database_backend() {
        DbBackend::Postgres => TOGETHER_ON_POSTGRES,
        _ => 1,
    };
    let committing = Arc::new(Semaphore::new(at_once));
    let forms = Forms::default();
    let mut waiting = Vec::new();
    loop {
        // What queues up while every transaction is busy goes into the next.
        let Ok(turn) = Arc::clone(&committing).acquire_owned().await else {
            return;
        };
        if queue.recv_many(&mut waiting, MOST_AT_ONCE).await == 0 {
            // Closed: the transactions under way finish before the runtime
            // they run on ends.
            drop(turn);
            let _ = committing.acquire_many(at_once as u32).await;
            return;
        }
        // A task per transaction: should one panic, its saves are answered
        // with an error (their senders dropped) and the committer goes on.
        let (db, waiting, forms) = (db.clone(), std::mem::take(&mut waiting), forms.clone());
        tokio::spawn(async move {
            commit(&db, waiting, &forms).await;
            drop(turn);
        });
    }
}

/// How many transactions of saves may be under way at once on PostgreSQL.
const TOGETHER_ON_POSTGRES: usize = 4;

/// The form of each round the committer has seen, by round. A round's form
/// is frozen when the round opens (`forms::freeze`), so it is read once.
#[derive(Default, Clone)]
struct Forms(Arc<Mutex<HashMap<Uuid, Arc<TemplateContent>>>>);

impl Forms {
    /// How many rounds' forms are kept; more are read again.
    const MOST: usize = 1024;

    fn kept(&self) -> MutexGuard<'_, HashMap<Uuid, Arc<TemplateContent>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The forms of `rounds`, read where they are not kept yet.
    async fn of(
        &self,
        txn: &DatabaseTransaction,
        rounds: impl IntoIterator<Item = Uuid>,
    ) -> Result<HashMap<Uuid, Arc<TemplateContent>>, AppError> {
        let rounds: BTreeSet<Uuid> = rounds.into_iter().collect();
        let mut found = HashMap::with_capacity(rounds.len());
        let mut missing = Vec::new();
        {
            let kept = self.kept();
            for round in rounds {
                match kept.get(&round) {
                    Some(form) => {
                        found.insert(round, Arc::clone(form));
                    }
                    None => missing.push(round),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let rounds = round::Entity::find()
            .filter(round::Column::Id.is_in(missing))
            .all(txn)
            .await?;
        let templates =
            forms::get_many(txn, rounds.iter().map(|r| TemplateId::from(r.template_id))).await?;
        let mut kept = self.kept();
        if kept.len() + rounds.len() > Self::MOST {
            kept.clear();
        }
        for round in rounds {
            if let Some(form) = templates.get(&TemplateId::from(round.template_id)) {
                let form = Arc::new(form.content.clone());
                kept.insert(round.id, Arc::clone(&form));
                found.insert(round.id, form);
            }
        }
        Ok(found)
    }
}

/// Commits `waiting` together and answers each save.
async fn commit(db: &DatabaseConnection, waiting: Vec<Waiting>, forms: &Forms) {
    let (saves, answers): (Vec<Save>, Vec<_>) =
        waiting.into_iter().map(|w| (w.save, w.answer)).unzip();
    let outcomes = match commit_together(db, &saves, forms).await {
        Ok(outcomes) => outcomes,
        Err(error) if saves.len() == 1 => vec![Err(error)],
        Err(error) => {
            tracing::warn!(
                ?error,
                saves = saves.len(),
                "saves committed together failed; committing each alone"
            );
            let mut outcomes = Vec::with_capacity(saves.len());
            for save in &saves {
                outcomes.push(commit_alone(db, save, forms).await);
            }
            outcomes
        }
    };
    for (answer, outcome) in answers.into_iter().zip(outcomes) {
        // The author may have gone meanwhile; the save stands.
        let _ = answer.send(outcome);
    }
}

async fn commit_alone(db: &DatabaseConnection, save: &Save, forms: &Forms) -> Outcome {
    commit_together(db, std::slice::from_ref(save), forms)
        .await?
        .pop()
        .unwrap_or_else(|| Err(anyhow::anyhow!("a save without an outcome").into()))
}

/// Commits `saves` in one write transaction: an outcome for each, in order;
/// or the error that ended the transaction, when nothing was committed.
async fn commit_together(
    db: &DatabaseConnection,
    saves: &[Save],
    forms: &Forms,
) -> Result<Vec<Outcome>, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let kept = keep_saved_text(&txn, saves).await?;
    let saves = kept.as_deref().unwrap_or(saves);
    let mut held = Held::read(&txn, saves, forms).await?;
    let outcomes = held.save_all(&txn, saves).await?;
    audit::record_all(&txn, held.saved).await?;
    txn.commit().await?;
    Ok(outcomes)
}

/// An answer too long to save keeps the text stored before (or stays
/// unanswered), read in the transaction that writes the rest; `None` when
/// every answer of every save fits, as nearly always.
async fn keep_saved_text(
    txn: &DatabaseTransaction,
    saves: &[Save],
) -> Result<Option<Vec<Save>>, AppError> {
    if saves.iter().all(|save| save.not_saved.is_empty()) {
        return Ok(None);
    }
    let mut kept = Vec::with_capacity(saves.len());
    for save in saves {
        let mut save = save.clone();
        if !save.not_saved.is_empty() {
            let before: BTreeMap<String, Answer> =
                match preparations::find(txn, save.id, save.side).await? {
                    Some(row) => serde_json::from_str(&row.answers)?,
                    None => BTreeMap::new(),
                };
            keep_earlier_answers(&mut save.answers, &before, &save.not_saved);
            save.stored = serde_json::to_string(&save.answers)?;
        }
        kept.push(save);
    }
    Ok(Some(kept))
}

/// What the saves of one transaction need, read once for all of them: their
/// conversations (held until the transaction ends), the managers of their
/// employees, and their forms.
struct Held {
    conversations: HashMap<Uuid, conversation::Model>,
    /// Each employee's nearest manager now, for saves not by the employee.
    managers: HashMap<Uuid, Option<UserId>>,
    /// The form of each round, by round.
    forms: HashMap<Uuid, Arc<TemplateContent>>,
    /// The audit entries of the saves made.
    saved: Vec<Event>,
}

impl Held {
    async fn read(
        txn: &DatabaseTransaction,
        saves: &[Save],
        forms: &Forms,
    ) -> Result<Held, AppError> {
        let ids: BTreeSet<Uuid> = saves.iter().map(|save| save.id.0).collect();
        let mut find = conversation::Entity::find()
            .filter(conversation::Column::Id.is_in(ids))
            .order_by_asc(conversation::Column::Id);
        // SQLite's write transaction holds the whole database already.
        if txn.get_database_backend() == DbBackend::Postgres {
            find = find.lock_exclusive();
        }
        let conversations: HashMap<Uuid, conversation::Model> = find
            .all(txn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();

        let employees: BTreeSet<Uuid> = saves
            .iter()
            .filter_map(|save| {
                let conversation = conversations.get(&save.id.0)?;
                (conversation.employee_id != save.actor.0).then_some(conversation.employee_id)
            })
            .collect();
        let managers = if employees.is_empty() {
            HashMap::new()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(employees))
                .all(txn)
                .await?
                .into_iter()
                .map(|employee| (employee.id, employee.manager_id.map(UserId::from)))
                .collect()
        };

        let forms = forms
            .of(txn, conversations.values().map(|c| c.round_id))
            .await?;

        Ok(Held {
            conversations,
            managers,
            forms,
            saved: Vec::with_capacity(saves.len()),
        })
    }

    /// Makes the saves, in order: each one refused writes nothing; of the
    /// others, the first save of each preparation since it was saved before
    /// goes into one statement (`preparations::store_together`), and the
    /// rest, first saves and second saves of one preparation in this
    /// transaction, are stored one at a time after it. `Err` only for what
    /// ends the transaction.
    async fn save_all(
        &mut self,
        txn: &DatabaseTransaction,
        saves: &[Save],
    ) -> Result<Vec<Outcome>, AppError> {
        let mut refused: Vec<Option<AppError>> =
            saves.iter().map(|save| self.check(save).err()).collect();
        let mut seen = HashSet::new();
        let together: Vec<bool> = saves
            .iter()
            .zip(&refused)
            .map(|(save, refused)| {
                refused.is_none() && seen.insert((save.id, save.side)) && save.version > 0
            })
            .collect();
        let later_versions: Vec<_> = saves
            .iter()
            .zip(&together)
            .filter(|(_, together)| **together)
            .map(|(save, _)| preparations::LaterVersion {
                actor: save.actor,
                id: save.id,
                side: save.side,
                version: save.version,
                answers: &save.stored,
            })
            .collect();
        let mut stored: HashMap<(Uuid, String), preparation::Model> =
            preparations::store_together(txn, &later_versions)
                .await?
                .into_iter()
                .map(|row| ((row.conversation_id, row.side.clone()), row))
                .collect();

        let mut outcomes = Vec::with_capacity(saves.len());
        for ((save, refused), together) in saves.iter().zip(&mut refused).zip(together) {
            if let Some(refused) = refused.take() {
                outcomes.push(Err(refused));
                continue;
            }
            let row = if together {
                match stored.remove(&(save.id.0, save.side.as_str().to_owned())) {
                    Some(row) => Ok(row),
                    None => Err(preparations::stale(txn, save.actor, save.id, save.side).await?),
                }
            } else {
                let stored = preparations::store(
                    txn,
                    save.actor,
                    save.id,
                    save.side,
                    save.version,
                    &save.stored,
                )
                .await?;
                match stored {
                    preparations::Stored::Saved(row) => Ok(row),
                    preparations::Stored::Stale(problem) => Err(problem),
                }
            };
            outcomes.push(match row {
                Ok(row) => self.saved(txn, save, row).await?,
                Err(stale) => Err(stale),
            });
        }
        Ok(outcomes)
    }

    /// Whether the save may be made: the actor is the author of that side,
    /// the answers fit the form, and the state allows saving.
    fn check(&self, save: &Save) -> Result<(), AppError> {
        let conversation = self
            .conversations
            .get(&save.id.0)
            .ok_or(AppError::NotFound)?;
        let manager = self
            .managers
            .get(&conversation.employee_id)
            .copied()
            .flatten();
        if lifecycle::side_of(conversation, save.actor, manager, Reach::Preparation)
            != Some(save.side)
        {
            return Err(AppError::NotFound);
        }
        let form = self
            .forms
            .get(&conversation.round_id)
            .ok_or_else(|| anyhow::anyhow!("conversation {} has no form", conversation.id))?;
        validate_answers(form, save.side, &save.answers).map_err(AppError::Validation)?;
        // The state is stored once the preparation is (`saved`), so that a
        // stale save changes nothing.
        lifecycle::state_of(conversation)?
            .apply(&ConversationEvent::PreparationSaved { by: save.side })
            .map_err(lifecycle::transition_refused)?;
        Ok(())
    }

    /// What follows a save that was stored: the conversation's state, the
    /// access log, the answer.
    async fn saved(
        &mut self,
        txn: &DatabaseTransaction,
        save: &Save,
        row: preparation::Model,
    ) -> Result<Outcome, AppError> {
        let conversation = self
            .conversations
            .get_mut(&save.id.0)
            .ok_or_else(|| anyhow::anyhow!("a save without its conversation"))?;
        let event = ConversationEvent::PreparationSaved { by: save.side };
        lifecycle::apply_and_keep(txn, conversation, &event).await?;
        self.saved.push(
            Event::new(save.actor, AuditAction::PreparationSaved, "preparation")
                .about(save.actor)
                .on(save.id),
        );
        Ok(
            preparations::to_domain(save.id, save.side, Some(row)).map(|mut preparation| {
                preparation.not_saved.clone_from(&save.not_saved);
                preparation
            }),
        )
    }
}
