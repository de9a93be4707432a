//! The summary's editor: the manager's agreements, decisions and
//! assessment, the employee's feedback; issues named at their fields.

use super::*;

/// The summary as fields, one signal each, so typing in one field does not
/// redraw the others (and the caret stays where it is).
#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub(super) agreements: RwSignal<Vec<(u32, RwSignal<AgreementDraft>)>>,
    pub(super) next_key: StoredValue<u32>,
    pub(super) decisions: RwSignal<String>,
    pub(super) performance: RwSignal<String>,
    pub(super) strengths: RwSignal<String>,
    pub(super) areas_to_develop: RwSignal<String>,
    pub(super) employee_feedback: RwSignal<String>,
    /// What keeps the summary from being saved, field by field, from the
    /// domain's own check; shown next to each field once a save was tried.
    pub(super) issues: RwSignal<Vec<(String, SummaryIssue)>>,
    /// A save was tried: the issues follow every change from then on.
    pub(super) checked: RwSignal<bool>,
}

impl Editor {
    pub(super) fn new(content: &SummaryContent) -> Editor {
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

    pub(super) fn load(&self, content: &SummaryContent) {
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
        // Also reached when a save comes back after the page was left.
        let key = self.next_key.try_get_value().unwrap_or_default();
        self.next_key.try_set_value(key + 1);
        key
    }

    /// The content as typed (tracked: a memo over it follows every field).
    pub(super) fn content(&self) -> SummaryContent {
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

    pub(super) fn position(&self, key: u32) -> Option<usize> {
        self.agreements
            .with(|rows| rows.iter().position(|(k, _)| *k == key))
    }

    /// Where the agreement is now, outside any tracking (for handlers).
    pub(super) fn position_now(&self, key: u32) -> Option<usize> {
        self.agreements
            .with_untracked(|rows| rows.iter().position(|(k, _)| *k == key))
    }

    pub(super) fn shift(&self, key: u32, up: bool) {
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

    pub(super) fn remove(&self, key: u32) {
        self.agreements
            .update(|rows| rows.retain(|(k, _)| *k != key));
    }

    /// The issue of the field at `path` (`decisions`, `agreements/0/title`).
    pub(super) fn issue(&self, path: &str) -> Option<SummaryIssue> {
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
pub(super) fn IssueMessage(id: String, issue: SummaryIssue) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p id=id class="field-error" data-testid="field-error">
            {move || texts::summary_issue(lang.get(), &issue)}
        </p>
    }
}

#[derive(Debug, Clone)]
pub(super) enum SaveOutcome {
    Saved { voided: bool },
    Conflict(Box<Summary>),
    Failed(Failure, Vec<String>),
}

#[component]
pub(super) fn SummaryEditor(ctx: Ctx) -> impl IntoView {
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
