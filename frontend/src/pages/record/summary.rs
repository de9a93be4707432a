//! The summary (referat): the manager writes it, the employee adds feedback,
//! both sign exactly one version, and a signed summary is locked until
//! someone amends it into a new version.
//!
//! Every keystroke is kept in the browser until the server has the text, as
//! on the preparation page; saving is explicit, because a save can void a
//! signature and the writer should decide when that happens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_client::ClientError;
use mus_domain::summary::{SummaryIssue, due_window};
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, Assessment, Conversation,
    ConversationStatus, ErrorCode, Me, Party, SeenNotAgreed, SeenNotAgreedComment, SignRequest,
    SignatureRecord, Summary, SummaryContent, SummaryVersionInfo, SummaryWrite,
};
use serde::{Deserialize, Serialize};

use super::texts::{self, Text, tx};
use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::conversation::StatusBadge;
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{self, Failure, Key, Lang, t};
use crate::{focus, routing, time};

#[derive(Debug, Clone)]
struct SummaryData {
    conversation: Conversation,
    summary: Summary,
    versions: Vec<SummaryVersionInfo>,
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleSummary));
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            side_in(&conversation, &me)?;
            let summary = client.summary(conversation.id).await?;
            let versions = client.summary_versions(conversation.id).await?;
            Ok(SummaryData {
                conversation,
                summary,
                versions,
            })
        },
    );
    view! {
        <div class="page page-summary">
            {show_loaded(data, |me, data| view! { <SummaryView me data /> })}
        </div>
    }
}

/// Whether the summary can be written at all in this state.
#[component]
fn SummaryView(me: Me, data: SummaryData) -> impl IntoView {
    let lang = use_lang();
    let SummaryData {
        conversation,
        summary,
        versions,
    } = data;
    let side = conversation.side_of(me.id).unwrap_or(Party::Employee);
    let id = conversation.id;
    let round_name = conversation.round_name.clone();
    let conversation = RwSignal::new(conversation);
    let summary = RwSignal::new(summary);
    let versions = RwSignal::new(versions);
    let editor = Editor::new(&summary.get_untracked().content);
    let restored = RwSignal::new(false);

    // A text not yet on the server comes back from the browser's storage.
    if let Some(draft) = local::load(id, side)
        && summary.with_untracked(|s| s.version.get() == draft.version && !s.locked)
        && summary.with_untracked(|s| s.content != draft.content)
    {
        editor.load(&draft.content);
        restored.set(true);
    }

    let can_edit = Memo::new(move |_| {
        conversation.with(|c| c.status.summary_is_open()) && !summary.with(|s| s.locked)
    });
    let dirty = Memo::new(move |_| summary.with(|s| s.content != editor.content()));
    // Kept in the browser on every change while it differs from the server.
    Effect::new(move |_| {
        let content = editor.content();
        let (version, is_dirty) = summary.with(|s| (s.version.get(), s.content != content));
        if is_dirty && can_edit.get() {
            local::store(id, side, &local::Draft { version, content });
        } else {
            local::clear(id, side);
        }
    });

    let ctx = Ctx {
        id,
        side,
        conversation,
        summary,
        versions,
        editor,
        dirty,
        can_edit,
        client: StoredValue::new_local(use_client()),
    };
    let names = conversation.with_untracked(|c| (c.employee.name.clone(), c.manager.name.clone()));

    view! {
        <nav class="breadcrumbs no-print" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::conversation(id)>{round_name}</A>
        </nav>
        <header class="page-head no-print">
            <h1>{move || tx(lang.get(), Text::SummaryHeading)}</h1>
            {move || view! { <StatusBadge status=conversation.with(|c| c.status) /> }}
        </header>
        <p class="lead no-print">
            {move || i18n::conversation_between(lang.get(), &names.0, &names.1)}
        </p>
        {move || {
            conversation
                .with(|c| c.status.is_before_meeting())
                .then(|| view! { <p class="notice">{move || tx(lang.get(), Text::NotYetHeld)}</p> })
        }}
        <Show when=move || restored.get() && dirty.get()>
            <div class="notice notice-warning no-print" role="status" data-testid="draft-restored">
                <p>{move || tx(lang.get(), Text::DraftRestored)}</p>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| {
                        editor.load(&summary.get_untracked().content);
                        restored.set(false);
                    }
                >
                    {move || tx(lang.get(), Text::DiscardDraft)}
                </button>
            </div>
        </Show>
        <div class="summary-layout">
            <div class="stack">
                {move || {
                    if can_edit.get() {
                        view! { <SummaryEditor ctx /> }.into_any()
                    } else {
                        view! {
                            <Referat
                                conversation=conversation.get()
                                content=summary.with(|s| s.content.clone())
                                signatures=summary.with(|s| s.signatures.clone())
                                version=summary.with(|s| s.version.get())
                            />
                        }
                            .into_any()
                    }
                }}
            </div>
            <aside class="stack no-print">
                <SignCard ctx />
                <VersionsCard ctx />
            </aside>
        </div>
        // The clean referat for the printer, also while the page shows the editor.
        <Show when=move || can_edit.get()>
            <div class="print-only">
                {move || {
                    view! {
                        <Referat
                            conversation=conversation.get()
                            content=summary.with(|s| s.content.clone())
                            signatures=summary.with(|s| s.signatures.clone())
                            version=summary.with(|s| s.version.get())
                        />
                    }
                }}
            </div>
        </Show>
    }
}

