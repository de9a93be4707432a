//! The year after the summary: the agreements' progress, the quarterly
//! check-ins, and (before the next conversation) last year's agreements to
//! mark done, carry over or drop.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;

use mus_domain::{
    Agreement, AgreementId, AgreementPatch, AgreementQuery, AgreementStatus, CheckIn,
    CheckInCompletion, CheckInEntry, Conversation, ConversationId, Me, Party, PreviousAgreement,
    ReviewDecision, UserId,
};

use super::texts::{self, Text, tx};
use crate::components::access::{conversation_param, not_found, side_in};
use crate::components::conversation::StatusBadge;
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::focus;
use crate::i18n::{self, Failure, Key, t};
use crate::{routing, time};

/// Progress typed into an agreement's form and not saved yet: its status
/// and note. Completing a check-in records these, so nothing typed is lost
/// and progress is written in one place only.
type Drafts = RwSignal<HashMap<AgreementId, (AgreementStatus, String)>>;

#[derive(Debug, Clone)]
struct FollowUpData {
    conversation: Conversation,
    agreements: Vec<Agreement>,
    check_ins: Vec<CheckIn>,
}

#[component]
pub fn FollowUpPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleFollowUp));
    let params = use_params_map();
    let data = use_loader(
        move || conversation_param(params),
        |client, me, id| async move {
            let conversation = client.conversation(id.ok_or_else(not_found)?).await?;
            side_in(&conversation, &me)?;
            let check_ins = client.check_ins(conversation.id).await?;
            let agreements = super::all_agreements(
                &client,
                AgreementQuery {
                    person: Some(conversation.employee.id),
                    ..AgreementQuery::default()
                },
            )
            .await?
            .into_iter()
            .filter(|a| a.conversation_id == conversation.id)
            .collect();
            Ok(FollowUpData {
                conversation,
                agreements,
                check_ins,
            })
        },
    );
    view! {
        <div class="page">
            {show_loaded(data, |me, data| view! { <FollowUpView me data /> })}
        </div>
    }
}

#[component]
fn FollowUpView(me: Me, data: FollowUpData) -> impl IntoView {
    let lang = use_lang();
    let FollowUpData {
        conversation,
        agreements,
        check_ins,
    } = data;
    let _ = me;
    let id = conversation.id;
    let employee = conversation.employee.id;
    let status = conversation.status;
    let names = (
        conversation.employee.name.clone(),
        conversation.manager.name.clone(),
    );
    let agreements = RwSignal::new(agreements);
    let check_ins = RwSignal::new(check_ins);
    let drafts: Drafts = RwSignal::new(HashMap::new());
    let today = time::today();
    // The next check-in to hold is the earliest not yet completed.
    let next_open = Memo::new(move |_| {
        check_ins.with(|list| list.iter().find(|c| c.completed_at.is_none()).map(|c| c.id))
    });

    view! {
        <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::conversation(id)>{conversation.round_name.clone()}</A>
        </nav>
        <header class="page-head">
            <h1>{move || tx(lang.get(), Text::CheckInsHeading)}</h1>
            <StatusBadge status />
        </header>
        <p class="lead">{move || i18n::conversation_between(lang.get(), &names.0, &names.1)}</p>
        <p class="muted">{move || tx(lang.get(), Text::CheckInsIntro)}</p>
        <div class="grid grid-even">
            <section class="card" aria-labelledby="progress-heading" data-testid="agreement-progress">
                <h2 id="progress-heading">{move || tx(lang.get(), Text::ProgressBetween)}</h2>
                <p class="small muted">{move || tx(lang.get(), Text::ProgressIntro)}</p>
                {move || {
                    agreements
                        .with(Vec::is_empty)
                        .then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })
                }}
                <ul class="plain-list">
                    <For
                        each=move || agreements.get()
                        key=|agreement| (agreement.id, agreement.updated_at)
                        children=move |agreement| view! { <AgreementProgress agreement agreements drafts /> }
                    />
                </ul>
            </section>
            <section class="card" aria-labelledby="checkins-heading" data-testid="check-ins">
                <h2 id="checkins-heading">{move || tx(lang.get(), Text::CheckInsHeading)}</h2>
                {move || {
                    check_ins
                        .with(Vec::is_empty)
                        .then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoCheckInsYet)}</p> })
                }}
                <ol class="plain-list check-in-list">
                    {move || {
                        check_ins
                            .get()
                            .into_iter()
                            .map(|check_in| {
                                let open = next_open.get() == Some(check_in.id);
                                view! { <CheckInItem check_in employee open today agreements drafts check_ins /> }
                            })
                            .collect_view()
                    }}
                </ol>
            </section>
        </div>
    }
}

