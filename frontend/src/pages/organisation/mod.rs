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
    Completion, Department, DepartmentId, FormKind, GroupCompletion, GroupFigures, NewRound,
    OrganisationDashboard, PlanFigures, Round, RoundFormat, Template, TemplateId,
};

use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, Lang, t};
use crate::routing;
pub use texts::format_name;
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
                            <div class="head-links">
                                <A href=routing::GROUPS>{move || tx(lang.get(), Text::GroupsLink)}</A>
                                // Where other systems are told of what happens.
                                <A href=routing::INTEGRATIONS>{move || t(lang.get(), Key::NavIntegrations)}</A>
                            </div>
                        </header>
                        {move || {
                            opened
                                .get()
                                .map(|round| {
                                    view! {
                                        <p class="notice notice-success" id="round-opened" data-testid="round-opened">
                                            {move || texts::round_opened(lang.get(), &round.name, round.format, round.conversations)}
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
        groups,
        plans,
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
        {(groups.groups > 0).then(|| view! { <GroupFiguresCard figures=groups /> })}
        <GroupTable heading=Text::ByDepartment id="by-department" groups=by_department testid="org-department-row" open=!first_round />
        <GroupTable heading=Text::ByManager id="by-manager" groups=by_manager testid="org-manager-row" open=!first_round />
        <PlanFiguresCard figures=plans />
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
        let (part, whole) = (u64::from(part), u64::from(whole));
        format!("{} %", (part * 100 + whole / 2) / whole)
    }
}

#[component]
fn GroupTable(
    heading: Text,
    id: &'static str,
    groups: Vec<GroupCompletion>,
    testid: &'static str,
    /// A round is open: an empty table means it holds no individual
    /// conversations (a group round), not that there is no round.
    open: bool,
) -> impl IntoView {
    let lang = use_lang();
    let heading_id = format!("{id}-heading");
    let region_label = heading_id.clone();
    let empty = groups.is_empty();
    view! {
        <section class="card" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{move || tx(lang.get(), heading)}</h2>
            {if empty {
                view! { <p class="muted">{move || tx(lang.get(), if open { Text::NoIndividual } else { Text::NoRound })}</p> }.into_any()
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
                        let Round { id, name, format, preparation_deadline, meetings_from, meetings_until, conversations, departments, .. } = round;
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
                                    {move || texts::format_name(lang.get(), format)} " · "
                                    // A group round holds no individual conversations to count.
                                    {format.has_individual().then(|| view! { {move || texts::conversations(lang.get(), conversations)} " · " })}
                                    {
                                        let scope = scope.clone();
                                        move || scope.clone().unwrap_or_else(|| tx(lang.get(), Text::WholeOrganisation).to_owned())
                                    }
                                </p>
                                <p class="small">
                                    <A href=routing::round_report(id) attr:data-testid="round-report-link">
                                        {move || tx(lang.get(), Text::ReportLink)}
                                    </A>
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

/// The forms a select offers: group forms for a group, the others else.
fn forms_for(forms: &[Template], group: bool) -> Vec<Template> {
    forms
        .iter()
        .filter(|f| (f.kind == FormKind::Group) == group)
        .cloned()
        .collect()
}

/// A form as a select option: name, language, version.
fn form_label(form: &Template) -> String {
    let language = match form.content.language {
        mus_domain::Language::Da => "da",
        mus_domain::Language::En => "en",
    };
    format!("{} ({language}, v{})", form.content.name, form.version)
}

/// A refusal of the round form next to its field, or in the list at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RoundErrors {
    form: Option<String>,
    group_form: Option<String>,
    format: Option<String>,
    /// Everything not next to a field, in words.
    rest: Vec<String>,
}

impl RoundErrors {
    fn general(message: String) -> RoundErrors {
        RoundErrors {
            rest: vec![message],
            ..RoundErrors::default()
        }
    }

    fn first_field(&self) -> Option<&'static str> {
        if self.format.is_some() {
            Some("round-format-individual")
        } else if self.form.is_some() {
            Some("round-form")
        } else if self.group_form.is_some() {
            Some("round-group-form")
        } else {
            None
        }
    }
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
    let forms = StoredValue::new(forms);
    let first_of = move |group: bool| {
        forms.with_value(|all| {
            forms_for(all, group)
                .first()
                .map(|f| f.id.to_string())
                .unwrap_or_default()
        })
    };
    let name = RwSignal::new(String::new());
    let format = RwSignal::new(RoundFormat::Individual);
    let form = RwSignal::new(first_of(false));
    let group_form = RwSignal::new(first_of(true));
    let deadline = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<DepartmentId>::new());
    let simultaneous = RwSignal::new(false);
    let reminders = RwSignal::new("7, 1".to_owned());
    let reminders_invalid = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(RoundErrors::default());
    // The date fields left empty (or not a date), by id, after a try.
    let missing = RwSignal::new(Vec::<&'static str>::new());

    let choose_format = move |chosen_format: RoundFormat| {
        let was_group = format.get_untracked() == RoundFormat::Group;
        format.set(chosen_format);
        // The main form is a group form in a group round only.
        if was_group != (chosen_format == RoundFormat::Group) {
            form.set(first_of(chosen_format == RoundFormat::Group));
        }
        errors.update(|e| {
            e.format = None;
            e.form = None;
            e.group_form = None;
        });
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let date = |value: RwSignal<String>| value.get_untracked().parse::<NaiveDate>().ok();
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
        let chosen_format = format.get_untracked();
        let template_id = form.get_untracked().parse::<TemplateId>().ok();
        let group_template_id = group_form.get_untracked().parse::<TemplateId>().ok();
        let mut found = RoundErrors::default();
        if template_id.is_none() {
            found.form = Some(tx(lang_now, Text::FormNeeded).to_owned());
        }
        if chosen_format == RoundFormat::GroupThenIndividual && group_template_id.is_none() {
            found.group_form = Some(tx(lang_now, Text::GroupFormNeeded).to_owned());
        }
        let [
            (_, Some(preparation_deadline)),
            (_, Some(meetings_from)),
            (_, Some(meetings_until)),
        ] = dates
        else {
            found.rest.push(tx(lang_now, Text::DatesNeeded).to_owned());
            errors.set(found);
            if let Some(first) = missing.get_untracked().first().copied() {
                crate::focus::focus_id(first);
            }
            return;
        };
        let Some(template_id) = template_id.filter(|_| found == RoundErrors::default()) else {
            if let Some(id) = found.first_field() {
                crate::focus::focus_id(id);
            }
            errors.set(found);
            return;
        };
        let Some(reminder_days) = reminder_days(&reminders.get_untracked()) else {
            reminders_invalid.set(true);
            errors.set(RoundErrors::general(
                tx(lang_now, Text::ReminderDaysInvalid).to_owned(),
            ));
            crate::focus::focus_id("round-reminders");
            return;
        };
        reminders_invalid.set(false);
        let new = NewRound {
            name: name.get_untracked().trim().to_owned(),
            template_id,
            format: chosen_format,
            group_template_id: (chosen_format == RoundFormat::GroupThenIndividual)
                .then_some(group_template_id)
                .flatten(),
            preparation_deadline,
            meetings_from,
            meetings_until,
            departments: chosen.get_untracked(),
            simultaneous_reveal: simultaneous.get_untracked(),
            reminder_days,
        };
        busy.set(true);
        errors.set(RoundErrors::default());
        let client = client.clone();
        spawn_local(async move {
            match client.open_round(&new).await {
                Ok(round) => {
                    let _ = opened.try_set(Some(round));
                    generation.update(|g| *g += 1);
                }
                Err(error) => {
                    let found = round_errors(lang.get_untracked(), &error);
                    if let Some(id) = found.first_field() {
                        crate::focus::focus_id(id);
                    }
                    let _ = errors.try_set(found);
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let error_line = move |id: &'static str, pick: fn(&RoundErrors) -> Option<String>| {
        move || {
            errors
                .with(pick)
                .map(|message| view! { <p class="field-error" id=id data-testid="round-field-error">{message}</p> })
        }
    };
    let described = move |id: &'static str, pick: fn(&RoundErrors) -> Option<String>| {
        move || errors.with(|e| pick(e).is_some()).then_some(id)
    };
    let invalid = move |pick: fn(&RoundErrors) -> Option<String>| {
        move || errors.with(|e| pick(e).is_some()).to_string()
    };
    let options = move |group: bool, selected: RwSignal<String>| {
        forms
            .with_value(|all| forms_for(all, group))
            .into_iter()
            .map(|f| {
                let id = f.id.to_string();
                let is_selected = id == selected.get_untracked();
                view! { <option value=id selected=is_selected>{form_label(&f)}</option> }
            })
            .collect_view()
    };

    view! {
        <section class="card" id="open-round" aria-labelledby="open-round-heading">
            <h2 id="open-round-heading">{move || tx(lang.get(), Text::OpenRound)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::OpenRoundIntro)}</p>
            <form class="form" on:submit=submit novalidate data-testid="open-round">
                <fieldset
                    class="format-choice"
                    aria-invalid=invalid(|e| e.format.clone())
                    aria-describedby=described("round-format-error", |e| e.format.clone())
                    data-testid="round-format"
                >
                    <legend>{move || tx(lang.get(), Text::FormatLegend)}</legend>
                    {RoundFormat::ALL
                        .into_iter()
                        .map(|option| {
                            let input_id = format!("round-format-{}", option.as_str().replace('_', "-"));
                            let hint_id = format!("{input_id}-hint");
                            view! {
                                <div class="radio-option">
                                    <input
                                        type="radio"
                                        name="round-format"
                                        id=input_id.clone()
                                        value=option.as_str()
                                        aria-describedby=hint_id.clone()
                                        prop:checked=move || format.get() == option
                                        on:change=move |_| choose_format(option)
                                    />
                                    <label for=input_id>
                                        {move || texts::format_name(lang.get(), option)}
                                    </label>
                                    <p class="small muted" id=hint_id>{move || texts::format_hint(lang.get(), option)}</p>
                                </div>
                            }
                        })
                        .collect_view()}
                    {error_line("round-format-error", |e| e.format.clone())}
                </fieldset>
                <div class="field">
                    <label for="round-name">{move || tx(lang.get(), Text::RoundName)}</label>
                    <input id="round-name" name="name" type="text" maxlength="200" required placeholder="MUS 2027" bind:value=name />
                </div>
                <div class="field">
                    <label for="round-form">{move || texts::form_label_for(lang.get(), format.get())}</label>
                    {move || {
                        let group = format.get() == RoundFormat::Group;
                        view! {
                            <select
                                id="round-form"
                                data-testid="round-form"
                                aria-invalid=invalid(|e| e.form.clone())
                                aria-describedby=described("round-form-error", |e| e.form.clone())
                                on:change=move |e| form.set(event_target_value(&e))
                            >
                                {options(group, form)}
                            </select>
                        }
                    }}
                    {error_line("round-form-error", |e| e.form.clone())}
                </div>
                <Show when=move || format.get() == RoundFormat::GroupThenIndividual>
                    <div class="field">
                        <label for="round-group-form">{move || tx(lang.get(), Text::GroupForm)}</label>
                        <select
                            id="round-group-form"
                            data-testid="round-group-form"
                            aria-invalid=invalid(|e| e.group_form.clone())
                            aria-describedby=described("round-group-form-error", |e| e.group_form.clone())
                            on:change=move |e| group_form.set(event_target_value(&e))
                        >
                            {options(true, group_form)}
                        </select>
                        {error_line("round-group-form-error", |e| e.group_form.clone())}
                    </div>
                </Show>
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
                    let list = errors.with(|e| e.rest.clone());
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

/// The refused fields in words, the form's next to their selects and the
/// rest in a list; the general message when none is named.
fn round_errors(lang: Lang, error: &ClientError) -> RoundErrors {
    let mut found = RoundErrors::default();
    let fields = error
        .problem()
        .map(|p| p.errors.clone())
        .unwrap_or_default();
    for field in &fields {
        let issue = mus_domain::rounds::OpeningIssue::of(field)
            .map(|issue| texts::opening_issue(lang, issue).to_owned());
        let message = issue.unwrap_or_else(|| field.message.clone());
        match field.field.as_str() {
            "template_id" => found.form = Some(texts::form_refused(lang)),
            "group_template_id" => found.group_form = Some(texts::form_refused(lang)),
            "format" => found.format = Some(message),
            other => {
                let label = match other {
                    "name" => tx(lang, Text::RoundName),
                    "preparation_deadline" => tx(lang, Text::Deadline),
                    "meetings_from" => tx(lang, Text::MeetingsFrom),
                    "meetings_until" => tx(lang, Text::MeetingsUntil),
                    _ => tx(lang, Text::Who),
                };
                found.rest.push(format!("{label}: {message}"));
            }
        }
    }
    if fields.is_empty() {
        found
            .rest
            .push(t(lang, Failure::from(error).message_key()).to_owned());
    }
    found
}

/// How far the round's group conversations have come: counts only.
#[component]
fn GroupFiguresCard(figures: GroupFigures) -> impl IntoView {
    let lang = use_lang();
    let GroupFigures {
        groups,
        held,
        signed,
        members,
        acknowledged,
    } = figures;
    view! {
        <section class="card" aria-labelledby="group-figures-heading" data-testid="org-group-figures">
            <h2 id="group-figures-heading">{move || tx(lang.get(), Text::GroupFiguresHeading)}</h2>
            <label for="org-groups-signed">{move || texts::groups_line(lang.get(), groups, held, signed)}</label>
            <progress id="org-groups-signed" max=groups.max(1).to_string() value=signed.to_string()></progress>
            <p class="small" data-testid="org-group-acknowledged">{move || texts::acknowledged_line(lang.get(), acknowledged, members)}</p>
            <p class="small"><A href=routing::GROUPS>{move || tx(lang.get(), Text::GroupsLink)}</A></p>
        </section>
    }
}

/// Development plans by department and the goals by category and status.
#[component]
fn PlanFiguresCard(figures: PlanFigures) -> impl IntoView {
    let lang = use_lang();
    let PlanFigures {
        employees,
        with_current_plan,
        by_department,
        goals,
    } = figures;
    let categories: Vec<mus_domain::AgreementCategory> = mus_domain::AgreementCategory::ALL
        .iter()
        .copied()
        .filter(|c| goals.iter().any(|g| g.category == *c && g.count > 0))
        .collect();
    let count_of = move |category, status| {
        goals
            .iter()
            .filter(|g| g.category == category && g.status == status)
            .map(|g| g.count)
            .sum::<u32>()
    };
    let matrix: Vec<(mus_domain::AgreementCategory, Vec<u32>)> = categories
        .into_iter()
        .map(|category| {
            let counts = mus_domain::AgreementStatus::ALL
                .iter()
                .map(|&status| count_of(category, status))
                .collect();
            (category, counts)
        })
        .collect();
    let no_goals = matrix.is_empty();
    view! {
        <section class="card" aria-labelledby="plan-figures-heading" data-testid="org-plan-figures">
            <h2 id="plan-figures-heading">{move || tx(lang.get(), Text::PlanFiguresHeading)}</h2>
            <label for="org-plans-current">{move || texts::plans_line(lang.get(), with_current_plan, employees)}</label>
            <progress id="org-plans-current" max=employees.max(1).to_string() value=with_current_plan.to_string()></progress>
            <p class="small muted">{move || tx(lang.get(), Text::PlanCurrentHelp)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="plan-departments-caption">
                <table class="table">
                    <caption id="plan-departments-caption" class="caption-left">{move || tx(lang.get(), Text::PlansByDepartment)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || tx(lang.get(), Text::Name)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Employees)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::WithCurrentPlan)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Share)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {by_department
                            .into_iter()
                            .map(|d| {
                                let name = d.name;
                                view! {
                                    <tr data-testid="org-plan-row">
                                        <th scope="row">
                                            {move || name.clone().unwrap_or_else(|| tx(lang.get(), Text::NoDepartment).to_owned())}
                                        </th>
                                        <td class="numeric">{d.employees}</td>
                                        <td class="numeric">{d.with_current_plan}</td>
                                        <td class="numeric">{percent(d.with_current_plan, d.employees)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <h3 id="goal-counts-heading">{move || tx(lang.get(), Text::GoalCounts)}</h3>
            <p class="small muted">{move || tx(lang.get(), Text::GoalCountsHelp)}</p>
            {if no_goals {
                view! { <p class="muted">{move || tx(lang.get(), Text::NoGoals)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="goal-counts-heading">
                        <table class="table" data-testid="org-goal-counts">
                            <thead>
                                <tr>
                                    <th scope="col">{move || tx(lang.get(), Text::Category)}</th>
                                    {mus_domain::AgreementStatus::ALL
                                        .iter()
                                        .map(|&status| view! { <th scope="col" class="numeric">{move || crate::pages::record::texts::status(lang.get(), status)}</th> })
                                        .collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {matrix
                                    .into_iter()
                                    .map(|(category, counts)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{move || crate::pages::record::texts::category(lang.get(), category)}</th>
                                                {counts.into_iter().map(|n| view! { <td class="numeric">{n}</td> }).collect_view()}
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