/// What the parts of the page share. Every field is a handle, so it is `Copy`.
#[derive(Clone, Copy)]
struct Ctx {
    id: mus_domain::ConversationId,
    side: Party,
    conversation: RwSignal<Conversation>,
    summary: RwSignal<Summary>,
    versions: RwSignal<Vec<SummaryVersionInfo>>,
    editor: Editor,
    dirty: Memo<bool>,
    can_edit: Memo<bool>,
    client: StoredValue<mus_client::Client, LocalStorage>,
}

impl Ctx {
    /// Fetches the conversation's status and the version list again, after
    /// a change that may have moved them on.
    fn reload(&self) {
        let Ctx {
            id,
            conversation,
            versions,
            client,
            ..
        } = *self;
        let client = client.get_value();
        spawn_local(async move {
            if let Ok(fresh) = client.conversation(id).await {
                let _ = conversation.try_set(fresh);
            }
            if let Ok(list) = client.summary_versions(id).await {
                let _ = versions.try_set(list);
            }
        });
    }
}

/// The summary as fields, one signal each, so typing in one field does not
/// redraw the others (and the caret stays where it is).
#[derive(Clone, Copy)]
struct Editor {
    agreements: RwSignal<Vec<(u32, RwSignal<AgreementDraft>)>>,
    next_key: StoredValue<u32>,
    decisions: RwSignal<String>,
    performance: RwSignal<String>,
    strengths: RwSignal<String>,
    areas_to_develop: RwSignal<String>,
    employee_feedback: RwSignal<String>,
    /// What keeps the summary from being saved, field by field, from the
    /// domain's own check; shown next to each field once a save was tried.
    issues: RwSignal<Vec<(String, SummaryIssue)>>,
    /// A save was tried: the issues follow every change from then on.
    checked: RwSignal<bool>,
}

impl Editor {
    fn new(content: &SummaryContent) -> Editor {
        let editor = Editor {
            agreements: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            decisions: RwSignal::new(String::new()),
            performance: RwSignal::new(String::new()),
            strengths: RwSignal::new(String::new()),
            areas_to_develop: RwSignal::new(String::new()),
            employee_feedback: RwSignal::new(String::new()),
            issues: RwSignal::new(Vec::new()),
            checked: RwSignal::new(false),
        };
        editor.load(content);
        editor
    }

    fn load(&self, content: &SummaryContent) {
        let rows = content
            .agreements
            .iter()
            .map(|agreement| (self.key(), RwSignal::new(agreement.clone())))
            .collect();
        self.agreements.set(rows);
        self.decisions.set(content.decisions.clone());
        self.performance.set(content.assessment.performance.clone());
        self.strengths.set(content.assessment.strengths.clone());
        self.areas_to_develop
            .set(content.assessment.areas_to_develop.clone());
        self.employee_feedback
            .set(content.employee_feedback.clone());
    }

    fn key(&self) -> u32 {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        key
    }

    /// The content as typed (tracked: a memo over it follows every field).
    fn content(&self) -> SummaryContent {
        SummaryContent {
            agreements: self
                .agreements
                .with(|rows| rows.iter().map(|(_, row)| row.get()).collect()),
            decisions: self.decisions.get(),
            assessment: Assessment {
                performance: self.performance.get(),
                strengths: self.strengths.get(),
                areas_to_develop: self.areas_to_develop.get(),
            },
            employee_feedback: self.employee_feedback.get(),
        }
    }

    /// Adds an empty agreement at the end; its key.
    fn add(&self) -> u32 {
        let key = self.key();
        self.agreements.update(|rows| {
            rows.push((
                key,
                RwSignal::new(AgreementDraft {
                    id: None,
                    title: String::new(),
                    description: String::new(),
                    owner: AgreementOwner::Employee,
                    category: AgreementCategory::TaskProject,
                    due_on: None,
                    origin: None,
                }),
            ));
        });
        key
    }

    fn position(&self, key: u32) -> Option<usize> {
        self.agreements
            .with(|rows| rows.iter().position(|(k, _)| *k == key))
    }

    /// Where the agreement is now, outside any tracking (for handlers).
    fn position_now(&self, key: u32) -> Option<usize> {
        self.agreements
            .with_untracked(|rows| rows.iter().position(|(k, _)| *k == key))
    }

    fn shift(&self, key: u32, up: bool) {
        self.agreements.update(|rows| {
            let Some(at) = rows.iter().position(|(k, _)| *k == key) else {
                return;
            };
            let to = if up { at.checked_sub(1) } else { Some(at + 1) };
            if let Some(to) = to.filter(|to| *to < rows.len()) {
                rows.swap(at, to);
            }
        });
    }

    fn remove(&self, key: u32) {
        self.agreements
            .update(|rows| rows.retain(|(k, _)| *k != key));
    }

