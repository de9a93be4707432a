//! The team's agreements once the summary is signed, and the quarterly
//! check-ins on them: the manager records where each agreement stands.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_domain::{
    AgreementStatus, CheckIn, GroupCheckIn, GroupCheckInCompletion, TeamAgreement, TeamAgreementId,
    TeamCheckInEntry,
};

use super::Ctx;
use super::texts::{self, Text, tx};
use crate::components::load::FailureNotice;
use crate::context::use_lang;
use crate::i18n::Failure;
use crate::pages::record::follow_up::StatusSelect;
use crate::pages::record::texts as record_texts;
use crate::{focus, time};

#[component]
pub(super) fn FollowUpCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let signed = Memo::new(move |_| ctx.group.with(|g| g.signed_at.is_some()));
    view! {
        <Show when=move || signed.get()>
            <section class="card" aria-labelledby="group-follow-up-heading" data-testid="group-follow-up">
                <h2 id="group-follow-up-heading">{move || tx(lang.get(), Text::FollowUpHeading)}</h2>
                <p class="small muted">{move || tx(lang.get(), Text::FollowUpIntro)}</p>
                <ul class="plain-list">
                    {move || {
                        ctx.group
                            .get()
                            .team_agreements
                            .into_iter()
                            .map(|agreement| view! { <li class="agreement-row"><TeamAgreementLine agreement /></li> })
                            .collect_view()
                    }}
                </ul>
                <h3 id="group-check-ins-heading" class="subheading" tabindex="-1">{move || tx(lang.get(), Text::CheckInsHeading)}</h3>
                {move || ctx.group.with(|g| g.check_ins.is_empty()).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoCheckIns)}</p> })}
                <ol class="plain-list check-in-list">
                    {move || {
                        let (check_ins, next) = ctx.group.with(|g| {
                            (
                                g.check_ins.clone(),
                                g.check_ins.iter().find(|c| c.completed_at.is_none()).map(|c| c.id),
                            )
                        });
                        check_ins
                            .into_iter()
                            .map(|check_in| {
                                let next = next == Some(check_in.id);
                                view! { <CheckInItem ctx check_in next /> }
                            })
                            .collect_view()
                    }}
                </ol>
            </section>
        </Show>
    }
}

/// A team agreement: title, status, owner, category, due date and note.
#[component]
pub fn TeamAgreementLine(agreement: TeamAgreement) -> impl IntoView {
    let lang = use_lang();
    let TeamAgreement {
        title,
        description,
        owner,
        category,
        due_on,
        status,
        note,
        overdue,
        ..
    } = agreement;
    view! {
        <div class="agreement-line" data-testid="team-agreement">
            <p class="agreement-title">
                <strong>{title}</strong>
                " "
                <span class=format!("badge badge-agreement-{}", status.as_str().replace('_', "-"))>
                    {move || record_texts::status(lang.get(), status)}
                </span>
                {overdue.then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::Overdue)}</span> })}
            </p>
            {(!description.trim().is_empty()).then(|| view! { <p class="small prewrap">{description.clone()}</p> })}
            <p class="small muted">
                {move || texts::owner(lang.get(), owner)}
                " · "
                {move || record_texts::category(lang.get(), category)}
                {due_on.map(|due| view! { " · " {move || tx(lang.get(), Text::Due)} " " {move || time::date(lang.get(), due)} })}
            </p>
            {(!note.trim().is_empty()).then(|| view! { <p class="small prewrap"><em>{note.clone()}</em></p> })}
        </div>
    }
}

