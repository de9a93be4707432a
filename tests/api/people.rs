//! People, departments, CSV import and personal API tokens.

use mus_client::{Client, ClientError, UserQuery};
use mus_domain::{ErrorCode, NewApiToken, NewUser, Role, TokenScope, UserPatch};

use crate::db_test;
use crate::helpers::{PASSWORD, TestApp, TestUser};

fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> ErrorCode {
    result
        .expect_err("the request should fail")
        .code()
        .expect("a problem")
}

/// HR, a manager with two reports, another manager with one.
struct Org {
    hr: TestUser,
    manager: TestUser,
    employee: TestUser,
    colleague: TestUser,
    other_manager: TestUser,
    stranger: TestUser,
}

async fn org(app: &TestApp) -> Org {
    let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager = app
        .create_user("Mette Kjærgaard", Role::Manager, None)
        .await;
    let other_manager = app
        .create_user("Søren Østergaard", Role::Manager, None)
        .await;
    Org {
        employee: app
            .create_user("Anne Sørensen", Role::Employee, Some(&manager))
            .await,
        colleague: app
            .create_user("Bjørn Ravn", Role::Employee, Some(&manager))
            .await,
        stranger: app
            .create_user("Ida Mølgaard", Role::Employee, Some(&other_manager))
            .await,
        hr,
        manager,
        other_manager,
    }
}

async fn read_token_for(app: &TestApp, user: &TestUser) -> Client {
    let session = app.signed_in(user).await;
    let created = session
        .create_api_token(&NewApiToken {
            name: "Rapportering".into(),
            scopes: vec![TokenScope::Read],
            expires_in_days: 90,
        })
        .await
        .unwrap();
    let client = app.new_client(mus_client::RefreshStorage::Memory);
    client.set_access_token(created.token);
    client
}

db_test!(
    async fn who_may_read_a_person(app: TestApp) {
        let org = org(&app).await;
        let anonymous = app.new_client(mus_client::RefreshStorage::Memory);
        let read_token = read_token_for(&app, &org.manager).await;
        let target = org.employee.id;

        let cases: Vec<(&str, Client, Result<(), ErrorCode>)> = vec![
            ("the employee", app.signed_in(&org.employee).await, Ok(())),
            (
                "a colleague",
                app.signed_in(&org.colleague).await,
                Err(ErrorCode::NotFound),
            ),
            ("their manager", app.signed_in(&org.manager).await, Ok(())),
            (
                "another manager",
                app.signed_in(&org.other_manager).await,
                Err(ErrorCode::NotFound),
            ),
            ("HR", app.signed_in(&org.hr).await, Ok(())),
            ("anonymous", anonymous, Err(ErrorCode::Unauthenticated)),
            ("the manager's read token", read_token, Ok(())),
        ];
        for (who, client, expected) in cases {
            let outcome = client.user(target).await.map(|u| assert_eq!(u.id, target));
            assert_eq!(outcome.map_err(|e| e.code().unwrap()), expected, "{who}");
        }
    }
);

db_test!(
    async fn each_sees_only_their_part_of_the_directory(app: TestApp) {
        let org = org(&app).await;
        let emails = |page: mus_domain::Page<mus_domain::User>| {
            let mut names: Vec<String> = page.items.into_iter().map(|u| u.name).collect();
            names.sort();
            names
        };

        let employee = app
            .signed_in(&org.employee)
            .await
            .users(&UserQuery::default())
            .await
            .unwrap();
        let manager = app
            .signed_in(&org.manager)
            .await
            .users(&UserQuery::default())
            .await
            .unwrap();
        let hr = app
            .signed_in(&org.hr)
            .await
            .users(&UserQuery::default())
            .await
            .unwrap();

        assert_eq!(emails(employee), ["Anne Sørensen"]);
        assert_eq!(
            emails(manager),
            ["Anne Sørensen", "Bjørn Ravn", "Mette Kjærgaard"]
        );
        assert_eq!(hr.items.len(), 6);
        let _ = (org.stranger, org.other_manager);
    }
);

