//! A member's own preparation from the group form, private until shared
//! and saved while typed (as the conversation's preparation is), and the
//! preparations the members have shared with the group.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_domain::{GroupPreparation, GroupStatus, Party, Template};

use super::Ctx;
use super::texts::{self, Text, tx};
use crate::autosave::{Autosave, SaveState};
use crate::components::confirm::{Confirm, ask};
use crate::components::load::FailureNotice;
use crate::context::use_lang;
use crate::drafts::DraftKey;
use crate::focus;
use crate::i18n::{self, Failure};
use crate::pages::preparation::{ConflictPanel, QuestionField, SaveStatus, own_sections};

/// The questions a member answers: those for the employee side, or both.
const MEMBER_SIDE: Party = Party::Employee;

#[component]
pub(super) fn PreparationCard(
    ctx: Ctx,
    template: Template,
    preparation: GroupPreparation,
) -> impl IntoView {
    let lang = use_lang();
    let open = matches!(
        ctx.group.with_untracked(|g| g.status),
        GroupStatus::Preparing | GroupStatus::Scheduled
    );
    let key = DraftKey::group(ctx.me, ctx.id);
    let shared_at = RwSignal::new(preparation.shared_at);
    let saver = Autosave::start(ctx.client.get_value(), key, preparation.into(), open);
    let state = saver.state;
    let saver = StoredValue::new_local(saver);
    let sections = own_sections(&template, MEMBER_SIDE);

    let confirming = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let share = move |()| {
        if sharing.get_untracked() {
            return;
        }
        sharing.set(true);
        error.set(None);
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client.share_group_preparation(ctx.id).await {
                Ok(preparation) => {
                    let _ = shared_at.try_set(preparation.shared_at);
                    let _ = confirming.try_set(false);
                    focus::focus_id("group-shared-notice");
                    ctx.reload();
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                    focus::focus_id("group-share-confirm");
                }
            }
            let _ = sharing.try_set(false);
        });
    };
    let ready = move || state.get() == SaveState::Saved;

    let sections = sections
        .into_iter()
        .enumerate()
        .map(|(index, section)| {
            let heading_id = format!("group-section-{index}");
            let questions = section
                .questions
                .into_iter()
                .map(|question| view! { <QuestionField question saver state /> })
                .collect_view();
            view! {
                <section class="form-section group-prep-section" aria-labelledby=heading_id.clone()>
                    <h3 id=heading_id.clone()>{section.title}</h3>
                    {section
                        .intro
                        .filter(|intro| !intro.trim().is_empty())
                        .map(|intro| view! { <p class="small muted">{intro}</p> })}
                    <div class="questions">{questions}</div>
                </section>
            }
        })
        .collect_view();

    view! {
        <section class="card" id="group-preparation" aria-labelledby="group-prep-heading" data-testid="group-preparation">
            <h2 id="group-prep-heading">{move || tx(lang.get(), Text::PrepHeading)}</h2>
            {move || match shared_at.get() {
                None => {
                    view! {
                        <p class="notice notice-info private-note" data-testid="private-note">
                            {move || tx(lang.get(), Text::PrepPrivate)}
                        </p>
                    }
                        .into_any()
                }
                Some(at) => {
                    view! {
                        <p class="notice notice-success" id="group-shared-notice" tabindex="-1" data-testid="group-shared-notice">
                            {move || texts::shared_on(lang.get(), at)}
                        </p>
                        <p class="small">{move || tx(lang.get(), Text::PrepAfterShare)}</p>
                    }
                        .into_any()
                }
            }}
            <ConflictPanel saver template side=MEMBER_SIDE />
            {if open {
                view! { <SaveStatus saver /> {sections} }.into_any()
            } else {
                // Closed, the answers are a record: folded away, as they
                // also stand among the shared ones if they were shared.
                view! {
                    <p class="notice" role="status">{move || tx(lang.get(), Text::PrepClosed)}</p>
                    <details class="closed-preparation">
                        <summary>{move || tx(lang.get(), Text::ShowMyAnswers)}</summary>
                        {sections}
                    </details>
                }
                    .into_any()
            }}
            {open
                .then(|| {
                    view! {
                        <Show when=move || shared_at.with(Option::is_none)>
                            <Show
                                when=move || confirming.get()
                                fallback=move || {
                                    view! {
                                        <div class="actions">
                                            <button
                                                type="button"
                                                class="button button-primary"
                                                id="group-share"
                                                data-testid="group-share"
                                                disabled=move || !ready()
                                                on:click=move |_| ask(confirming, "group-share-confirm")
                                            >
                                                {move || tx(lang.get(), Text::ShareButton)}
                                            </button>
                                            <Show when=move || !ready()>
                                                <span class="small muted">{move || tx(lang.get(), Text::ShareWaitForSave)}</span>
                                            </Show>
                                        </div>
                                    }
                                }
                            >
                                <Confirm
                                    open=confirming
                                    question_id="group-share-question"
                                    return_to="group-share"
                                    confirm_id="group-share-confirm"
                                    confirm_testid="group-share-confirm"
                                    confirm_label=Signal::derive(move || tx(lang.get(), Text::ShareConfirm).to_owned())
                                    busy=Signal::derive(move || sharing.get() || !ready())
                                    on_confirm=Callback::new(share)
                                >
                                    <p id="group-share-question">{move || tx(lang.get(), Text::ShareQuestion)}</p>
                                </Confirm>
                            </Show>
                        </Show>
                    }
                })}
            {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
        </section>
    }
}

/// What the members have shared with the group, one member at a time.
#[component]
pub(super) fn SharedCard(ctx: Ctx, template: Template) -> impl IntoView {
    let lang = use_lang();
    let questions: Vec<mus_domain::Question> = template
        .content
        .sections
        .into_iter()
        .flat_map(|s| s.questions)
        .collect();
    let questions = StoredValue::new(questions);
    view! {
        <section class="card" aria-labelledby="group-shared-heading" data-testid="group-shared">
            <h2 id="group-shared-heading">{move || tx(lang.get(), Text::SharedHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::SharedIntro)}</p>
            {move || {
                let shared = ctx.group.with(|g| g.shared_preparations.clone());
                if shared.is_empty() {
                    return view! { <p class="muted">{move || tx(lang.get(), Text::NoneShared)}</p> }.into_any();
                }
                shared
                    .into_iter()
                    .map(|preparation| {
                        let at = preparation.shared_at;
                        let answers = preparation.answers;
                        let rows = questions.with_value(|questions| {
                            questions
                                .iter()
                                .filter(|q| answers.contains_key(&q.key))
                                .map(|q| {
                                    let answer = answers.get(&q.key).cloned();
                                    let kind = q.kind.clone();
                                    view! {
                                        <div class="shared-answer">
                                            <h4>{q.prompt.clone()}</h4>
                                            <p class="answer prewrap">{move || i18n::answer_text(lang.get(), &kind, answer.as_ref())}</p>
                                        </div>
                                    }
                                })
                                .collect_view()
                        });
                        view! {
                            <details class="shared-preparation" data-testid="shared-preparation">
                                <summary>
                                    <strong>{preparation.person.name.clone()}</strong>
                                    <span class="small muted">" · " {move || texts::shared_on(lang.get(), at)}</span>
                                </summary>
                                {rows}
                            </details>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}