    /// The issue of the field at `path` (`decisions`, `agreements/0/title`).
    fn issue(&self, path: &str) -> Option<SummaryIssue> {
        self.issues.with(|issues| {
            issues
                .iter()
                .find(|(field, _)| field == path)
                .map(|(_, issue)| issue.clone())
        })
    }

    /// The element that edits the field at `path`, by its id.
    fn element_id(&self, path: &str) -> String {
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("agreements"), Some(n), Some(what)) => {
                let key = n.parse::<usize>().ok().and_then(|n| {
                    self.agreements
                        .with_untracked(|rows| rows.get(n).map(|(key, _)| *key))
                });
                let what = match what {
                    "due_on" => "due",
                    other => other,
                };
                key.map_or_else(
                    || "agreements-heading".to_owned(),
                    |key| format!("agreement-{key}-{what}"),
                )
            }
            (Some("agreements"), None, _) => "agreements-heading".to_owned(),
            (Some("assessment"), Some("areas_to_develop"), _) => "summary-areas".to_owned(),
            (Some("assessment"), Some(what), _) => format!("summary-{what}"),
            (Some("employee_feedback"), ..) => "summary-feedback".to_owned(),
            (Some(other), ..) => format!("summary-{other}"),
            (None, ..) => "agreements-heading".to_owned(),
        }
    }

    /// Where the field at `path` comes on the page: agreements first, in
    /// order, then decisions, the assessment and the feedback.
    fn rank(path: &str) -> usize {
        let mut parts = path.split('/');
        match (parts.next(), parts.next()) {
            (Some("agreements"), Some(n)) => n.parse::<usize>().unwrap_or(0),
            (Some("agreements"), None) => 10_000,
            (Some("decisions"), _) => 10_001,
            (Some("assessment"), Some("performance")) => 10_002,
            (Some("assessment"), Some("strengths")) => 10_003,
            (Some("assessment"), _) => 10_004,
            _ => 10_005,
        }
    }

    /// Puts the keyboard focus on the first field with an issue, so that
    /// its message is read out and the field is ready to be corrected.
    fn focus_first_issue(&self) {
        let first = self.issues.with_untracked(|issues| {
            issues
                .iter()
                .map(|(path, _)| path.clone())
                .min_by_key(|path| Editor::rank(path))
        });
        let Some(path) = first else {
            return;
        };
        crate::focus::focus_id(self.element_id(&path));
    }
}

/// The message next to a field with an issue, linked to it by its id.
#[component]
fn IssueMessage(id: String, issue: SummaryIssue) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p id=id class="field-error" data-testid="field-error">
            {move || texts::summary_issue(lang.get(), &issue)}
        </p>
    }
}

#[derive(Debug, Clone)]
enum SaveOutcome {
    Saved { voided: bool },
    Conflict(Box<Summary>),
    Failed(Failure, Vec<String>),
}

