//! Who is in the group: each member with whether they have shared and
//! acknowledged, those who have left, and, for the manager and HR, a list
//! of people to tick.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mus_client::{Client, ClientError, UserQuery};
use mus_domain::{GroupMember, GroupMembers, GroupRole, PersonRef, User, UserId};

use super::Ctx;
use super::texts::{self, Text, tx};
use crate::components::load::FailureNotice;
use crate::context::use_lang;
use crate::focus;
use crate::i18n::{Failure, Key, t};

#[component]
pub(super) fn MembersCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let editing = RwSignal::new(false);
    let may_edit = matches!(ctx.role, GroupRole::Manager | GroupRole::Administrator);
    let current = Memo::new(move |_| {
        let mut list = ctx.group.with(|g| {
            g.members
                .iter()
                .filter(|m| m.left_at.is_none())
                .cloned()
                .collect::<Vec<_>>()
        });
        list.sort_by(|a, b| mus_domain::danish_order(&a.person.name, &b.person.name));
        list
    });
    let former = Memo::new(move |_| {
        ctx.group.with(|g| {
            g.members
                .iter()
                .filter(|m| m.left_at.is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let signed = Memo::new(move |_| ctx.group.with(|g| g.signed_at.is_some()));

    view! {
        <section class="card" aria-labelledby="members-heading" data-testid="group-members">
            <h2 id="members-heading" tabindex="-1">{move || tx(lang.get(), Text::MembersHeading)}</h2>
            <p class="small muted">{move || texts::members_count(lang.get(), current.with(Vec::len) as u32)}</p>
            {move || current.with(Vec::is_empty).then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoMembers)}</p> })}
            <ul class="plain-list member-list">
                {move || {
                    current
                        .get()
                        .into_iter()
                        .map(|member| view! { <MemberLine member signed=signed.get() /> })
                        .collect_view()
                }}
            </ul>
            {move || {
                let former = former.get();
                (!former.is_empty())
                    .then(|| {
                        view! {
                            <h3 class="subheading">{move || tx(lang.get(), Text::FormerMembers)}</h3>
                            <ul class="plain-list member-list">
                                {former
                                    .into_iter()
                                    .map(|m| {
                                        let left = m.left_at;
                                        view! {
                                            <li class="small" data-testid="former-member">
                                                <strong>{m.person.name.clone()}</strong>
                                                " · "
                                                {move || left.map(|at| texts::left_on(lang.get(), at)).unwrap_or_default()}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
            {may_edit
                .then(|| {
                    view! {
                        <Show
                            when=move || editing.get()
                            fallback=move || {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        id="edit-members"
                                        data-testid="edit-members"
                                        on:click=move |_| {
                                            editing.set(true);
                                            focus::focus_id("members-legend");
                                        }
                                    >
                                        {move || tx(lang.get(), Text::EditMembers)}
                                    </button>
                                }
                            }
                        >
                            <MembersEditor ctx editing />
                        </Show>
                    }
                })}
        </section>
    }
}

#[component]
fn MemberLine(member: GroupMember, signed: bool) -> impl IntoView {
    let lang = use_lang();
    let GroupMember {
        person,
        shared_at,
        acknowledged_at,
        disagrees,
        ..
    } = member;
    let shared = shared_at.is_some();
    view! {
        <li class="member" data-testid="member" data-name=person.name.clone()>
            <strong>{person.name.clone()}</strong>
            <span class="small member-states">
                <span class:done=shared data-testid="member-shared" data-shared=shared.to_string()>
                    {move || tx(lang.get(), if shared { Text::HasShared } else { Text::NotShared })}
                </span>
                {signed
                    .then(|| {
                        view! {
                            " · "
                            <span class:done=acknowledged_at.is_some() data-testid="member-acknowledged">
                                {move || match acknowledged_at {
                                    Some(at) => texts::acknowledged_on(lang.get(), at),
                                    None => tx(lang.get(), Text::NotAcknowledged).to_owned(),
                                }}
                            </span>
                        }
                    })}
                {disagrees
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-disagreed" data-testid="member-disagrees">
                                {move || tx(lang.get(), Text::SeenNotAgreed)}
                            </span>
                        }
                    })}
            </span>
        </li>
    }
}

/// Every page of the people `query` finds.
async fn all_people(client: &Client, query: UserQuery) -> Result<Vec<User>, ClientError> {
    let mut all = Vec::new();
    let mut query = UserQuery {
        limit: Some(100),
        ..query
    };
    loop {
        let page = client.users(&query).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return Ok(all),
        }
    }
}

/// The people who may be ticked: the manager's reports (for the manager),
/// everyone who has not left (for HR), and whoever is in the group now.
#[component]
fn MembersEditor(ctx: Ctx, editing: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let (manager, members): (UserId, Vec<PersonRef>) = ctx.group.with_untracked(|g| {
        (
            g.manager.id,
            g.members
                .iter()
                .filter(|m| m.left_at.is_none())
                .map(|m| m.person.clone())
                .collect(),
        )
    });
    let chosen = RwSignal::new(members.iter().map(|p| p.id).collect::<BTreeSet<_>>());
    let is_hr = ctx.role == GroupRole::Administrator;
    let people = LocalResource::new(move || {
        let client = ctx.client.get_value();
        let members = members.clone();
        async move {
            let query = if is_hr {
                UserQuery::default()
            } else {
                UserQuery {
                    manager: Some(manager),
                    ..UserQuery::default()
                }
            };
            let found = all_people(&client, query).await.map_err(Failure::from)?;
            let mut list: Vec<PersonRef> = found
                .into_iter()
                .filter(|u| u.left_on.is_none() && u.id != manager)
                .map(|u| PersonRef {
                    id: u.id,
                    name: u.name,
                })
                .collect();
            for member in members {
                if !list.iter().any(|p| p.id == member.id) {
                    list.push(member);
                }
            }
            list.sort_by(|a, b| mus_domain::danish_order(&a.name, &b.name));
            Ok::<_, Failure>(list)
        }
    });
    let filter = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let invalid = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let list: Vec<UserId> = chosen.get_untracked().into_iter().collect();
        let problems = mus_domain::group::check_group(None, &list, manager);
        if !problems.is_empty() {
            invalid.set(true);
            focus::focus_id("members-fieldset");
            return;
        }
        invalid.set(false);
        failed.set(None);
        busy.set(true);
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client
                .set_group_members(ctx.id, &GroupMembers { members: list })
                .await
            {
                Ok(group) => {
                    let _ = ctx.group.try_set(group);
                    let _ = editing.try_set(false);
                    focus::announce(tx(lang.get_untracked(), Text::MembersSaved));
                    focus::focus_id("edit-members");
                }
                Err(error) => {
                    let on_members = error
                        .problem()
                        .is_some_and(|p| p.errors.iter().any(|e| e.field == "members"));
                    if on_members {
                        let _ = invalid.try_set(true);
                        focus::focus_id("members-fieldset");
                    } else {
                        let _ = failed.try_set(Some(Failure::from(error)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <form class="form members-editor" on:submit=save novalidate data-testid="members-editor">
            <fieldset
                id="members-fieldset"
                tabindex="-1"
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=move || {
                    if invalid.get() { "members-help members-error" } else { "members-help" }
                }
            >
                <legend id="members-legend" tabindex="-1">{move || tx(lang.get(), Text::MembersLegend)}</legend>
                <p class="small muted" id="members-help">
                    {move || tx(lang.get(), if is_hr { Text::MembersHelpHr } else { Text::MembersHelpManager })}
                </p>
                {is_hr
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="members-filter">{move || tx(lang.get(), Text::FilterPeople)}</label>
                                <input id="members-filter" type="search" autocomplete="off" bind:value=filter />
                            </div>
                        }
                    })}
                <Transition fallback=move || view! { <p class="status" role="status">{move || tx(lang.get(), Text::LoadingPeople)}</p> }>
                    {move || {
                        people
                            .get()
                            .map(|result| match result {
                                Ok(list) => {
                                    view! {
                                        <div class="member-choices">
                                            {list
                                                .into_iter()
                                                .map(|person| {
                                                    let id = person.id;
                                                    let input_id = format!("member-{id}");
                                                    let name = person.name.clone();
                                                    let needle = name.to_lowercase();
                                                    view! {
                                                        <div
                                                            class="checkbox"
                                                            hidden=move || {
                                                                let f = filter.get().trim().to_lowercase();
                                                                !f.is_empty() && !needle.contains(&f) && !chosen.with(|c| c.contains(&id))
                                                            }
                                                        >
                                                            <input
                                                                type="checkbox"
                                                                id=input_id.clone()
                                                                data-testid="member-choice"
                                                                prop:checked=move || chosen.with(|c| c.contains(&id))
                                                                on:change=move |e| {
                                                                    let on = event_target_checked(&e);
                                                                    chosen.update(|c| {
                                                                        if on { c.insert(id); } else { c.remove(&id); }
                                                                    });
                                                                }
                                                            />
                                                            <label for=input_id>{name}</label>
                                                        </div>
                                                    }
                                                })
                                                .collect_view()}
                                        </div>
                                    }
                                        .into_any()
                                }
                                Err(failure) => view! { <FailureNotice failure /> }.into_any(),
                            })
                    }}
                </Transition>
                {move || {
                    invalid
                        .get()
                        .then(|| {
                            view! {
                                <p class="field-error" id="members-error" role="alert">
                                    {move || tx(lang.get(), Text::MembersInvalid)}
                                </p>
                            }
                        })
                }}
            </fieldset>
            {move || failed.get().map(|failure| view! { <FailureNotice failure /> })}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="save-members" disabled=move || busy.get()>
                    {move || tx(lang.get(), Text::SaveMembers)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| {
                        editing.set(false);
                        focus::focus_id("edit-members");
                    }
                >
                    {move || t(lang.get(), Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