#[component]
fn CheckInItem(ctx: Ctx, check_in: GroupCheckIn, next: bool) -> impl IntoView {
    let lang = use_lang();
    let today = time::today();
    let GroupCheckIn {
        id,
        months_after,
        due_on,
        completed_at,
        entries,
        ..
    } = check_in;
    let overdue = CheckIn::is_overdue(due_on, completed_at.is_some(), today);
    let titles: HashMap<TeamAgreementId, String> = ctx.group.with_untracked(|g| {
        g.team_agreements
            .iter()
            .map(|a| (a.id, a.title.clone()))
            .collect()
    });
    let body = if let Some(at) = completed_at {
        let lines = entries
            .into_iter()
            .map(|entry| {
                let title = titles.get(&entry.agreement_id).cloned().unwrap_or_default();
                let status = entry.status;
                view! {
                    <li>
                        <strong>{title}</strong> ": " {move || record_texts::status(lang.get(), status)}
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
    } else if next && !CheckIn::is_open_on(due_on, today) {
        let opens = CheckIn::opens_on(due_on);
        view! { <p class="small" data-testid="check-in-not-open">{move || texts::check_in_opens(lang.get(), opens)}</p> }
            .into_any()
    } else if next && ctx.is_manager() {
        view! { <CheckInForm ctx id /> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <li class="check-in" data-testid="group-check-in" data-completed=completed_at.is_some().to_string()>
            <h4>
                {move || texts::check_in_after(lang.get(), months_after)}
                {overdue.then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::CheckInOverdue)}</span> })}
            </h4>
            <p class="small muted">{move || tx(lang.get(), Text::Due)} " " {move || time::date(lang.get(), due_on)}</p>
            {body}
        </li>
    }
}

/// The manager records each team agreement's status and a note.
#[component]
fn CheckInForm(ctx: Ctx, id: mus_domain::CheckInId) -> impl IntoView {
    let lang = use_lang();
    let agreements = ctx.group.with_untracked(|g| g.team_agreements.clone());
    let rows: Vec<(TeamAgreement, RwSignal<AgreementStatus>, RwSignal<String>)> = agreements
        .into_iter()
        .map(|a| {
            let status = RwSignal::new(a.status);
            (a, status, RwSignal::new(String::new()))
        })
        .collect();
    let values: Vec<(TeamAgreementId, RwSignal<AgreementStatus>, RwSignal<String>)> =
        rows.iter().map(|(a, s, n)| (a.id, *s, *n)).collect();
    let values = StoredValue::new(values);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let completion = GroupCheckInCompletion {
            entries: values.with_value(|list| {
                list.iter()
                    .map(|(agreement_id, status, note)| TeamCheckInEntry {
                        agreement_id: *agreement_id,
                        status: status.get_untracked(),
                        note: note.get_untracked().trim().to_owned(),
                    })
                    .collect()
            }),
        };
        busy.set(true);
        error.set(None);
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client
                .complete_group_check_in(ctx.id, id, &completion)
                .await
            {
                Ok(_) => {
                    focus::announce(tx(lang.get_untracked(), Text::CheckInCompleted));
                    focus::focus_id("group-check-ins-heading");
                    ctx.reload();
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="group-check-in-form">
            {rows
                .into_iter()
                .map(|(agreement, status, note)| {
                    let dom = format!("check-in-{}", agreement.id);
                    view! {
                        <fieldset class="check-in-entry">
                            <legend>{agreement.title.clone()}</legend>
                            <div class="field-row">
                                <div class="field">
                                    <label for=format!("{dom}-status")>{move || tx(lang.get(), Text::CheckInStatus)}</label>
                                    <StatusSelect id=format!("{dom}-status") value=status />
                                </div>
                                <div class="field field-grow">
                                    <label for=format!("{dom}-note")>{move || tx(lang.get(), Text::CheckInNote)}</label>
                                    <textarea
                                        id=format!("{dom}-note")
                                        rows="2"
                                        maxlength="4000"
                                        aria-describedby=format!("{dom}-note-help")
                                        bind:value=note
                                    ></textarea>
                                    <p class="small muted" id=format!("{dom}-note-help")>{move || tx(lang.get(), Text::CheckInNoteHelp)}</p>
                                </div>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
            <button type="submit" class="button button-primary" data-testid="complete-group-check-in" disabled=move || busy.get()>
                {move || tx(lang.get(), Text::CompleteCheckIn)}
            </button>
        </form>
    }
}