#[component]
fn SummaryEditor(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let Ctx {
        id,
        side,
        summary,
        editor,
        dirty,
        ..
    } = ctx;
    let saving = RwSignal::new(false);
    let outcome = RwSignal::new(None::<SaveOutcome>);
    let is_manager = side == Party::Manager;

    let save = move || {
        if saving.get_untracked() {
            return;
        }
        outcome.set(None);
        let content = editor.content();
        let window = ctx
            .conversation
            .with_untracked(|c| due_window(c.meetings_from, c.meetings_until));
        editor.checked.set(true);
        editor.issues.set(content.issues(window));
        if editor.issues.with_untracked(|issues| !issues.is_empty()) {
            editor.focus_first_issue();
            return;
        }
        saving.set(true);
        let (version, revision, had_signatures) =
            summary.with_untracked(|s| (s.version, s.revision, !s.signatures.is_empty()));
        let write = SummaryWrite {
            version,
            revision,
            content,
        };
        let client = client.clone();
        spawn_local(async move {
            let result = client.save_summary(id, &write).await;
            let lang_now = lang.get_untracked();
            let next = match result {
                Ok(saved) => {
                    editor.checked.set(false);
                    let voided = had_signatures && saved.signatures.is_empty();
                    // The server gives new agreements their ids.
                    editor.load(&saved.content);
                    summary.set(saved);
                    ctx.reload();
                    // The save button is disabled now that nothing is
                    // unsaved: the notice takes the focus, and is read.
                    focus::focus_id("summary-saved");
                    SaveOutcome::Saved { voided }
                }
                Err(error) => match conflict_of(&error) {
                    Some(current) => SaveOutcome::Conflict(Box::new(current)),
                    None => {
                        SaveOutcome::Failed(Failure::from(&error), field_messages(lang_now, &error))
                    }
                },
            };
            let _ = outcome.try_set(Some(next));
            let _ = saving.try_set(false);
        });
    };
    let save_click = save.clone();
    let keep_mine = save.clone();
    // Once a save was tried, each correction clears its message at once.
    Effect::new(move |_| {
        if editor.checked.get() {
            let window = ctx
                .conversation
                .with_untracked(|c| due_window(c.meetings_from, c.meetings_until));
            let issues = editor.content().issues(window);
            editor.issues.set(issues);
        }
    });

    view! {
        <form
            class="card summary-editor"
            data-testid="summary-editor"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                save_click();
            }
        >
            {(!is_manager)
                .then(|| view! { <p class="muted">{move || tx(lang.get(), Text::ManagerWrites)}</p> })}
            <section aria-labelledby="agreements-heading">
                <h2 id="agreements-heading">{move || tx(lang.get(), Text::AgreementsHeading)}</h2>
                <p class="small muted">{move || tx(lang.get(), Text::AgreementsIntro)}</p>
                {move || {
                    editor
                        .agreements
                        .with(Vec::is_empty)
                        .then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })
                }}
                <ol class="agreement-list">
                    <For
                        each=move || editor.agreements.get()
                        key=|(key, _)| *key
                        children=move |(key, row)| {
                            if is_manager {
                                view! { <AgreementFields editor key row /> }.into_any()
                            } else {
                                view! { <li><AgreementRead agreement=row.get() /></li> }.into_any()
                            }
                        }
                    />
                </ol>
                {is_manager
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                id="add-agreement"
                                data-testid="add-agreement"
                                on:click=move |_| {
                                    // The new fields come below; the focus goes there.
                                    let key = editor.add();
                                    focus::focus_id(format!("agreement-{key}-title"));
                                }
                            >
                                {move || tx(lang.get(), Text::AddAgreement)}
                            </button>
                        }
                    })}
            </section>
            <TextField id="decisions" path="decisions" label=Text::DecisionsHeading value=editor.decisions editable=is_manager heading=true editor />
            <section aria-labelledby="assessment-heading">
                <h2 id="assessment-heading">{move || tx(lang.get(), Text::AssessmentHeading)}</h2>
                <TextField id="performance" path="assessment/performance" label=Text::Performance value=editor.performance editable=is_manager heading=false editor />
                <TextField id="strengths" path="assessment/strengths" label=Text::Strengths value=editor.strengths editable=is_manager heading=false editor />
                <TextField id="areas" path="assessment/areas_to_develop" label=Text::AreasToDevelop value=editor.areas_to_develop editable=is_manager heading=false editor />
            </section>
            <TextField
                id="feedback"
                path="employee_feedback"
                label=Text::FeedbackHeading
                value=editor.employee_feedback
                editable=!is_manager
                heading=true
                editor
            />
            {(!is_manager)
                .then(|| view! { <p class="small muted">{move || tx(lang.get(), Text::FeedbackHint)}</p> })}
            {move || {
                outcome
                    .get()
                    .map(|result| match result {
                        SaveOutcome::Saved { voided } => {
                            view! {
                                <p class="notice notice-success" id="summary-saved" data-testid="summary-saved">
                                    {move || tx(lang.get(), Text::SavedNotice)}
                                    {voided.then(|| view! { " " {move || tx(lang.get(), Text::SignatureVoided)} })}
                                </p>
                            }
                                .into_any()
                        }
                        SaveOutcome::Conflict(current) => {
                            let keep_mine = keep_mine.clone();
                            let theirs = (*current).clone();
                            let base = (*current).clone();
                            view! {
                                <div class="notice notice-warning" role="alert" data-testid="summary-conflict">
                                    <p>{move || tx(lang.get(), Text::ConflictSummary)}</p>
                                    <div class="actions">
                                        <button
                                            type="button"
                                            class="button button-primary"
                                            on:click=move |_| {
                                                summary.set(base.clone());
                                                keep_mine();
                                            }
                                        >
                                            {move || tx(lang.get(), Text::KeepMine)}
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-quiet"
                                            on:click=move |_| {
                                                editor.load(&theirs.content);
                                                summary.set(theirs.clone());
                                                outcome.set(None);
                                            }
                                        >
                                            {move || tx(lang.get(), Text::UseSavedVersion)}
                                        </button>
                                    </div>
                                </div>
                            }
                                .into_any()
                        }
                        SaveOutcome::Failed(failure, fields) => {
                            view! {
                                <div class="notice notice-error" role="alert" data-testid="summary-error">
                                    <p>{move || t(lang.get(), failure.message_key())}</p>
                                    <ul>{fields.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
            {move || {
                let count = editor.issues.with(Vec::len);
                (count > 0)
                    .then(|| {
                        view! {
                            <p class="notice notice-error" role="alert" data-testid="summary-issues">
                                {move || texts::issues_to_correct(lang.get(), count)}
                            </p>
                        }
                    })
            }}
            <div class="actions sticky-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-summary"
                    disabled=move || saving.get() || !dirty.get()
                >
                    {move || {
                        if saving.get() {
                            tx(lang.get(), Text::Saving)
                        } else if is_manager {
                            tx(lang.get(), Text::SaveSummary)
                        } else {
                            // The employee writes only the feedback.
                            tx(lang.get(), Text::SaveFeedback)
                        }
                    }}
                </button>
                <Show when=move || dirty.get()>
                    <span class="small muted" data-testid="unsaved">{move || tx(lang.get(), Text::UnsavedChanges)}</span>
                </Show>
            </div>
        </form>
    }
}

/// The summary now on the server, from a refused stale save.
fn conflict_of(error: &ClientError) -> Option<Summary> {
    let problem = error.problem()?;
    if problem.code != ErrorCode::VersionConflict {
        return None;
    }
    serde_json::from_value(problem.current.clone()?).ok()
}

/// One line per refused field, named as the form names it.
fn field_messages(lang: Lang, error: &ClientError) -> Vec<String> {
    let Some(problem) = error.problem() else {
        return Vec::new();
    };
    problem
        .errors
        .iter()
        .map(|field| {
            let mut parts = field.field.split('/');
            let label = match (parts.next(), parts.next(), parts.next()) {
                (Some("agreements"), Some(n), Some(what)) => {
                    let n = n.parse::<usize>().map_or(0, |n| n + 1);
                    let what = match what {
                        "title" => tx(lang, Text::AgreementTitle),
                        "description" => tx(lang, Text::AgreementDescription),
                        "due_on" => tx(lang, Text::AgreementDue),
                        _ => tx(lang, Text::AgreementsHeading),
                    };
                    format!("{} {n}: {what}", tx(lang, Text::AgreementTitle))
                }
                (Some("decisions"), ..) => tx(lang, Text::DecisionsHeading).to_owned(),
                (Some("assessment"), ..) => tx(lang, Text::AssessmentHeading).to_owned(),
                (Some("employee_feedback"), ..) => tx(lang, Text::FeedbackHeading).to_owned(),
                _ => tx(lang, Text::AgreementsHeading).to_owned(),
            };
            format!("{label}: {}", field.message)
        })
        .collect()
}

#[component]
fn TextField(
    id: &'static str,
    /// The field's place in the content, as the domain's issues name it.
    path: &'static str,
    label: Text,
    value: RwSignal<String>,
    editable: bool,
    heading: bool,
    editor: Editor,
) -> impl IntoView {
    let lang = use_lang();
    let field_id = format!("summary-{id}");
    let error_id = format!("{field_id}-error");
    let issue = Memo::new(move |_| editor.issue(path));
    let label_view = if heading {
        view! { <h2><label for=field_id.clone()>{move || tx(lang.get(), label)}</label></h2> }
            .into_any()
    } else {
        view! { <label for=field_id.clone()>{move || tx(lang.get(), label)}</label> }.into_any()
    };
    if editable {
        view! {
            <div class="field">
                {label_view}
                <textarea
                    id=field_id
                    rows="4"
                    maxlength="10000"
                    bind:value=value
                    data-testid=format!("summary-{id}")
                    aria-invalid=move || issue.with(Option::is_some).to_string()
                    aria-describedby={
                        let error_id = error_id.clone();
                        move || issue.with(Option::is_some).then(|| error_id.clone())
                    }
                ></textarea>
                {move || issue.get().map(|issue| view! { <IssueMessage id=error_id.clone() issue /> })}
            </div>
        }
        .into_any()
    } else {
        let title = if heading {
            view! { <h2>{move || tx(lang.get(), label)}</h2> }.into_any()
        } else {
            view! { <h3>{move || tx(lang.get(), label)}</h3> }.into_any()
        };
        view! {
            <div class="field read-field">
                {title}
                <p class="prewrap" data-testid=format!("summary-{id}")>
                    {move || {
                        let text = value.get();
                        if text.trim().is_empty() { tx(lang.get(), Text::NothingWritten).to_owned() } else { text }
                    }}
                </p>
            </div>
        }
        .into_any()
    }
}

#[component]
fn AgreementFields(editor: Editor, key: u32, row: RwSignal<AgreementDraft>) -> impl IntoView {
    let lang = use_lang();
    let position = Memo::new(move |_| editor.position(key).unwrap_or(0));
    let count = Memo::new(move |_| editor.agreements.with(Vec::len));
    let field = move |name: &str| format!("agreement-{key}-{name}");
    let carried = row.with_untracked(|a| a.origin.is_some());
    // The issue of one of this agreement's fields, wherever it has moved.
    let issue_of = move |what: &'static str| {
        Memo::new(move |_| editor.issue(&format!("agreements/{}/{what}", position.get())))
    };
    let (title_issue, description_issue, due_issue) = (
        issue_of("title"),
        issue_of("description"),
        issue_of("due_on"),
    );
    let invalid =
        |issue: Memo<Option<SummaryIssue>>| move || issue.with(Option::is_some).to_string();
    let described = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || issue.with(Option::is_some).then(|| field(name))
    };
    let message = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || {
            issue
                .get()
                .map(|issue| view! { <IssueMessage id=field(name) issue /> })
        }
    };
    view! {
        <li class="agreement-edit" data-testid="agreement-row">
            <fieldset>
                <legend>
                    {move || format!("{} {}", tx(lang.get(), Text::AgreementTitle), position.get() + 1)}
                    {carried
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-carried">{move || tx(lang.get(), Text::CarriedFromLastYear)}</span>
                            }
                        })}
                </legend>
                <div class="field">
                    <label for=field("title")>{move || tx(lang.get(), Text::AgreementTitle)}</label>
                    <input
                        id=field("title")
                        type="text"
                        maxlength="200"
                        required
                        data-testid="agreement-title"
                        aria-invalid=invalid(title_issue)
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
                        maxlength="10000"
                        aria-invalid=invalid(description_issue)
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
                            data-testid="agreement-owner"
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
                            data-testid="agreement-category"
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
                                        <option
                                            value=category.as_str()
                                            selected=move || row.with(|a| a.category == category)
                                        >
                                            {move || texts::category(lang.get(), category)}
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
                            data-testid="agreement-due"
                            aria-invalid=invalid(due_issue)
                            aria-describedby=described(due_issue, "due-error")
                            prop:value=move || row.with(|a| a.due_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default())
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
                        class="button button-quiet button-small"
                        id=field("up")
                        disabled=move || position.get() == 0
                        on:click=move |_| {
                            editor.shift(key, true);
                            // Moved, the row is drawn again: the focus follows
                            // it, to the other button once at the top.
                            let at_top = editor.position_now(key) == Some(0);
                            focus::focus_id(format!("agreement-{key}-{}", if at_top { "down" } else { "up" }));
                            announce_position(lang.get_untracked(), editor, key);
                        }
                    >
                        {move || tx(lang.get(), Text::MoveUp)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        id=field("down")
                        disabled=move || { position.get() + 1 >= count.get() }
                        on:click=move |_| {
                            editor.shift(key, false);
                            let at_end = editor.position_now(key).map(|p| p + 1)
                                == Some(editor.agreements.with_untracked(Vec::len));
                            focus::focus_id(format!("agreement-{key}-{}", if at_end { "up" } else { "down" }));
                            announce_position(lang.get_untracked(), editor, key);
                        }
                    >
                        {move || tx(lang.get(), Text::MoveDown)}
                    </button>
                    <button
                        type="button"
                        class="button button-danger button-small"
                        data-testid="remove-agreement"
                        on:click=move |_| {
                            editor.remove(key);
                            focus::announce(tx(lang.get_untracked(), Text::AgreementRemoved));
                            focus::focus_id("add-agreement");
                        }
                    >
                        {move || tx(lang.get(), Text::RemoveAgreement)}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// Says where an agreement stands in the list after a move.
fn announce_position(lang: Lang, editor: Editor, key: u32) {
    if let Some(at) = editor.position_now(key) {
        focus::announce(texts::agreement_moved(lang, at + 1));
    }
}

/// One agreement as text.
#[component]
fn AgreementRead(agreement: AgreementDraft) -> impl IntoView {
    let lang = use_lang();
    let AgreementDraft {
        title,
        description,
        owner,
        category,
        due_on,
        origin,
        ..
    } = agreement;
    view! {
        <div class="agreement-read" data-testid="agreement-read">
            <h3>
                {title}
                {origin
                    .is_some()
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-carried">{move || tx(lang.get(), Text::CarriedFromLastYear)}</span>
                        }
                    })}
            </h3>
            {(!description.trim().is_empty()).then(|| view! { <p class="prewrap">{description.clone()}</p> })}
            <p class="small muted">
                {move || texts::owner(lang.get(), owner)}
                " · "
                {move || texts::category(lang.get(), category)}
                {due_on
                    .map(|due| {
                        view! {
                            " · " {move || tx(lang.get(), Text::AgreementDue)} " "
                            {move || time::date(lang.get(), due)}
                        }
                    })}
            </p>
        </div>
    }
}

