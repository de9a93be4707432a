//! The development plan ("kompetenceudviklingsplan"): one employee's goals
//! added between conversations and the course and education agreements of
//! every signed summary, with what comes next. The employee reads their
//! own at `/plan`; their manager reads it from the team. Both add goals and
//! record progress; the page prints as a clean document.

pub mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_client::{Client, ClientError};
use mus_domain::{
    AgreementCategory, AgreementStatus, DevelopmentGoal, DevelopmentGoalPatch, DevelopmentPlan,
    FieldError, NewDevelopmentGoal, PlanAgreement, PlanStep, UserId,
};

use crate::components::access::not_found;
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, t};
use crate::pages::record::follow_up::StatusSelect;
use crate::pages::record::texts as record_texts;
use crate::{focus, routing, time};
use texts::{Text, tx};

/// Whose plan the page shows: one's own, or a report's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Mine,
    Report(UserId),
}

impl Whose {
    async fn load(self, client: &Client) -> Result<DevelopmentPlan, ClientError> {
        match self {
            Whose::Mine => client.my_development_plan().await,
            Whose::Report(id) => client.development_plan(id).await,
        }
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let data = use_loader(
        || (),
        |client, _me, ()| async move { Whose::Mine.load(&client).await },
    );
    view! {
        <div class="page page-plan stack">
            {show_loaded(data, |_me, plan| view! { <PlanView plan whose=Whose::Mine /> })}
        </div>
    }
}

#[component]
pub fn ReportPlanPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let params = use_params_map();
    let data = use_loader(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<UserId>().ok())),
        |client, _me, id| async move {
            let whose = Whose::Report(id.ok_or_else(not_found)?);
            Ok((whose, whose.load(&client).await?))
        },
    );
    view! {
        <div class="page page-plan stack">
            {show_loaded(data, |_me, (whose, plan)| view! { <PlanView plan whose /> })}
        </div>
    }
}

