//! Question forms: shipped forms, HR editing, versions and freezing.

use mus_client::{Client, ClientError};
use mus_domain::{
    Answerer, ErrorCode, FormKind, Language, Page, Question, QuestionKind, Role, Section, Template,
    TemplateContent, TemplateUpdate,
};
use mus_server::services::forms;

use crate::db_test;
use crate::helpers::TestApp;

fn small_form(name: &str) -> TemplateContent {
    TemplateContent {
        name: name.into(),
        language: Language::Da,
        description: "Kort skema".into(),
        sections: vec![Section {
            title: "Trivsel".into(),
            intro: None,
            questions: vec![Question {
                key: "trivsel".into(),
                prompt: "Hvordan trives du?".into(),
                help: None,
                kind: QuestionKind::Text,
                answered_by: Answerer::Both,
                required: false,
            }],
        }],
    }
}

async fn hr_client(app: &TestApp) -> Client {
    let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    app.signed_in(&hr).await
}

/// Every listed form, walking all pages.
async fn all_forms(client: &Client) -> Vec<Template> {
    let mut forms = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = client
            .templates(None, Some(100), cursor.as_deref())
            .await
            .unwrap();
        forms.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return forms,
        }
    }
}

async fn shipped(client: &Client, language: Language, key: &str) -> Template {
    client
        .templates(Some(language), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some(key))
        .unwrap()
}

fn edit(version: u32, content: TemplateContent) -> TemplateUpdate {
    TemplateUpdate { version, content }
}

db_test!(
    async fn the_shipped_forms_are_there_in_danish_and_english(app: TestApp) {
        let employee = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let client = app.signed_in(&employee).await;

        let danish = client
            .templates(Some(Language::Da), None, None)
            .await
            .unwrap()
            .items;
        let english = client
            .templates(Some(Language::En), None, None)
            .await
            .unwrap()
            .items;

        let names = |forms: &[mus_domain::Template]| {
            forms
                .iter()
                .map(|f| f.content.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&danish),
            [
                "Anerkendende MUS",
                "Gruppeudviklingssamtale (GRUS)",
                "Klassisk MUS"
            ]
        );
        assert_eq!(
            names(&english),
            [
                "Appreciative development conversation",
                "Classic development conversation",
                "Group development conversation"
            ]
        );
        for form in danish.iter().chain(&english) {
            let expected = match form.shipped.as_deref() {
                Some("classic") => FormKind::Classic,
                Some("appreciative") => FormKind::Appreciative,
                Some("group") => FormKind::Group,
                other => panic!("only shipped forms in a fresh database, not {other:?}"),
            };
            assert_eq!((form.kind, form.version, form.frozen), (expected, 1, false));
        }
        let classic = danish
            .iter()
            .find(|f| f.shipped.as_deref() == Some("classic"))
            .unwrap();
        let kinds: Vec<&QuestionKind> = classic
            .content
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| &q.kind)
            .collect();
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, QuestionKind::Scale { .. }))
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, QuestionKind::MultipleChoice { .. }))
        );
        let feedback = classic
            .content
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.key == "feedback_to_manager")
            .unwrap();
        assert_eq!(feedback.answered_by, Answerer::Employee);
    }
);

db_test!(
    async fn installing_the_shipped_forms_again_adds_nothing(app: TestApp) {
        let hr = hr_client(&app).await;
        let before = all_forms(&hr).await;

        forms::ensure_shipped(&app.db).await.unwrap();
        forms::ensure_shipped(&app.db).await.unwrap();

        assert_eq!(before.len(), 6, "three shipped forms in two languages");
        assert_eq!(all_forms(&hr).await, before);
    }
);

db_test!(
    async fn only_hr_writes_forms(app: TestApp) {
        let employee = app.create_user("Anne Sørensen", Role::Employee, None).await;
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let anne = app.signed_in(&employee).await;
        let before = anne.templates(None, None, None).await.unwrap().items.len();

        let denied = anne.create_template(&small_form("Mit eget skema")).await;
        let created = app
            .signed_in(&hr)
            .await
            .create_template(&small_form("Teknik 2027"))
            .await
            .unwrap();

        let denied_edit = anne
            .update_template(
                created.id,
                &TemplateUpdate {
                    version: 1,
                    content: small_form("Omdøbt"),
                },
            )
            .await;
        let denied_copy = anne.copy_template(created.id).await;

        for denied in [
            denied.map(drop),
            denied_edit.map(drop),
            denied_copy.map(drop),
        ] {
            assert_eq!(denied.unwrap_err().code(), Some(ErrorCode::Forbidden));
        }
        assert_eq!(
            (created.version, created.frozen, created.kind),
            (1, false, FormKind::Custom)
        );
        assert_eq!(anne.template(created.id).await.unwrap(), created);
        assert_eq!(
            anne.templates(None, None, None).await.unwrap().items.len(),
            before + 1
        );
    }
);

