//! Question forms: shipped forms, HR editing, versions and freezing.

use mus_client::ClientError;
use mus_domain::{
    Answerer, ErrorCode, Language, Question, QuestionKind, Role, Section, TemplateContent,
    TemplateUpdate,
};

use crate::db_test;

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
        assert_eq!(names(&danish), ["Anerkendende MUS", "Klassisk MUS"]);
        assert_eq!(
            names(&english),
            [
                "Appreciative development conversation",
                "Classic development conversation"
            ]
        );
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

        assert_eq!(denied.unwrap_err().code(), Some(ErrorCode::Forbidden));
        assert_eq!((created.version, created.frozen), (1, false));
        assert_eq!(
            anne.template(created.id).await.unwrap().content.name,
            "Teknik 2027"
        );
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

        let copy = client.copy_template(classic.id).await.unwrap();

        assert_eq!(
            copy.content.name,
            format!("Kopi af {}", classic.content.name)
        );
        assert_eq!(copy.content.sections, classic.content.sections);
        assert_ne!(copy.family_id, classic.family_id);
        assert!(copy.shipped.is_none());
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
        assert_eq!(seen.len(), 5);
        assert_eq!(distinct.len(), 5);
        let missing = client.template(mus_domain::TemplateId::new()).await;
        assert_eq!(missing.unwrap_err().code(), Some(ErrorCode::NotFound));
        let malformed = client
            .get::<serde_json::Value>("templates/not-a-uuid")
            .await;
        assert_eq!(malformed.unwrap_err().code(), Some(ErrorCode::NotFound));
    }
);