#[component]
fn PlanView(plan: DevelopmentPlan, whose: Whose) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let employee = plan.employee.clone();
    let department = plan.department.clone().map(|d| d.name);
    let plan = RwSignal::new(plan);
    // After a goal is added or changed, the plan is read again: whether it
    // is current and what comes next are the server's to say.
    let reload = move || {
        let client = client.get_value();
        spawn_local(async move {
            if let Ok(fresh) = whose.load(&client).await {
                let _ = plan.try_set(fresh);
            }
        });
    };
    let current = Memo::new(move |_| plan.with(|p| p.current));
    let name = match department {
        Some(d) => format!("{}, {d}", employee.name),
        None => employee.name.clone(),
    };
    view! {
        <nav class="breadcrumbs no-print" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            {matches!(whose, Whose::Report(_))
                .then(|| view! { " › " <A href=routing::TEAM>{move || t(lang.get(), Key::NavTeam)}</A> })}
        </nav>
        <header class="page-head">
            <h1>{move || tx(lang.get(), Text::Heading)}</h1>
            <span
                class=move || if current.get() { "badge badge-signed" } else { "badge badge-cancelled" }
                data-testid="plan-current"
                data-current=move || current.get().to_string()
            >
                {move || tx(lang.get(), if current.get() { Text::Current } else { Text::NotCurrent })}
            </span>
        </header>
        <p class="lead">{move || texts::plan_of(lang.get(), &name)}</p>
        <p class="small">{move || tx(lang.get(), if current.get() { Text::CurrentHelp } else { Text::NotCurrentHelp })}</p>
        <p class="no-print">
            <button type="button" class="button button-quiet" data-testid="print-plan" on:click=move |_| {
                let _ = window().print();
            }>
                {move || tx(lang.get(), Text::Print)}
            </button>
        </p>
        <section class="card" aria-labelledby="plan-next-heading" data-testid="plan-next-step">
            <h2 id="plan-next-heading">{move || tx(lang.get(), Text::NextStepHeading)}</h2>
            {move || match plan.with(|p| p.next_step.clone()) {
                Some(step) => view! { <NextStepLine step /> }.into_any(),
                None => view! { <p class="muted">{move || tx(lang.get(), Text::NoNextStep)}</p> }.into_any(),
            }}
        </section>
        <section class="card" aria-labelledby="plan-goals-heading" data-testid="plan-goals">
            <h2 id="plan-goals-heading" tabindex="-1">{move || tx(lang.get(), Text::GoalsHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::GoalsIntro)}</p>
            {move || plan.with(|p| p.goals.is_empty()).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoGoals)}</p> })}
            <ul class="plain-list">
                <For
                    each=move || plan.with(|p| p.goals.clone())
                    key=|goal: &DevelopmentGoal| (goal.id, goal.updated_at)
                    children=move |goal| view! { <GoalItem goal on_saved=Callback::new(move |()| reload()) /> }
                />
            </ul>
            <AddGoal whose on_added=Callback::new(move |()| reload()) />
        </section>
        <section class="card" aria-labelledby="plan-agreements-heading" data-testid="plan-agreements">
            <h2 id="plan-agreements-heading">{move || tx(lang.get(), Text::AgreementsHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::AgreementsIntro)}</p>
            {move || {
                let agreements = plan.with(|p| p.agreements.clone());
                if agreements.is_empty() {
                    return view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreements)}</p> }.into_any();
                }
                by_round(agreements)
                    .into_iter()
                    .map(|(round, items)| {
                        view! {
                            <section class="plan-year" aria-label=round.clone()>
                                <h3>{round.clone()}</h3>
                                <ul class="plain-list">
                                    {items.into_iter().map(|item| view! { <li class="agreement-row"><PlanAgreementLine item /></li> }).collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}

/// The agreements by round, in the order they come (the newest first).
fn by_round(agreements: Vec<PlanAgreement>) -> Vec<(String, Vec<PlanAgreement>)> {
    let mut rounds: Vec<(String, Vec<PlanAgreement>)> = Vec::new();
    for item in agreements {
        match rounds.iter_mut().find(|(name, _)| *name == item.round_name) {
            Some((_, items)) => items.push(item),
            None => rounds.push((item.round_name.clone(), vec![item])),
        }
    }
    rounds
}

#[component]
fn NextStepLine(step: PlanStep) -> impl IntoView {
    let lang = use_lang();
    let PlanStep {
        title,
        due_on,
        overdue,
    } = step;
    view! {
        <p data-testid="plan-next-step-line">
            <strong>{title}</strong>
            {due_on.map(|due| view! { " · " {move || tx(lang.get(), Text::Due)} " " {move || time::date(lang.get(), due)} })}
            {overdue.then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::Overdue)}</span> })}
        </p>
    }
}

/// A status badge as the agreements have it.
fn status_badge(lang: RwSignal<crate::i18n::Lang>, status: AgreementStatus) -> impl IntoView {
    view! {
        <span class=format!("badge badge-agreement-{}", status.as_str().replace('_', "-")) data-testid="status-badge">
            {move || record_texts::status(lang.get(), status)}
        </span>
    }
}

#[component]
fn PlanAgreementLine(item: PlanAgreement) -> impl IntoView {
    let lang = use_lang();
    let PlanAgreement {
        agreement,
        agreed_on,
        ..
    } = item;
    let carried = agreement.carried_into.is_some();
    view! {
        <div class="agreement-line" data-testid="plan-agreement">
            <p class="agreement-title">
                <strong>{agreement.title.clone()}</strong>
                " "
                {status_badge(lang, agreement.status)}
                {agreement.overdue.then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::Overdue)}</span> })}
                {carried.then(|| view! { " " <span class="badge badge-carried">{move || tx(lang.get(), Text::CarriedOn)}</span> })}
            </p>
            {(!agreement.description.trim().is_empty()).then(|| view! { <p class="small prewrap">{agreement.description.clone()}</p> })}
            <p class="small muted">
                {move || texts::agreed_on(lang.get(), agreed_on)}
                {agreement.due_on.map(|due| view! { " · " {move || tx(lang.get(), Text::Due)} " " {move || time::date(lang.get(), due)} })}
            </p>
            {(!agreement.note.trim().is_empty()).then(|| view! { <p class="small prewrap"><em>{agreement.note.clone()}</em></p> })}
        </div>
    }
}

