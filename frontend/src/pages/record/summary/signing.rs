//! The summary as a document, its signatures, and signing it.

use super::*;
use crate::components::confirm::{Confirm, ask};

/// The summary as a finished document: what a locked or older version shows,
/// and what the printer gets.
#[component]
pub(super) fn Referat(
    conversation: Conversation,
    content: SummaryContent,
    signatures: Vec<SignatureRecord>,
    version: u32,
) -> impl IntoView {
    let lang = use_lang();
    let Conversation {
        employee,
        manager,
        round_name,
        meeting,
        ..
    } = conversation;
    let SummaryContent {
        agreements,
        decisions,
        assessment,
        employee_feedback,
    } = content;
    let empty = agreements.is_empty();
    let names = (employee.name.clone(), manager.name.clone());
    let signer_names = names.clone();
    let text = move |value: String| {
        move || {
            if value.trim().is_empty() {
                tx(lang.get(), Text::NothingWritten).to_owned()
            } else {
                value.clone()
            }
        }
    };
    view! {
        <article class="card referat" data-testid="referat">
            <header>
                <h2>{move || tx(lang.get(), Text::ReferatHeading)}</h2>
                <p>
                    {round_name} " · " {move || texts::version_label(lang.get(), version)}
                </p>
                <p>{move || i18n::conversation_between(lang.get(), &names.0, &names.1)}</p>
                {meeting
                    .map(|m| view! { <p class="small">{move || time::meeting_span(lang.get(), m.starts_at, m.minutes)} ", " {m.location.clone()}</p> })}
            </header>
            <section>
                <h3>{move || tx(lang.get(), Text::AgreementsHeading)}</h3>
                {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoAgreementsYet)}</p> })}
                <ol class="agreement-list">
                    {agreements
                        .into_iter()
                        .map(|agreement| view! { <li><AgreementRead agreement /></li> })
                        .collect_view()}
                </ol>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::DecisionsHeading)}</h3>
                <p class="prewrap">{text(decisions)}</p>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::AssessmentHeading)}</h3>
                <h4>{move || tx(lang.get(), Text::Performance)}</h4>
                <p class="prewrap">{text(assessment.performance)}</p>
                <h4>{move || tx(lang.get(), Text::Strengths)}</h4>
                <p class="prewrap">{text(assessment.strengths)}</p>
                <h4>{move || tx(lang.get(), Text::AreasToDevelop)}</h4>
                <p class="prewrap">{text(assessment.areas_to_develop)}</p>
            </section>
            <section>
                <h3>{move || tx(lang.get(), Text::FeedbackHeading)}</h3>
                <p class="prewrap" data-testid="referat-feedback">{text(employee_feedback)}</p>
            </section>
            <section class="referat-signatures">
                <h3>{move || tx(lang.get(), Text::SignHeading)}</h3>
                <Signatures signatures names=signer_names />
            </section>
        </article>
    }
}