/// The summary as a finished document: what a locked or older version shows,
/// and what the printer gets.
#[component]
fn Referat(
    conversation: Conversation,
    content: SummaryContent,
    signatures: Vec<SignatureRecord>,
    version: u32,
) -> impl IntoView {
    let lang = use_lang();
    let Conversation {
        employee,
        manager,
        round_name,
        meeting,
        ..
    } = conversation;
    let SummaryContent {
        agreements,
        decisions,
        assessment,
        employee_feedback,
    } = content;
    let empty = agreements.is_empty();
    let names = (employee.name.clone(), manager.name.clone());
    let signer_names = names.clone();
    let text = move |value: String| {
        move || {
            if value.trim().is_empty() {
                tx(lang.get(), Text::NothingWritten).to_owned()
            } else {
                value.clone()
            }
        }
    };
    view! {
        <article class="card referat" data-testid="referat">
            <header>
                <h2>{move || tx(lang.get(), Text::ReferatHeading)}</h2>
                <p>
                    {round_name} " · " {move || texts::version_label(lang.get(), version)}
                </p>
                <p>{move || i18n::conversation_between(lang.get(), &names.0, &names.1)}</p>
                {meeting
                    .map(|m| view! { <p class="small">{move || time::meeting_span(lang.get(), m.starts_at, m.minutes)} ", " {m.location.clone()}</p> })}
            </header>
            <section>
                <h3>{move || tx(lang.get(), Text::AgreementsHeading)}</h3>
                {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })}
                <ol class="agreement-list">
                    {agreements
                        .into_iter()
                        .map(|agreement| view! { <li><AgreementRead agreement /></li> })
                        .collect_view()}
                </ol>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::DecisionsHeading)}</h3>
                <p class="prewrap">{text(decisions)}</p>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::AssessmentHeading)}</h3>
                <h4>{move || tx(lang.get(), Text::Performance)}</h4>
                <p class="prewrap">{text(assessment.performance)}</p>
                <h4>{move || tx(lang.get(), Text::Strengths)}</h4>
                <p class="prewrap">{text(assessment.strengths)}</p>
                <h4>{move || tx(lang.get(), Text::AreasToDevelop)}</h4>
                <p class="prewrap">{text(assessment.areas_to_develop)}</p>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::FeedbackHeading)}</h3>
                <p class="prewrap" data-testid="referat-feedback">{text(employee_feedback)}</p>
            </section>
            <section class="referat-signatures">
                <h3>{move || tx(lang.get(), Text::SignHeading)}</h3>
                <Signatures signatures names=signer_names />
            </section>
        </article>
    }
}

