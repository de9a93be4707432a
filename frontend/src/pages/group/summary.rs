//! The group summary: the manager writes notes and the team's agreements
//! from the meeting's day (saved while typed), then signs, which locks it;
//! each member then reads it and acknowledges it, optionally as "seen, not
//! agreed" with a note only the manager and they can read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_domain::summary::{SummaryIssue, due_window};
use mus_domain::{
    AgreementCategory, AgreementOwner, GroupRole, GroupSignRequest, GroupStatus, GroupSummary,
    GroupSummaryContent, GroupSummaryWrite, TeamAgreementDraft,
};

use super::Ctx;
use super::doc::{DocConflict, DocStatus};
use super::texts::{self, Text, tx};
use crate::components::confirm::{Confirm, ask};
use crate::components::load::FailureNotice;
use crate::context::use_lang;
use crate::doc_autosave::{DocOps, DocSaver, DocState, PREFIX, Saved};
use crate::i18n::Failure;
use crate::pages::record::texts as record_texts;
use crate::{focus, time};

/// What the summary card shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The meeting's day has not come (the manager), or the manager has not
    /// signed (a member).
    NotYet,
    /// Being read from the server.
    Loading,
    /// The manager writes.
    Edit,
    /// Signed: everyone reads.
    Read,
}

#[component]
pub(super) fn SummaryCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let mode = Memo::new(move |_| {
        let status = ctx.status();
        let signed = matches!(status, GroupStatus::Signed | GroupStatus::Acknowledged);
        let loaded = ctx.summary.with(Option::is_some);
        let reads = super::reads_summary(ctx.role, status);
        match (reads, loaded, signed) {
            (false, ..) => Mode::NotYet,
            (true, false, _) => Mode::Loading,
            (true, true, true) => Mode::Read,
            (true, true, false) => Mode::Edit,
        }
    });
    // The status moved on while the page was open (the meeting's day came,
    // the manager signed): read the summary then.
    Effect::new(move |_| {
        if mode.get() == Mode::Loading {
            let client = ctx.client.get_value();
            spawn_local(async move {
                if let Ok(summary) = client.group_summary(ctx.id).await {
                    let _ = ctx.summary.try_set(Some(summary));
                }
            });
        }
    });
    let not_yet = move || {
        let lang = lang.get();
        if !ctx.is_manager() {
            return tx(lang, Text::SummaryByManager).to_owned();
        }
        match ctx
            .group
            .with(|g| g.meeting.as_ref().map(|m| m.held_from()))
        {
            Some(day) => texts::summary_from(lang, day),
            None => tx(lang, Text::SummaryNoMeeting).to_owned(),
        }
    };
    view! {
        <section class="card" id="group-summary" aria-labelledby="group-summary-heading" data-testid="group-summary">
            <h2 id="group-summary-heading" tabindex="-1">{move || tx(lang.get(), Text::SummaryHeading)}</h2>
            {move || match mode.get() {
                Mode::NotYet => view! { <p class="muted" data-testid="summary-not-yet">{not_yet}</p> }.into_any(),
                Mode::Loading => view! { <crate::components::load::Loading /> }.into_any(),
                Mode::Edit => {
                    let summary = ctx.summary.get_untracked();
                    match summary {
                        Some(summary) if ctx.is_manager() => view! { <SummaryEditor ctx summary /> }.into_any(),
                        _ => view! { <p class="muted">{move || tx(lang.get(), Text::SummaryByManager)}</p> }.into_any(),
                    }
                }
                Mode::Read => view! { <SummaryRead ctx /> }.into_any(),
            }}
        </section>
    }
}

/// The summary as fields, one signal each, so typing in one field does not
/// redraw the others.
#[derive(Clone, Copy)]
struct Editor {
    notes: RwSignal<String>,
    rows: RwSignal<Vec<(u32, RwSignal<TeamAgreementDraft>)>>,
    next_key: StoredValue<u32>,
}