db_test!(
    async fn the_directory_pages_without_gaps_or_repeats(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let mut seen = Vec::new();
        let mut cursor = None;

        loop {
            let page = hr
                .users(&UserQuery {
                    limit: Some(4),
                    cursor: cursor.clone(),
                    ..UserQuery::default()
                })
                .await
                .unwrap();
            assert!(page.items.len() <= 4);
            seen.extend(page.items.into_iter().map(|u| u.email.to_string()));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }

        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted, "ordered by e-mail, no repeats");
        assert_eq!(seen.len(), 6);
        let bad = hr
            .users(&UserQuery {
                limit: Some(0),
                ..UserQuery::default()
            })
            .await;
        assert_eq!(code(bad), ErrorCode::InvalidParameter);
    }
);

db_test!(
    async fn hr_creates_a_person_who_signs_in_once_they_chose_a_password(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let department = hr.create_department("Løn og Personale").await.unwrap();

        let created = hr
            .create_user(&NewUser {
                email: "Karen.Hjoerne@Test.example".into(),
                name: "Karen Hjørne".into(),
                role: Role::Employee,
                manager_id: Some(org.manager.id),
                department_id: Some(department.id),
            })
            .await
            .unwrap();

        assert_eq!(created.email.as_str(), "karen.hjoerne@test.example");
        assert_eq!(created.manager.unwrap().id, org.manager.id);
        assert_eq!(created.department.unwrap().name, "Løn og Personale");
        assert!(!created.can_sign_in, "only Karen chooses her password");
        app.choose_own_password(created.id).await;
        assert!(hr.user(created.id).await.unwrap().can_sign_in);
        let karen = app.new_client(mus_client::RefreshStorage::Memory);
        karen
            .login("karen.hjoerne@test.example", PASSWORD)
            .await
            .unwrap();
        let departments = hr.departments().await.unwrap();
        assert_eq!(
            departments
                .iter()
                .find(|d| d.name == "Løn og Personale")
                .unwrap()
                .people,
            1
        );
    }
);

db_test!(
    async fn bad_people_are_refused_and_nothing_is_created(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let before = hr.users(&UserQuery::default()).await.unwrap().items.len();

        let invalid = hr
            .create_user(&NewUser {
                email: "not-an-email".into(),
                name: " ".into(),
                role: Role::Employee,
                // An employee cannot be anyone's nearest manager.
                manager_id: Some(org.employee.id),
                department_id: Some(mus_domain::DepartmentId::new()),
            })
            .await;
        let duplicate = hr
            .create_user(&NewUser {
                email: org.employee.email.clone(),
                name: "Anne igen".into(),
                role: Role::Employee,
                manager_id: None,
                department_id: None,
            })
            .await;

        let ClientError::Api(problem) = invalid.unwrap_err() else {
            panic!("a problem")
        };
        let mut fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["department_id", "email", "manager", "name"]);
        assert_eq!(code(duplicate), ErrorCode::AlreadyExists);
        assert_eq!(
            hr.users(&UserQuery::default()).await.unwrap().items.len(),
            before
        );
    }
);

db_test!(
    async fn only_hr_changes_the_directory(app: TestApp) {
        let org = org(&app).await;
        let manager = app.signed_in(&org.manager).await;
        let hr_read_token = read_token_for(&app, &org.hr).await;
        let rename = UserPatch {
            name: Some("Anne S.".into()),
            ..UserPatch::default()
        };

        assert_eq!(
            code(manager.update_user(org.employee.id, &rename).await),
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(manager.create_department("Skyggeafdeling").await),
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(hr_read_token.update_user(org.employee.id, &rename).await),
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(
                manager
                    .import_users("email,name,role\nx@test.example,X,employee\n")
                    .await
            ),
            ErrorCode::Forbidden
        );

        let unchanged = app
            .signed_in(&org.hr)
            .await
            .user(org.employee.id)
            .await
            .unwrap();
        assert_eq!(unchanged.name, "Anne Sørensen");
    }
);