#[component]
fn Signatures(signatures: Vec<SignatureRecord>, names: (String, String)) -> impl IntoView {
    let lang = use_lang();
    if signatures.is_empty() {
        return view! { <p class="muted">{move || tx(lang.get(), Text::NotSignedYet)}</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list signatures">
            {signatures
                .into_iter()
                .map(|signature| {
                    let name = match signature.by {
                        Party::Employee => names.0.clone(),
                        Party::Manager => names.1.clone(),
                    };
                    let at = signature.signed_at;
                    let comment = signature.seen_not_agreed.map(|s| s.comment.to_string());
                    view! {
                        <li data-testid="signature" data-by=signature.by.to_string()>
                            {move || texts::signed_by(lang.get(), &name, &time::moment(lang.get(), at))}
                            {comment
                                .map(|comment| {
                                    view! {
                                        <p class="small">
                                            <strong>{move || tx(lang.get(), Text::SignSeenNotAgreed)} ": "</strong>
                                            {comment}
                                        </p>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SignCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let Ctx {
        id,
        side,
        conversation,
        summary,
        dirty,
        can_edit,
        editor,
        ..
    } = ctx;
    let seen_not_agreed = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirming_amend = RwSignal::new(false);
    let names = conversation.with_untracked(|c| (c.employee.name.clone(), c.manager.name.clone()));
    let client = StoredValue::new_local(client);

    let i_signed =
        Memo::new(move |_| summary.with(|s| s.signatures.iter().any(|sig| sig.by == side)));
    let signable = Memo::new(move |_| {
        can_edit.get()
            && !dirty.get()
            && !i_signed.get()
            && conversation
                .with(|c| c.status != ConversationStatus::Held || summary.with(|s| s.revision > 0))
    });

    let sign = move |_| {
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let seen = if seen_not_agreed.get_untracked() {
            match SeenNotAgreedComment::parse(&comment.get_untracked()) {
                Ok(comment) => Some(SeenNotAgreed { comment }),
                Err(_) => {
                    error.set(Some(
                        tx(lang_now, Text::SeenNotAgreedNeedsComment).to_owned(),
                    ));
                    return;
                }
            }
        } else {
            None
        };
        let request = summary.with_untracked(|s| SignRequest {
            version: s.version,
            content_hash: s.content_hash.clone(),
            seen_not_agreed: seen,
        });
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.sign_summary(id, &request).await {
                Ok(signed) => {
                    summary.set(signed);
                    ctx.reload();
                    // The sign button is gone: say so, and put the focus on
                    // the card's heading, above the signatures now shown.
                    focus::announce(tx(lang.get_untracked(), Text::YouSigned));
                    focus::focus_id("sign-heading");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(
                        t(lang.get_untracked(), Failure::from(failure).message_key()).to_owned(),
                    ));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let cancel_amend = move || {
        confirming_amend.set(false);
        focus::focus_id("amend");
    };
    let amend = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.amend_summary(id).await {
                Ok(next) => {
                    editor.load(&next.content);
                    summary.set(next);
                    let _ = confirming_amend.try_set(false);
                    ctx.reload();
                    focus::announce(tx(lang.get_untracked(), Text::AmendStarted));
                    focus::focus_id("agreements-heading");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(
                        t(lang.get_untracked(), Failure::from(failure).message_key()).to_owned(),
                    ));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <section class="card sign-card" aria-labelledby="sign-heading" data-testid="sign-card">
            <h2 id="sign-heading">{move || tx(lang.get(), Text::SignHeading)}</h2>
            <p class="small">
                <strong>{move || summary.with(|s| texts::version_label(lang.get(), s.version.get()))}</strong>
                " · "
                {move || tx(lang.get(), Text::Fingerprint)}
                " "
                <code data-testid="fingerprint">{move || summary.with(|s| s.content_hash.as_str()[..12].to_owned())}</code>
            </p>
            {move || {
                let signatures = summary.with(|s| s.signatures.clone());
                view! { <Signatures signatures names=names.clone() /> }
            }}
            <Show when=move || summary.with(|s| s.locked)>
                <p class="notice notice-success" data-testid="locked">{move || tx(lang.get(), Text::LockedExplain)}</p>
                <Show
                    when=move || confirming_amend.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                id="amend"
                                data-testid="amend"
                                on:click=move |_| {
                                    confirming_amend.set(true);
                                    focus::focus_id("amend-confirm");
                                }
                            >
                                {move || tx(lang.get(), Text::AmendButton)}
                            </button>
                        }
                    }
                >
                    <div
                        class="confirm"
                        role="group"
                        aria-labelledby="amend-question"
                        on:keydown=focus::on_escape(cancel_amend)
                    >
                        <p id="amend-question">{move || tx(lang.get(), Text::AmendConfirm)}</p>
                        <div class="actions">
                            <button type="button" class="button button-primary" id="amend-confirm" data-testid="amend-confirm" disabled=move || busy.get() on:click=amend>
                                {move || tx(lang.get(), Text::AmendButton)}
                            </button>
                            <button type="button" class="button button-quiet" on:click=move |_| cancel_amend()>
                                {move || t(lang.get(), Key::Cancel)}
                            </button>
                        </div>
                    </div>
                </Show>
            </Show>
            <Show when=move || can_edit.get()>
                <p class="small muted">{move || tx(lang.get(), Text::SignExplain)}</p>
                <Show when=move || dirty.get()>
                    <p class="notice notice-warning" data-testid="save-before-signing">
                        {move || tx(lang.get(), Text::SaveBeforeSigning)}
                        {move || summary.with(|s| !s.signatures.is_empty()).then(|| view! { " " {move || tx(lang.get(), Text::EditVoidsSignature)} })}
                    </p>
                </Show>
                <Show when=move || signable.get()>
                    {(side == Party::Employee)
                        .then(|| {
                            view! {
                                <div class="field checkbox-field">
                                    <input id="seen-not-agreed" type="checkbox" bind:checked=seen_not_agreed data-testid="seen-not-agreed" />
                                    <label for="seen-not-agreed">{move || tx(lang.get(), Text::SignSeenNotAgreed)}</label>
                                </div>
                                <Show when=move || seen_not_agreed.get()>
                                    <div class="field">
                                        <label for="seen-not-agreed-comment">{move || tx(lang.get(), Text::SeenNotAgreedComment)}</label>
                                        <textarea id="seen-not-agreed-comment" rows="3" maxlength="2000" bind:value=comment></textarea>
                                    </div>
                                </Show>
                            }
                        })}
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="sign"
                        disabled=move || busy.get()
                        on:click=sign
                    >
                        {move || tx(lang.get(), Text::SignButton)}
                    </button>
                </Show>
            </Show>
            {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            <p>
                <button type="button" class="button button-quiet" data-testid="print" on:click=move |_| {
                    let _ = window().print();
                }>
                    {move || tx(lang.get(), Text::PrintButton)}
                </button>
            </p>
        </section>
    }
}

#[component]
fn VersionsCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let Ctx {
        id,
        conversation,
        versions,
        ..
    } = ctx;
    let shown = RwSignal::new(None::<Summary>);
    let error = RwSignal::new(None::<Failure>);
    let show = move |n: u32| {
        if shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.version.get() == n)) {
            shown.set(None);
            return;
        }
        let client = client.clone();
        spawn_local(async move {
            match client.summary_version(id, n).await {
                Ok(version) => {
                    let _ = shown.try_set(Some(version));
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
        });
    };
    view! {
        <Show when=move || versions.with(|v| !v.is_empty())>
            <section class="card" aria-labelledby="versions-heading" data-testid="versions">
                <h2 id="versions-heading">{move || tx(lang.get(), Text::VersionsHeading)}</h2>
                <ul class="plain-list">
                    {
                        let show = show.clone();
                        move || {
                            versions
                                .get()
                                .into_iter()
                                .map(|info| {
                                    let n = info.version.get();
                                    let show = show.clone();
                                    let is_shown = move || shown.with(|s| s.as_ref().is_some_and(|s| s.version.get() == n));
                                    view! {
                                        <li class="version-item" data-testid="version">
                                            <span>
                                                {move || texts::version_label(lang.get(), n)} " · "
                                                {move || tx(lang.get(), if info.locked { Text::Locked } else { Text::Draft })}
                                                " · " {move || time::moment(lang.get(), info.updated_at)}
                                            </span>
                                            <button
                                                type="button"
                                                class="button button-quiet button-small"
                                                aria-expanded=move || is_shown().to_string()
                                                on:click=move |_| show(n)
                                            >
                                                {move || tx(lang.get(), if is_shown() { Text::HideVersion } else { Text::ShowVersion })}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
                {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
            </section>
        </Show>
        {move || {
            shown
                .get()
                .map(|summary| {
                    view! {
                        <div data-testid="version-view">
                        <Referat
                            conversation=conversation.get()
                            content=summary.content
                            signatures=summary.signatures
                            version=summary.version.get()
                        />
                        </div>
                    }
                })
        }}
    }
}

/// The browser's copy of a summary typed but not yet saved.
mod local {
    use super::*;
    use crate::storage;

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct Draft {
        pub version: u32,
        pub content: SummaryContent,
    }

    fn key(id: mus_domain::ConversationId, side: Party) -> String {
        format!("mus.summary-draft.{id}.{side}")
    }

    pub fn load(id: mus_domain::ConversationId, side: Party) -> Option<Draft> {
        storage::get_json(&key(id, side))
    }

    pub fn store(id: mus_domain::ConversationId, side: Party, draft: &Draft) {
        // A full or disabled storage leaves the server copy as the only one.
        storage::set_json(&key(id, side), draft);
    }

    pub fn clear(id: mus_domain::ConversationId, side: Party) {
        storage::remove(&key(id, side));
    }
}
