//! HR's organisation page: how far the current round has come by
//! department and by manager (counts only, never content), what is overdue,
//! the rounds so far, and opening the next one.

mod texts;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mus_client::ClientError;
use mus_domain::{
    Completion, Department, DepartmentId, GroupCompletion, NewRound, OrganisationDashboard, Round,
    Template, TemplateId,
};

use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, Lang, t};
use crate::routing;
use texts::{Text, tx};

/// What the page shows; loaded again after a round is opened.
#[derive(Debug, Clone)]
struct OrganisationData {
    dashboard: OrganisationDashboard,
    rounds: Vec<Round>,
    forms: Vec<Template>,
    departments: Vec<Department>,
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let generation = RwSignal::new(0u32);
    let data = use_loader(
        move || generation.get(),
        |client, me, _| async move {
            crate::components::access::hr_only(&me)?;
            let dashboard = client.organisation_dashboard(None).await?;
            let rounds = client.rounds().await?;
            let forms = client.templates(None, Some(100), None).await?.items;
            let departments = client.departments().await?;
            Ok(OrganisationData {
                dashboard,
                rounds,
                forms,
                departments,
            })
        },
    );
    let lang = use_lang();
    // The round just opened, confirmed above the page that is read again.
    let opened = RwSignal::new(None::<Round>);
    view! {
        <div class="page stack">
            // The heading comes with the page: someone who may not see it
            // gets the not-found page alone.
            {show_loaded(
                data,
                move |_me, data| {
                    view! {
                        <header class="page-head">
                            <h1>{move || tx(lang.get(), Text::Heading)}</h1>
                            // Where other systems are told of what happens.
                            <A href=routing::INTEGRATIONS>{move || t(lang.get(), Key::NavIntegrations)}</A>
                        </header>
                        {move || {
                            opened
                                .get()
                                .map(|round| {
                                    view! {
                                        <p class="notice notice-success" id="round-opened" data-testid="round-opened">
                                            {move || texts::round_opened(lang.get(), &round.name, round.conversations)}
                                        </p>
                                    }
                                })
                        }}
                        <Organisation data generation opened />
                    }
                },
            )}
        </div>
    }
}

#[component]
fn Organisation(
    data: OrganisationData,
    generation: RwSignal<u32>,
    opened: RwSignal<Option<Round>>,
) -> impl IntoView {
    let lang = use_lang();
    let OrganisationData {
        dashboard,
        rounds,
        forms,
        departments,
    } = data;
    let OrganisationDashboard {
        round,
        total,
        by_department,
        by_manager,
        overdue_agreements,
        overdue_check_ins,
    } = dashboard;
    let round_name = round.map(|r| r.name);
    // With no round yet, opening one is the first thing to do here.
    let first_round = round_name.is_none();
    let (forms_first, departments_first) = (forms.clone(), departments.clone());
    // Arriving from the home page's link: the form is where the eye goes.
    // Drawn anew after a round opened: the confirmation at the top takes
    // the focus, and is read out with it. Arriving from the home page's
    // link: the form is where the eye goes.
    if opened.get_untracked().is_some() {
        crate::focus::focus_id("round-opened");
    } else if window().location().hash().ok().as_deref() == Some("#open-round") {
        crate::focus::focus_id("open-round-heading");
    }
    view! {
        {first_round.then(|| view! { <OpenRound forms=forms_first departments=departments_first generation opened /> })}
        <section class="card" aria-labelledby="completion-heading" data-testid="org-completion">
            <h2 id="completion-heading">{move || tx(lang.get(), Text::CompletionHeading)}</h2>
            {match round_name {
                Some(name) => view! { <p class="small muted">{name}</p> }.into_any(),
                None => view! { <p class="muted">{move || tx(lang.get(), Text::NoRound)}</p> }.into_any(),
            }}
            <CompletionBar id="org-total" completion=total.clone() />
            <ul class="plain-list small overdue-counts">
                <li>{move || tx(lang.get(), Text::OverdueAgreements)} ": " <strong data-testid="org-overdue-agreements">{overdue_agreements}</strong></li>
                <li>{move || tx(lang.get(), Text::OverdueCheckIns)} ": " <strong>{overdue_check_ins}</strong></li>
            </ul>
            <p class="small muted">{move || tx(lang.get(), Text::CountsOnly)}</p>
        </section>
        <GroupTable heading=Text::ByDepartment id="by-department" groups=by_department testid="org-department-row" />
        <GroupTable heading=Text::ByManager id="by-manager" groups=by_manager testid="org-manager-row" />
        <RoundList rounds />
        {(!first_round).then(|| view! { <OpenRound forms departments generation opened /> })}
    }
}