/// A status select and a note for one agreement: the one place on the page
/// where progress is written. Saved on its own, or by completing a check-in.
#[component]
fn AgreementProgress(
    agreement: Agreement,
    agreements: RwSignal<Vec<Agreement>>,
    drafts: Drafts,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let agreement_id = agreement.id;
    // A draft outlives the form being drawn again (a check-in completed, an
    // agreement saved): start from it when there is one.
    let (start_status, start_note) = drafts
        .with_untracked(|d| d.get(&agreement_id).cloned())
        .unwrap_or_else(|| (agreement.status, agreement.note.clone()));
    let status = RwSignal::new(start_status);
    let note = RwSignal::new(start_note);
    let saved = (agreement.status, agreement.note.clone());
    Effect::new(move |_| {
        let typed = (status.get(), note.get());
        let unchanged = typed == saved;
        drafts.update(|d| {
            if unchanged {
                d.remove(&agreement_id);
            } else {
                d.insert(agreement_id, typed);
            }
        });
    });
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<Result<(), Failure>>);
    let dom = format!("agreement-{agreement_id}");
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let sent = (status.get_untracked(), note.get_untracked());
        let patch = AgreementPatch {
            status: Some(sent.0),
            note: Some(sent.1.clone()),
        };
        let client = client.clone();
        spawn_local(async move {
            match client.update_agreement(agreement_id, &patch).await {
                Ok(updated) => {
                    // Saved is what was sent; anything typed since stays a
                    // draft, and the row drawn anew starts from it.
                    drafts.update(|d| {
                        if d.get(&agreement_id) == Some(&sent) {
                            d.remove(&agreement_id);
                        }
                    });
                    focus::announce(tx(lang.get_untracked(), Text::SavedNotice));
                    focus::focus_id(format!("agreement-{agreement_id}-status"));
                    agreements.update(|list| {
                        if let Some(slot) = list.iter_mut().find(|a| a.id == updated.id) {
                            *slot = updated;
                        }
                    });
                }
                Err(error) => {
                    let _ = message.try_set(Some(Err(Failure::from(error))));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <li class="agreement-progress" data-testid="progress-item" data-agreement=agreement_id.to_string()>
            <AgreementSummaryLine agreement=agreement.clone() />
            <form class="form form-inline" on:submit=save novalidate>
                <div class="field">
                    <label for=format!("{dom}-status")>{move || tx(lang.get(), Text::AgreementStatus)}</label>
                    <StatusSelect id=format!("{dom}-status") value=status />
                </div>
                <div class="field">
                    <label for=format!("{dom}-note")>{move || tx(lang.get(), Text::AgreementNote)}</label>
                    <textarea id=format!("{dom}-note") rows="2" maxlength="4000" bind:value=note></textarea>
                </div>
                <button type="submit" class="button button-quiet button-small" disabled=move || busy.get()>
                    {move || tx(lang.get(), Text::SaveProgress)}
                </button>
                {move || {
                    drafts
                        .with(|d| d.contains_key(&agreement_id))
                        .then(|| view! { <span class="small muted" data-testid="progress-unsaved">{move || tx(lang.get(), Text::UnsavedChanges)}</span> })
                }}
                {move || {
                    message
                        .get()
                        .and_then(Result::err)
                        .map(|f| view! { <FailureNotice failure=f /> })
                }}
            </form>
        </li>
    }
}

/// An agreement's title with owner, due date and an overdue mark.
#[component]
pub fn AgreementSummaryLine(agreement: Agreement) -> impl IntoView {
    let lang = use_lang();
    let Agreement {
        title,
        owner,
        category,
        due_on,
        status,
        overdue,
        ..
    } = agreement;
    view! {
        <div class="agreement-line">
            <p class="agreement-title">
                <strong>{title}</strong>
                " "
                <span class=format!("badge badge-agreement-{}", status.as_str().replace('_', "-"))>
                    {move || texts::status(lang.get(), status)}
                </span>
                {overdue
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-overdue" data-testid="overdue">
                                {move || tx(lang.get(), Text::Overdue)}
                            </span>
                        }
                    })}
            </p>
            <p class="small muted">
                {move || texts::owner(lang.get(), owner)}
                " · "
                {move || texts::category(lang.get(), category)}
                {due_on
                    .map(|due| view! { " · " {move || tx(lang.get(), Text::AgreementDue)} " " {move || time::date(lang.get(), due)} })}
            </p>
        </div>
    }
}