db_test!(
    async fn a_patch_changes_only_what_it_names(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;

        let moved = hr
            .update_user(
                org.employee.id,
                &UserPatch {
                    manager_id: Some(Some(org.other_manager.id)),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
        let cleared = hr
            .update_user(
                org.employee.id,
                &UserPatch {
                    manager_id: Some(None),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
        let cycle = hr
            .update_user(
                org.manager.id,
                &UserPatch {
                    manager_id: Some(Some(org.manager.id)),
                    ..UserPatch::default()
                },
            )
            .await;
        let demote = hr
            .update_user(
                org.manager.id,
                &UserPatch {
                    role: Some(Role::Employee),
                    ..UserPatch::default()
                },
            )
            .await;

        assert_eq!(moved.manager.unwrap().id, org.other_manager.id);
        assert_eq!(moved.name, "Anne Sørensen");
        assert!(cleared.manager.is_none());
        assert_eq!(code(cycle), ErrorCode::InvalidBody);
        assert_eq!(
            code(demote),
            ErrorCode::InvalidBody,
            "Bjørn still reports to her"
        );
        assert_eq!(
            code(
                hr.update_user(mus_domain::UserId::new(), &UserPatch::default())
                    .await
            ),
            ErrorCode::NotFound
        );
    }
);

const IMPORT: &str = "email,name,department,manager_email,role\n\
    tove.kraemer@test.example,Tove Kræmer,Teknik og Miljø,jens.lund@test.example,employee\n\
    jens.lund@test.example,Jens Ærø Lund,Teknik og Miljø,,manager\n\
    ulrik.hedegaard@test.example,Ulrik Hedegård,Teknik og Miljø,jens.lund@test.example,medarbejder\n";

db_test!(
    async fn an_import_creates_the_organisation_once(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;

        let first = hr.import_users(IMPORT).await.unwrap();
        let again = hr.import_users(IMPORT).await.unwrap();
        let moved = hr
            .import_users(
                IMPORT.replace("Tove Kræmer,Teknik og Miljø", "Tove Kræmer,Borgerservice"),
            )
            .await
            .unwrap();

        assert_eq!(
            (
                first.created,
                first.updated,
                first.unchanged,
                first.departments_created
            ),
            (3, 0, 0, 1)
        );
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
        assert_eq!(
            (moved.updated, moved.unchanged, moved.departments_created),
            (1, 2, 1)
        );
        let jens_team = hr
            .users(&UserQuery {
                role: Some(Role::Employee),
                ..UserQuery::default()
            })
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|u| {
                u.manager
                    .as_ref()
                    .is_some_and(|m| m.name == "Jens Ærø Lund")
            })
            .count();
        assert_eq!(jens_team, 2);
        let tove = hr
            .users(&UserQuery::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|u| u.name == "Tove Kræmer")
            .unwrap();
        assert!(!tove.can_sign_in, "imported people have no password yet");
    }
);

db_test!(
    async fn a_bad_import_reports_every_line_and_imports_nothing(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let before = hr.users(&UserQuery::default()).await.unwrap().items.len();
        let csv = format!(
            "email,name,department,manager_email,role\n\
             good@test.example,Good Person,Nyt Sted,,employee\n\
             bad-email,Bad,,,employee\n\
             worse@test.example,Worse,,nobody@test.example,chef\n\
             report@test.example,Report,,{},employee\n",
            org.employee.email
        );

        let ClientError::Api(problem) = hr.import_users(csv).await.unwrap_err() else {
            panic!("a problem")
        };

        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line/3/email", "line/4/role"]);
        // Once the lines parse, the managers are checked.
        let csv = format!(
            "email,name,manager_email,role\nreport@test.example,Report,{},employee\nw@test.example,W,nobody@test.example,employee\n",
            org.employee.email
        );
        let ClientError::Api(problem) = hr.import_users(csv).await.unwrap_err() else {
            panic!("a problem")
        };
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line/2/manager_email", "line/3/manager_email"]);
        assert_eq!(
            hr.users(&UserQuery::default()).await.unwrap().items.len(),
            before
        );
        assert!(
            hr.departments()
                .await
                .unwrap()
                .iter()
                .all(|d| d.name != "Nyt Sted")
        );
    }
);

db_test!(
    async fn an_api_token_acts_for_its_owner_within_its_scope(app: TestApp) {
        let org = org(&app).await;
        let session = app.signed_in(&org.hr).await;
        let created = session
            .create_api_token(&NewApiToken {
                name: "Lønsystem".into(),
                scopes: vec![TokenScope::Write],
                expires_in_days: 30,
            })
            .await
            .unwrap();
        let integration = app.new_client(mus_client::RefreshStorage::Memory);
        integration.set_access_token(created.token.clone());

        assert!(created.token.starts_with("mus_pat_"));
        assert_eq!(
            created.api_token.scopes,
            [TokenScope::Read, TokenScope::Write]
        );
        assert_eq!(integration.me().await.unwrap().id, org.hr.id);
        integration.create_department("Via API").await.unwrap();
        assert_eq!(
            code(
                integration
                    .create_api_token(&NewApiToken {
                        name: "Mere".into(),
                        scopes: vec![TokenScope::Read],
                        expires_in_days: 30
                    })
                    .await
            ),
            ErrorCode::Forbidden,
            "a token cannot mint tokens"
        );
        let listed = session.api_tokens().await.unwrap();
        assert_eq!(listed.len(), 1);
        // The secret is never listed.
        assert!(
            !serde_json::to_string(&listed)
                .unwrap()
                .contains(&created.token)
        );

        session
            .revoke_api_token(created.api_token.id)
            .await
            .unwrap();

        assert_eq!(code(integration.me().await), ErrorCode::TokenInvalid);
        assert!(session.api_tokens().await.unwrap().is_empty());
        let someone_else = app.signed_in(&org.employee).await;
        assert_eq!(
            code(someone_else.revoke_api_token(created.api_token.id).await),
            ErrorCode::NotFound
        );
    }
);

db_test!(
    async fn a_token_needs_a_name_and_a_scope(app: TestApp) {
        let org = org(&app).await;
        let session = app.signed_in(&org.employee).await;

        let result = session
            .create_api_token(&NewApiToken {
                name: String::new(),
                scopes: vec![],
                expires_in_days: 0,
            })
            .await;

        let ClientError::Api(problem) = result.unwrap_err() else {
            panic!("a problem")
        };
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "scopes", "expires_in_days"]);
        assert!(session.api_tokens().await.unwrap().is_empty());
    }
);

/// Runs `n` copies of `request` at once and gives back their outcomes.
async fn at_once<T, F>(n: usize, request: impl Fn() -> F) -> Vec<Result<T, ClientError>>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, ClientError>> + Send + 'static,
{
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..n {
        running.spawn(request());
    }
    running.join_all().await
}

db_test!(
    async fn hr_can_neither_choose_nor_set_nor_learn_a_password(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let password = "hr-kender-nu-koden";
        let refused_field = |response: reqwest::Response| async move {
            assert_eq!(response.status(), 422);
            let problem: mus_domain::Problem = response.json().await.unwrap();
            problem
                .errors
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };

        let created = app
            .http()
            .post(app.url("/api/v1/users"))
            .bearer_auth(hr.access_token().unwrap())
            .json(&serde_json::json!({
                "email": "ny@test.example", "name": "Ny Person", "role": "employee", "password": password
            }))
            .send()
            .await
            .unwrap();
        let changed = app
            .http()
            .patch(app.url(&format!("/api/v1/users/{}", org.employee.id)))
            .bearer_auth(hr.access_token().unwrap())
            .json(&serde_json::json!({ "password": password }))
            .send()
            .await
            .unwrap();
        let imported = hr
            .import_users(&format!(
                "email,name,role,password\nny@test.example,Ny Person,employee,{password}\n"
            ))
            .await;

        assert_eq!(refused_field(created).await, ["password"]);
        assert_eq!(refused_field(changed).await, ["password"]);
        // The import refuses a password column outright, and creates nobody.
        let problem = imported.expect_err("refused").problem().cloned().unwrap();
        assert_eq!(problem.errors[0].field, "line/1");
        assert!(problem.errors[0].message.contains("invitation"));
        assert!(
            !hr.users(&UserQuery::default())
                .await
                .unwrap()
                .items
                .iter()
                .any(|u| u.name == "Ny Person")
        );
        assert_eq!(
            code(app.client.login("ny@test.example", password).await),
            ErrorCode::InvalidCredentials
        );
        for person in hr.users(&UserQuery::default()).await.unwrap().items {
            let raw = app
                .http()
                .get(app.url(&format!("/api/v1/users/{}", person.id)))
                .bearer_auth(hr.access_token().unwrap())
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(!raw.contains("argon2"), "no hash is ever shown: {raw}");
        }
        assert_eq!(
            code(app.client.login(&org.employee.email, password).await),
            ErrorCode::InvalidCredentials
        );
        app.client
            .login(&org.employee.email, PASSWORD)
            .await
            .expect("the person's own password still works");
    }
);

db_test!(
    async fn the_same_email_or_department_twice_at_once_is_a_conflict(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;

        let people = at_once(12, || {
            let hr = hr.clone();
            async move {
                hr.create_user(&NewUser {
                    email: "tvilling@test.example".into(),
                    name: "Tvilling".into(),
                    role: Role::Employee,
                    manager_id: None,
                    department_id: None,
                })
                .await
            }
        })
        .await;
        let departments = at_once(12, || {
            let hr = hr.clone();
            async move { hr.create_department("Dobbeltafdeling").await }
        })
        .await;

        for outcomes in [
            people
                .into_iter()
                .map(|r| r.map(|_| ()))
                .collect::<Vec<_>>(),
            departments.into_iter().map(|r| r.map(|_| ())).collect(),
        ] {
            let created = outcomes.iter().filter(|r| r.is_ok()).count();
            let codes: Vec<Option<ErrorCode>> = outcomes
                .into_iter()
                .filter_map(Result::err)
                .map(|e| e.code())
                .collect();
            assert_eq!(created, 1);
            assert!(
                codes.iter().all(|c| *c == Some(ErrorCode::AlreadyExists)),
                "{codes:?}"
            );
        }
    }
);

db_test!(
    async fn concurrent_changes_all_succeed(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));

        let outcomes = at_once(20, || {
            let hr = hr.clone();
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let target = [org.employee.id, org.colleague.id, org.stranger.id][n % 3];
            async move {
                hr.update_user(
                    target,
                    &UserPatch {
                        name: Some(format!("Navn {n}")),
                        ..UserPatch::default()
                    },
                )
                .await
            }
        })
        .await;

        let failures: Vec<String> = outcomes
            .into_iter()
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect();
        assert!(failures.is_empty(), "{failures:?}");
    }
);