/// One goal, and its status and note to change.
#[component]
fn GoalItem(goal: DevelopmentGoal, on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let DevelopmentGoal {
        id,
        title,
        description,
        category,
        status: saved_status,
        due_on,
        note: saved_note,
        overdue,
        created_by,
        created_at,
        ..
    } = goal;
    let status = RwSignal::new(saved_status);
    let note = RwSignal::new(saved_note.clone());
    let note_invalid = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let dom = format!("goal-{id}");
    let note_id = format!("{dom}-note");
    let error_id = format!("{dom}-note-error");
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let patch = DevelopmentGoalPatch {
            status: Some(status.get_untracked()),
            note: Some(note.get_untracked()),
            ..DevelopmentGoalPatch::default()
        };
        if patch.validate(time::today()).is_err() {
            note_invalid.set(true);
            focus::focus_id(format!("goal-{id}-note"));
            return;
        }
        note_invalid.set(false);
        failed.set(None);
        busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.update_development_goal(id, &patch).await {
                Ok(_) => {
                    focus::announce(tx(lang.get_untracked(), Text::GoalSaved));
                    on_saved.run(());
                }
                Err(error) => {
                    let on_note = error
                        .problem()
                        .is_some_and(|p| p.errors.iter().any(|e| e.field == "note"));
                    if on_note {
                        let _ = note_invalid.try_set(true);
                    } else {
                        let _ = failed.try_set(Some(Failure::from(error)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <li class="agreement-row goal" data-testid="plan-goal" data-title=title.clone()>
            <p class="agreement-title">
                <strong>{title.clone()}</strong>
                " "
                {status_badge(lang, saved_status)}
                {overdue.then(|| view! { " " <span class="badge badge-overdue">{move || tx(lang.get(), Text::Overdue)}</span> })}
            </p>
            {(!description.trim().is_empty()).then(|| view! { <p class="small prewrap">{description.clone()}</p> })}
            <p class="small muted">
                {move || record_texts::category(lang.get(), category)}
                {due_on.map(|due| view! { " · " {move || tx(lang.get(), Text::Due)} " " {move || time::date(lang.get(), due)} })}
                " · "
                {move || texts::added_by(lang.get(), &created_by.name, created_at)}
            </p>
            {(!saved_note.trim().is_empty()).then(|| view! { <p class="small prewrap"><em>{saved_note.clone()}</em></p> })}
            <details class="goal-edit no-print">
            <summary data-testid="edit-goal">
                {move || tx(lang.get(), Text::EditGoal)}
                <span class="visually-hidden">": " {title.clone()}</span>
            </summary>
            <form class="form form-inline" on:submit=save novalidate data-testid="goal-form">
                <div class="field">
                    <label for=format!("{dom}-status")>{move || tx(lang.get(), Text::Status)}</label>
                    <StatusSelect id=format!("{dom}-status") value=status />
                </div>
                <div class="field field-grow">
                    <label for=note_id.clone()>{move || tx(lang.get(), Text::Note)}</label>
                    <textarea
                        id=note_id
                        rows="2"
                        data-testid="goal-note"
                        aria-invalid=move || note_invalid.get().to_string()
                        aria-describedby={
                            let error_id = error_id.clone();
                            move || note_invalid.get().then(|| error_id.clone())
                        }
                        bind:value=note
                    ></textarea>
                    {move || {
                        note_invalid
                            .get()
                            .then(|| view! { <p class="field-error" id=error_id.clone()>{move || tx(lang.get(), Text::NoteTooLong)}</p> })
                    }}
                </div>
                <button type="submit" class="button button-quiet button-small" data-testid="save-goal" disabled=move || busy.get()>
                    {move || tx(lang.get(), Text::SaveGoal)}
                </button>
                {move || failed.get().map(|failure| view! { <FailureNotice failure /> })}
            </form>
            </details>
        </li>
    }
}

/// A refusal next to the goal field it is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct GoalErrors {
    title: bool,
    description: bool,
    due_on: bool,
}

impl GoalErrors {
    fn of(fields: &[FieldError]) -> GoalErrors {
        let mut errors = GoalErrors::default();
        for field in fields {
            match field.field.as_str() {
                "title" => errors.title = true,
                "description" => errors.description = true,
                "due_on" => errors.due_on = true,
                _ => {}
            }
        }
        errors
    }

    fn any(self) -> bool {
        self.title || self.description || self.due_on
    }

    fn first(self) -> &'static str {
        if self.title {
            "goal-title"
        } else if self.description {
            "goal-description"
        } else {
            "goal-due"
        }
    }
}

#[component]
fn AddGoal(whose: Whose, on_added: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(AgreementCategory::CourseEducation);
    let due = RwSignal::new(String::new());
    let errors = RwSignal::new(GoalErrors::default());
    let failed = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let new = NewDevelopmentGoal {
            employee_id: match whose {
                Whose::Mine => None,
                Whose::Report(id) => Some(id),
            },
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            category: category.get_untracked(),
            due_on: due.get_untracked().parse().ok(),
        };
        failed.set(None);
        let found = new
            .validate(time::today())
            .err()
            .map(|fields| GoalErrors::of(&fields))
            .unwrap_or_default();
        errors.set(found);
        if found.any() {
            focus::focus_id(found.first());
            return;
        }
        busy.set(true);
        let client = client.get_value();
        spawn_local(async move {
            match client.add_development_goal(&new).await {
                Ok(_) => {
                    title.set(String::new());
                    description.set(String::new());
                    due.set(String::new());
                    focus::announce(tx(lang.get_untracked(), Text::Added));
                    focus::focus_id("plan-goals-heading");
                    on_added.run(());
                }
                Err(error) => {
                    let found = GoalErrors::of(
                        &error
                            .problem()
                            .map(|p| p.errors.clone())
                            .unwrap_or_default(),
                    );
                    if found.any() {
                        let _ = errors.try_set(found);
                        focus::focus_id(found.first());
                    } else {
                        let _ = failed.try_set(Some(Failure::from(error)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let message = move |id: &'static str, pick: fn(GoalErrors) -> bool, text: Text| {
        move || {
            pick(errors.get()).then(|| view! { <p class="field-error" id=id data-testid="goal-field-error">{move || tx(lang.get(), text)}</p> })
        }
    };
    let invalid = move |pick: fn(GoalErrors) -> bool| move || pick(errors.get()).to_string();
    view! {
        <form class="form add-goal no-print" on:submit=submit novalidate data-testid="add-goal" aria-labelledby="add-goal-heading">
            <h3 id="add-goal-heading">{move || tx(lang.get(), Text::AddHeading)}</h3>
            <p class="small muted">{move || tx(lang.get(), Text::AddIntro)}</p>
            <div class="field">
                <label for="goal-title">{move || tx(lang.get(), Text::GoalTitle)}</label>
                <input
                    id="goal-title"
                    type="text"
                    maxlength="200"
                    required
                    autocomplete="off"
                    aria-invalid=invalid(|e| e.title)
                    aria-describedby=move || errors.get().title.then_some("goal-title-error")
                    bind:value=title
                />
                {message("goal-title-error", |e| e.title, Text::TitleNeeded)}
            </div>
            <div class="field">
                <label for="goal-description">{move || tx(lang.get(), Text::GoalDescription)}</label>
                <textarea
                    id="goal-description"
                    rows="2"
                    aria-invalid=invalid(|e| e.description)
                    aria-describedby=move || errors.get().description.then_some("goal-description-error")
                    bind:value=description
                ></textarea>
                {message("goal-description-error", |e| e.description, Text::TooLong)}
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="goal-category">{move || tx(lang.get(), Text::GoalCategory)}</label>
                    <select
                        id="goal-category"
                        on:change=move |e| {
                            if let Some(c) = AgreementCategory::parse(&event_target_value(&e)) {
                                category.set(c);
                            }
                        }
                    >
                        {AgreementCategory::ALL
                            .iter()
                            .map(|&c| {
                                view! {
                                    <option value=c.as_str() selected=move || category.get() == c>
                                        {move || record_texts::category(lang.get(), c)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="goal-due">{move || tx(lang.get(), Text::GoalDue)}</label>
                    <input
                        id="goal-due"
                        type="date"
                        aria-invalid=invalid(|e| e.due_on)
                        aria-describedby=move || {
                            if errors.get().due_on { "goal-due-help goal-due-error" } else { "goal-due-help" }
                        }
                        prop:value=move || due.get()
                        on:change=move |e| due.set(event_target_value(&e))
                    />
                    <p class="small muted" id="goal-due-help">{move || tx(lang.get(), Text::GoalDueHelp)}</p>
                    {message("goal-due-error", |e| e.due_on, Text::DueTooFar)}
                </div>
            </div>
            {move || failed.get().map(|failure| view! { <FailureNotice failure /> })}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="add-goal-button" disabled=move || busy.get()>
                    {move || tx(lang.get(), if busy.get() { Text::Adding } else { Text::AddButton })}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mus_domain::{Agreement, AgreementId, AgreementOwner, ConversationId, PersonRef};

    fn item(round: &str, title: &str) -> PlanAgreement {
        PlanAgreement {
            agreement: Agreement {
                id: AgreementId::new(),
                conversation_id: ConversationId::new(),
                employee: PersonRef {
                    id: UserId::new(),
                    name: "Anne".into(),
                },
                title: title.into(),
                description: String::new(),
                owner: AgreementOwner::Employee,
                category: AgreementCategory::CourseEducation,
                due_on: None,
                status: AgreementStatus::Open,
                note: String::new(),
                overdue: false,
                origin: None,
                carried_into: None,
                updated_at: chrono::Utc::now(),
            },
            round_name: round.into(),
            agreed_on: "2027-03-01".parse().unwrap(),
        }
    }

    #[test]
    fn agreements_are_grouped_by_round_in_the_order_they_come() {
        let grouped = by_round(vec![
            item("MUS 2027", "Scrum"),
            item("MUS 2026", "Excel"),
            item("MUS 2027", "Klarsprog"),
        ]);
        let shape: Vec<(&str, Vec<&str>)> = grouped
            .iter()
            .map(|(round, items)| {
                (
                    round.as_str(),
                    items.iter().map(|i| i.agreement.title.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("MUS 2027", vec!["Scrum", "Klarsprog"]),
                ("MUS 2026", vec!["Excel"])
            ]
        );
    }
}

/// The plan's open items beside the preparation: what was agreed or added
/// since the last conversation feeds this one. The employee sees their own;
/// the manager the employee's. Nothing is shown when nothing is open.
#[component]
pub fn PlanPrepCard(employee: UserId, own: bool) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let whose = if own {
        Whose::Mine
    } else {
        Whose::Report(employee)
    };
    let plan = LocalResource::new(move || {
        let client = client.clone();
        async move { whose.load(&client).await }
    });
    let href = if own {
        routing::PLAN.to_owned()
    } else {
        routing::report_plan(employee)
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let href = href.clone();
                plan.get().and_then(Result::ok).and_then(|plan| {
                    let goals = plan
                        .goals
                        .iter()
                        .filter(|g| g.status.is_open())
                        .map(|g| (g.title.clone(), g.due_on));
                    let courses = plan
                        .agreements
                        .iter()
                        .map(|p| &p.agreement)
                        .filter(|a| a.status.is_open() && a.carried_into.is_none())
                        .map(|a| (a.title.clone(), a.due_on));
                    let open: Vec<_> = goals.chain(courses).collect();
                    (!open.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="plan-prep-heading" data-testid="plan-prep">
                            <h2 id="plan-prep-heading">{move || tx(lang.get(), Text::PrepHeading)}</h2>
                            <p class="small muted">{move || tx(lang.get(), Text::PrepIntro)}</p>
                            <ul class="link-list">
                                {open
                                    .into_iter()
                                    .map(|(title, due)| view! {
                                        <li>{move || texts::next_step_line(lang.get(), &title, due)}</li>
                                    })
                                    .collect_view()}
                            </ul>
                            <p><A href=href>{move || tx(lang.get(), Text::PrepLink)}</A></p>
                        </section>
                    })
                })
            }}
        </Transition>
    }
}
