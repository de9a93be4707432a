//! HR's people: everyone with their role, department and nearest manager;
//! adding and changing a person; departments; and the CSV import with its
//! report line by line.

mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_client::{ClientError, UserQuery};
use mus_domain::{
    Department, DepartmentId, ErrorCode, ImportReport, Me, NewUser, Role, User, UserId, UserPatch,
};

use crate::components::load::{show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, Lang, role_key, t};
use mus_domain::people::MAX_NAME_CHARS;
use texts::{Text, tx};

#[derive(Debug, Clone)]
struct PeopleData {
    users: Vec<User>,
    departments: Vec<Department>,
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let generation = RwSignal::new(0u32);
    let data = use_loader(
        move || generation.get(),
        |client, me: Me, _| async move {
            crate::components::access::hr_only(&me)?;
            let mut users = Vec::new();
            let mut query = UserQuery {
                limit: Some(100),
                ..UserQuery::default()
            };
            loop {
                let page = client.users(&query).await?;
                users.extend(page.items);
                match page.next_cursor {
                    Some(cursor) => query.cursor = Some(cursor),
                    None => break,
                }
            }
            // Listed as people read names: Æ, Ø and Å after Z.
            users.sort_by(|a, b| mus_domain::danish_order(&a.name, &b.name));
            let departments = client.departments().await?;
            Ok(PeopleData { users, departments })
        },
    );
    let lang = use_lang();
    // The person just added, said once the page is drawn anew.
    let added = RwSignal::new(None::<String>);
    view! {
        <div class="page stack">
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::Heading)}</h1>
            </header>
            {show_loaded(data, move |_me, data| view! { <People data generation added /> })}
        </div>
    }
}

#[component]
fn People(
    data: PeopleData,
    generation: RwSignal<u32>,
    added: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let PeopleData { users, departments } = data;
    // Drawn anew after a person was added: say so, and be ready for the
    // next one.
    if let Some(name) = added.get_untracked() {
        added.set(None);
        crate::focus::announce(texts::person_added(lang.get_untracked(), &name));
        crate::focus::focus_id("new-name");
    }
    let managers: Vec<(UserId, String)> = users
        .iter()
        .filter(|u| u.role == Role::Manager)
        .map(|u| (u.id, u.name.clone()))
        .collect();
    let users = RwSignal::new(users);
    let departments = StoredValue::new(departments);
    let managers = StoredValue::new(managers);
    view! {
        <UserList users departments managers />
        <NewPerson departments managers generation added />
        <Import generation />
        <Departments departments=departments.get_value() generation />
    }
}

