//! Preparing for the conversation: the round's form, section by section,
//! saved while typed, private until shared.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_domain::meeting::copenhagen_local;
use mus_domain::preparation::{MAX_ANSWER_CHARS, answer_length};
use mus_domain::{
    Answer, Conversation, Party, Preparation, Question, QuestionKind, Round, Section, Template,
    UserId,
};

use crate::autosave::{Answers, Autosave, SaveState};
use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::confirm::{Confirm, ask};
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_document_title, use_lang};
use crate::drafts::DraftKey;
use crate::focus;
use crate::i18n::{self, Failure, Key, t};
use crate::pages::plan::PlanPrepCard;
use crate::pages::record::follow_up::PreviousAgreementsCard;
use crate::routing;
use crate::time;

#[derive(Debug, Clone)]
struct PreparationData {
    conversation: Conversation,
    round: Round,
    template: Template,
    side: Party,
    preparation: Preparation,
}

#[component]
pub fn PreparationPage() -> impl IntoView {
    use_document_title(Key::TitlePreparation);
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            let side = side_in(&conversation, &me)?;
            let round = client.round(conversation.round_id).await?;
            let template = client.template(conversation.template_id).await?;
            let preparation = client.preparation(conversation.id, side).await?;
            Ok(PreparationData {
                conversation,
                round,
                template,
                side,
                preparation,
            })
        },
    );
    view! {
        <div class="page">
            {show_loaded(data, |me, data| view! { <Preparing author=me.id data /> })}
        </div>
    }
}

/// The form as the caller sees it: only their questions, and only sections
/// that have any.
pub(crate) fn own_sections(template: &Template, side: Party) -> Vec<Section> {
    template
        .content
        .sections
        .iter()
        .map(|section| Section {
            questions: section
                .questions
                .iter()
                .filter(|q| q.answered_by.asks(side))
                .cloned()
                .collect(),
            ..section.clone()
        })
        .filter(|section| !section.questions.is_empty())
        .collect()
}

pub(crate) fn is_answered(answers: &Answers, key: &str) -> bool {
    answers.get(key).is_some_and(|answer| match answer {
        Answer::Text(text) => !text.trim().is_empty(),
        Answer::Choices(chosen) => !chosen.is_empty(),
        Answer::Scale(_) => true,
    })
}