#[component]
pub(super) fn Signatures(
    signatures: Vec<SignatureRecord>,
    names: (String, String),
) -> impl IntoView {
    let lang = use_lang();
    if signatures.is_empty() {
        return view! { <p class="muted">{move || tx(lang.get(), Text::NotSignedYet)}</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list signatures">
            {signatures
                .into_iter()
                .map(|signature| {
                    let name = match signature.by {
                        Party::Employee => names.0.clone(),
                        Party::Manager => names.1.clone(),
                    };
                    let at = signature.signed_at;
                    let comment = signature.seen_not_agreed.map(|s| s.comment.to_string());
                    view! {
                        <li data-testid="signature" data-by=signature.by.to_string()>
                            {move || texts::signed_by(lang.get(), &name, &time::moment(lang.get(), at))}
                            {comment
                                .map(|comment| {
                                    view! {
                                        <p class="small">
                                            <strong>{move || tx(lang.get(), Text::SignSeenNotAgreed)} ": "</strong>
                                            {comment}
                                        </p>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub(super) fn SignCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let Ctx {
        id,
        side,
        conversation,
        summary,
        dirty,
        can_edit,
        editor,
        ..
    } = ctx;
    let seen_not_agreed = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirming_amend = RwSignal::new(false);
    let names = conversation.with_untracked(|c| (c.employee.name.clone(), c.manager.name.clone()));
    let client = StoredValue::new_local(client);

    let i_signed =
        Memo::new(move |_| summary.with(|s| s.signatures.iter().any(|sig| sig.by == side)));
    // The domain's rule, with what this page knows: a summary is written
    // once it has left `held` or has been saved; and nothing unsaved here.
    let signable = Memo::new(move |_| {
        let status = conversation.with(|c| c.status);
        let written = status != ConversationStatus::Held || summary.with(|s| s.revision > 0);
        can_edit.get() && !dirty.get() && status.may_sign(written, i_signed.get())
    });

    let sign = move |_| {
        if busy.get_untracked() {
            return;
        }
        let lang_now = lang.get_untracked();
        let seen = if seen_not_agreed.get_untracked() {
            match SeenNotAgreedComment::parse(&comment.get_untracked()) {
                Ok(comment) => Some(SeenNotAgreed { comment }),
                Err(_) => {
                    error.set(Some(
                        tx(lang_now, Text::SeenNotAgreedNeedsComment).to_owned(),
                    ));
                    return;
                }
            }
        } else {
            None
        };
        let request = summary.with_untracked(|s| SignRequest {
            version: s.version,
            content_hash: s.content_hash.clone(),
            seen_not_agreed: seen,
        });
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.sign_summary(id, &request).await {
                Ok(signed) => {
                    summary.set(signed);
                    ctx.reload();
                    // The sign button is gone: say so, and put the focus on
                    // the card's heading, above the signatures now shown.
                    focus::announce(tx(lang.get_untracked(), Text::YouSigned));
                    focus::focus_id("sign-heading");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(
                        t(lang.get_untracked(), Failure::from(failure).message_key()).to_owned(),
                    ));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let amend = move |()| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.get_value();
        spawn_local(async move {
            match client.amend_summary(id).await {
                Ok(next) => {
                    editor.load(&next.content);
                    summary.set(next);
                    let _ = confirming_amend.try_set(false);
                    ctx.reload();
                    focus::announce(tx(lang.get_untracked(), Text::AmendStarted));
                    focus::focus_id("agreements-heading");
                }
                Err(failure) => {
                    let _ = error.try_set(Some(
                        t(lang.get_untracked(), Failure::from(failure).message_key()).to_owned(),
                    ));
                    focus::focus_id("amend-confirm");
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <section class="card sign-card" aria-labelledby="sign-heading" data-testid="sign-card">
            <h2 id="sign-heading">{move || tx(lang.get(), Text::SignHeading)}</h2>
            <p class="small">
                <strong>{move || summary.with(|s| texts::version_label(lang.get(), s.version.get()))}</strong>
                " · "
                {move || tx(lang.get(), Text::Fingerprint)}
                " "
                <code data-testid="fingerprint">{move || summary.with(|s| s.content_hash.as_str()[..12].to_owned())}</code>
            </p>
            {move || {
                let signatures = summary.with(|s| s.signatures.clone());
                view! { <Signatures signatures names=names.clone() /> }
            }}
            <Show when=move || summary.with(|s| s.locked)>
                <p class="notice notice-success" data-testid="locked">{move || tx(lang.get(), Text::LockedExplain)}</p>
                <Show
                    when=move || confirming_amend.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                id="amend"
                                data-testid="amend"
                                on:click=move |_| ask(confirming_amend, "amend-confirm")
                            >
                                {move || tx(lang.get(), Text::AmendButton)}
                            </button>
                        }
                    }
                >
                    <Confirm
                        open=confirming_amend
                        question_id="amend-question"
                        return_to="amend"
                        confirm_id="amend-confirm"
                        confirm_testid="amend-confirm"
                        confirm_label=Signal::derive(move || tx(lang.get(), Text::AmendButton).to_owned())
                        busy=busy
                        on_confirm=Callback::new(amend)
                    >
                        <p id="amend-question">{move || tx(lang.get(), Text::AmendConfirm)}</p>
                    </Confirm>
                </Show>
            </Show>
            <Show when=move || can_edit.get()>
                <p class="small muted">{move || tx(lang.get(), Text::SignExplain)}</p>
                <Show when=move || dirty.get()>
                    <p class="notice notice-warning" data-testid="save-before-signing">
                        {move || tx(lang.get(), Text::SaveBeforeSigning)}
                        {move || summary.with(|s| !s.signatures.is_empty()).then(|| view! { " " {move || tx(lang.get(), Text::EditVoidsSignature)} })}
                    </p>
                </Show>
                <Show when=move || signable.get()>
                    {(side == Party::Employee)
                        .then(|| {
                            view! {
                                <div class="field checkbox-field">
                                    <input id="seen-not-agreed" type="checkbox" bind:checked=seen_not_agreed data-testid="seen-not-agreed" />
                                    <label for="seen-not-agreed">{move || tx(lang.get(), Text::SignSeenNotAgreed)}</label>
                                </div>
                                <Show when=move || seen_not_agreed.get()>
                                    <div class="field">
                                        <label for="seen-not-agreed-comment">{move || tx(lang.get(), Text::SeenNotAgreedComment)}</label>
                                        <textarea id="seen-not-agreed-comment" rows="3" maxlength="2000" bind:value=comment></textarea>
                                    </div>
                                </Show>
                            }
                        })}
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="sign"
                        disabled=move || busy.get()
                        on:click=sign
                    >
                        {move || tx(lang.get(), Text::SignButton)}
                    </button>
                </Show>
            </Show>
            {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            <p>
                <button type="button" class="button button-quiet" data-testid="print" on:click=move |_| {
                    let _ = window().print();
                }>
                    {move || tx(lang.get(), Text::PrintButton)}
                </button>
            </p>
        </section>
    }
}