db_test!(
    async fn an_invalid_form_lists_every_problem_and_is_not_saved(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        let before = client
            .templates(None, None, None)
            .await
            .unwrap()
            .items
            .len();
        let mut form = small_form("");
        form.sections[0].questions[0].kind = QuestionKind::SingleChoice {
            options: vec!["Ja".into()],
        };

        let ClientError::Api(problem) = client.create_template(&form).await.unwrap_err() else {
            panic!("a problem")
        };

        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "sections/0/questions/0/options"]);
        assert_eq!(
            client
                .templates(None, None, None)
                .await
                .unwrap()
                .items
                .len(),
            before
        );
    }
);

db_test!(
    async fn a_stale_edit_is_refused_and_changes_nothing(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        let form = client
            .create_template(&small_form("Version et"))
            .await
            .unwrap();
        let edited = client
            .update_template(
                form.id,
                &TemplateUpdate {
                    version: 1,
                    content: small_form("Version to"),
                },
            )
            .await
            .unwrap();

        let stale = client
            .update_template(
                form.id,
                &TemplateUpdate {
                    version: 1,
                    content: small_form("Overskrevet"),
                },
            )
            .await;

        assert_eq!((edited.id, edited.version), (form.id, 2));
        assert_eq!(stale.unwrap_err().code(), Some(ErrorCode::Conflict));
        assert_eq!(
            client.template(form.id).await.unwrap().content.name,
            "Version to"
        );
    }
);

db_test!(
    async fn editing_a_frozen_form_makes_its_next_version(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        let form = client
            .create_template(&small_form("MUS 2027"))
            .await
            .unwrap();
        mus_server::services::forms::freeze(&app.db, form.id)
            .await
            .unwrap();

        let next = client
            .update_template(
                form.id,
                &TemplateUpdate {
                    version: 1,
                    content: small_form("MUS 2028"),
                },
            )
            .await
            .unwrap();

        let frozen = client.template(form.id).await.unwrap();
        assert_ne!(next.id, form.id);
        assert_eq!(
            (next.family_id, next.version, next.frozen),
            (form.family_id, 2, false)
        );
        assert_eq!(
            (frozen.content.name.as_str(), frozen.frozen),
            ("MUS 2027", true)
        );
        let listed: Vec<_> = client
            .templates(None, None, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|t| t.family_id == form.family_id)
            .collect();
        assert_eq!(listed.len(), 1, "lists show the newest version only");
        assert_eq!(listed[0].id, next.id);
    }
);

db_test!(
    async fn a_copy_is_a_new_editable_form(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        let classic = client
            .templates(Some(Language::Da), None, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|t| t.shipped.is_some())
            .unwrap();

        forms::freeze(&app.db, classic.id).await.unwrap();
        let appreciative = shipped(&client, Language::En, "appreciative").await;

        let copy = client.copy_template(classic.id).await.unwrap();
        let english = client.copy_template(appreciative.id).await.unwrap();

        assert_eq!(
            copy.content.name,
            format!("Kopi af {}", classic.content.name)
        );
        assert_eq!(copy.content.sections, classic.content.sections);
        assert_ne!(copy.family_id, classic.family_id);
        assert_eq!(
            (
                copy.version,
                copy.frozen,
                copy.kind,
                copy.shipped.as_deref()
            ),
            (1, false, classic.kind, None)
        );
        assert_eq!(
            english.content.name,
            "Copy of Appreciative development conversation"
        );
        assert_eq!(english.kind, FormKind::Appreciative);
        assert_eq!(all_forms(&client).await.len(), 8);
    }
);