#[component]
fn Preparing(author: UserId, data: PreparationData) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let PreparationData {
        conversation,
        round,
        template,
        side,
        preparation,
    } = data;
    let open = conversation.status.is_before_meeting();
    let key = DraftKey::conversation(author, conversation.id, side);
    let saver = Autosave::start(client, key, preparation.clone().into(), open);
    let answers = saver.answers;
    let state = saver.state;
    let saver = StoredValue::new_local(saver);

    let sections = own_sections(&template, side);
    let section_count = sections.len();
    let keys: Vec<String> = sections
        .iter()
        .flat_map(|s| s.questions.iter().map(|q| q.key.clone()))
        .collect();
    let total = keys.len();
    let answered = Memo::new(move |_| {
        answers.with(|answers| keys.iter().filter(|k| is_answered(answers, k)).count())
    });
    let current = RwSignal::new(0_usize);
    let shared_at = RwSignal::new(preparation.shared_at);

    let other = match side {
        Party::Employee => conversation.manager.name.clone(),
        Party::Manager => conversation.employee.name.clone(),
    };
    let with_whom = other.clone();
    let round_name = conversation.round_name.clone();
    let conversation_id = conversation.id;
    let employee_id = conversation.employee.id;

    let steps = sections
        .iter()
        .enumerate()
        .map(|(index, section)| {
            let title = section.title.clone();
            let keys: Vec<String> = section.questions.iter().map(|q| q.key.clone()).collect();
            let of = keys.len();
            let done = Memo::new(move |_| {
                answers.with(|answers| keys.iter().filter(|k| is_answered(answers, k)).count())
            });
            view! {
                <li>
                    <button
                        type="button"
                        class="step"
                        class:current=move || current.get() == index
                        aria-current=move || (current.get() == index).then_some("step")
                        on:click=move |_| current.set(index)
                    >
                        <span class="step-title">{title}</span>
                        <span class="step-count">
                            {move || i18n::answered_of(lang.get(), done.get(), of)}
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();

    let pages = sections
        .into_iter()
        .enumerate()
        .map(|(index, section)| {
            let Section {
                title,
                intro,
                questions,
            } = section;
            let heading_id = format!("section-{index}");
            let labelled_by = heading_id.clone();
            let questions = questions
                .into_iter()
                .map(|question| view! { <QuestionField question saver state /> })
                .collect_view();
            view! {
                <section
                    class="card form-section"
                    aria-labelledby=labelled_by
                    hidden=move || current.get() != index
                    data-testid="form-section"
                >
                    <p class="small muted">
                        {move || i18n::section_of(lang.get(), index + 1, section_count)}
                    </p>
                    <h2 id=heading_id>{title}</h2>
                    {intro
                        .filter(|intro| !intro.trim().is_empty())
                        .map(|intro| view! { <p class="lead">{intro}</p> })}
                    <div class="questions">{questions}</div>
                    <div class="actions section-nav">
                        {(index > 0)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        on:click=move |_| go_to(current, index - 1)
                                    >
                                        {move || t(lang.get(), Key::PreviousSection)}
                                    </button>
                                }
                            })}
                        {(index + 1 < section_count)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-primary"
                                        data-testid="next-section"
                                        on:click=move |_| go_to(current, index + 1)
                                    >
                                        {move || t(lang.get(), Key::NextSection)}
                                    </button>
                                }
                            })}
                    </div>
                </section>
            }
        })
        .collect_view();

    view! {
        <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::conversation(conversation_id)>{round_name}</A>
        </nav>
        <h1>{move || t(lang.get(), Key::PreparationHeading)}</h1>
        <p class="lead">{move || i18n::preparing_with(lang.get(), &with_whom, open)}</p>
        <ConflictPanel saver template=template.clone() side />
        {(!open)
            .then(|| {
                view! {
                    <p class="notice notice-info" role="status">
                        {move || t(lang.get(), Key::PreparationClosed)}
                    </p>
                }
            })}
        <div class="prep-layout">
            <div class="prep-main">
                <div class="save-bar" data-testid="save-bar">
                    <SaveStatus saver bar=true />
                    <span class="small muted">
                        {move || i18n::answered_of(lang.get(), answered.get(), total)}
                    </span>
                </div>
                <nav class="steps" aria-label=move || t(lang.get(), Key::SectionsNav)>
                    <ol>{steps}</ol>
                </nav>
                {pages}
            </div>
            <aside class="prep-side">
                <section class="card" aria-labelledby="progress-heading">
                    <h2 id="progress-heading">{move || t(lang.get(), Key::ProgressHeading)}</h2>
                    <label for="prep-progress" data-testid="progress-text">
                        {move || i18n::answered_of(lang.get(), answered.get(), total)}
                    </label>
                    <progress
                        id="prep-progress"
                        max=total.max(1).to_string()
                        value=move || answered.get().to_string()
                    ></progress>
                    <SaveStatus saver />
                </section>
                <ShareCard
                    conversation_id
                    side
                    other=other.clone()
                    simultaneous=round.simultaneous_reveal
                    open
                    shared_at
                    state
                    unanswered=Signal::derive(move || total - answered.get())
                    total
                />
                {open.then(|| view! { <PreviousAgreementsCard id=conversation_id side /> })}
                {open
                    .then(|| {
                        view! {
                            <PlanPrepCard
                                employee=employee_id
                                own=side == Party::Employee
                            />
                        }
                    })}
                <p>
                    <A href=routing::meeting(conversation_id)>
                        {move || t(lang.get(), Key::LinkMeeting)}
                    </A>
                </p>
            </aside>
        </div>
    }
}

/// Moves to another section and puts the keyboard focus on its heading, so
/// that a screen reader announces where the person is now.
fn go_to(current: RwSignal<usize>, index: usize) {
    current.set(index);
    crate::focus::focus_id(format!("section-{index}"));
}