db_test!(
    async fn a_failed_audit_entry_undoes_the_change(app: TestApp) {
        use sea_orm::ConnectionTrait;

        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        app.db
            .execute_unprepared("ALTER TABLE audit_events RENAME TO audit_events_away")
            .await
            .unwrap();

        let renamed = hr
            .update_user(
                org.employee.id,
                &UserPatch {
                    name: Some("Uden spor".into()),
                    ..UserPatch::default()
                },
            )
            .await;
        let department = hr.create_department("Uden spor").await;
        let imported = hr
            .import_users("email,name,role\nspor@test.example,Uden spor,employee\n")
            .await;

        app.db
            .execute_unprepared("ALTER TABLE audit_events_away RENAME TO audit_events")
            .await
            .unwrap();
        for outcome in [
            renamed.map(|_| ()),
            department.map(|_| ()),
            imported.map(|_| ()),
        ] {
            assert_eq!(code(outcome), ErrorCode::Internal);
        }
        assert_eq!(
            hr.user(org.employee.id).await.unwrap().name,
            "Anne Sørensen"
        );
        assert!(hr.departments().await.unwrap().is_empty());
        assert!(
            hr.users(&UserQuery::default())
                .await
                .unwrap()
                .items
                .iter()
                .all(|u| u.name != "Uden spor")
        );
    }
);