db_test!(
    async fn forms_page_without_gaps_and_unknown_ids_are_404(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let client = app.signed_in(&hr).await;
        client.create_template(&small_form("Ekstra")).await.unwrap();
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;

        loop {
            let page = client
                .templates(None, Some(1), cursor.as_deref())
                .await
                .unwrap();
            seen.extend(page.items.into_iter().map(|t| t.id));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }

        let mut distinct = seen.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(seen.len(), 7);
        assert_eq!(distinct.len(), 7);
        let missing = client.template(mus_domain::TemplateId::new()).await;
        assert_eq!(missing.unwrap_err().code(), Some(ErrorCode::NotFound));
        let malformed = client
            .get::<serde_json::Value>("templates/not-a-uuid")
            .await;
        assert_eq!(
            malformed.unwrap_err().code(),
            Some(ErrorCode::InvalidParameter)
        );
    }
);

db_test!(
    async fn editing_a_frozen_shipped_form_keeps_it_shipped(app: TestApp) {
        let hr = hr_client(&app).await;
        let classic = shipped(&hr, Language::Da, "classic").await;
        forms::freeze(&app.db, classic.id).await.unwrap();
        let mut shorter = classic.content.clone();
        shorter.sections.truncate(3);

        let next = hr
            .update_template(classic.id, &edit(1, shorter.clone()))
            .await
            .unwrap();
        forms::ensure_shipped(&app.db).await.unwrap();

        let old = hr.template(classic.id).await.unwrap();
        assert_eq!(
            (next.version, next.kind, next.shipped.as_deref()),
            (2, FormKind::Classic, Some("classic"))
        );
        assert_eq!(next.content, shorter);
        assert_eq!(
            (old.frozen, old.kind, old.shipped.as_deref()),
            (true, FormKind::Classic, None)
        );
        assert_eq!(old.content, classic.content);
        let classics: Vec<_> = all_forms(&hr)
            .await
            .into_iter()
            .filter(|t| t.kind == FormKind::Classic && t.content.language == Language::Da)
            .map(|t| t.id)
            .collect();
        assert_eq!(classics, [next.id], "not installed again");
    }
);

db_test!(
    async fn only_the_newest_version_is_edited_and_from_its_own_version(app: TestApp) {
        let hr = hr_client(&app).await;
        let first = hr.create_template(&small_form("MUS 2027")).await.unwrap();
        forms::freeze(&app.db, first.id).await.unwrap();
        let second = hr
            .update_template(first.id, &edit(1, small_form("MUS 2028")))
            .await
            .unwrap();

        let old_again = hr
            .update_template(first.id, &edit(1, small_form("Forkert")))
            .await;
        let stale = hr
            .update_template(second.id, &edit(1, small_form("Forkert")))
            .await;
        let third = hr
            .update_template(second.id, &edit(2, small_form("MUS 2029")))
            .await
            .unwrap();

        assert_eq!(old_again.unwrap_err().code(), Some(ErrorCode::Conflict));
        let ClientError::Api(problem) = stale.unwrap_err() else {
            panic!("a problem")
        };
        assert_eq!(problem.code, ErrorCode::Conflict);
        assert!(
            problem
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("version 2")),
            "{problem:?}"
        );
        assert_eq!(
            (third.id, third.version, third.content.name.as_str()),
            (second.id, 3, "MUS 2029")
        );
        assert_eq!(hr.template(first.id).await.unwrap(), {
            let mut frozen = first.clone();
            frozen.frozen = true;
            frozen
        });
    }
);

db_test!(
    async fn a_bad_limit_or_cursor_is_a_400(app: TestApp) {
        let hr = hr_client(&app).await;

        let answers = [
            hr.templates(None, Some(0), None).await,
            hr.templates(None, Some(101), None).await,
            hr.templates(None, None, Some("bm90IG91cnM")).await,
            hr.get::<Page<Template>>("templates?language=de").await,
        ];

        for answer in answers {
            assert_eq!(
                answer.unwrap_err().code(),
                Some(ErrorCode::InvalidParameter)
            );
        }
    }
);

#[test]
fn the_documented_examples_are_valid_forms() {
    let spec: serde_json::Value =
        serde_json::from_str(&mus_server::openapi::document_json()).unwrap();
    let example = |method: &str, path: &str| {
        spec["paths"][path][method]["requestBody"]["content"]["application/json"]["example"].clone()
    };

    let create: TemplateContent =
        serde_json::from_value(example("post", "/api/v1/templates")).unwrap();
    let update: TemplateUpdate =
        serde_json::from_value(example("put", "/api/v1/templates/{id}")).unwrap();

    assert_eq!(create.validate(), Ok(()));
    assert_eq!(update.content, create);
}
