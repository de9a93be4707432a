//! The manager's team: one row per direct report in the current round,
//! sortable and filterable, with the round's completion and the team's
//! course and education wishes.

use std::cmp::Ordering;

use leptos::prelude::*;
use leptos_router::components::A;
use mus_domain::{ConversationStatus, Party, TeamDashboard, TeamRow};

use super::texts::{self, Text, tx};
use crate::components::conversation::StatusBadge;
use crate::components::load::{show_loaded, use_loader};
use crate::context::use_lang;
use crate::i18n::{Key, Lang, status_key, t};
use crate::{routing, time};

#[component]
pub fn TeamPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleTeam));
    let data = use_loader(
        || (),
        |client, _me, ()| async move { client.team_dashboard(None).await },
    );
    let lang = use_lang();
    view! {
        <div class="page stack">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            </nav>
            {show_loaded(data, |_me, dashboard| view! { <TeamOverview dashboard heading_level=1 /> })}
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Status,
    Meeting,
    Agreements,
    CheckIn,
}

/// The team table with its figures. On the home page it sits under an `h2`;
/// on its own page it is the page's `h1`.
#[component]
pub fn TeamOverview(dashboard: TeamDashboard, heading_level: u8) -> impl IntoView {
    let lang = use_lang();
    let TeamDashboard {
        round,
        rows,
        course_wishes,
        completion,
        groups,
        team_agreements,
    } = dashboard;
    let show_groups = !groups.is_empty() || !team_agreements.is_empty();
    let group_round = !groups.is_empty();
    let sort = RwSignal::new((Column::Name, true));
    let name_filter = RwSignal::new(String::new());
    let status_filter = RwSignal::new(None::<ConversationStatus>);
    let no_reports = rows.is_empty();
    let total_rows = rows.len();
    let rows = StoredValue::new(rows);
    let visible = Memo::new(move |_| {
        let needle = name_filter.get().trim().to_lowercase();
        let status = status_filter.get();
        let (column, ascending) = sort.get();
        let mut list: Vec<TeamRow> = rows.with_value(|rows| {
            rows.iter()
                .filter(|r| needle.is_empty() || r.employee.name.to_lowercase().contains(&needle))
                .filter(|r| status.is_none() || r.status == status)
                .cloned()
                .collect()
        });
        list.sort_by(|a, b| {
            let order = compare(column, a, b);
            if ascending { order } else { order.reverse() }
        });
        list
    });
    let heading = move || tx(lang.get(), Text::TeamHeading);
    let title = if heading_level == 1 {
        view! { <h1 id="team-heading">{heading}</h1> }.into_any()
    } else {
        view! { <h2 id="team-heading">{heading}</h2> }.into_any()
    };
    let round_line = round.clone().map(|r| {
        view! {
            <p class="small muted">
                {r.name.clone()} " · " {move || t(lang.get(), Key::FieldPreparationDeadline)} " "
                {move || time::date(lang.get(), r.preparation_deadline)}
            </p>
        }
    });
    let total = completion.conversations;
    view! {
        <section class="card team" aria-labelledby="team-heading" data-testid="team-dashboard">
            {title}
            <p class="muted">{move || tx(lang.get(), Text::TeamIntro)}</p>
            {round_line}
            {round.is_none().then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoRound)}</p> })}
            // A round of group conversations only has no individual ones to
            // count: its progress is on the group's card.
            {(total > 0 || !group_round).then(|| view! {
                <div class="completion" data-testid="team-completion">
                    <label for="team-progress">
                        {move || tx(lang.get(), Text::Completion)} ": "
                        {move || texts::completion_line(lang.get(), completion.signed, completion.held, total)}
                    </label>
                    <progress id="team-progress" max=total.max(1).to_string() value=completion.signed.to_string()></progress>
                </div>
            })}
            {if no_reports {
                view! { <p class="muted">{move || tx(lang.get(), Text::NoReports)}</p> }.into_any()
            } else {
                view! {
                    <div class="filter-bar">
                        <div class="field">
                            <label for="team-name">{move || tx(lang.get(), Text::FilterName)}</label>
                            <input id="team-name" type="search" autocomplete="off" bind:value=name_filter data-testid="team-filter-name" />
                        </div>
                        <div class="field">
                            <label for="team-status">{move || tx(lang.get(), Text::FilterStatus)}</label>
                            <select
                                id="team-status"
                                data-testid="team-filter-status"
                                on:change=move |e| status_filter.set(ConversationStatus::parse(&event_target_value(&e)))
                            >
                                <option value="">{move || tx(lang.get(), Text::FilterAll)}</option>
                                {ConversationStatus::ALL
                                    .iter()
                                    .map(|&s| view! { <option value=s.as_str()>{move || t(lang.get(), status_key(s))}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                    <p class="small muted" role="status" aria-live="polite" data-testid="team-count">
                        {move || texts::showing_of(lang.get(), visible.with(Vec::len), total_rows)}
                    </p>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="team-heading">
                        <table class="table" data-testid="team-table">
                            <caption class="visually-hidden">{heading}</caption>
                            <thead>
                                <tr>
                                    <SortHeader column=Column::Name label=Text::ColEmployee sort />
                                    <SortHeader column=Column::Status label=Text::ColStatus sort />
                                    <SortHeader column=Column::Meeting label=Text::ColMeeting sort />
                                    <th scope="col">{move || tx(lang.get(), Text::ColShared)}</th>
                                    <th scope="col">{move || tx(lang.get(), Text::ColSigned)}</th>
                                    <SortHeader column=Column::Agreements label=Text::ColAgreements sort />
                                    <SortHeader column=Column::CheckIn label=Text::ColNextCheckIn sort />
                                </tr>
                            </thead>
                            <tbody>
                                {move || visible.get().into_iter().map(|row| view! { <Row row lang=lang.get() /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
        <section class="card" aria-labelledby="wishes-heading" data-testid="course-wishes">
            <h2 id="wishes-heading">{move || tx(lang.get(), Text::CourseWishes)}</h2>
            {course_wishes.is_empty().then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoCourseWishes)}</p> })}
            <ul class="plain-list">
                {course_wishes
                    .into_iter()
                    .map(|agreement| {
                        let name = agreement.employee.name.clone();
                        view! {
                            <li class="agreement-row" data-testid="course-wish">
                                <p class="small"><strong>{name}</strong></p>
                                <super::follow_up::AgreementSummaryLine agreement />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        {show_groups
            .then(|| view! { <crate::pages::group::TeamGroupsCard groups agreements=team_agreements /> })}
    }
}

fn compare(column: Column, a: &TeamRow, b: &TeamRow) -> Ordering {
    let by_name = || mus_domain::danish_order(&a.employee.name, &b.employee.name);
    match column {
        Column::Name => by_name(),
        Column::Status => a.status.map(stage).cmp(&b.status.map(stage)),
        // Unplanned meetings last when ascending.
        Column::Meeting => match (a.meeting_starts_at, b.meeting_starts_at) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        Column::Agreements => (a.overdue_agreements, a.open_agreements)
            .cmp(&(b.overdue_agreements, b.open_agreements)),
        Column::CheckIn => match (a.next_check_in, b.next_check_in) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    }
    .then_with(by_name)
}

/// How far along the lifecycle a status is, for sorting.
fn stage(status: ConversationStatus) -> usize {
    ConversationStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(usize::MAX)
}

#[component]
fn SortHeader(column: Column, label: Text, sort: RwSignal<(Column, bool)>) -> impl IntoView {
    let lang = use_lang();
    let aria = move || {
        let (by, ascending) = sort.get();
        if by != column {
            "none"
        } else if ascending {
            "ascending"
        } else {
            "descending"
        }
    };
    let arrow = move || match aria() {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button
                type="button"
                class="sort-button"
                on:click=move |_| sort.update(|(by, ascending)| {
                    if *by == column {
                        *ascending = !*ascending;
                    } else {
                        *by = column;
                        *ascending = true;
                    }
                })
            >
                {move || tx(lang.get(), label)}
                <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

#[component]
fn Row(row: TeamRow, lang: Lang) -> impl IntoView {
    let TeamRow {
        employee,
        conversation_id,
        status,
        meeting_starts_at,
        employee_shared,
        manager_shared,
        signed_by,
        employee_seen_not_agreed,
        open_agreements,
        overdue_agreements,
        next_check_in,
        ..
    } = row;
    let yes_no = |value: bool| tx(lang, if value { Text::Yes } else { Text::No });
    let plan = routing::report_plan(employee.id);
    let plan_label = format!(
        "{}: {}",
        crate::pages::plan::texts::tx(lang, crate::pages::plan::texts::Text::PlanLink),
        employee.name
    );
    let name = match conversation_id {
        Some(id) => {
            view! { <A href=routing::conversation(id)>{employee.name.clone()}</A> }.into_any()
        }
        None => view! { <span>{employee.name.clone()}</span> }.into_any(),
    };

    let signed = match (
        signed_by.contains(&Party::Employee),
        signed_by.contains(&Party::Manager),
    ) {
        (true, true) => tx(lang, Text::Yes).to_owned(),
        (false, false) => tx(lang, Text::No).to_owned(),
        (employee, _) => format!(
            "{} ({})",
            tx(lang, Text::No),
            texts::owner(
                lang,
                if employee {
                    mus_domain::AgreementOwner::Employee
                } else {
                    mus_domain::AgreementOwner::Manager
                }
            )
        ),
    };
    view! {
        <tr data-testid="team-row" data-status=status.map(|s| s.as_str()).unwrap_or("none")>
            <th scope="row">
                {name}
                <br />
                <A href=plan attr:class="small row-plan-link" attr:aria-label=plan_label attr:data-testid="team-row-plan">
                    {crate::pages::plan::texts::tx(lang, crate::pages::plan::texts::Text::PlanLink)}
                </A>
            </th>
            <td>
                {match status {
                    Some(status) => view! { <StatusBadge status /> }.into_any(),
                    None => view! { <span class="muted">{tx(lang, Text::NotStarted)}</span> }.into_any(),
                }}
            </td>
            <td>{meeting_starts_at.map(|at| time::moment(lang, at)).unwrap_or_else(|| "—".to_owned())}</td>
            <td>
                {format!(
                    "{}: {} · {}: {}",
                    texts::owner(lang, mus_domain::AgreementOwner::Employee),
                    yes_no(employee_shared),
                    texts::owner(lang, mus_domain::AgreementOwner::Manager),
                    yes_no(manager_shared),
                )}
            </td>
            <td>
                {signed}
                {employee_seen_not_agreed
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-disagreed" data-testid="seen-not-agreed">
                                {tx(lang, Text::SignSeenNotAgreed)}
                            </span>
                        }
                    })}
            </td>
            <td>
                {open_agreements}
                {(overdue_agreements > 0)
                    .then(|| view! { " " <span class="badge badge-overdue">{format!("{overdue_agreements} {}", tx(lang, Text::Overdue).to_lowercase())}</span> })}
            </td>
            <td>{next_check_in.map(|d| time::date(lang, d)).unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}
