//! Loading a page's data: who is signed in first, then what the page shows;
//! one loading state, one error state with a retry, and a trip to the
//! sign-in page when the session is over.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use mus_client::{Client, ClientError};
use mus_domain::Me;

use crate::context::{may_have_session, use_client, use_lang, use_session};
use crate::i18n::{Failure, Key, t};
use crate::routing::{self, full_path, login_href};

/// A page's data as [`use_loader`] loads it, for [`show_loaded`] to show.
///
/// Underneath, every page's resource is the same type, the data behind an
/// `Rc<dyn Any>`: the resource, its futures and its effects are compiled
/// once for the web app, not once for each page's type of data.
pub struct Loaded<T> {
    resource: LocalResource<Result<(Me, Data), Failure>>,
    data: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T> std::fmt::Debug for Loaded<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loaded").finish_non_exhaustive()
    }
}

/// A page's data of whatever type (a `Loaded<T>` holds a `T`).
type Data = Rc<dyn Any>;
type DataFuture = Pin<Box<dyn Future<Output = Result<Data, ClientError>>>>;
/// What loads a page's data once the signed-in person is known: read when
/// the resource runs, so that the route parameters it reads are tracked.
type Fetch = Rc<dyn Fn() -> Box<dyn FnOnce(Client, Me) -> DataFuture>>;

/// Loads the signed-in person and then `load`'s data for what `source`
/// returns (read reactively, such as a route parameter, so that a new value
/// loads anew), and sends the person to sign in, returning here afterwards,
/// when the session is over.
///
/// After a reload nothing is in memory; `me()` then resumes the session from
/// the refresh cookie, so the first request also decides whether the person
/// is signed in at all.
pub fn use_loader<S, T, Fut>(
    source: impl Fn() -> S + 'static,
    load: impl Fn(Client, Me, S) -> Fut + 'static,
) -> Loaded<T>
where
    S: 'static,
    T: Clone + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let load = Rc::new(load);
    let fetch: Fetch = Rc::new(move || {
        let source = source();
        let load = Rc::clone(&load);
        Box::new(move |client, me| {
            Box::pin(async move { Ok(Rc::new(load(client, me, source).await?) as Data) })
        })
    });
    Loaded {
        resource: load_page(fetch),
        data: PhantomData,
    }
}

/// The part of [`use_loader`] that does not depend on the page.
fn load_page(fetch: Fetch) -> LocalResource<Result<(Me, Data), Failure>> {
    let client = use_client();
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();

    let resource = LocalResource::new(move || {
        let client = client.clone();
        let then = fetch();
        async move {
            if !may_have_session(&client) {
                return Err(Failure::SignedOut);
            }
            let me = client.me().await.map_err(Failure::from)?;
            let _ = session.try_set(Some(me.clone()));
            let data = then(client, me.clone()).await.map_err(Failure::from)?;
            Ok((me, data))
        }
    });

    Effect::new(move |_| {
        if let Some(Err(Failure::SignedOut)) = resource.get() {
            session.set(None);
            to_sign_in(&navigate, &location);
        }
    });

    resource
}

/// Sends the person to sign in, to come back here afterwards.
fn to_sign_in(
    navigate: &impl Fn(&str, NavigateOptions),
    location: &leptos_router::location::Location,
) {
    let here = full_path(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
        &location.hash.get_untracked(),
    );
    navigate(
        &login_href(&here),
        NavigateOptions {
            replace: true,
            ..Default::default()
        },
    );
}

/// Stands in for a page when no session can exist: straight on to the
/// sign-in page, without fetching the page's part of the app first.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| to_sign_in(&navigate, &location));
}

/// Shows `render`'s view once `resource` has loaded, a loading line before,
/// and an error with a retry button if it failed.
pub fn show_loaded<T, V>(
    resource: Loaded<T>,
    render: impl Fn(Me, T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    show_page(
        Arc::new(move || {
            let render = render.clone();
            Box::pin(async move {
                let (me, data) = resource.resource.await?;
                let data = Rc::downcast::<T>(data).expect("a page's data is of its loader's type");
                Ok(render(me, Rc::unwrap_or_clone(data)).into_any())
            }) as PageFuture
        }),
        Callback::new(move |()| resource.resource.refetch()),
    )
}

/// A page's view, once its data has loaded.
type PageFuture = Pin<Box<dyn Future<Output = Result<AnyView, Failure>> + Send>>;

/// What [`show_loaded`] shows around a page, whatever the page's data: this
/// part is compiled once, not once for every page.
fn show_page(page: Arc<dyn Fn() -> PageFuture + Send + Sync>, retry: Callback<()>) -> AnyView {
    let lang = use_lang();
    // A retry keeps the error on screen until the answer arrives (that is
    // what Transition is for); this tells the retry button to show it is busy.
    let pending = RwSignal::new(false);
    let loading = move || view! { <Loading /> };
    view! {
        <Transition fallback=loading set_pending=pending>
            {move || {
                let page = page();
                Suspend::new(async move {
                    match page.await {
                        Ok(view) => view,
                        Err(Failure::SignedOut) => {
                            view! {
                                <p class="status" role="status">
                                    {move || t(lang.get(), Key::Redirecting)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(failure) => {
                            view! { <LoadFailed failure pending on_retry=move || retry.run(()) /> }
                                .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="status" role="status">
            {move || t(lang.get(), Key::Loading)}
        </p>
    }
}

#[component]
pub fn LoadFailed(
    failure: Failure,
    pending: RwSignal<bool>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let not_found = failure.is_not_found();
    view! {
        <section class="card card-message" aria-labelledby="failed-heading">
            <h1 id="failed-heading">
                {move || {
                    t(lang.get(), if not_found { Key::NotFoundHeading } else { Key::LoadFailedHeading })
                }}
            </h1>
            <p class="notice notice-error" role="alert">
                {move || t(lang.get(), failure.message_key())}
            </p>
            <div class="actions">
                {(!not_found)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-primary"
                                disabled=move || pending.get()
                                on:click=move |_| on_retry()
                            >
                                {move || t(lang.get(), Key::TryAgain)}
                            </button>
                        }
                    })}
                <A href=routing::HOME>{move || t(lang.get(), Key::BackToHome)}</A>
            </div>
        </section>
    }
}

/// A failed action's message, announced to screen readers.
#[component]
pub fn FailureNotice(failure: Failure) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="notice notice-error" role="alert">
            {move || t(lang.get(), failure.message_key())}
        </p>
    }
}