pub(crate) type Saver = StoredValue<Rc<Autosave>, LocalStorage>;

fn edit(saver: Saver, key: &str, answer: Option<Answer>) {
    saver.try_with_value(|saver| saver.edit(key, answer));
}

#[component]
pub(crate) fn QuestionField(
    question: Question,
    saver: Saver,
    state: RwSignal<SaveState>,
) -> impl IntoView {
    let lang = use_lang();
    let answers = saver.with_value(|s| s.answers);
    let Question {
        key,
        prompt,
        help,
        kind,
        ..
    } = question;
    let id = format!("q-{key}");
    let help_id = format!("{id}-help");
    let described_by = help.as_ref().map(|_| help_id.clone());
    let help = help.map(|help| view! { <p id=help_id class="help">{help}</p> });
    let disabled = move || state.get() == SaveState::Closed;

    match kind {
        QuestionKind::Text => {
            let current = {
                let key = key.clone();
                move || match answers.with(|a| a.get(&key).cloned()) {
                    Some(Answer::Text(text)) => text,
                    _ => String::new(),
                }
            };
            let question_key = key.clone();
            // The length rule is the server's (`over_long_answers`); the
            // count and the refusal are shown where the text is typed.
            let length = {
                let current = current.clone();
                Memo::new(move |_| answer_length(&current()))
            };
            let too_long = move || length.get() > MAX_ANSWER_CHARS;
            let count_id = format!("{id}-count");
            let error_id = format!("{id}-error");
            let described_by = {
                let (count_id, error_id) = (count_id.clone(), error_id.clone());
                move || {
                    let mut ids: Vec<String> = described_by.iter().cloned().collect();
                    ids.push(count_id.clone());
                    if too_long() {
                        ids.push(error_id.clone());
                    }
                    ids.join(" ")
                }
            };
            let error = {
                let error_id = error_id.clone();
                move || {
                    too_long().then(|| {
                        view! {
                            <p id=error_id.clone() class="field-error" role="alert" data-testid="answer-too-long">
                                {move || i18n::answer_too_long(lang.get(), length.get())}
                            </p>
                        }
                    })
                }
            };
            view! {
                <div class="field question" data-question=question_key>
                    <label for=id.clone()>{prompt}</label>
                    {help}
                    <textarea
                        id=id
                        rows="5"
                        aria-describedby=described_by
                        aria-invalid=move || too_long().to_string()
                        disabled=disabled
                        prop:value=current
                        on:input=move |event| {
                            let text = event_target_value(&event);
                            let answer = (!text.is_empty()).then_some(Answer::Text(text));
                            edit(saver, &key, answer);
                        }
                    ></textarea>
                    <p id=count_id class="char-count" class:over=too_long data-testid="char-count">
                        {move || i18n::char_count(lang.get(), length.get(), MAX_ANSWER_CHARS)}
                    </p>
                    {error}
                </div>
            }
            .into_any()
        }
        QuestionKind::Scale { labels } => {
            let options = (1..=5_u8)
                .map(|point| {
                    let label = labels
                        .get(usize::from(point) - 1)
                        .filter(|l| !l.trim().is_empty())
                        .cloned();
                    let input_id = format!("{id}-{point}");
                    let key = key.clone();
                    let checked = {
                        let key = key.clone();
                        move || answers.with(|a| a.get(&key) == Some(&Answer::Scale(point)))
                    };
                    view! {
                        <div class="scale-point">
                            <input
                                type="radio"
                                id=input_id.clone()
                                name=id.clone()
                                value=point.to_string()
                                disabled=disabled
                                prop:checked=checked
                                on:change=move |_| edit(saver, &key, Some(Answer::Scale(point)))
                            />
                            <label for=input_id>
                                <span class="scale-number">{point}</span>
                                {label.map(|l| view! { <span class="scale-label">{l}</span> })}
                            </label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question scale" data-question=key.clone() aria-describedby=described_by>
                    <legend>{prompt}</legend>
                    {help}
                    <div class="scale-points">{options}</div>
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::SingleChoice { options } => {
            let options = options
                .into_iter()
                .enumerate()
                .map(|(n, option)| {
                    let input_id = format!("{id}-{n}");
                    let key = key.clone();
                    let chosen = Answer::Text(option.clone());
                    let checked = {
                        let key = key.clone();
                        let chosen = chosen.clone();
                        move || answers.with(|a| a.get(&key) == Some(&chosen))
                    };
                    view! {
                        <div class="choice">
                            <input
                                type="radio"
                                id=input_id.clone()
                                name=id.clone()
                                disabled=disabled
                                prop:checked=checked
                                on:change=move |_| edit(saver, &key, Some(chosen.clone()))
                            />
                            <label for=input_id>{option}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question choices" data-question=key.clone() aria-describedby=described_by>
                    <legend>{prompt}</legend>
                    {help}
                    {options}
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::MultipleChoice { options } => {
            let all = options.clone();
            let views = options
                .into_iter()
                .enumerate()
                .map(|(n, option)| {
                    let input_id = format!("{id}-{n}");
                    let key = key.clone();
                    let all = all.clone();
                    let checked = {
                        let key = key.clone();
                        let option = option.clone();
                        move || {
                            answers.with(|a| match a.get(&key) {
                                Some(Answer::Choices(chosen)) => chosen.contains(&option),
                                _ => false,
                            })
                        }
                    };
                    let this = option.clone();
                    view! {
                        <div class="choice">
                            <input
                                type="checkbox"
                                id=input_id.clone()
                                disabled=disabled
                                prop:checked=checked
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    let mut chosen = match answers.with_untracked(|a| a.get(&key).cloned()) {
                                        Some(Answer::Choices(chosen)) => chosen,
                                        _ => Vec::new(),
                                    };
                                    chosen.retain(|c| c != &this);
                                    if on {
                                        chosen.push(this.clone());
                                    }
                                    // In the form's order, whatever the order of clicks.
                                    chosen.sort_by_key(|c| all.iter().position(|o| o == c));
                                    let answer = (!chosen.is_empty()).then_some(Answer::Choices(chosen));
                                    edit(saver, &key, answer);
                                }
                            />
                            <label for=input_id>{option}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question choices" data-question=key.clone() aria-describedby=described_by>
                    <legend>{prompt}</legend>
                    {help}
                    {views}
                </fieldset>
            }
            .into_any()
        }
    }
}

/// Where the typed text is: on the server, on its way, or kept in this
/// browser until the server can be reached.
///
/// `bar`: the one line only, for the bar that stays in sight while typing on
/// a small screen. The stylesheet shows the bar's line or the card's, never
/// both, so a screen reader hears each change once.
#[component]
pub(crate) fn SaveStatus(saver: Saver, #[prop(optional)] bar: bool) -> impl IntoView {
    let lang = use_lang();
    let (state, saved_at, kept_locally) =
        saver.with_value(|s| (s.state, s.saved_at, s.kept_locally));
    let text = move || {
        let lang = lang.get();
        match state.get() {
            SaveState::Saved => match saved_at.get() {
                Some(at) => i18n::saved_at(lang, &time::clock(lang, copenhagen_local(at).time())),
                None => t(lang, Key::SaveNothingYet).to_owned(),
            },
            SaveState::Unsaved => t(lang, Key::SaveUnsaved).to_owned(),
            SaveState::Saving => t(lang, Key::SaveSaving).to_owned(),
            SaveState::Offline => t(lang, Key::SaveOffline).to_owned(),
            SaveState::Conflict => t(lang, Key::SaveConflict).to_owned(),
            SaveState::SignedOut => t(lang, Key::SaveSignedOut).to_owned(),
            SaveState::Closed => t(lang, Key::PreparationClosed).to_owned(),
            SaveState::TooLong => t(lang, Key::SaveTooLong).to_owned(),
            SaveState::Failed(failure) => format!(
                "{} {}",
                t(lang, Key::SaveFailed),
                t(lang, failure.message_key())
            ),
        }
    };
    let name = move || match state.get() {
        SaveState::Saved => "saved",
        SaveState::Unsaved => "unsaved",
        SaveState::Saving => "saving",
        SaveState::Offline => "offline",
        SaveState::Conflict => "conflict",
        SaveState::SignedOut => "signed-out",
        SaveState::Closed => "closed",
        SaveState::TooLong => "too-long",
        SaveState::Failed(_) => "failed",
    };
    let login = move || {
        (state.get() == SaveState::SignedOut).then(|| {
            let here = window().location().pathname().unwrap_or_default();
            view! {
                <a href=routing::login_href(&here)>{move || t(lang.get(), Key::GoToLogin)}</a>
            }
        })
    };
    let line = view! {
        <p
            class="save-state"
            data-testid=if bar { "save-bar-state" } else { "save-state" }
            data-state=name
            role="status"
            aria-live="polite"
        >
            <span class="save-dot" aria-hidden="true"></span>
            {text}
        </p>
    };
    if bar {
        return line.into_any();
    }
    view! {
        {line}
        {login}
        <Show when=move || !kept_locally.get()>
            <p class="small notice notice-warning">
                {move || t(lang.get(), Key::NotKeptLocally)}
            </p>
        </Show>
    }
    .into_any()
}

/// The server has another text than the one typed here: both are shown, and
/// the author keeps one.
#[component]
pub(crate) fn ConflictPanel(saver: Saver, template: Template, side: Party) -> impl IntoView {
    let lang = use_lang();
    let (conflict, answers) = saver.with_value(|s| (s.conflict, s.answers));
    let questions: Vec<Question> = own_sections(&template, side)
        .into_iter()
        .flat_map(|s| s.questions)
        .collect();
    let differences = move || {
        let server = conflict.get()?;
        let mine = answers.get();
        let rows = questions
            .iter()
            .filter(|q| mine.get(&q.key) != server.get(&q.key))
            .map(|q| {
                let lang = lang.get();
                let (mine, theirs) = (
                    i18n::answer_text(lang, &q.kind, mine.get(&q.key)),
                    i18n::answer_text(lang, &q.kind, server.get(&q.key)),
                );
                view! {
                    <div class="conflict-item">
                        <h3>{q.prompt.clone()}</h3>
                        <div class="side-by-side">
                            <div>
                                <h4>{t(lang, Key::ConflictMine)}</h4>
                                <p class="answer" data-testid="conflict-mine">{mine}</p>
                            </div>
                            <div>
                                <h4>{t(lang, Key::ConflictTheirs)}</h4>
                                <p class="answer" data-testid="conflict-theirs">{theirs}</p>
                            </div>
                        </div>
                    </div>
                }
            })
            .collect_view();
        Some(rows)
    };
    view! {
        <Show when=move || conflict.with(Option::is_some)>
            <section class="card card-alert" role="alert" aria-labelledby="conflict-heading" data-testid="conflict">
                <h2 id="conflict-heading">{move || t(lang.get(), Key::ConflictHeading)}</h2>
                <p>{move || t(lang.get(), Key::ConflictIntro)}</p>
                {differences.clone()}
                <div class="actions">
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="keep-mine"
                        on:click=move |_| {
                            saver.try_with_value(|s| s.keep_mine());
                        }
                    >
                        {move || t(lang.get(), Key::ConflictKeepMine)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet"
                        data-testid="keep-theirs"
                        on:click=move |_| {
                            saver.try_with_value(|s| s.keep_theirs());
                        }
                    >
                        {move || t(lang.get(), Key::ConflictKeepTheirs)}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// Sharing, with a plain statement of who can see what before and after.
#[component]
fn ShareCard(
    conversation_id: mus_domain::ConversationId,
    side: Party,
    other: String,
    simultaneous: bool,
    open: bool,
    shared_at: RwSignal<Option<DateTime<Utc>>>,
    state: RwSignal<SaveState>,
    /// Questions of the form for this side still without an answer.
    unanswered: Signal<usize>,
    total: usize,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let confirming = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let other = StoredValue::new(other);

    let share = move |()| {
        if sharing.get_untracked() {
            return;
        }
        sharing.set(true);
        error.set(None);
        let client = client.clone();
        spawn_local(async move {
            match client.share_preparation(conversation_id, side).await {
                Ok(preparation) => {
                    let _ = shared_at.try_set(preparation.shared_at);
                    let _ = confirming.try_set(false);
                    // The buttons are gone; the message saying so takes the focus.
                    focus::focus_id("shared-notice");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                    // Back to the button that was disabled while it ran.
                    focus::focus_id("share-confirm-button");
                }
            }
            let _ = sharing.try_set(false);
        });
    };
    let ready = move || state.get() == SaveState::Saved;

    let heading = move || {
        other.with_value(|other| match side {
            Party::Employee => i18n::share_with_manager(lang.get(), other),
            Party::Manager => i18n::share_with_employee(lang.get(), other),
        })
    };

    view! {
        <section class="card share-card" aria-labelledby="share-heading" data-testid="share-card">
            <h2 id="share-heading">{move || t(lang.get(), Key::ShareHeading)}</h2>
            {move || match shared_at.get() {
                Some(at) => {
                    view! {
                        <p class="notice notice-success" id="shared-notice" data-testid="shared-notice">
                            {move || other.with_value(|o| i18n::shared_with_at(lang.get(), o, at))}
                        </p>
                        <p class="small">
                            {move || other.with_value(|o| i18n::after_sharing(lang.get(), o))}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    let share = share.clone();
                    view! {
                        <dl class="visibility">
                            <dt>{move || t(lang.get(), Key::VisibilityNow)}</dt>
                            <dd>{move || other.with_value(|o| i18n::before_sharing(lang.get(), o))}</dd>
                            <dt>{move || t(lang.get(), Key::VisibilityAfter)}</dt>
                            <dd>{move || other.with_value(|o| i18n::after_sharing(lang.get(), o))}</dd>
                        </dl>
                        {simultaneous
                            .then(|| {
                                view! {
                                    <p class="small">{move || t(lang.get(), Key::SimultaneousReveal)}</p>
                                }
                            })}
                        {open
                            .then(|| {
                                view! {
                                    <Show
                                        when=move || confirming.get()
                                        fallback=move || {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button button-primary"
                                                    id="share-button"
                                                    data-testid="share"
                                                    disabled=move || !ready()
                                                    on:click=move |_| ask(confirming, "share-confirm-button")
                                                >
                                                    {heading}
                                                </button>
                                                <Show when=move || !ready()>
                                                    <p class="small muted">
                                                        {move || t(lang.get(), Key::ShareWaitForSave)}
                                                    </p>
                                                </Show>
                                            }
                                        }
                                    >
                                        <Confirm
                                            open=confirming
                                            question_id="share-confirm"
                                            return_to="share-button"
                                            confirm_id="share-confirm-button"
                                            confirm_testid="share-confirm"
                                            confirm_label=Signal::derive(move || t(lang.get(), Key::ShareConfirm).to_owned())
                                            busy=Signal::derive(move || sharing.get() || !ready())
                                            on_confirm=Callback::new(share.clone())
                                            described_by="share-unanswered"
                                        >
                                            <p id="share-confirm">
                                                {move || {
                                                    other.with_value(|o| i18n::share_confirm(lang.get(), o))
                                                }}
                                            </p>
                                            {move || {
                                                let left = unanswered.get();
                                                (left > 0)
                                                    .then(|| {
                                                        view! {
                                                            <p class="notice notice-warning" id="share-unanswered" data-testid="share-unanswered">
                                                                {move || i18n::unanswered_before_sharing(lang.get(), left, total)}
                                                            </p>
                                                        }
                                                    })
                                            }}
                                        </Confirm>
                                    </Show>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
            {move || {
                error
                    .get()
                    .map(|failure| {
                        view! { <FailureNotice failure=failure /> }
                    })
            }}
        </section>
    }
}