impl Editor {
    fn new(content: &GroupSummaryContent) -> Editor {
        let editor = Editor {
            notes: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        editor.load(content);
        editor
    }

    fn key(&self) -> u32 {
        let key = self.next_key.try_get_value().unwrap_or_default();
        self.next_key.try_set_value(key + 1);
        key
    }

    fn load(&self, content: &GroupSummaryContent) {
        self.notes.set(content.notes.clone());
        let rows = content
            .agreements
            .iter()
            .map(|a| (self.key(), RwSignal::new(a.clone())))
            .collect();
        self.rows.set(rows);
    }

    fn content(&self) -> GroupSummaryContent {
        GroupSummaryContent {
            notes: self.notes.get(),
            agreements: self
                .rows
                .with(|rows| rows.iter().map(|(_, row)| row.get()).collect()),
        }
    }

    fn add(&self) -> u32 {
        let key = self.key();
        self.rows.update(|rows| {
            rows.push((
                key,
                RwSignal::new(TeamAgreementDraft {
                    id: None,
                    title: String::new(),
                    description: String::new(),
                    owner: AgreementOwner::Both,
                    category: AgreementCategory::Collaboration,
                    due_on: None,
                }),
            ));
        });
        key
    }

    fn remove(&self, key: u32) {
        self.rows.update(|rows| rows.retain(|(k, _)| *k != key));
    }

    /// Gives the agreements the ids the server gave them, where the screen
    /// still shows them without; `None` when there were none to give.
    fn take_ids(
        &self,
        current: &GroupSummaryContent,
        saved: &GroupSummaryContent,
    ) -> Option<GroupSummaryContent> {
        let mut merged = current.clone();
        let mut changed = false;
        for (mine, theirs) in merged.agreements.iter_mut().zip(&saved.agreements) {
            if mine.id.is_none() && theirs.id.is_some() && mine.title == theirs.title {
                mine.id = theirs.id;
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        let ids: Vec<_> = merged.agreements.iter().map(|a| a.id).collect();
        self.rows.with_untracked(|rows| {
            for ((_, row), id) in rows.iter().zip(ids) {
                if row.with_untracked(|a| a.id.is_none()) && id.is_some() {
                    row.update(|a| a.id = id);
                }
            }
        });
        Some(merged)
    }
}

#[component]
fn SummaryEditor(ctx: Ctx, summary: GroupSummary) -> impl IntoView {
    let lang = use_lang();
    let id = ctx.id;
    let window = ctx
        .round
        .with_value(|r| due_window(r.meetings_from, r.meetings_until));
    let editor = Editor::new(&summary.content);
    let send_client = ctx.client.get_value();
    let load_client = ctx.client.get_value();
    let ops = DocOps {
        send: Box::new(move |version, content| {
            let client = send_client.clone();
            Box::pin(async move {
                let saved = client
                    .save_group_summary(id, &GroupSummaryWrite { version, content })
                    .await?;
                let _ = ctx.summary.try_set(Some(saved.clone()));
                Ok(Saved {
                    version: saved.version,
                    value: saved.content,
                    at: saved.updated_at,
                })
            })
        }),
        load: Box::new(move || {
            let client = load_client.clone();
            Box::pin(async move {
                client.group_summary(id).await.map(|s| Saved {
                    version: s.version,
                    value: s.content,
                    at: s.updated_at,
                })
            })
        }),
        valid: Box::new(move |content: &GroupSummaryContent| content.validate(window).is_ok()),
        merge: Box::new(move |current, saved| editor.take_ids(current, saved)),
        draft_key: format!("{PREFIX}{}.{id}.summary", ctx.me),
    };
    let (saver, restored) = DocSaver::start(
        Saved {
            version: summary.version,
            value: summary.content.clone(),
            at: summary.updated_at,
        },
        ops,
        true,
    );
    if let Some(content) = restored {
        editor.load(&content);
    }
    let (state, saved_at) = (saver.state, saver.saved_at);
    let saver = StoredValue::new_local(saver);
    Effect::new(move |_| {
        let content = editor.content();
        saver.with_value(|s| s.edit(content));
    });
    // Once a save waited for a correction, the marks follow every change.
    let checked = RwSignal::new(false);
    Effect::new(move |_| {
        if state.get() == DocState::Invalid {
            checked.set(true);
        }
    });
    let issues = Memo::new(move |_| {
        if !checked.get() {
            return Vec::new();
        }
        editor.content().issues(window)
    });
    let issue_of = move |path: String| {
        Memo::new(move |_| {
            issues.with(|list| {
                list.iter()
                    .find(|(field, _)| *field == path)
                    .map(|(_, issue)| issue.clone())
            })
        })
    };
    let notes_issue = issue_of("content/notes".to_owned());
    let list_issue = issue_of("content/agreements".to_owned());

    view! {
        <div class="field">
            <label for="group-summary-notes">{move || tx(lang.get(), Text::NotesLabel)}</label>
            <p class="small muted" id="group-summary-notes-help">{move || tx(lang.get(), Text::NotesHelp)}</p>
            <textarea
                id="group-summary-notes"
                rows="6"
                data-testid="summary-notes"
                aria-invalid=move || notes_issue.with(Option::is_some).to_string()
                aria-describedby=move || {
                    if notes_issue.with(Option::is_some) {
                        "group-summary-notes-help group-summary-notes-error"
                    } else {
                        "group-summary-notes-help"
                    }
                }
                bind:value=editor.notes
            ></textarea>
            {move || {
                notes_issue
                    .get()
                    .map(|issue| {
                        view! {
                            <p class="field-error" id="group-summary-notes-error">
                                {move || record_texts::summary_issue(lang.get(), &issue)}
                            </p>
                        }
                    })
            }}
        </div>
        <section aria-labelledby="team-agreements-heading">
            <h3 id="team-agreements-heading" class="subheading" tabindex="-1">{move || tx(lang.get(), Text::TeamAgreements)}</h3>
            <p class="small muted">{move || tx(lang.get(), Text::TeamAgreementsIntro)}</p>
            {move || editor.rows.with(Vec::is_empty).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })}
            {move || {
                list_issue
                    .get()
                    .map(|issue| {
                        view! {
                            <p class="field-error" role="alert">
                                {move || record_texts::summary_issue(lang.get(), &issue)}
                            </p>
                        }
                    })
            }}
            <ol class="agreement-list">
                <For
                    each=move || editor.rows.get()
                    key=|(key, _)| *key
                    children=move |(key, row)| view! { <AgreementFields editor key row issues /> }
                />
            </ol>
            <button
                type="button"
                class="button button-quiet"
                id="add-team-agreement"
                data-testid="add-team-agreement"
                on:click=move |_| {
                    let key = editor.add();
                    focus::focus_id(format!("team-agreement-{key}-title"));
                }
            >
                {move || tx(lang.get(), Text::AddAgreement)}
            </button>
        </section>
        <div class="save-line">
            <DocStatus state saved_at testid="summary-save-state" />
        </div>
        <DocConflict
            state
            keep_mine=Callback::new(move |()| saver.with_value(|s| s.keep_mine()))
            keep_theirs=Callback::new(move |()| {
                if let Some(content) = saver.with_value(|s| s.keep_theirs()) {
                    editor.load(&content);
                }
            })
        />
        <SignBox ctx saver state />
    }
}

#[component]
fn AgreementFields(
    editor: Editor,
    key: u32,
    row: RwSignal<TeamAgreementDraft>,
    issues: Memo<Vec<(String, SummaryIssue)>>,
) -> impl IntoView {
    let lang = use_lang();
    let position = Memo::new(move |_| {
        editor
            .rows
            .with(|rows| rows.iter().position(|(k, _)| *k == key).unwrap_or(0))
    });
    let field = move |name: &str| format!("team-agreement-{key}-{name}");
    let issue_of = move |what: &'static str| {
        Memo::new(move |_| {
            let path = format!("content/agreements/{}/{what}", position.get());
            issues.with(|list| {
                list.iter()
                    .find(|(field, _)| *field == path)
                    .map(|(_, issue)| issue.clone())
            })
        })
    };
    let (title_issue, description_issue, due_issue) = (
        issue_of("title"),
        issue_of("description"),
        issue_of("due_on"),
    );
    let message = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || {
            issue.get().map(|issue| {
                view! {
                    <p class="field-error" id=field(name) data-testid="field-error">
                        {move || record_texts::summary_issue(lang.get(), &issue)}
                    </p>
                }
            })
        }
    };
    let described = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || issue.with(Option::is_some).then(|| field(name))
    };
    view! {
        <li class="agreement-edit" data-testid="team-agreement-row">
            <fieldset>
                <legend>{move || texts::agreement_number(lang.get(), position.get() + 1)}</legend>
                <div class="field">
                    <label for=field("title")>{move || tx(lang.get(), Text::AgreementTitle)}</label>
                    <input
                        id=field("title")
                        type="text"
                        maxlength="200"
                        required
                        data-testid="team-agreement-title"
                        aria-invalid=move || title_issue.with(Option::is_some).to_string()
                        aria-describedby=described(title_issue, "title-error")
                        prop:value=move || row.with(|a| a.title.clone())
                        on:input=move |e| row.update(|a| a.title = event_target_value(&e))
                    />
                    {message(title_issue, "title-error")}
                </div>
                <div class="field">
                    <label for=field("description")>{move || tx(lang.get(), Text::AgreementDescription)}</label>
                    <textarea
                        id=field("description")
                        rows="2"
                        data-testid="team-agreement-description"
                        aria-invalid=move || description_issue.with(Option::is_some).to_string()
                        aria-describedby=described(description_issue, "description-error")
                        prop:value=move || row.with(|a| a.description.clone())
                        on:input=move |e| row.update(|a| a.description = event_target_value(&e))
                    ></textarea>
                    {message(description_issue, "description-error")}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for=field("owner")>{move || tx(lang.get(), Text::AgreementOwner)}</label>
                        <select
                            id=field("owner")
                            data-testid="team-agreement-owner"
                            on:change=move |e| {
                                if let Some(owner) = AgreementOwner::parse(&event_target_value(&e)) {
                                    row.update(|a| a.owner = owner);
                                }
                            }
                        >
                            {AgreementOwner::ALL
                                .iter()
                                .map(|&owner| {
                                    view! {
                                        <option value=owner.as_str() selected=move || row.with(|a| a.owner == owner)>
                                            {move || texts::owner(lang.get(), owner)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("category")>{move || tx(lang.get(), Text::AgreementCategory)}</label>
                        <select
                            id=field("category")
                            data-testid="team-agreement-category"
                            on:change=move |e| {
                                if let Some(category) = AgreementCategory::parse(&event_target_value(&e)) {
                                    row.update(|a| a.category = category);
                                }
                            }
                        >
                            {AgreementCategory::ALL
                                .iter()
                                .map(|&category| {
                                    view! {
                                        <option value=category.as_str() selected=move || row.with(|a| a.category == category)>
                                            {move || record_texts::category(lang.get(), category)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("due")>{move || tx(lang.get(), Text::AgreementDue)}</label>
                        <input
                            id=field("due")
                            type="date"
                            data-testid="team-agreement-due"
                            aria-invalid=move || due_issue.with(Option::is_some).to_string()
                            aria-describedby=described(due_issue, "due-error")
                            prop:value=move || row.with(|a| a.due_on.map(|d| d.to_string()).unwrap_or_default())
                            on:change=move |e| {
                                let raw = event_target_value(&e);
                                row.update(|a| a.due_on = raw.parse().ok());
                            }
                        />
                        {message(due_issue, "due-error")}
                    </div>
                </div>
                <div class="actions row-actions">
                    <button
                        type="button"
                        class="button button-danger button-small"
                        data-testid="remove-team-agreement"
                        on:click=move |_| {
                            editor.remove(key);
                            focus::focus_id("add-team-agreement");
                        }
                    >
                        {move || tx(lang.get(), Text::RemoveAgreement)}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// The manager signs the version on the server, once nothing is unsaved.
#[component]
fn SignBox(
    ctx: Ctx,
    saver: StoredValue<std::rc::Rc<DocSaver<GroupSummaryContent>>, LocalStorage>,
    state: RwSignal<DocState>,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let ready = move || {
        state.get() == DocState::Saved
            && saver.with_value(|s| {
                let (version, same) = s.confirmed();
                version > 0 && same
            })
    };
    let sign = move |()| {
        if busy.get_untracked() {
            return;
        }
        let (version, _) = saver.with_value(|s| s.confirmed());
        busy.set(true);
        error.set(None);
        let client = ctx.client.get_value();
        spawn_local(async move {
            let request = GroupSignRequest {
                version,
                disagreement: None,
            };
            match client.sign_group_summary(ctx.id, &request).await {
                Ok(signed) => {
                    saver.with_value(|s| s.close());
                    let _ = confirming.try_set(false);
                    let _ = ctx.summary.try_set(Some(signed));
                    ctx.reload();
                    focus::announce(tx(lang.get_untracked(), Text::SignedNotice));
                    focus::focus_id("group-summary-heading");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                    focus::focus_id("group-sign-confirm");
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <div class="sign-box" aria-labelledby="group-sign-heading">
            <h3 id="group-sign-heading">{move || tx(lang.get(), Text::SignHeading)}</h3>
            <p class="small muted">{move || tx(lang.get(), Text::SignExplain)}</p>
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <div class="actions">
                            <button
                                type="button"
                                class="button button-primary"
                                id="group-sign"
                                data-testid="group-sign"
                                disabled=move || !ready()
                                on:click=move |_| ask(confirming, "group-sign-confirm")
                            >
                                {move || tx(lang.get(), Text::SignButton)}
                            </button>
                            <Show when=move || !ready()>
                                <span class="small muted">{move || tx(lang.get(), Text::SignWaitForSave)}</span>
                            </Show>
                        </div>
                    }
                }
            >
                <Confirm
                    open=confirming
                    question_id="group-sign-question"
                    return_to="group-sign"
                    confirm_id="group-sign-confirm"
                    confirm_testid="group-sign-confirm"
                    confirm_label=Signal::derive(move || tx(lang.get(), Text::SignConfirm).to_owned())
                    busy=Signal::derive(move || busy.get() || !ready())
                    on_confirm=Callback::new(sign)
                >
                    <p id="group-sign-question">{move || tx(lang.get(), Text::SignQuestion)}</p>
                </Confirm>
            </Show>
            {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
        </div>
    }
}

/// The signed summary as everyone reads it, the acknowledgements, and a
/// member's own acknowledgement.
#[component]
fn SummaryRead(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let manager = ctx.group.with_untracked(|g| g.manager.name.clone());
    move || {
        let Some(summary) = ctx.summary.get() else {
            return ().into_any();
        };
        let GroupSummary {
            content,
            signed_at,
            signed_by,
            acknowledgements,
            ..
        } = summary.clone();
        let signer = signed_by.map(|p| p.name).unwrap_or_else(|| manager.clone());
        let notes = content.notes.clone();
        let empty = content.agreements.is_empty();
        let mine = acknowledgements
            .iter()
            .find(|a| a.person.id == ctx.me)
            .cloned();
        let may_acknowledge = ctx.role == GroupRole::Participant && mine.is_none();
        view! {
            <article class="group-referat" data-testid="group-referat">
                <h3>{move || tx(lang.get(), Text::NotesLabel)}</h3>
                <p class="prewrap" data-testid="referat-notes">
                    {move || if notes.trim().is_empty() { tx(lang.get(), Text::NothingWritten).to_owned() } else { notes.clone() }}
                </p>
                <h3>{move || tx(lang.get(), Text::TeamAgreements)}</h3>
                {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })}
                <ol class="agreement-list">
                    {content
                        .agreements
                        .into_iter()
                        .map(|agreement| view! { <li><AgreementRead agreement /></li> })
                        .collect_view()}
                </ol>
                {signed_at
                    .map(|at| {
                        let signer = signer.clone();
                        view! { <p class="small" data-testid="group-signed-by">{move || texts::signed_by(lang.get(), &signer, at)}</p> }
                    })}
            </article>
            <h3 class="subheading">{move || tx(lang.get(), Text::AcknowledgementsHeading)}</h3>
            {acknowledgements
                .is_empty()
                .then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAcknowledgements)}</p> })}
            <ul class="plain-list" data-testid="acknowledgements">
                {acknowledgements
                    .into_iter()
                    .map(|ack| {
                        let at = ack.at;
                        view! {
                            <li class="small" data-testid="acknowledgement">
                                <strong>{ack.person.name.clone()}</strong>
                                " · " {move || texts::acknowledged_on(lang.get(), at)}
                                {ack
                                    .disagrees
                                    .then(|| view! { " " <span class="badge badge-disagreed">{move || tx(lang.get(), Text::SeenNotAgreed)}</span> })}
                                {ack.disagreement.clone().map(|note| view! { <p class="prewrap small">{note}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {may_acknowledge.then(|| view! { <AcknowledgeForm ctx version=summary.version /> })}
            {mine
                .map(|_| view! { <p class="notice notice-success" id="group-ack-done" tabindex="-1" data-testid="ack-done">{move || tx(lang.get(), Text::AckDone)}</p> })}
        }
        .into_any()
    }
}

#[component]
fn AgreementRead(agreement: TeamAgreementDraft) -> impl IntoView {
    let lang = use_lang();
    let TeamAgreementDraft {
        title,
        description,
        owner,
        category,
        due_on,
        ..
    } = agreement;
    view! {
        <div class="agreement-read" data-testid="team-agreement-read">
            <h4>{title}</h4>
            {(!description.trim().is_empty()).then(|| view! { <p class="prewrap">{description.clone()}</p> })}
            <p class="small muted">
                {move || texts::owner(lang.get(), owner)}
                " · "
                {move || record_texts::category(lang.get(), category)}
                {due_on.map(|due| view! { " · " {move || tx(lang.get(), Text::AgreementDue)} " " {move || time::date(lang.get(), due)} })}
            </p>
        </div>
    }
}

#[component]
fn AcknowledgeForm(ctx: Ctx, version: u32) -> impl IntoView {
    let lang = use_lang();
    let disagree = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let note_invalid = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let disagreement = if disagree.get_untracked() {
            let text = note.get_untracked().trim().to_owned();
            if !mus_domain::group::disagreement_fits(&text) {
                note_invalid.set(true);
                focus::focus_id("group-ack-note");
                return;
            }
            Some(text)
        } else {
            None
        };
        note_invalid.set(false);
        error.set(None);
        busy.set(true);
        let client = ctx.client.get_value();
        spawn_local(async move {
            let request = GroupSignRequest {
                version,
                disagreement,
            };
            match client.sign_group_summary(ctx.id, &request).await {
                Ok(summary) => {
                    let _ = ctx.summary.try_set(Some(summary));
                    ctx.reload();
                    focus::focus_id("group-ack-done");
                }
                Err(failure) => {
                    let on_note = failure
                        .problem()
                        .is_some_and(|p| p.errors.iter().any(|e| e.field == "disagreement"));
                    if on_note {
                        let _ = note_invalid.try_set(true);
                        focus::focus_id("group-ack-note");
                    } else {
                        let _ = error.try_set(Some(Failure::from(failure)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <form class="form ack-form" on:submit=submit novalidate data-testid="ack-form" aria-labelledby="group-ack-heading">
            <h3 id="group-ack-heading">{move || tx(lang.get(), Text::AckHeading)}</h3>
            <p class="small">{move || tx(lang.get(), Text::AckExplain)}</p>
            <div class="checkbox-field">
                <input id="group-ack-disagree" type="checkbox" data-testid="ack-disagree" bind:checked=disagree />
                <label for="group-ack-disagree">{move || tx(lang.get(), Text::AckDisagree)}</label>
            </div>
            <Show when=move || disagree.get()>
                <div class="field">
                    <label for="group-ack-note">{move || tx(lang.get(), Text::AckDisagreeLabel)}</label>
                    <textarea
                        id="group-ack-note"
                        rows="3"
                        maxlength="4000"
                        data-testid="ack-note"
                        aria-invalid=move || note_invalid.get().to_string()
                        aria-describedby=move || note_invalid.get().then_some("group-ack-note-error")
                        bind:value=note
                    ></textarea>
                    {move || {
                        note_invalid
                            .get()
                            .then(|| {
                                view! {
                                    <p class="field-error" id="group-ack-note-error">
                                        {move || tx(lang.get(), Text::AckDisagreeNeeded)}
                                    </p>
                                }
                            })
                    }}
                </div>
            </Show>
            {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
            <button type="submit" class="button button-primary" data-testid="acknowledge" disabled=move || busy.get()>
                {move || tx(lang.get(), Text::AckButton)}
            </button>
        </form>
    }
}
