//! Every agreement the signed-in person may see: their own, and a manager's
//! reports'; filtered by status, category and overdue, one page at a time.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mus_domain::{Agreement, AgreementCategory, AgreementQuery, AgreementStatus, Me, Page};

use super::follow_up::AgreementSummaryLine;
use super::texts::{self, Text, tx};
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, t};
use crate::routing;

/// The filters, as the form holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Filters {
    status: Option<AgreementStatus>,
    category: Option<AgreementCategory>,
    overdue_only: bool,
}

impl Filters {
    fn query(self, cursor: Option<String>) -> AgreementQuery {
        AgreementQuery {
            status: self.status,
            category: self.category,
            overdue: self.overdue_only.then_some(true),
            limit: Some(50),
            cursor,
            ..AgreementQuery::default()
        }
    }
}

#[component]
pub fn AgreementsPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleAgreements));
    let filters = RwSignal::new(Filters::default());
    let data = use_loader(
        move || filters.get(),
        |client, _me, filters| async move { client.agreements(&filters.query(None)).await },
    );
    let lang = use_lang();
    view! {
        <div class="page">
            <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
                <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            </nav>
            <header class="page-head">
                <h1>{move || tx(lang.get(), Text::AgreementsHeading)}</h1>
            </header>
            <FilterBar filters />
            {show_loaded(data, move |me, page| view! { <AgreementList me page filters=filters.get_untracked() /> })}
        </div>
    }
}

#[component]
fn FilterBar(filters: RwSignal<Filters>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form class="card filter-bar" role="search" on:submit=|e| e.prevent_default() data-testid="agreement-filters">
            <div class="field">
                <label for="filter-status">{move || tx(lang.get(), Text::FilterStatus)}</label>
                <select
                    id="filter-status"
                    on:change=move |e| {
                        let status = AgreementStatus::parse(&event_target_value(&e));
                        filters.update(|f| f.status = status);
                    }
                >
                    <option value="">{move || tx(lang.get(), Text::FilterAll)}</option>
                    {AgreementStatus::ALL
                        .iter()
                        .map(|&s| view! { <option value=s.as_str()>{move || texts::status(lang.get(), s)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-category">{move || tx(lang.get(), Text::FilterCategory)}</label>
                <select
                    id="filter-category"
                    on:change=move |e| {
                        let category = AgreementCategory::parse(&event_target_value(&e));
                        filters.update(|f| f.category = category);
                    }
                >
                    <option value="">{move || tx(lang.get(), Text::FilterAll)}</option>
                    {AgreementCategory::ALL
                        .iter()
                        .map(|&c| view! { <option value=c.as_str()>{move || texts::category(lang.get(), c)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field checkbox-field">
                <input
                    id="filter-overdue"
                    type="checkbox"
                    data-testid="filter-overdue"
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        filters.update(|f| f.overdue_only = on);
                    }
                />
                <label for="filter-overdue">{move || tx(lang.get(), Text::FilterOverdueOnly)}</label>
            </div>
        </form>
    }
}

#[component]
fn AgreementList(me: Me, page: Page<Agreement>, filters: Filters) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let items = RwSignal::new(page.items);
    let cursor = RwSignal::new(page.next_cursor);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let more = move |_| {
        let Some(next) = cursor.get_untracked() else {
            return;
        };
        busy.set(true);
        let client = client.clone();
        spawn_local(async move {
            match client.agreements(&filters.query(Some(next))).await {
                Ok(page) => {
                    items.update(|list| list.extend(page.items));
                    cursor.set(page.next_cursor);
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let me_id = me.id;
    view! {
        <section class="card" aria-labelledby="agreement-list-heading">
            <h2 id="agreement-list-heading" class="visually-hidden">{move || tx(lang.get(), Text::AgreementsHeading)}</h2>
            {move || {
                items
                    .with(Vec::is_empty)
                    .then(|| view! { <p class="muted" data-testid="no-agreements">{move || tx(lang.get(), Text::NoAgreementsMatch)}</p> })
            }}
            <ul class="plain-list agreement-rows">
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|agreement| {
                            let whose = (agreement.employee.id != me_id).then(|| agreement.employee.name.clone());
                            let follow_up = routing::follow_up(agreement.conversation_id);
                            view! {
                                <li class="agreement-row" data-testid="agreement">
                                    {whose.map(|name| view! { <p class="small"><strong>{name}</strong></p> })}
                                    <AgreementSummaryLine agreement />
                                    <A href=follow_up attr:class="small">{move || tx(lang.get(), Text::OpenFollowUp)}</A>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button button-quiet" disabled=move || busy.get() on:click=more.clone()>
                    {move || tx(lang.get(), Text::LoadMore)}
                </button>
            </Show>
        </section>
    }
}
