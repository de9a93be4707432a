//! HR's conversation forms: the list, new forms and copies, and the editor
//! for sections and questions (kind, options, who answers).

mod texts;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use mus_client::ClientError;
use mus_domain::{
    Answerer, ErrorCode, Language, Question, QuestionKind, Section, Template, TemplateContent,
    TemplateId, TemplateUpdate,
};

use crate::components::access::not_found;
use crate::components::load::{FailureNotice, show_loaded, use_loader};
use crate::context::{use_client, use_lang};
use crate::i18n::{Failure, Key, Lang, t};
use crate::routing;
use texts::{Text, tx};

#[component]
pub fn FormsPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleForms));
    let data = use_loader(
        || (),
        |client, me, ()| async move {
            crate::components::access::hr_only(&me)?;
            let mut all = Vec::new();
            let mut cursor = None::<String>;
            loop {
                let page = client.templates(None, Some(100), cursor.as_deref()).await?;
                all.extend(page.items);
                match page.next_cursor {
                    Some(next) => cursor = Some(next),
                    None => return Ok(all),
                }
            }
        },
    );
    view! {
        <div class="page">{show_loaded(data, |_me, forms| view! { <FormList forms /> })}</div>
    }
}

#[component]
fn FormList(forms: Vec<Template>) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);
    let create_client = client.clone();
    let create_navigate = navigate.clone();
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let lang_now = lang.get_untracked();
        let content = starter(lang_now);
        let client = create_client.clone();
        let navigate = create_navigate.clone();
        spawn_local(async move {
            match client.create_template(&content).await {
                Ok(form) => navigate(&routing::form(form.id), Default::default()),
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let copy = move |id: TemplateId| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match client.copy_template(id).await {
                Ok(form) => navigate(&routing::form(form.id), Default::default()),
                Err(failure) => {
                    let _ = error.try_set(Some(Failure::from(failure)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let empty = forms.is_empty();
    view! {
        <header class="page-head">
            <h1>{move || tx(lang.get(), Text::FormsHeading)}</h1>
        </header>
        <p class="muted">{move || tx(lang.get(), Text::FormsIntro)}</p>
        <div class="actions">
            <button type="button" class="button button-primary" data-testid="new-form" disabled=move || busy.get() on:click=create>
                {move || tx(lang.get(), Text::NewForm)}
            </button>
        </div>
        {move || error.get().map(|f| view! { <FailureNotice failure=f /> })}
        <section class="card" aria-labelledby="forms-list-heading">
            <h2 id="forms-list-heading" class="visually-hidden">{move || tx(lang.get(), Text::FormsHeading)}</h2>
            {empty.then(|| view! { <p class="muted">{move || tx(lang.get(), Text::NoForms)}</p> })}
            <ul class="plain-list">
                {forms
                    .into_iter()
                    .map(|form| {
                        let copy = copy.clone();
                        let id = form.id;
                        let language = form.content.language;
                        view! {
                            <li class="agreement-row form-row" data-testid="form-row">
                                <p>
                                    <A href=routing::form(id)><strong>{form.content.name.clone()}</strong></A>
                                    " "
                                    <span class="badge">{move || texts::kind(lang.get(), form.kind)}</span>
                                    {form.frozen.then(|| view! { " " <span class="badge badge-held">{move || tx(lang.get(), Text::Frozen)}</span> })}
                                </p>
                                <p class="small muted">
                                    {move || language_name(lang.get(), language)} " · "
                                    {move || tx(lang.get(), Text::Version)} " " {form.version} " · "
                                    {form.content.sections.len()} " " {move || tx(lang.get(), Text::Sections).to_lowercase()}
                                </p>
                                <button type="button" class="button button-quiet button-small" on:click=move |_| copy(id)>
                                    {move || tx(lang.get(), Text::Copy)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A new form: one section with one free-text question, in the reader's language.
fn starter(lang: Lang) -> TemplateContent {
    let (name, section, prompt, language) = match lang {
        Lang::Da => (
            "Ny samtaleform",
            "Året der gik",
            "Hvad er du mest tilfreds med?",
            Language::Da,
        ),
        Lang::En => (
            "New form",
            "The past year",
            "What are you most pleased with?",
            Language::En,
        ),
    };
    TemplateContent {
        name: name.into(),
        language,
        description: String::new(),
        sections: vec![Section {
            title: section.into(),
            intro: None,
            questions: vec![new_question(1, prompt)],
        }],
    }
}

fn new_question(n: usize, prompt: &str) -> Question {
    Question {
        key: format!("question_{n}"),
        prompt: prompt.into(),
        help: None,
        kind: QuestionKind::Text,
        answered_by: Answerer::Both,
        required: false,
    }
}

fn language_name(lang: Lang, language: Language) -> &'static str {
    tx(
        lang,
        match language {
            Language::Da => Text::Danish,
            Language::En => Text::English,
        },
    )
}

#[component]
pub fn FormEditorPage() -> impl IntoView {
    crate::context::use_title(|lang| tx(lang, Text::TitleFormEditor));
    let params = use_params_map();
    let data = use_loader(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<TemplateId>().ok())),
        |client, me, id| async move {
            crate::components::access::hr_only(&me)?;
            client.template(id.ok_or_else(not_found)?).await
        },
    );
    view! {
        <div class="page">{show_loaded(data, |_me, form| view! { <FormEditor form /> })}</div>
    }
}

#[derive(Debug, Clone)]
enum Outcome {
    Saved { new_version: bool },
    Refused(Failure, Vec<String>),
}

#[component]
fn FormEditor(form: Template) -> impl IntoView {
    let lang = use_lang();
    let client = use_client();
    let navigate = use_navigate();
    let saved = RwSignal::new(form.clone());
    let content = RwSignal::new(form.content.clone());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let dirty = Memo::new(move |_| saved.with(|s| content.with(|c| *c != s.content)));

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        let (id, version) = saved.with_untracked(|s| (s.id, s.version));
        let update = TemplateUpdate {
            version,
            content: content.get_untracked(),
        };
        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = client.update_template(id, &update).await;
            let lang_now = lang.get_untracked();
            let next = match result {
                Ok(form) => {
                    let new_version = form.id != id;
                    content.set(form.content.clone());
                    saved.set(form.clone());
                    if new_version {
                        navigate(&routing::form(form.id), Default::default());
                    }
                    Outcome::Saved { new_version }
                }
                Err(error) => {
                    Outcome::Refused(Failure::from(&error), field_lines(lang_now, &error))
                }
            };
            let _ = outcome.try_set(Some(next));
            let _ = busy.try_set(false);
        });
    };

    let sections = move || 0..content.with(|c| c.sections.len());
    view! {
        <nav class="breadcrumbs" aria-label=move || t(lang.get(), Key::Breadcrumbs)>
            <A href=routing::FORMS>{move || tx(lang.get(), Text::BackToForms)}</A>
        </nav>
        <header class="page-head">
            <h1>{move || content.with(|c| c.name.clone())}</h1>
            <span class="badge">{move || format!("{} {}", tx(lang.get(), Text::Version), saved.with(|s| s.version))}</span>
        </header>
        <Show when=move || saved.with(|s| s.frozen)>
            <p class="notice notice-info" data-testid="frozen">{move || tx(lang.get(), Text::FrozenExplain)}</p>
        </Show>
        <form class="card form-editor" on:submit=save novalidate data-testid="form-editor">
            <div class="field">
                <label for="form-name">{move || tx(lang.get(), Text::Name)}</label>
                <input
                    id="form-name"
                    type="text"
                    maxlength="200"
                    prop:value=move || content.with(|c| c.name.clone())
                    on:input=move |e| content.update(|c| c.name = event_target_value(&e))
                />
            </div>
            <div class="field">
                <label for="form-language">{move || tx(lang.get(), Text::Language)}</label>
                <select
                    id="form-language"
                    on:change=move |e| {
                        let language = if event_target_value(&e) == "en" { Language::En } else { Language::Da };
                        content.update(|c| c.language = language);
                    }
                >
                    <option value="da" selected=move || content.with(|c| c.language == Language::Da)>{move || tx(lang.get(), Text::Danish)}</option>
                    <option value="en" selected=move || content.with(|c| c.language == Language::En)>{move || tx(lang.get(), Text::English)}</option>
                </select>
            </div>
            <div class="field">
                <label for="form-description">{move || tx(lang.get(), Text::Description)}</label>
                <textarea
                    id="form-description"
                    rows="2"
                    prop:value=move || content.with(|c| c.description.clone())
                    on:input=move |e| content.update(|c| c.description = event_target_value(&e))
                ></textarea>
            </div>
            <h2>{move || tx(lang.get(), Text::Sections)}</h2>
            <ol class="agreement-list">
                <For each=sections key=|s| *s children=move |s| view! { <SectionFields content s /> } />
            </ol>
            <button
                type="button"
                class="button button-quiet"
                data-testid="add-section"
                on:click=move |_| {
                    let added = content.with_untracked(|c| c.sections.len());
                    content.update(|c| {
                        let n = c.sections.len() + 1;
                        let total: usize = c.sections.iter().map(|s| s.questions.len()).sum();
                        c.sections.push(Section {
                            title: format!("{} {n}", tx(lang.get_untracked(), Text::Section)),
                            intro: None,
                            questions: vec![new_question(total + 1, "?")],
                        });
                    });
                    // The new section's fields come below; the focus goes there.
                    crate::focus::focus_id(format!("section-{added}-title"));
                }
            >
                {move || tx(lang.get(), Text::AddSection)}
            </button>
            {move || {
                outcome
                    .get()
                    .map(|o| match o {
                        Outcome::Saved { new_version } => view! {
                            <p class="notice notice-success" role="status" data-testid="form-saved">
                                {move || tx(lang.get(), if new_version { Text::SavedAsNewVersion } else { Text::Saved })}
                            </p>
                        }
                            .into_any(),
                        Outcome::Refused(failure, lines) => {
                            let stale = failure == Failure::Api(ErrorCode::VersionConflict);
                            let no_fields = lines.is_empty();
                            view! {
                                <div class="notice notice-error" role="alert" data-testid="form-error">
                                    <p>
                                        {move || {
                                            if stale {
                                                tx(lang.get(), Text::Stale)
                                            } else if no_fields {
                                                t(lang.get(), failure.message_key())
                                            } else {
                                                tx(lang.get(), Text::FieldProblems)
                                            }
                                        }}
                                    </p>
                                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
            <div class="actions sticky-actions">
                <button type="submit" class="button button-primary" data-testid="save-form" disabled=move || busy.get() || !dirty.get()>
                    {move || tx(lang.get(), if busy.get() { Text::Saving } else { Text::Save })}
                </button>
                <Show when=move || dirty.get()>
                    <span class="small muted">{move || tx(lang.get(), Text::Unsaved)}</span>
                </Show>
            </div>
        </form>
    }
}

/// The refused fields, named as the editor names them
/// (`sections/1/questions/0/options` → "Afsnit 2, spørgsmål 1: Valgmuligheder").
fn field_lines(lang: Lang, error: &ClientError) -> Vec<String> {
    let Some(problem) = error.problem() else {
        return Vec::new();
    };
    problem
        .errors
        .iter()
        .map(|field| {
            let parts: Vec<&str> = field.field.split('/').collect();
            let number = |i: usize| {
                parts
                    .get(i)
                    .and_then(|n| n.parse::<usize>().ok())
                    .map_or(0, |n| n + 1)
            };
            let name = |part: &str| match part {
                "name" => tx(lang, Text::Name),
                "description" => tx(lang, Text::Description),
                "title" => tx(lang, Text::SectionTitle),
                "intro" => tx(lang, Text::SectionIntro),
                "key" => tx(lang, Text::QuestionKey),
                "prompt" => tx(lang, Text::QuestionPrompt),
                "help" => tx(lang, Text::QuestionHelp),
                "options" | "labels" => tx(lang, Text::Options),
                _ => tx(lang, Text::Sections),
            };
            let label = match parts.as_slice() {
                ["sections", _, "questions", _, what, ..] => format!(
                    "{} {}, {} {}: {}",
                    tx(lang, Text::Section),
                    number(1),
                    tx(lang, Text::Question).to_lowercase(),
                    number(3),
                    name(what)
                ),
                ["sections", _, what, ..] => {
                    format!("{} {}: {}", tx(lang, Text::Section), number(1), name(what))
                }
                [what, ..] => name(what).to_owned(),
                [] => String::new(),
            };
            format!("{label} — {}", field.message)
        })
        .collect()
}

#[component]
fn SectionFields(content: RwSignal<TemplateContent>, s: usize) -> impl IntoView {
    let lang = use_lang();
    let read = move |f: fn(&Section) -> String| {
        content.with(|c| c.sections.get(s).map(f).unwrap_or_default())
    };
    let edit = move |f: Box<dyn FnOnce(&mut Section)>| {
        content.update(|c| {
            if let Some(section) = c.sections.get_mut(s) {
                f(section);
            }
        })
    };
    let count = move || content.with(|c| c.sections.len());
    let questions = move || 0..content.with(|c| c.sections.get(s).map_or(0, |x| x.questions.len()));
    let id = move |name: &str| format!("section-{s}-{name}");
    view! {
        <li class="agreement-edit" data-testid="form-section">
            <fieldset>
                <legend>{move || format!("{} {}", tx(lang.get(), Text::Section), s + 1)}</legend>
                <div class="field">
                    <label for=id("title")>{move || tx(lang.get(), Text::SectionTitle)}</label>
                    <input
                        id=id("title")
                        type="text"
                        prop:value=move || read(|x| x.title.clone())
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |x| x.title = value));
                        }
                    />
                </div>
                <div class="field">
                    <label for=id("intro")>{move || tx(lang.get(), Text::SectionIntro)}</label>
                    <textarea
                        id=id("intro")
                        rows="2"
                        prop:value=move || read(|x| x.intro.clone().unwrap_or_default())
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |x| x.intro = (!value.trim().is_empty()).then_some(value)));
                        }
                    ></textarea>
                </div>
                <ol class="question-list">
                    <For each=questions key=|q| *q children=move |q| view! { <QuestionFields content s q /> } />
                </ol>
                <div class="actions row-actions">
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        data-testid="add-question"
                        on:click=move |_| {
                            let added = content.with_untracked(|c| c.sections.get(s).map_or(0, |x| x.questions.len()));
                            crate::focus::focus_id(format!("q-{s}-{added}-prompt"));
                            content.update(|c| {
                                let total: usize = c.sections.iter().map(|x| x.questions.len()).sum();
                                let mut n = total + 1;
                                while c.sections.iter().flat_map(|x| &x.questions).any(|q| q.key == format!("question_{n}")) {
                                    n += 1;
                                }
                                if let Some(section) = c.sections.get_mut(s) {
                                    section.questions.push(new_question(n, ""));
                                }
                            })
                        }
                    >
                        {move || tx(lang.get(), Text::AddQuestion)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        disabled=move || s == 0
                        on:click=move |_| content.update(|c| c.sections.swap(s, s - 1))
                    >
                        {move || tx(lang.get(), Text::MoveUp)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        disabled=move || { s + 1 >= count() }
                        on:click=move |_| content.update(|c| c.sections.swap(s, s + 1))
                    >
                        {move || tx(lang.get(), Text::MoveDown)}
                    </button>
                    <button
                        type="button"
                        class="button button-danger button-small"
                        disabled=move || { count() <= 1 }
                        on:click=move |_| content.update(|c| {
                            if s < c.sections.len() {
                                c.sections.remove(s);
                            }
                        })
                    >
                        {move || tx(lang.get(), Text::RemoveSection)}
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// The kind as the select names it.
fn kind_value(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Text => "text",
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
    }
}

/// The options or scale labels, one per line.
fn kind_lines(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::Text => String::new(),
        QuestionKind::Scale { labels } => labels.join("\n"),
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options.join("\n")
        }
    }
}

/// A kind chosen in the select, keeping the lines already typed.
fn kind_from(value: &str, lines: &str) -> QuestionKind {
    let list: Vec<String> = lines.lines().map(str::to_owned).collect();
    match value {
        "scale" => {
            let mut labels = list;
            labels.resize(5, String::new());
            QuestionKind::Scale { labels }
        }
        "single_choice" => QuestionKind::SingleChoice { options: list },
        "multiple_choice" => QuestionKind::MultipleChoice { options: list },
        _ => QuestionKind::Text,
    }
}

#[component]
fn QuestionFields(content: RwSignal<TemplateContent>, s: usize, q: usize) -> impl IntoView {
    let lang = use_lang();
    let read = move |f: &dyn Fn(&Question) -> String| {
        content.with(|c| {
            c.sections
                .get(s)
                .and_then(|x| x.questions.get(q))
                .map(f)
                .unwrap_or_default()
        })
    };
    let edit = move |f: Box<dyn FnOnce(&mut Question)>| {
        content.update(|c| {
            if let Some(question) = c.sections.get_mut(s).and_then(|x| x.questions.get_mut(q)) {
                f(question);
            }
        })
    };
    let kind = move || read(&|x| kind_value(&x.kind).to_owned());
    let count = move || content.with(|c| c.sections.get(s).map_or(0, |x| x.questions.len()));
    let id = move |name: &str| format!("q-{s}-{q}-{name}");
    view! {
        <li class="question-edit" data-testid="form-question">
            <h3 class="small">{move || format!("{} {}", tx(lang.get(), Text::Question), q + 1)}</h3>
            <div class="field">
                <label for=id("prompt")>{move || tx(lang.get(), Text::QuestionPrompt)}</label>
                <input
                    id=id("prompt")
                    type="text"
                    data-testid="question-prompt"
                    prop:value=move || read(&|x| x.prompt.clone())
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        edit(Box::new(move |x| x.prompt = value));
                    }
                />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for=id("kind")>{move || tx(lang.get(), Text::QuestionKind)}</label>
                    <select
                        id=id("kind")
                        data-testid="question-kind"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |x| x.kind = kind_from(&value, &kind_lines(&x.kind))));
                        }
                    >
                        {[("text", Text::KindFree), ("scale", Text::KindScale), ("single_choice", Text::KindSingle), ("multiple_choice", Text::KindMultiple)]
                            .into_iter()
                            .map(|(value, label)| view! { <option value=value selected=move || kind() == value>{move || tx(lang.get(), label)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=id("answered-by")>{move || tx(lang.get(), Text::AnsweredBy)}</label>
                    <select
                        id=id("answered-by")
                        on:change=move |e| {
                            let answered_by = match event_target_value(&e).as_str() {
                                "employee" => Answerer::Employee,
                                "manager" => Answerer::Manager,
                                _ => Answerer::Both,
                            };
                            edit(Box::new(move |x| x.answered_by = answered_by));
                        }
                    >
                        {[("employee", Answerer::Employee), ("manager", Answerer::Manager), ("both", Answerer::Both)]
                            .into_iter()
                            .map(|(value, who)| {
                                view! {
                                    <option
                                        value=value
                                        selected=move || content.with(|c| c.sections.get(s).and_then(|x| x.questions.get(q)).is_some_and(|x| x.answered_by == who))
                                    >
                                        {move || texts::answerer(lang.get(), who)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=id("key")>{move || tx(lang.get(), Text::QuestionKey)}</label>
                    <input
                        id=id("key")
                        type="text"
                        autocomplete="off"
                        aria-describedby=id("key-help")
                        prop:value=move || read(&|x| x.key.clone())
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |x| x.key = value));
                        }
                    />
                </div>
            </div>
            <p id=id("key-help") class="small muted">{move || tx(lang.get(), Text::QuestionKeyHelp)}</p>
            <Show when=move || kind() != "text">
                <div class="field">
                    <label for=id("options")>{move || tx(lang.get(), Text::Options)}</label>
                    <textarea
                        id=id("options")
                        rows="4"
                        data-testid="question-options"
                        aria-describedby=id("options-help")
                        prop:value=move || read(&|x| kind_lines(&x.kind))
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |x| x.kind = kind_from(kind_value(&x.kind), &value)));
                        }
                    ></textarea>
                    <p id=id("options-help") class="small muted">
                        {move || tx(lang.get(), if kind() == "scale" { Text::ScaleLabelsHelp } else { Text::OptionsHelp })}
                    </p>
                </div>
            </Show>
            <div class="field">
                <label for=id("help")>{move || tx(lang.get(), Text::QuestionHelp)}</label>
                <input
                    id=id("help")
                    type="text"
                    prop:value=move || read(&|x| x.help.clone().unwrap_or_default())
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        edit(Box::new(move |x| x.help = (!value.trim().is_empty()).then_some(value)));
                    }
                />
            </div>
            <div class="checkbox-field">
                <input
                    id=id("required")
                    type="checkbox"
                    prop:checked=move || content.with(|c| c.sections.get(s).and_then(|x| x.questions.get(q)).is_some_and(|x| x.required))
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        edit(Box::new(move |x| x.required = on));
                    }
                />
                <label for=id("required")>{move || tx(lang.get(), Text::Required)}</label>
            </div>
            <div class="actions row-actions">
                <button
                    type="button"
                    class="button button-quiet button-small"
                    disabled=move || q == 0
                    on:click=move |_| content.update(|c| {
                        if let Some(x) = c.sections.get_mut(s) {
                            x.questions.swap(q, q - 1);
                        }
                    })
                >
                    {move || tx(lang.get(), Text::MoveUp)}
                </button>
                <button
                    type="button"
                    class="button button-quiet button-small"
                    disabled=move || { q + 1 >= count() }
                    on:click=move |_| content.update(|c| {
                        if let Some(x) = c.sections.get_mut(s) {
                            x.questions.swap(q, q + 1);
                        }
                    })
                >
                    {move || tx(lang.get(), Text::MoveDown)}
                </button>
                <button
                    type="button"
                    class="button button-danger button-small"
                    disabled=move || { count() <= 1 }
                    on:click=move |_| content.update(|c| {
                        if let Some(x) = c.sections.get_mut(s)
                            && q < x.questions.len()
                        {
                            x.questions.remove(q);
                        }
                    })
                >
                    {move || tx(lang.get(), Text::RemoveQuestion)}
                </button>
            </div>
        </li>
    }
}