#[component]
pub fn StatusSelect(id: String, value: RwSignal<AgreementStatus>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select
            id=id
            on:change=move |e| {
                if let Some(status) = AgreementStatus::parse(&event_target_value(&e)) {
                    value.set(status);
                }
            }
        >
            {AgreementStatus::ALL
                .iter()
                .map(|&status| {
                    view! {
                        <option value=status.as_str() selected=move || value.get() == status>
                            {move || texts::status(lang.get(), status)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn CheckInItem(
    check_in: CheckIn,
    employee: UserId,
    open: bool,
    today: chrono::NaiveDate,
    agreements: RwSignal<Vec<Agreement>>,
    drafts: Drafts,
    check_ins: RwSignal<Vec<CheckIn>>,
) -> impl IntoView {
    let lang = use_lang();
    let months = check_in.months_after;
    let due = check_in.due_on;
    let overdue = CheckIn::is_overdue(due, check_in.completed_at.is_some(), today);
    let completed = check_in.completed_at;
    let entries = check_in.entries.clone();
    let body = if let Some(at) = completed {
        let lines = entries
            .into_iter()
            .map(|entry| {
                let title = agreements.with_untracked(|list| {
                    list.iter()
                        .find(|a| a.id == entry.agreement_id)
                        .map(|a| a.title.clone())
                        .unwrap_or_default()
                });
                let status = entry.status;
                view! {
                    <li>
                        <strong>{title}</strong> ": " {move || texts::status(lang.get(), status)}
                        {(!entry.note.is_empty()).then(|| view! { <span class="muted">" — " {entry.note.clone()}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="small">
                <span class="badge badge-signed">{move || tx(lang.get(), Text::CheckInDone)}</span>
                " " {move || time::moment(lang.get(), at)}
            </p>
            <ul class="small">{lines}</ul>
        }
        .into_any()
    } else if open && !CheckIn::is_open_on(due, today) {
        let opens = CheckIn::opens_on(due);
        view! {
            <p class="small" data-testid="check-in-not-open">
                {move || texts::check_in_opens(lang.get(), opens)}
            </p>
        }
        .into_any()
    } else if open {
        view! { <CheckInForm check_in employee agreements drafts check_ins /> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <li class="check-in" data-testid="check-in" data-completed=completed.is_some().to_string()>
            <h3>
                {move || texts::check_in_after(lang.get(), months)}
                {overdue
                    .then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::CheckInOverdue)}</span> })}
            </h3>
            <p class="small muted">{move || tx(lang.get(), Text::CheckInDue)} " " {move || time::date(lang.get(), due)}</p>
            {body}
        </li>
    }
}

/// Completes a check-in: records where each agreement stands, as it stands
/// in the progress forms (saved or only typed), without a second set of
/// fields to fill in.
#[component]
fn CheckInForm(
    check_in: CheckIn,
    employee: UserId,
    agreements: RwSignal<Vec<Agreement>>,
    drafts: Drafts,
    check_ins: RwSignal<Vec<CheckIn>>,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let check_in_id = check_in.id;
    let conversation_id = check_in.conversation_id;
    // Each agreement still on the table, with the status and note the
    // check-in will record: what is typed if anything is, else what is saved.
    let recorded = Memo::new(move |_| {
        let drafts = drafts.get();
        agreements.with(|list| {
            list.iter()
                .filter(|a| a.carried_into.is_none())
                .map(|a| {
                    let typed = drafts.get(&a.id);
                    let (status, note) =
                        typed.cloned().unwrap_or_else(|| (a.status, a.note.clone()));
                    (a.id, a.title.clone(), status, note, typed.is_some())
                })
                .collect::<Vec<_>>()
        })
    });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let complete = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let completion = CheckInCompletion {
            entries: recorded
                .get_untracked()
                .into_iter()
                .map(|(agreement_id, _, status, note, _)| CheckInEntry {
                    agreement_id,
                    status,
                    note,
                })
                .collect(),
        };
        let sent: HashMap<AgreementId, (AgreementStatus, String)> = completion
            .entries
            .iter()
            .map(|e| (e.agreement_id, (e.status, e.note.clone())))
            .collect();
        let client = client.clone();
        spawn_local(async move {
            match client.complete_check_in(check_in_id, &completion).await {
                Ok(done) => {
                    // What was typed is recorded now; anything typed since
                    // stays a draft.
                    let _ =
                        drafts.try_update(|d| d.retain(|id, typed| sent.get(id) != Some(typed)));
                    focus::announce(tx(lang.get_untracked(), Text::CheckInCompleted));
                    focus::focus_id("checkins-heading");
                    check_ins.update(|list| {
                        if let Some(slot) = list.iter_mut().find(|c| c.id == done.id) {
                            *slot = done;
                        }
                    });
                    // The check-in moved the agreements on; show where they stand now.
                    let query = AgreementQuery {
                        person: Some(employee),
                        ..AgreementQuery::default()
                    };
                    if let Ok(all) = super::all_agreements(&client, query).await {
                        let _ = agreements.try_set(
                            all.into_iter()
                                .filter(|a| a.conversation_id == conversation_id)
                                .collect(),
                        );
                    }
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <form class="form" on:submit=complete novalidate data-testid="check-in-form">
            <p class="small">{move || tx(lang.get(), Text::CheckInRecords)}</p>
            <ul class="small check-in-recorded" data-testid="check-in-recorded">
                {move || {
                    recorded
                        .get()
                        .into_iter()
                        .map(|(_, title, status, note, typed)| {
                            view! {
                                <li>
                                    <strong>{title}</strong>
                                    ": "
                                    {move || texts::status(lang.get(), status)}
                                    {(!note.is_empty()).then(|| view! { <span class="muted">" — " {note.clone()}</span> })}
                                    {typed.then(|| view! { " " <em class="muted">"(" {move || tx(lang.get(), Text::NotSavedYet)} ")"</em> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
            <button type="submit" class="button button-primary" data-testid="complete-check-in" disabled=move || busy.get()>
                {move || tx(lang.get(), Text::CompleteCheckIn)}
            </button>
        </form>
    }
}

/// Last year's agreements, each for this side to mark done, carry over or
/// drop before the new conversation. Shows nothing when there were none.
#[component]
pub fn PreviousAgreementsCard(id: ConversationId, side: Party) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let load_client = client.clone();
    let items = LocalResource::new(move || {
        let client = load_client.clone();
        async move { client.previous_agreements(id).await.map_err(Failure::from) }
    });
    let error = RwSignal::new(None::<Failure>);
    let decide = move |agreement: mus_domain::AgreementId, decision: ReviewDecision| {
        let client = client.clone();
        spawn_local(async move {
            match client
                .review_previous_agreement(id, agreement, decision)
                .await
            {
                Ok(_) => items.refetch(),
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
        });
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let decide = decide.clone();
                items
                    .get()
                    .and_then(Result::ok)
                    .filter(|list| !list.is_empty())
                    .map(|list| {
                        view! {
                            <section class="card" aria-labelledby="previous-heading" data-testid="previous-agreements">
                                <h2 id="previous-heading">{move || tx(lang.get(), Text::PreviousHeading)}</h2>
                                <p class="small muted">{move || tx(lang.get(), Text::PreviousIntro)}</p>
                                <ul class="plain-list">
                                    {list
                                        .into_iter()
                                        .map(|item| view! { <PreviousItem item side decide=decide.clone() /> })
                                        .collect_view()}
                                </ul>
                                {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
                            </section>
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn PreviousItem(
    item: PreviousAgreement,
    side: Party,
    decide: impl Fn(mus_domain::AgreementId, ReviewDecision) + Clone + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let mine = item.decision_of(side);
    let id = item.agreement.id;
    let group = format!("previous-{id}");
    view! {
        <li class="previous-item" data-testid="previous-agreement">
            <AgreementSummaryLine agreement=item.agreement.clone() />
            <fieldset class="choice-row">
                <legend class="visually-hidden">{item.agreement.title.clone()}</legend>
                {[ReviewDecision::Done, ReviewDecision::CarryOver, ReviewDecision::Drop]
                    .into_iter()
                    .map(|decision| {
                        let decide = decide.clone();
                        let input_id = format!("{group}-{}", decision.as_str());
                        view! {
                            <span class="choice">
                                <input
                                    type="radio"
                                    id=input_id.clone()
                                    name=group.clone()
                                    checked=mine == Some(decision)
                                    on:change=move |_| decide(id, decision)
                                />
                                <label for=input_id>{move || texts::decision(lang.get(), decision)}</label>
                            </span>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </li>
    }
}
