//! HR's yearly report for the liaison committee ("samarbejdsudvalget"):
//! a round's figures by department, counts only, to read, print or take
//! away as CSV.

pub mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use mus_domain::{Language, ReportLine, RoundId, RoundReport};

use crate::components::access::{hr_only, not_found};
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, t};
use crate::pages::organisation::format_name;
use crate::routing;
use texts::{Text, tx};

#[component]
pub fn RoundReportPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::Title));
    let params = use_params_map();
    let data = use_loader(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<RoundId>().ok())),
        |client, me, id| async move {
            hr_only(&me)?;
            client.round_report(id.ok_or_else(not_found)?).await
        },
    );
    view! {
        <div class="page page-report stack">
            {show_loaded(data, |_me, report| view! { <Report report /> })}
        </div>
    }
}

#[component]
fn Report(report: RoundReport) -> impl IntoView {
    let lang = use_lang();
    let RoundReport {
        round,
        format,
        meetings_from,
        meetings_until,
        generated_at,
        departments,
        total,
    } = report;
    let round_id = round.id;
    let round_name = round.name.clone();
    view! {
        <nav class="breadcrumbs no-print" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::HOME>{move || t(lang.get(), Key::NavHome)}</A>
            " › "
            <A href=routing::ORGANISATION>{move || t(lang.get(), Key::NavOrganisation)}</A>
        </nav>
        <header class="page-head">
            <h1>{move || tx(lang.get(), Text::Heading)}</h1>
        </header>
        <p class="lead">
            <strong data-testid="report-round">{round.name.clone()}</strong>
            " · "
            {move || format_name(lang.get(), format)}
        </p>
        <p class="small muted">{move || texts::window_line(lang.get(), meetings_from, meetings_until, generated_at)}</p>
        <p class="small">{move || tx(lang.get(), Text::Intro)}</p>
        <div class="actions no-print">
            <button type="button" class="button button-quiet" data-testid="print-report" on:click=move |_| {
                let _ = window().print();
            }>
                {move || tx(lang.get(), Text::Print)}
            </button>
            <CsvDownload round_id round_name />
        </div>
        <section class="card report-card" aria-labelledby="report-caption">
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="report-caption">
                <table class="table report-table" data-testid="report-table">
                    <caption id="report-caption">{move || tx(lang.get(), Text::TableCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || tx(lang.get(), Text::Department)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Employees)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Conversations)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Held)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Signed)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::Groups)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::GroupsSigned)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::WithPlan)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::CheckInsDue)}</th>
                            <th scope="col" class="numeric">{move || tx(lang.get(), Text::CheckInsDone)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {departments
                            .into_iter()
                            .map(|line| view! { <Line line total=false /> })
                            .collect_view()}
                    </tbody>
                    <tfoot>
                        <Line line=total total=true />
                    </tfoot>
                </table>
            </div>
            <p class="small muted">{move || tx(lang.get(), Text::CountsOnly)}</p>
        </section>
    }
}

#[component]
fn Line(line: ReportLine, total: bool) -> impl IntoView {
    let lang = use_lang();
    let ReportLine {
        department,
        employees,
        conversations,
        held,
        signed,
        groups,
        groups_signed,
        with_current_plan,
        check_ins_due,
        check_ins_done,
        ..
    } = line;
    let name = move || {
        if total {
            tx(lang.get(), Text::Total).to_owned()
        } else {
            department
                .clone()
                .unwrap_or_else(|| tx(lang.get(), Text::NoDepartment).to_owned())
        }
    };
    view! {
        <tr data-testid=if total { "report-total" } else { "report-row" } class:total=total>
            <th scope="row">{name}</th>
            <td class="numeric">{employees}</td>
            <td class="numeric">{conversations}</td>
            <td class="numeric">{held}</td>
            <td class="numeric">{signed}</td>
            <td class="numeric">{groups}</td>
            <td class="numeric">{groups_signed}</td>
            <td class="numeric">{with_current_plan}</td>
            <td class="numeric">{check_ins_due}</td>
            <td class="numeric">{check_ins_done}</td>
        </tr>
    }
}

/// Fetches the report as CSV with the session's token and hands it to the
/// browser as a file.
#[component]
fn CsvDownload(round_id: RoundId, round_name: String) -> impl IntoView {
    let lang = use_lang();
    let client = StoredValue::new_local(use_client());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let name = texts::csv_name(&round_name);
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        let name = name.clone();
        spawn_local(async move {
            // The liaison committee's report is Danish, as its file name.
            match client.round_report_csv(round_id, Language::Da).await {
                Ok(csv) => {
                    if crate::download::save_file(&csv, "text/csv;charset=utf-8", &name).is_err() {
                        let _ = error.try_set(Some(Failure::UnexpectedResponse));
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
        <button type="button" class="button button-quiet" data-testid="download-report-csv" disabled=move || busy.get() on:click=download>
            {move || tx(lang.get(), Text::DownloadCsv)}
        </button>
        {move || error.get().map(|failure| view! { <FailureNotice failure /> })}
    }
}