db_test!(
    async fn an_import_leaves_alone_what_the_file_does_not_have(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        hr.import_users(IMPORT).await.unwrap();
        let tove = |hr: Client| async move {
            hr.users(&UserQuery::default())
                .await
                .unwrap()
                .items
                .into_iter()
                .find(|u| u.name == "Tove Kræmer")
                .unwrap()
        };

        // No department or manager column: both stay.
        let renamed = hr
            .import_users("email,name,role\ntove.kraemer@test.example,Tove Kræmer,employee\n")
            .await
            .unwrap();
        let kept = tove(hr.clone()).await;
        // The columns with empty cells: both go.
        hr.import_users(
            "email,name,role,department,manager_email\ntove.kraemer@test.example,Tove Kræmer,employee,,\n",
        )
        .await
        .unwrap();
        let cleared = tove(hr.clone()).await;

        assert_eq!((renamed.updated, renamed.unchanged), (0, 1));
        assert_eq!(kept.department.unwrap().name, "Teknik og Miljø");
        assert_eq!(kept.manager.unwrap().name, "Jens Ærø Lund");
        assert!(cleared.department.is_none());
        assert!(cleared.manager.is_none());
    }
);

db_test!(
    async fn an_import_keeps_a_manager_who_still_has_reports(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        hr.import_users(IMPORT).await.unwrap();

        // Jens (line 3, after a blank line) would lose the role while Tove
        // and Ulrik still report to him.
        let refused = hr
            .import_users("email,name,role\n\njens.lund@test.example,Jens Ærø Lund,employee\n")
            .await;
        // With his reports moved in the same file, he may.
        let allowed = hr
            .import_users(format!(
                "email,name,role,manager_email\n\
                 jens.lund@test.example,Jens Ærø Lund,employee,\n\
                 tove.kraemer@test.example,Tove Kræmer,employee,{m}\n\
                 ulrik.hedegaard@test.example,Ulrik Hedegård,employee,{m}\n",
                m = org.manager.email
            ))
            .await;

        let ClientError::Api(problem) = refused.unwrap_err() else {
            panic!("a problem")
        };
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line/3/role"]);
        assert!(
            problem.errors[0]
                .message
                .contains("tove.kraemer@test.example")
        );
        assert_eq!(allowed.unwrap().updated, 3);
    }
);

db_test!(
    async fn a_large_import_fits_the_database_limits(app: TestApp) {
        let org = org(&app).await;
        let hr = app.signed_in(&org.hr).await;
        let mut csv = String::from("email,name,department,manager_email,role\n");
        csv.push_str("chef@test.example,Chef,Afdeling 0,,manager\n");
        for n in 0..5000 {
            csv.push_str(&format!(
                "person{n}@test.example,Person {n},Afdeling {},chef@test.example,employee\n",
                n % 50
            ));
        }

        let first = hr.import_users(csv.clone()).await.unwrap();
        let again = hr.import_users(csv).await.unwrap();

        assert_eq!((first.created, first.departments_created), (5001, 50));
        assert_eq!(again.unchanged, 5001);
    }
);
