//! The summary's earlier versions, each readable as it was signed.

use super::*;

#[component]
pub(super) fn VersionsCard(ctx: Ctx) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let Ctx {
        id,
        conversation,
        versions,
        ..
    } = ctx;
    let shown = RwSignal::new(None::<Summary>);
    let error = RwSignal::new(None::<Failure>);
    let show = move |n: u32| {
        if shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.version.get() == n)) {
            shown.set(None);
            return;
        }
        let client = client.clone();
        spawn_local(async move {
            match client.summary_version(id, n).await {
                Ok(version) => {
                    let _ = shown.try_set(Some(version));
                }
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
        });
    };
    view! {
        <Show when=move || versions.with(|v| !v.is_empty())>
            <section class="card" aria-labelledby="versions-heading" data-testid="versions">
                <h2 id="versions-heading">{move || tx(lang.get(), Text::VersionsHeading)}</h2>
                <ul class="plain-list">
                    {
                        let show = show.clone();
                        move || {
                            versions
                                .get()
                                .into_iter()
                                .map(|info| {
                                    let n = info.version.get();
                                    let show = show.clone();
                                    let is_shown = move || shown.with(|s| s.as_ref().is_some_and(|s| s.version.get() == n));
                                    view! {
                                        <li class="version-item" data-testid="version">
                                            <span>
                                                {move || texts::version_label(lang.get(), n)} " · "
                                                {move || tx(lang.get(), if info.locked { Text::Locked } else { Text::Draft })}
                                                " · " {move || time::moment(lang.get(), info.updated_at)}
                                            </span>
                                            <button
                                                type="button"
                                                class="button button-quiet button-small"
                                                aria-expanded=move || is_shown().to_string()
                                                on:click=move |_| show(n)
                                            >
                                                {move || tx(lang.get(), if is_shown() { Text::HideVersion } else { Text::ShowVersion })}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
                {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
            </section>
        </Show>
        {move || {
            shown
                .get()
                .map(|summary| {
                    view! {
                        <div data-testid="version-view">
                        <Referat
                            conversation=conversation.get()
                            content=summary.content
                            signatures=summary.signatures
                            version=summary.version.get()
                        />
                        </div>
                    }
                })
        }}
    }
}