#[component]
fn UserList(
    users: RwSignal<Vec<User>>,
    departments: StoredValue<Vec<Department>>,
    managers: StoredValue<Vec<(UserId, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let search = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<UserId>);
    let visible = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        let department = department.get();
        let role = role.get();
        users.with(|list| {
            list.iter()
                .filter(|u| {
                    needle.is_empty()
                        || u.name.to_lowercase().contains(&needle)
                        || u.email.to_string().contains(&needle)
                })
                .filter(|u| {
                    department.is_empty()
                        || u.department
                            .as_ref()
                            .is_some_and(|d| d.id.to_string() == department)
                })
                .filter(|u| role.is_empty() || Role::as_str(u.role) == role)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card" aria-labelledby="people-heading" data-testid="people">
            <h2 id="people-heading">{move || tx(lang.get(), Text::PeopleHeading)}</h2>
            <div class="filter-bar">
                <div class="field">
                    <label for="people-search">{move || tx(lang.get(), Text::Search)}</label>
                    <input id="people-search" type="search" autocomplete="off" bind:value=search />
                </div>
                <div class="field">
                    <label for="people-department">{move || tx(lang.get(), Text::Department)}</label>
                    <select id="people-department" on:change=move |e| department.set(event_target_value(&e))>
                        <option value="">{move || tx(lang.get(), Text::All)}</option>
                        {departments
                            .get_value()
                            .into_iter()
                            .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="people-role">{move || tx(lang.get(), Text::Role)}</label>
                    <select id="people-role" on:change=move |e| role.set(event_target_value(&e))>
                        <option value="">{move || tx(lang.get(), Text::All)}</option>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=Role::as_str(r)>{move || t(lang.get(), role_key(r))}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <p class="small muted" aria-live="polite">{move || texts::showing(lang.get(), visible.with(Vec::len), users.with(Vec::len))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="people-heading">
                <table class="table">
                    <caption class="visually-hidden">{move || tx(lang.get(), Text::PeopleHeading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || tx(lang.get(), Text::Name)}</th>
                            <th scope="col">{move || tx(lang.get(), Text::Email)}</th>
                            <th scope="col">{move || tx(lang.get(), Text::Role)}</th>
                            <th scope="col">{move || tx(lang.get(), Text::Department)}</th>
                            <th scope="col">{move || tx(lang.get(), Text::Manager)}</th>
                            <th scope="col"><span class="visually-hidden">{move || tx(lang.get(), Text::Edit)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || visible.get()
                            key=|u| (u.id, u.role, u.department.as_ref().map(|d| d.id), u.manager.as_ref().map(|m| m.id))
                            children=move |user| view! { <UserRow user users editing departments managers /> }
                        />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn UserRow(
    user: User,
    users: RwSignal<Vec<User>>,
    editing: RwSignal<Option<UserId>>,
    departments: StoredValue<Vec<Department>>,
    managers: StoredValue<Vec<(UserId, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let id = user.id;
    let role = RwSignal::new(Role::as_str(user.role).to_owned());
    let department = RwSignal::new(
        user.department
            .as_ref()
            .map(|d| d.id.to_string())
            .unwrap_or_default(),
    );
    let manager = RwSignal::new(
        user.manager
            .as_ref()
            .map(|m| m.id.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let patch = UserPatch {
            role: Role::parse(&role.get_untracked()),
            department_id: Some(department.get_untracked().parse::<DepartmentId>().ok()),
            manager_id: Some(manager.get_untracked().parse::<UserId>().ok()),
            ..UserPatch::default()
        };
        busy.set(true);
        let client = client.clone();
        spawn_local(async move {
            match client.update_user(id, &patch).await {
                Ok(updated) => {
                    users.update(|list| {
                        if let Some(slot) = list.iter_mut().find(|u| u.id == updated.id) {
                            *slot = updated;
                        }
                    });
                    editing.set(None);
                }
                Err(failure) => {
                    let _ = error.try_set(Some(problem_text(lang.get_untracked(), &failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let User {
        name,
        email,
        role: user_role,
        manager: user_manager,
        department: user_department,
        can_sign_in,
        left_on,
        ..
    } = user;
    let invitable = !can_sign_in && left_on.is_none();
    let label_name = name.clone();
    view! {
        <tr data-testid="user-row">
            <th scope="row">{name}</th>
            <td>{email.to_string()}</td>
            <Show
                when=move || editing.get() == Some(id)
                fallback=move || {
                    let manager_name = user_manager.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| "—".into());
                    let department_name = user_department.as_ref().map(|d| d.name.clone()).unwrap_or_else(|| "—".into());
                    let label_name = label_name.clone();
                    let invitee = label_name.clone();
                    view! {
                        <td>{move || t(lang.get(), role_key(user_role))}</td>
                        <td>{department_name}</td>
                        <td>{manager_name}</td>
                        <td>
                            <button
                                type="button"
                                class="button button-quiet button-small"
                                aria-label=move || format!("{} {}", tx(lang.get(), Text::Edit), label_name)
                                on:click=move |_| editing.set(Some(id))
                            >
                                {move || tx(lang.get(), Text::Edit)}
                            </button>
                            {invitable.then(|| view! { <InviteButton id name=invitee /> })}
                        </td>
                    }
                }
            >
                <td>
                    <label class="visually-hidden" for=format!("edit-role-{id}")>{move || tx(lang.get(), Text::Role)}</label>
                    <select id=format!("edit-role-{id}") on:change=move |e| role.set(event_target_value(&e))>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=Role::as_str(r) selected=move || role.get() == Role::as_str(r)>{move || t(lang.get(), role_key(r))}</option> })
                            .collect_view()}
                    </select>
                </td>
                <td>
                    <label class="visually-hidden" for=format!("edit-department-{id}")>{move || tx(lang.get(), Text::Department)}</label>
                    <select id=format!("edit-department-{id}") on:change=move |e| department.set(event_target_value(&e))>
                        <option value="">"—"</option>
                        {departments
                            .get_value()
                            .into_iter()
                            .map(|d| {
                                let value = d.id.to_string();
                                let selected = value.clone();
                                view! { <option value=value selected=move || department.get() == selected>{d.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </td>
                <td>
                    <label class="visually-hidden" for=format!("edit-manager-{id}")>{move || tx(lang.get(), Text::Manager)}</label>
                    <select id=format!("edit-manager-{id}") on:change=move |e| manager.set(event_target_value(&e))>
                        <option value="">"—"</option>
                        {managers
                            .get_value()
                            .into_iter()
                            .filter(|(m, _)| *m != id)
                            .map(|(m, name)| {
                                let value = m.to_string();
                                let selected = value.clone();
                                view! { <option value=value selected=move || manager.get() == selected>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </td>
                <td>
                    <button type="button" class="button button-primary button-small" disabled=move || busy.get() on:click=save.clone()>
                        {move || tx(lang.get(), Text::Save)}
                    </button>
                    " "
                    <button type="button" class="button button-quiet button-small" on:click=move |_| editing.set(None)>
                        {move || t(lang.get(), Key::Cancel)}
                    </button>
                    {move || error.get().map(|m| view! { <p class="notice notice-error small" role="alert">{m}</p> })}
                </td>
            </Show>
        </tr>
    }
}

/// Sends a person without a password an invitation to choose one; says so
/// where the button was, and keeps focus there.
#[component]
fn InviteButton(id: UserId, name: String) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let invite = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let client = client.clone();
        spawn_local(async move {
            let result = client
                .invite_user(id, None)
                .await
                .map(drop)
                .map_err(|failure| problem_text(lang.get_untracked(), &failure));
            let _ = outcome.try_set(Some(result));
            let _ = busy.try_set(false);
        });
    };
    view! {
        " "
        <button
            type="button"
            class="button button-quiet button-small"
            data-testid="invite"
            aria-label=move || format!("{} · {}", tx(lang.get(), Text::Invite), name)
            aria-describedby=format!("invite-outcome-{id}")
            disabled=move || busy.get()
            on:click=invite
        >
            {move || tx(lang.get(), if busy.get() { Text::Inviting } else { Text::Invite })}
        </button>
        <span id=format!("invite-outcome-{id}") role="status" class="small">
            {move || outcome.get().map(|result| match result {
                Ok(()) => view! { <span class="muted" data-testid="invited">{move || tx(lang.get(), Text::Invited)}</span> }.into_any(),
                Err(message) => view! { <span class="notice-error">{message}</span> }.into_any(),
            })}
        </span>
    }
}

/// A problem in words: the fields the server named, or its general message.
fn problem_text(lang: Lang, error: &ClientError) -> String {
    match error.problem() {
        Some(problem) if !problem.errors.is_empty() => problem
            .errors
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        _ => t(lang, Failure::from(error).message_key()).to_owned(),
    }
}

/// A field of the new-person form that the server can refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PersonField {
    Name,
    Email,
    Department,
    Manager,
}

impl PersonField {
    fn dom_id(self) -> &'static str {
        match self {
            PersonField::Name => "new-name",
            PersonField::Email => "new-email",
            PersonField::Department => "new-department",
            PersonField::Manager => "new-manager",
        }
    }

    /// The field a server's field error names (`email`, `manager`, …).
    fn from_path(path: &str) -> Option<PersonField> {
        match path.split('/').next()? {
            "name" => Some(PersonField::Name),
            "email" => Some(PersonField::Email),
            "department_id" => Some(PersonField::Department),
            "manager" | "manager_id" => Some(PersonField::Manager),
            _ => None,
        }
    }

    /// What the person is asked to do about a refused value.
    fn refused(self) -> Text {
        match self {
            PersonField::Name => Text::NameNeeded,
            PersonField::Email => Text::EmailInvalid,
            PersonField::Department => Text::DepartmentInvalid,
            PersonField::Manager => Text::ManagerInvalid,
        }
    }
}

/// The fields a refusal names, with the words to show next to each: an
/// e-mail already in use is the e-mail field's problem.
fn refused_fields(error: &ClientError) -> Vec<(PersonField, Text)> {
    let Some(problem) = error.problem() else {
        return Vec::new();
    };
    if problem.code == ErrorCode::AlreadyExists {
        return vec![(PersonField::Email, Text::EmailTaken)];
    }
    let mut fields: Vec<(PersonField, Text)> = Vec::new();
    for field in problem
        .errors
        .iter()
        .filter_map(|e| PersonField::from_path(&e.field))
    {
        if !fields.iter().any(|(f, _)| *f == field) {
            fields.push((field, field.refused()));
        }
    }
    fields
}

#[component]
fn NewPerson(
    departments: StoredValue<Vec<Department>>,
    managers: StoredValue<Vec<(UserId, String)>>,
    generation: RwSignal<u32>,
    added: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("employee".to_owned());
    let department = RwSignal::new(String::new());
    let manager = RwSignal::new(String::new());
    let invite = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(Vec::<(PersonField, Text)>::new());
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let invite = invite.get_untracked();
        let new_name = name.get_untracked().trim().to_owned();
        let new = NewUser {
            email: email.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Employee),
            manager_id: manager.get_untracked().parse().ok(),
            department_id: department.get_untracked().parse().ok(),
        };
        busy.set(true);
        error.set(None);
        refused.set(Vec::new());
        let client = client.clone();
        spawn_local(async move {
            let created = match client.create_user(&new).await {
                Ok(user) if invite => client.invite_user(user.id, None).await.map(drop),
                Ok(_) => Ok(()),
                Err(failure) => Err(failure),
            };
            match created {
                Ok(()) => {
                    added.set(Some(new_name));
                    generation.update(|g| *g += 1);
                }
                Err(failure) => {
                    let fields = refused_fields(&failure);
                    if let Some((first, _)) = fields.first() {
                        crate::focus::focus_id(first.dom_id());
                        let _ = refused.try_set(fields);
                    } else {
                        let _ = error.try_set(Some(problem_text(lang.get_untracked(), &failure)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    // A field's refusal, and the attributes that tie it to the field.
    let issue = move |field: PersonField| {
        refused.with(|r| r.iter().find(|(f, _)| *f == field).map(|(_, text)| *text))
    };
    let invalid = move |field: PersonField| issue(field).is_some().to_string();
    let described =
        move |field: PersonField| issue(field).map(|_| format!("{}-error", field.dom_id()));
    let message = move |field: PersonField| {
        move || {
            issue(field).map(|text| {
                view! {
                    <p id=format!("{}-error", field.dom_id()) class="field-error" data-testid=format!("{}-error", field.dom_id())>
                        {move || tx(lang.get(), text).replace("{n}", &MAX_NAME_CHARS.to_string())}
                    </p>
                }
            })
        }
    };
    view! {
        <section class="card" aria-labelledby="new-person-heading">
            <h2 id="new-person-heading">{move || tx(lang.get(), Text::NewPerson)}</h2>
            <form class="form" on:submit=submit novalidate data-testid="new-person">
                <div class="field-row">
                    <div class="field">
                        <label for="new-name">{move || tx(lang.get(), Text::Name)}</label>
                        <input
                            id="new-name"
                            type="text"
                            autocomplete="off"
                            maxlength=MAX_NAME_CHARS.to_string()
                            bind:value=name
                            aria-invalid=move || invalid(PersonField::Name)
                            aria-describedby=move || described(PersonField::Name)
                        />
                        {message(PersonField::Name)}
                    </div>
                    <div class="field">
                        <label for="new-email">{move || tx(lang.get(), Text::Email)}</label>
                        <input
                            id="new-email"
                            type="email"
                            autocomplete="off"
                            bind:value=email
                            aria-invalid=move || invalid(PersonField::Email)
                            aria-describedby=move || described(PersonField::Email)
                        />
                        {message(PersonField::Email)}
                    </div>
                    <div class="field">
                        <label for="new-role">{move || tx(lang.get(), Text::Role)}</label>
                        <select id="new-role" on:change=move |e| role.set(event_target_value(&e))>
                            {Role::ALL
                                .into_iter()
                                .map(|r| view! { <option value=Role::as_str(r)>{move || t(lang.get(), role_key(r))}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="new-department">{move || tx(lang.get(), Text::Department)}</label>
                        <select
                            id="new-department"
                            on:change=move |e| department.set(event_target_value(&e))
                            aria-invalid=move || invalid(PersonField::Department)
                            aria-describedby=move || described(PersonField::Department)
                        >
                            <option value="">"—"</option>
                            {departments
                                .get_value()
                                .into_iter()
                                .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                                .collect_view()}
                        </select>
                        {message(PersonField::Department)}
                    </div>
                    <div class="field">
                        <label for="new-manager">{move || tx(lang.get(), Text::Manager)}</label>
                        <select
                            id="new-manager"
                            on:change=move |e| manager.set(event_target_value(&e))
                            aria-invalid=move || invalid(PersonField::Manager)
                            aria-describedby=move || described(PersonField::Manager)
                        >
                            <option value="">"—"</option>
                            {managers
                                .get_value()
                                .into_iter()
                                .map(|(m, name)| view! { <option value=m.to_string()>{name}</option> })
                                .collect_view()}
                        </select>
                        {message(PersonField::Manager)}
                    </div>
                </div>
                <div class="field checkbox-field">
                    <input id="new-invite" type="checkbox" aria-describedby="invite-help" bind:checked=invite />
                    <label for="new-invite">{move || tx(lang.get(), Text::InviteOnCreate)}</label>
                </div>
                <p id="invite-help" class="help">{move || tx(lang.get(), Text::InviteHelp)}</p>
                {move || error.get().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tx(lang.get(), Text::AddPerson)}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Import(generation: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let csv = RwSignal::new(String::new());
    let invite = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ImportReport, Vec<String>>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        result.set(None);
        let text = csv.get_untracked();
        let invite = invite.get_untracked();
        let client = client.clone();
        spawn_local(async move {
            let imported = if invite {
                client.import_users_inviting(text).await
            } else {
                client.import_users(text).await
            };
            let outcome = match imported {
                Ok(report) => Ok(report),
                Err(failure) => Err(import_errors(lang.get_untracked(), &failure)),
            };
            let _ = result.try_set(Some(outcome));
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="import-heading">
            <h2 id="import-heading">{move || tx(lang.get(), Text::ImportHeading)}</h2>
            <p class="small muted">{move || tx(lang.get(), Text::ImportIntro)}</p>
            <form class="form" on:submit=submit novalidate data-testid="import">
                <div class="field">
                    <label for="import-csv">{move || tx(lang.get(), Text::ImportCsv)}</label>
                    <textarea
                        id="import-csv"
                        rows="6"
                        class="mono"
                        placeholder="email,name,department,manager_email,role"
                        bind:value=csv
                    ></textarea>
                </div>
                <div class="field checkbox-field">
                    <input id="import-invite" type="checkbox" bind:checked=invite />
                    <label for="import-invite">{move || tx(lang.get(), Text::InviteOnImport)}</label>
                </div>
                {move || {
                    result
                        .get()
                        .map(|r| match r {
                            Ok(report) => view! {
                                <p class="notice notice-success" role="status" data-testid="import-result">
                                    {move || texts::import_report(lang.get(), &report)}
                                </p>
                            }
                                .into_any(),
                            Err(lines) => view! {
                                <div class="notice notice-error" role="alert" data-testid="import-errors">
                                    <p>{move || tx(lang.get(), Text::ImportRefused)}</p>
                                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                </div>
                            }
                                .into_any(),
                        })
                }}
                <div class="actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tx(lang.get(), Text::ImportButton)}
                    </button>
                    <Show when=move || matches!(result.get(), Some(Ok(_)))>
                        <button type="button" class="button button-quiet" on:click=move |_| generation.update(|g| *g += 1)>
                            {move || tx(lang.get(), Text::ShowImported)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// `line/4/email` → "Line 4, email: …".
fn import_errors(lang: Lang, error: &ClientError) -> Vec<String> {
    match error.problem() {
        Some(problem) if !problem.errors.is_empty() => problem
            .errors
            .iter()
            .map(|field| {
                let mut parts = field.field.split('/');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some("line"), Some(n), column) => {
                        texts::import_line(lang, n, column, &field.message)
                    }
                    _ => format!("{}: {}", field.field, field.message),
                }
            })
            .collect(),
        _ => vec![t(lang, Failure::from(error).message_key()).to_owned()],
    }
}

#[component]
fn Departments(departments: Vec<Department>, generation: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let new = name.get_untracked().trim().to_owned();
        busy.set(true);
        let client = client.clone();
        spawn_local(async move {
            match client.create_department(&new).await {
                Ok(_) => generation.update(|g| *g += 1),
                Err(failure) => {
                    let _ = error.try_set(Some(problem_text(lang.get_untracked(), &failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="departments-heading">
            <h2 id="departments-heading">{move || tx(lang.get(), Text::Departments)}</h2>
            <ul class="plain-list">
                {departments
                    .into_iter()
                    .map(|d| view! { <li class="agreement-row" data-testid="department-row"><strong>{d.name}</strong> " · " {move || texts::people(lang.get(), d.people)}</li> })
                    .collect_view()}
            </ul>
            <form class="form form-inline" on:submit=submit novalidate>
                <div class="field">
                    <label for="new-department-name">{move || tx(lang.get(), Text::NewDepartment)}</label>
                    <input id="new-department-name" type="text" autocomplete="off" bind:value=name />
                </div>
                {move || error.get().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="button button-quiet" disabled=move || busy.get()>
                        {move || tx(lang.get(), Text::AddDepartment)}
                    </button>
                </div>
            </form>
        </section>
    }
}