#[component]
fn CompletionBar(id: &'static str, completion: Completion) -> impl IntoView {
    let lang = use_lang();
    let Completion {
        conversations,
        signed,
        held,
    } = completion;
    view! {
        <label for=id>{move || texts::completion(lang.get(), signed, held, conversations)}</label>
        <progress id=id max=conversations.max(1).to_string() value=signed.to_string()></progress>
    }
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{} %", (f64::from(part) * 100.0 / f64::from(whole)).round())
    }
}

#[component]
fn GroupTable(
    heading: Text,
    id: &'static str,
    groups: Vec<GroupCompletion>,
    testid: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let heading_id = format!("{id}-heading");
    let region_label = heading_id.clone();
    let empty = groups.is_empty();
    view! {
        <section class="card" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{move || tx(lang.get(), heading)}</h2>
            {if empty {
                view! { <p class="muted">{move || tx(lang.get(), Text::NoRound)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_label>
                        <table class="table">
                            <caption class="visually-hidden">{move || tx(lang.get(), heading)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || tx(lang.get(), Text::Name)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::Conversations)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::Held)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::Signed)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::SignedShare)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {groups
                                    .into_iter()
                                    .map(|group| {
                                        let c = group.completion;
                                        let name = group.name;
                                        view! {
                                            <tr data-testid=testid>
                                                <th scope="row">
                                                    {move || name.clone().unwrap_or_else(|| tx(lang.get(), Text::NoDepartment).to_owned())}
                                                </th>
                                                <td>{c.conversations}</td>
                                                <td>{c.held}</td>
                                                <td>{c.signed}</td>
                                                <td>{percent(c.signed, c.conversations)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn RoundList(rounds: Vec<Round>) -> impl IntoView {
    let lang = use_lang();
    let empty = rounds.is_empty();
    view! {
        <section class="card" aria-labelledby="rounds-list-heading">
            <h2 id="rounds-list-heading">{move || tx(lang.get(), Text::Rounds)}</h2>
            {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoRounds)}</p> })}
            <ul class="plain-list">
                {rounds
                    .into_iter()
                    .map(|round| {
                        let Round { name, preparation_deadline, meetings_from, meetings_until, conversations, departments, .. } = round;
                        let scope = if departments.is_empty() {
                            None
                        } else {
                            Some(departments.into_iter().map(|d| d.name).collect::<Vec<_>>().join(", "))
                        };
                        view! {
                            <li class="agreement-row" data-testid="round-row">
                                <p><strong>{name}</strong></p>
                                <p class="small muted">
                                    {move || crate::i18n::round_dates(lang.get(), preparation_deadline, meetings_from, meetings_until)}
                                </p>
                                <p class="small">
                                    {move || texts::conversations(lang.get(), conversations)} " · "
                                    {
                                        let scope = scope.clone();
                                        move || scope.clone().unwrap_or_else(|| tx(lang.get(), Text::WholeOrganisation).to_owned())
                                    }
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// "7, 1" as the days before the deadline to remind on; `None` when it is
/// not up to five whole numbers from 0 to 60.
fn reminder_days(typed: &str) -> Option<Vec<u16>> {
    let days = typed
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<u16>().ok())
        .collect::<Option<Vec<u16>>>()?;
    mus_domain::rounds::valid_reminder_days(&days).ok()
}

#[component]
fn OpenRound(
    forms: Vec<Template>,
    departments: Vec<Department>,
    generation: RwSignal<u32>,
    opened: RwSignal<Option<Round>>,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let first_form = forms.first().map(|f| f.id.to_string()).unwrap_or_default();
    let name = RwSignal::new(String::new());
    let form = RwSignal::new(first_form);
    let deadline = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<DepartmentId>::new());
    let simultaneous = RwSignal::new(false);
    let reminders = RwSignal::new("7, 1".to_owned());
    let reminders_invalid = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    // The date fields left empty (or not a date), by id, after a try.
    let missing = RwSignal::new(Vec::<&'static str>::new());

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let date = |value: RwSignal<String>| {
            NaiveDate::parse_from_str(&value.get_untracked(), "%Y-%m-%d").ok()
        };
        let dates = [
            ("round-deadline", date(deadline)),
            ("round-from", date(from)),
            ("round-until", date(until)),
        ];
        missing.set(
            dates
                .iter()
                .filter(|(_, day)| day.is_none())
                .map(|(id, _)| *id)
                .collect(),
        );
        let [
            (_, Some(preparation_deadline)),
            (_, Some(meetings_from)),
            (_, Some(meetings_until)),
        ] = dates
        else {
            errors.set(vec![tx(lang_now, Text::DatesNeeded).to_owned()]);
            if let Some(first) = missing.get_untracked().first().copied() {
                crate::focus::focus_id(first);
            }
            return;
        };
        let Ok(template_id) = form.get_untracked().parse::<TemplateId>() else {
            errors.set(vec![tx(lang_now, Text::FormNeeded).to_owned()]);
            return;
        };
        let Some(reminder_days) = reminder_days(&reminders.get_untracked()) else {
            reminders_invalid.set(true);
            errors.set(vec![tx(lang_now, Text::ReminderDaysInvalid).to_owned()]);
            crate::focus::focus_id("round-reminders");
            return;
        };
        reminders_invalid.set(false);
        let new = NewRound {
            name: name.get_untracked().trim().to_owned(),
            template_id,
            preparation_deadline,
            meetings_from,
            meetings_until,
            departments: chosen.get_untracked(),
            simultaneous_reveal: simultaneous.get_untracked(),
            reminder_days,
        };
        busy.set(true);
        errors.set(Vec::new());
        let client = client.clone();
        spawn_local(async move {
            match client.open_round(&new).await {
                Ok(round) => {
                    let _ = opened.try_set(Some(round));
                    generation.update(|g| *g += 1);
                }
                Err(error) => {
                    let _ = errors.try_set(round_errors(lang.get_untracked(), &error));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <section class="card" id="open-round" aria-labelledby="open-round-heading">
            <h2 id="open-round-heading">{move || tx(lang.get(), Text::OpenRound)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::OpenRoundIntro)}</p>
            <form class="form" on:submit=submit novalidate data-testid="open-round">
                <div class="field">
                    <label for="round-name">{move || tx(lang.get(), Text::RoundName)}</label>
                    <input id="round-name" name="name" type="text" maxlength="200" required placeholder="MUS 2027" bind:value=name />
                </div>
                <div class="field">
                    <label for="round-form">{move || tx(lang.get(), Text::Form)}</label>
                    <select id="round-form" on:change=move |e| form.set(event_target_value(&e))>
                        {forms
                            .into_iter()
                            .map(|f| {
                                let language = match f.content.language {
                                    mus_domain::Language::Da => "da",
                                    mus_domain::Language::En => "en",
                                };
                                view! { <option value=f.id.to_string()>{format!("{} ({language}, v{})", f.content.name, f.version)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field-row">
                    <DateField id="round-deadline" label=Text::Deadline value=deadline missing />
                    <DateField id="round-from" label=Text::MeetingsFrom value=from missing />
                    <DateField id="round-until" label=Text::MeetingsUntil value=until missing />
                </div>
                <div class="field">
                    <label for="round-reminders">{move || tx(lang.get(), Text::ReminderDays)}</label>
                    <p class="small muted" id="round-reminders-help">{move || tx(lang.get(), Text::ReminderDaysHelp)}</p>
                    <input
                        id="round-reminders"
                        type="text"
                        inputmode="numeric"
                        data-testid="round-reminders"
                        aria-describedby="round-reminders-help"
                        aria-invalid=move || reminders_invalid.get().then_some("true")
                        bind:value=reminders
                    />
                </div>
                <fieldset class="choice-row">
                    <legend>{move || tx(lang.get(), Text::Who)}</legend>
                    <p class="small muted">{move || tx(lang.get(), Text::WhoHelp)}</p>
                    {departments
                        .into_iter()
                        .map(|d| {
                            let id = d.id;
                            let input_id = format!("round-department-{id}");
                            view! {
                                <span class="choice">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            chosen.update(|list| {
                                                list.retain(|x| *x != id);
                                                if on {
                                                    list.push(id);
                                                }
                                            });
                                        }
                                    />
                                    <label for=input_id>{format!("{} ({})", d.name, d.people)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="checkbox-field">
                    <input id="round-simultaneous" type="checkbox" bind:checked=simultaneous />
                    <label for="round-simultaneous">{move || tx(lang.get(), Text::Simultaneous)}</label>
                </div>
                {move || {
                    let list = errors.get();
                    (!list.is_empty())
                        .then(|| {
                            view! {
                                <div class="notice notice-error" role="alert" data-testid="open-round-error">
                                    <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                                </div>
                            }
                        })
                }}
                <div class="actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tx(lang.get(), Text::OpenRoundButton)}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn DateField(
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    missing: RwSignal<Vec<&'static str>>,
) -> impl IntoView {
    let lang = use_lang();
    let error_id = format!("{id}-error");
    let is_missing = move || missing.with(|list| list.contains(&id));
    view! {
        <div class="field">
            <label for=id>{move || tx(lang.get(), label)}</label>
            <input
                id=id
                type="date"
                required
                // Read, never written back while typing (see the meeting's date).
                prop:value=value.get_untracked()
                aria-invalid=move || is_missing().to_string()
                aria-describedby={
                    let error_id = error_id.clone();
                    move || is_missing().then(|| error_id.clone())
                }
                on:input=move |e| {
                    value.set(event_target_value(&e));
                    missing.update(|list| list.retain(|x| *x != id));
                }
            />
            {move || {
                is_missing()
                    .then(|| {
                        view! {
                            <p id=error_id.clone() class="field-error" data-testid="date-missing">
                                {move || texts::date_missing(lang.get(), id)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The refused fields in words; the general message when there are none.
fn round_errors(lang: Lang, error: &ClientError) -> Vec<String> {
    let fields: Vec<String> = error
        .problem()
        .map(|problem| {
            problem
                .errors
                .iter()
                .map(|field| {
                    let label = match field.field.as_str() {
                        "name" => tx(lang, Text::RoundName),
                        "template_id" => tx(lang, Text::Form),
                        "preparation_deadline" => tx(lang, Text::Deadline),
                        "meetings_from" => tx(lang, Text::MeetingsFrom),
                        "meetings_until" => tx(lang, Text::MeetingsUntil),
                        _ => tx(lang, Text::Who),
                    };
                    match mus_domain::rounds::OpeningIssue::of(field) {
                        Some(issue) => format!("{label}: {}", texts::opening_issue(lang, issue)),
                        None => format!("{label}: {}", field.message),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if fields.is_empty() {
        vec![t(lang, Failure::from(error).message_key()).to_owned()]
    } else {
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::reminder_days;

    #[test]
    fn reminder_days_are_read_as_typed() {
        assert_eq!(reminder_days("7, 1"), Some(vec![7, 1]));
        assert_eq!(reminder_days("1 7 7"), Some(vec![7, 1]));
        assert_eq!(reminder_days(""), Some(vec![]));
        assert_eq!(reminder_days("7, en"), None);
        assert_eq!(reminder_days("61"), None);
        assert_eq!(reminder_days("1,2,3,4,5,6"), None);
    }
}
