//! One agreement of the summary: the manager's fields for it (title,
//! description, owner, category, due date; moved, removed), and the same
//! agreement as text for everyone else.

use super::*;

#[component]
pub(super) fn AgreementFields(
    editor: Editor,
    key: u32,
    row: RwSignal<AgreementDraft>,
) -> impl IntoView {
    let lang = use_lang();
    let position = Memo::new(move |_| editor.position(key).unwrap_or(0));
    let count = Memo::new(move |_| editor.agreements.with(Vec::len));
    let field = move |name: &str| format!("agreement-{key}-{name}");
    let carried = row.with_untracked(|a| a.origin.is_some());
    // The issue of one of this agreement's fields, wherever it has moved.
    let issue_of = move |what: &'static str| {
        Memo::new(move |_| editor.issue(&format!("agreements/{}/{what}", position.get())))
    };
    let (title_issue, description_issue, due_issue) = (
        issue_of("title"),
        issue_of("description"),
        issue_of("due_on"),
    );
    let invalid =
        |issue: Memo<Option<SummaryIssue>>| move || issue.with(Option::is_some).to_string();
    let described = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || issue.with(Option::is_some).then(|| field(name))
    };
    let message = move |issue: Memo<Option<SummaryIssue>>, name: &'static str| {
        move || {
            issue
                .get()
                .map(|issue| view! { <IssueMessage id=field(name) issue /> })
        }
    };
    view! {
        <li class="agreement-edit" data-testid="agreement-row">
            <fieldset>
                <legend>
                    {move || format!("{} {}", tx(lang.get(), Text::AgreementTitle), position.get() + 1)}
                    {carried
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-carried">{move || tx(lang.get(), Text::CarriedFromLastYear)}</span>
                            }
                        })}
                </legend>
                <div class="field">
                    <label for=field("title")>{move || tx(lang.get(), Text::AgreementTitle)}</label>
                    <input
                        id=field("title")
                        type="text"
                        maxlength="200"
                        required
                        data-testid="agreement-title"
                        aria-invalid=invalid(title_issue)
                        aria-describedby=described(title_issue, "title-error")
                        prop:value=move || row.with(|a| a.title.clone())
                        on:input=move |e| row.update(|a| a.title = event_target_value(&e))
                    />
                    {message(title_issue, "title-error")}
                </div>
                <div class="field">
                    <label for=field("description")>{move || tx(lang.get(), Text::AgreementDescription)}</label>
                    <textarea
                        id=field("description")
                        rows="2"
                        maxlength="10000"
                        aria-invalid=invalid(description_issue)
                        aria-describedby=described(description_issue, "description-error")
                        prop:value=move || row.with(|a| a.description.clone())
                        on:input=move |e| row.update(|a| a.description = event_target_value(&e))
                    ></textarea>
                    {message(description_issue, "description-error")}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for=field("owner")>{move || tx(lang.get(), Text::AgreementOwner)}</label>
                        <select
                            id=field("owner")
                            data-testid="agreement-owner"
                            on:change=move |e| {
                                if let Some(owner) = AgreementOwner::parse(&event_target_value(&e)) {
                                    row.update(|a| a.owner = owner);
                                }
                            }
                        >
                            {AgreementOwner::ALL
                                .iter()
                                .map(|&owner| {
                                    view! {
                                        <option value=owner.as_str() selected=move || row.with(|a| a.owner == owner)>
                                            {move || texts::owner(lang.get(), owner)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("category")>{move || tx(lang.get(), Text::AgreementCategory)}</label>
                        <select
                            id=field("category")
                            data-testid="agreement-category"
                            on:change=move |e| {
                                if let Some(category) = AgreementCategory::parse(&event_target_value(&e)) {
                                    row.update(|a| a.category = category);
                                }
                            }
                        >
                            {AgreementCategory::ALL
                                .iter()
                                .map(|&category| {
                                    view! {
                                        <option
                                            value=category.as_str()
                                            selected=move || row.with(|a| a.category == category)
                                        >
                                            {move || texts::category(lang.get(), category)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("due")>{move || tx(lang.get(), Text::AgreementDue)}</label>
                        <input
                            id=field("due")
                            type="date"
                            data-testid="agreement-due"
                            aria-invalid=invalid(due_issue)
                            aria-describedby=described(due_issue, "due-error")
                            prop:value=move || row.with(|a| a.due_on.map(|d| d.to_string()).unwrap_or_default())
                            on:change=move |e| {
                                let raw = event_target_value(&e);
                                row.update(|a| a.due_on = raw.parse().ok());
                            }
                        />
                        {message(due_issue, "due-error")}
                    </div>
                </div>
                <div class="actions row-actions">
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        id=field("up")
                        disabled=move || position.get() == 0
                        on:click=move |_| {
                            editor.shift(key, true);
                            // Moved, the row is drawn again: the focus follows
                            // it, to the other button once at the top.
                            let at_top = editor.position_now(key) == Some(0);
                            focus::focus_id(format!("agreement-{key}-{}", if at_top { "down" } else { "up" }));
                            announce_position(lang.get_untracked(), editor, key);
                        }
                    >
                        {move || tx(lang.get(), Text::MoveUp)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        id=field("down")
                        disabled=move || { position.get() + 1 >= count.get() }
                        on:click=move |_| {
                            editor.shift(key, false);
                            let at_end = editor.position_now(key).map(|p| p + 1)
                                == Some(editor.agreements.with_untracked(Vec::len));
                            focus::focus_id(format!("agreement-{key}-{}", if at_end { "up" } else { "down" }));
                            announce_position(lang.get_untracked(), editor, key);
                        }
                    >
                        {move || tx(lang.get(), Text::MoveDown)}
                    </button>
                    <button
                        type="button"
                        class="button button-danger button-small"
                        data-testid="remove-agreement"
                        on:click=move |_| {
                            editor.remove(key);
                            focus::announce(tx(lang.get_untracked(), Text::AgreementRemoved));
                            focus::focus_id("add-agreement");
                        }
                    >
                        {move || tx(lang.get(), Text::RemoveAgreement)}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// Says where an agreement stands in the list after a move.
fn announce_position(lang: Lang, editor: Editor, key: u32) {
    if let Some(at) = editor.position_now(key) {
        focus::announce(texts::agreement_moved(lang, at + 1));
    }
}

/// One agreement as text.
#[component]
pub(super) fn AgreementRead(agreement: AgreementDraft) -> impl IntoView {
    let lang = use_lang();
    let AgreementDraft {
        title,
        description,
        owner,
        category,
        due_on,
        origin,
        ..
    } = agreement;
    view! {
        <div class="agreement-read" data-testid="agreement-read">
            <h3>
                {title}
                {origin
                    .is_some()
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-carried">{move || tx(lang.get(), Text::CarriedFromLastYear)}</span>
                        }
                    })}
            </h3>
            {(!description.trim().is_empty()).then(|| view! { <p class="prewrap">{description.clone()}</p> })}
            <p class="small muted">
                {move || texts::owner(lang.get(), owner)}
                " · "
                {move || texts::category(lang.get(), category)}
                {due_on
                    .map(|due| {
                        view! {
                            " · " {move || tx(lang.get(), Text::AgreementDue)} " "
                            {move || time::date(lang.get(), due)}
                        }
                    })}
            </p>
        </div>
    }
}
