//! The access table of DESIGN.md as a matrix: every endpoint of the API ×
//! {the employee, another employee, their manager, another manager, HR
//! administrator, anonymous, the employee's API token with the `read`
//! scope, HR that tried to make itself the employee's manager, a leaver's
//! API token}, each with the outcome the table allows. Denied reads are
//! 404; HR never receives preparation or summary text from any endpoint.
//! Then the employee gets a new manager, created by HR, and the matrix is
//! walked again for the new and the former manager.
//!
//! "Allowed" means the request got past access control: a 2xx, or an
//! answer about the request itself (409 wrong state, 422 bad input).

use std::collections::BTreeMap;

use chrono::{Datelike, Utc};
use mus_client::{Client, ClientError};
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementOwner, AgreementQuery, Answer, Answerer,
    AuditAction, NewApiToken, NewUser, Party, PreparationWrite, Problem, QuestionKind, Role,
    SignRequest, SummaryContent, SummaryWrite, TokenScope, UserId, UserPatch,
};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};

use crate::db_test;
use crate::lifecycle::{day, hold_meeting, open_round};

/// What one actor may do with one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Past access control: 2xx, 409 or 422.
    Allowed,
    /// 404: not theirs to see, and the id leaks nothing.
    NotFound,
    /// 403: they know the resource exists but may not do this (an HR-only
    /// action, a write with a read-only token).
    Forbidden,
    /// 401: not signed in.
    Unauthenticated,
}

use Outcome::{Allowed as A, Forbidden as F, NotFound as N, Unauthenticated as U};

/// The actors, in the order each endpoint is tried: those who will be
/// refused first, so that nothing they do changes what the allowed see.
const ACTORS: [&str; 7] = [
    "anonymous",
    "token",
    "other_employee",
    "other_manager",
    "hr",
    "manager",
    "employee",
];

/// Actors whose outcome follows from another's: HR after its attempts to
/// become the employee's manager were refused is still only HR; a leaver's
/// API token is refused everywhere, as if it had never existed.
const DERIVED_ACTORS: [&str; 2] = ["leaver_token", "hr_self_manager"];

fn derived_outcome(actor: &str, outcomes: &[Outcome; 7]) -> Outcome {
    match actor {
        "leaver_token" => U,
        "hr_self_manager" => outcomes[4],
        other => unreachable!("{other}"),
    }
}

/// One endpoint with the outcome for each actor, in the order of [`ACTORS`].
struct Case {
    method: Method,
    path: String,
    body: Option<Value>,
    outcomes: [Outcome; 7],
}

fn case(
    method: Method,
    path: impl Into<String>,
    body: Option<Value>,
    outcomes: [Outcome; 7],
) -> Case {
    Case {
        method,
        path: path.into(),
        body,
        outcomes,
    }
}

const SECRET: &str = "HEMMELIG";

db_test!(
    async fn every_endpoint_answers_every_actor_as_the_access_table_says(app: TestApp) {
        // The organisation: Anne reports to Mette, Bo to Karl.
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let karl_user = app
            .create_user("Karl Bønnelykke", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let bo_user = app
            .create_user("Bo Østergaard", Role::Employee, Some(&karl_user))
            .await;
        let lis_user = app
            .create_user("Lis Kragh", Role::Employee, Some(&mette_user))
            .await;
        let henrik_user = app.create_user("Henrik Holm", Role::HrAdmin, None).await;
        let hr = app.signed_in(&hr_user).await;
        let henrik = app.signed_in(&henrik_user).await;
        let mette = app.signed_in(&mette_user).await;
        let karl = app.signed_in(&karl_user).await;
        let anne = app.signed_in(&anne_user).await;
        let bo = app.signed_in(&bo_user).await;

        // Last year: a signed summary with agreements and check-ins.
        let year = Utc::now().year() - 1;
        let form = open_round(&app, &hr, year).await;
        let last = anne.conversations().await.unwrap()[0].id;
        hold_meeting(&mette, last, &format!("{year}-02-10T08:00:00Z")).await;
        let proposal = mette.summary(last).await.unwrap();
        let drafted = mette
            .save_summary(
                last,
                &SummaryWrite {
                    version: proposal.version,
                    revision: 0,
                    content: SummaryContent {
                        agreements: vec![AgreementDraft {
                            id: None,
                            title: format!("{SECRET} kursus"),
                            description: format!("{SECRET} beskrivelse"),
                            owner: AgreementOwner::Employee,
                            category: AgreementCategory::CourseEducation,
                            due_on: Some(day(&format!("{}-09-01", year + 1))),
                            origin: None,
                        }],
                        decisions: format!("{SECRET} beslutning"),
                        ..SummaryContent::default()
                    },
                },
            )
            .await
            .unwrap();
        let sign = SignRequest {
            version: drafted.version,
            content_hash: drafted.content_hash.clone(),
            seen_not_agreed: None,
        };
        anne.sign_summary(last, &sign).await.unwrap();
        mette.sign_summary(last, &sign).await.unwrap();
        let agreement = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items[0]
            .id;
        let check_in = anne.check_ins(last).await.unwrap()[0].id;
        app.check_in_falls_due(check_in).await;

        // This year: both have prepared; Anne has shared, Mette has not.
        open_round(&app, &hr, year + 1).await;
        let now = anne
            .conversations()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id != last)
            .unwrap()
            .id;
        let template = hr.template(form).await.unwrap();
        let text_question = |side: Answerer| {
            template
                .content
                .sections
                .iter()
                .flat_map(|s| &s.questions)
                .find(|q| {
                    q.kind == QuestionKind::Text
                        && (q.answered_by == side || q.answered_by == Answerer::Both)
                })
                .unwrap()
                .key
                .clone()
        };
        let employee_key = text_question(Answerer::Employee);
        let manager_key = text_question(Answerer::Manager);
        let answers = |key: &str| {
            BTreeMap::from([(
                key.to_owned(),
                Answer::Text(format!("{SECRET} forberedelse")),
            )])
        };
        anne.save_preparation(
            now,
            Party::Employee,
            &PreparationWrite {
                version: 0,
                answers: answers(&employee_key),
            },
        )
        .await
        .unwrap();
        anne.share_preparation(now, Party::Employee).await.unwrap();
        mette
            .save_preparation(
                now,
                Party::Manager,
                &PreparationWrite {
                    version: 0,
                    answers: answers(&manager_key),
                },
            )
            .await
            .unwrap();

        // Anne's read-only token, and one more of hers to revoke.
        let token = anne
            .create_api_token(&NewApiToken {
                name: "Integration".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 30,
            })
            .await
            .unwrap()
            .token;
        let spare = anne
            .create_api_token(&NewApiToken {
                name: "Reserve".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 30,
            })
            .await
            .unwrap()
            .api_token
            .id;
        let round = hr.rounds().await.unwrap()[0].id;

        // Lis has a token with every scope, and leaves today.
        let lis = app.signed_in(&lis_user).await;
        let leaver_token = lis
            .create_api_token(&NewApiToken {
                name: "Lønsystem".into(),
                scopes: vec![TokenScope::Read, TokenScope::Write],
                expires_in_days: 30,
            })
            .await
            .unwrap()
            .token;
        let today = mus_domain::agreements::danish_date(Utc::now());
        hr.update_user(
            lis_user.id,
            &UserPatch {
                left_on: Some(Some(today)),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();

        // A group conversation (GRUS) of Mette's team, signed, with Anne's
        // shared preparation and the manager's agenda; a check-in not yet
        // open; a development goal of Anne's.
        let grus = group_conversation_signed(&app, &hr, &mette, &anne).await;
        let group_check_in = mette.group_conversation(grus).await.unwrap().check_ins[0].id;
        let group_round = mette.group_conversation(grus).await.unwrap().round_id;
        let goal = anne
            .add_development_goal(&mus_domain::NewDevelopmentGoal {
                employee_id: None,
                title: format!("{SECRET} mål"),
                description: format!("{SECRET} om målet"),
                category: AgreementCategory::CourseEducation,
                due_on: None,
            })
            .await
            .unwrap()
            .id;

        // Henrik of HR tries every way to become Anne's manager: none works.
        let hr_self_manager =
            powers_turned_on_oneself_are_refused(&app, &henrik, henrik_user.id, anne_user.id).await;

        let anne_id = anne_user.id;
        let meeting = json!({ "starts_at": format!("{}-02-12T09:00:00Z", year + 1), "minutes": 60, "location": "Mødelokale 2" });
        let prep_write =
            |key: &str| json!({ "version": 1, "answers": { key: format!("{SECRET} igen") } });
        let summary_write = json!({ "version": 1, "revision": 2, "content": {} });
        let sign_body = serde_json::to_value(&sign).unwrap();
        let review = json!({ "decision": "carry_over" });
        let complete = json!({ "entries": [{ "agreement_id": agreement, "status": "in_progress", "note": "I gang" }] });
        let csv = "email,name,department,manager_email,role\n";
        let new_user = json!({ "email": format!("ny.{}@test.example", uuid::Uuid::new_v4().simple()), "name": "Ny Kollega", "role": "employee" });
        let new_round = json!({
            "name": "Ekstra", "template_id": form, "preparation_deadline": format!("{}-01-29", year + 2),
            "meetings_from": format!("{}-02-01", year + 2), "meetings_until": format!("{}-03-31", year + 2),
            "departments": [], "simultaneous_reveal": false
        });
        let new_webhook = |path: &str| json!({ "url": format!("http://127.0.0.1:9/{path}"), "events": ["person.created"] });
        let webhook = hr
            .create_webhook(&serde_json::from_value(new_webhook("kept")).unwrap())
            .await
            .unwrap()
            .webhook
            .id;
        // HR removing one is tested with webhooks; here, who gets past
        // the door for an id that is not there.
        let unknown_webhook = uuid::Uuid::new_v4();
        let everyone = [U, A, A, A, A, A, A];
        let hr_only = [U, F, F, F, A, F, F];
        let parties = [U, A, N, N, N, A, A];
        let party_writes = [U, F, N, N, N, A, A];

        let get = |path: String, outcomes| case(Method::GET, path, None, outcomes);
        let cases = vec![
            // auth and own data
            get("me".into(), everyone),
            get("me/export".into(), everyone),
            get("me/access-log".into(), everyone),
            // people
            get("users".into(), everyone),
            case(Method::POST, "users", Some(new_user), hr_only),
            get(format!("users/{anne_id}"), [U, A, N, N, A, A, A]),
            case(
                Method::PATCH,
                format!("users/{anne_id}"),
                Some(json!({ "name": "Anne Sørensen" })),
                hr_only,
            ),
            case(Method::POST, "users/import", Some(json!(csv)), hr_only),
            case(
                Method::POST,
                format!("users/{}/invitation", bo_user.id),
                Some(json!({})),
                hr_only,
            ),
            get("departments".into(), everyone),
            case(
                Method::POST,
                "departments",
                Some(json!({ "name": "Ny afdeling" })),
                hr_only,
            ),
            get("api-tokens".into(), everyone),
            case(
                Method::POST,
                "api-tokens",
                Some(json!({ "name": "Ny", "scopes": ["read"], "expires_in_days": 30 })),
                [U, F, A, A, A, A, A],
            ),
            case(
                Method::DELETE,
                format!("api-tokens/{spare}"),
                None,
                [U, F, N, N, N, N, A],
            ),
            // forms
            get("templates".into(), everyone),
            case(
                Method::POST,
                "templates",
                Some(serde_json::to_value(&template.content).unwrap()),
                hr_only,
            ),
            get(format!("templates/{form}"), everyone),
            case(
                Method::PUT,
                format!("templates/{form}"),
                Some({
                    let mut update = serde_json::to_value(&template.content).unwrap();
                    update["version"] = json!(template.version);
                    update
                }),
                hr_only,
            ),
            case(
                Method::POST,
                format!("templates/{form}/copy"),
                None,
                hr_only,
            ),
            // rounds
            get("rounds".into(), everyone),
            case(Method::POST, "rounds", Some(new_round), hr_only),
            get(format!("rounds/{round}"), everyone),
            case(
                Method::PATCH,
                format!("rounds/{round}"),
                Some(json!({ "name": "MUS" })),
                hr_only,
            ),
            // Figures only, each scoped to what the caller may see: their own,
            // their team's, the whole organisation's for HR.
            get(format!("rounds/{round}/progress"), everyone),
            // the conversation
            get("conversations".into(), everyone),
            get(format!("conversations/{now}"), parties),
            get(format!("conversations/{now}/agenda"), parties),
            // preparation: Anne's is shared, Mette's is not
            get(
                format!("conversations/{now}/preparations/employee"),
                parties,
            ),
            get(
                format!("conversations/{now}/preparations/manager"),
                [U, N, N, N, N, A, N],
            ),
            case(
                Method::PUT,
                format!("conversations/{now}/preparations/employee"),
                Some(prep_write(&employee_key)),
                [U, F, N, N, N, N, A],
            ),
            case(
                Method::PUT,
                format!("conversations/{now}/preparations/manager"),
                Some(prep_write(&manager_key)),
                [U, F, N, N, N, A, N],
            ),
            case(
                Method::POST,
                format!("conversations/{now}/preparations/manager/share"),
                None,
                [U, F, N, N, N, A, N],
            ),
            case(
                Method::POST,
                format!("conversations/{now}/preparations/employee/share"),
                None,
                [U, F, N, N, N, N, A],
            ),
            get(format!("conversations/{now}/previous-agreements"), parties),
            case(
                Method::PUT,
                format!("conversations/{now}/previous-agreements/{agreement}"),
                Some(review),
                party_writes,
            ),
            // the meeting
            case(
                Method::PUT,
                format!("conversations/{now}/meeting"),
                Some(meeting),
                party_writes,
            ),
            get(format!("conversations/{now}/meeting.ics"), parties),
            case(
                Method::POST,
                format!("conversations/{now}/held"),
                None,
                [U, F, N, N, N, A, F],
            ),
            // last year's summary, signed
            get(format!("conversations/{last}/summary"), parties),
            case(
                Method::PUT,
                format!("conversations/{last}/summary"),
                Some(summary_write),
                party_writes,
            ),
            case(
                Method::POST,
                format!("conversations/{last}/summary/sign"),
                Some(sign_body),
                party_writes,
            ),
            get(format!("conversations/{last}/summary/versions"), parties),
            get(format!("conversations/{last}/summary/versions/1"), parties),
            case(
                Method::POST,
                format!("conversations/{last}/summary/amend"),
                None,
                party_writes,
            ),
            // follow-up
            get("agreements".into(), everyone),
            case(
                Method::PATCH,
                format!("agreements/{agreement}"),
                Some(json!({ "note": "Godt i gang" })),
                party_writes,
            ),
            get(format!("conversations/{last}/check-ins"), parties),
            case(
                Method::POST,
                format!("check-ins/{check_in}/complete"),
                Some(complete),
                party_writes,
            ),
            // dashboards and audit
            get("dashboard/me".into(), everyone),
            get("dashboard/team".into(), everyone),
            get("dashboard/organisation".into(), hr_only),
            get("audit".into(), hr_only),
            // notifications and integrations
            get("me/notifications".into(), everyone),
            get("outbox".into(), hr_only),
            get("webhooks".into(), hr_only),
            case(Method::POST, "webhooks", Some(new_webhook("new")), hr_only),
            get(format!("webhooks/{webhook}"), hr_only),
            get(format!("webhooks/{webhook}/deliveries"), hr_only),
            case(
                Method::POST,
                format!("webhooks/{webhook}/secret"),
                None,
                hr_only,
            ),
            case(
                Method::DELETE,
                format!("webhooks/{unknown_webhook}"),
                None,
                [U, F, F, F, N, F, F],
            ),
            // group conversations: HR reads the group's shape, no content
            get("group-conversations".into(), everyone),
            case(
                Method::POST,
                "group-conversations",
                Some(json!({ "round_id": group_round, "name": "Ekstra", "members": [] })),
                [U, F, F, A, A, A, F],
            ),
            get(format!("group-conversations/{grus}"), [U, A, N, N, A, A, A]),
            case(
                Method::PUT,
                format!("group-conversations/{grus}/members"),
                Some(json!({ "members": [anne_id] })),
                [U, F, N, N, A, A, F],
            ),
            case(
                Method::PUT,
                format!("group-conversations/{grus}/agenda"),
                Some(json!({ "version": 1, "text": "Ny dagsorden" })),
                [U, F, N, N, F, A, F],
            ),
            case(
                Method::PUT,
                format!("group-conversations/{grus}/meeting"),
                Some(
                    json!({ "starts_at": crate::lifecycle::this_morning(), "minutes": 90, "location": "Kantinen" }),
                ),
                [U, F, N, N, F, A, F],
            ),
            get(
                format!("group-conversations/{grus}/meeting.ics"),
                [U, A, N, N, A, A, A],
            ),
            get(
                format!("group-conversations/{grus}/preparation"),
                [U, A, N, N, N, N, A],
            ),
            case(
                Method::PUT,
                format!("group-conversations/{grus}/preparation"),
                Some(json!({ "version": 1, "answers": {} })),
                [U, F, N, N, N, N, A],
            ),
            case(
                Method::POST,
                format!("group-conversations/{grus}/preparation/share"),
                None,
                [U, F, N, N, N, N, A],
            ),
            get(
                format!("group-conversations/{grus}/summary"),
                [U, A, N, N, N, A, A],
            ),
            case(
                Method::PUT,
                format!("group-conversations/{grus}/summary"),
                Some(json!({ "version": 1, "content": { "notes": "", "agreements": [] } })),
                [U, F, N, N, N, A, F],
            ),
            case(
                Method::POST,
                format!("group-conversations/{grus}/summary/sign"),
                Some(json!({ "version": 1 })),
                [U, F, N, N, N, A, A],
            ),
            case(
                Method::POST,
                format!("group-conversations/{grus}/check-ins/{group_check_in}/complete"),
                Some(json!({ "entries": [] })),
                [U, F, N, N, N, A, F],
            ),
            // development plans: the employee and the manager now; HR counts
            get("me/development-plan".into(), everyone),
            get(
                format!("users/{anne_id}/development-plan"),
                [U, A, N, N, N, A, A],
            ),
            // Someone else's plan is refused on `employee_id` (422; see
            // groups.rs), the id leaking nothing.
            case(
                Method::POST,
                "development-goals",
                Some(json!({ "employee_id": anne_id, "title": "Nyt mål", "category": "other" })),
                [U, F, A, A, A, A, A],
            ),
            case(
                Method::PATCH,
                format!("development-goals/{goal}"),
                Some(json!({ "status": "in_progress" })),
                [U, F, N, N, N, A, A],
            ),
            get(format!("rounds/{round}/report"), hr_only),
            get(format!("rounds/{round}/report.csv"), hr_only),
        ];

        let bearer = |actor: &str| -> Option<String> {
            let client: &Client = match actor {
                "anonymous" => return None,
                "token" => return Some(token.clone()),
                "leaver_token" => return Some(leaver_token.clone()),
                "hr_self_manager" => return Some(hr_self_manager.clone()),
                "other_employee" => &bo,
                "other_manager" => &karl,
                "hr" => &hr,
                "manager" => &mette,
                "employee" => &anne,
                other => unreachable!("{other}"),
            };
            Some(client.access_token().unwrap())
        };
        let mut failures = Vec::new();
        let mut checked = 0;
        for case in &cases {
            let derived = DERIVED_ACTORS
                .iter()
                .map(|actor| (actor, derived_outcome(actor, &case.outcomes)));
            for (actor, expected) in derived.chain(ACTORS.iter().zip(case.outcomes)) {
                let mut request = app.http().request(
                    case.method.clone(),
                    app.url(&format!("/api/v1/{}", case.path)),
                );
                if let Some(bearer) = bearer(actor) {
                    request = request.bearer_auth(bearer);
                }
                request = match &case.body {
                    Some(Value::String(csv)) => {
                        request.header("content-type", "text/csv").body(csv.clone())
                    }
                    Some(body) => request.json(body),
                    None => request,
                };
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let body = response.text().await.unwrap();
                let outcome = match status {
                    200..=299 | 409 | 422 => A,
                    404 => N,
                    403 => F,
                    401 => U,
                    _ => panic!("{} /{} as {actor}: {status} {body}", case.method, case.path),
                };
                if outcome != expected {
                    failures.push(format!(
                        "{} /{} as {actor}: expected {expected:?}, got {status} {body}",
                        case.method, case.path
                    ));
                }
                if matches!(
                    *actor,
                    "hr" | "hr_self_manager" | "leaver_token" | "other_employee" | "other_manager"
                ) {
                    assert!(
                        !body.contains(SECRET),
                        "{} /{} as {actor} received content: {body}",
                        case.method,
                        case.path
                    );
                }
                checked += 1;
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {checked} cases wrong:\n{}",
            failures.len(),
            failures.join("\n")
        );
        let actors = ACTORS.len() + DERIVED_ACTORS.len();
        assert_eq!(checked, cases.len() * actors);
        println!(
            "access matrix: {} endpoints × {actors} actors = {checked} cases",
            cases.len(),
        );
        let leaver_tokens: Vec<Option<chrono::DateTime<Utc>>> =
            mus_server::store::entities::api_token::Entity::find()
                .filter(mus_server::store::entities::api_token::Column::UserId.eq(lis_user.id.0))
                .select_only()
                .column(mus_server::store::entities::api_token::Column::RevokedAt)
                .into_tuple()
                .all(&app.db)
                .await
                .unwrap();
        assert!(
            leaver_tokens.iter().all(Option::is_some),
            "the leaver's tokens are revoked on the leaving day, not only refused"
        );

        // Anne gets a new manager, Nina, whom HR creates: HR never holds
        // a credential of hers, and Anne sees the change in her access log.
        let nina = manager_created_by_hr(&app, &hr, anne_id).await;
        let new_manager_cases = [
            (format!("conversations/{last}/summary"), A, N),
            (format!("conversations/{last}/summary/versions"), A, N),
            (format!("conversations/{last}/check-ins"), A, N),
            (format!("conversations/{now}/previous-agreements"), A, N),
            // Mette's notes stay hers; the new manager starts their own.
            (format!("conversations/{now}/preparations/manager"), A, N),
            (format!("conversations/{now}/preparations/employee"), A, N),
            (format!("users/{anne_id}"), A, N),
        ];
        let mut failures = Vec::new();
        for (path, as_nina, as_mette) in &new_manager_cases {
            for (actor, client, expected) in [("nina", &nina, as_nina), ("mette", &mette, as_mette)]
            {
                let response = app
                    .http()
                    .get(app.url(&format!("/api/v1/{path}")))
                    .bearer_auth(client.access_token().unwrap())
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let body = response.text().await.unwrap();
                let outcome = match status {
                    200..=299 => A,
                    404 => N,
                    _ => panic!("GET /{path} as {actor}: {status} {body}"),
                };
                if outcome != *expected {
                    failures.push(format!(
                        "GET /{path} as {actor}: expected {expected:?}, got {status}"
                    ));
                }
                if actor == "nina" && path.contains("preparations/manager") {
                    assert!(
                        !body.contains(SECRET),
                        "the new manager reads nothing of Mette's notes: {body}"
                    );
                }
            }
        }
        assert!(
            failures.is_empty(),
            "after the change of manager:\n{}",
            failures.join("\n")
        );
        let log = anne.access_log(None).await.unwrap().items;
        let change = log
            .iter()
            .find(|e| e.action == AuditAction::ManagerChanged)
            .expect("the change of manager is in Anne's access log");
        assert_eq!(change.actor.as_ref().unwrap().id, hr_user.id);
        assert!(
            log.iter().any(|e| e.action == AuditAction::SummaryRead
                && e.actor.as_ref().is_some_and(|a| a.name == "Nina Lykke")),
            "the new manager's reads are in Anne's access log"
        );
    }
);

/// A group round around today; Mette's group, with Anne's preparation
/// shared, an agenda, the meeting this morning and a summary Mette signed.
/// Every text holds [`SECRET`].
async fn group_conversation_signed(
    app: &crate::helpers::TestApp,
    hr: &Client,
    mette: &Client,
    anne: &Client,
) -> mus_domain::GroupConversationId {
    use chrono::Days;
    use mus_domain::agreements::danish_date;

    let form = hr
        .templates(Some(mus_domain::Language::Da), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some("group"))
        .unwrap()
        .id;
    let today = danish_date(Utc::now());
    let dates = mus_domain::RoundDates {
        preparation_deadline: today + Days::new(7),
        meetings_from: today - Days::new(14),
        meetings_until: today + Days::new(45),
    };
    crate::lifecycle::open_round_as(
        app,
        hr,
        "GRUS",
        form,
        dates,
        mus_domain::RoundFormat::Group,
        None,
    )
    .await;
    let id = anne.my_dashboard().await.unwrap().group.unwrap().id;
    anne.save_group_preparation(
        id,
        &PreparationWrite {
            version: 0,
            answers: BTreeMap::from([(
                "team_success".to_owned(),
                Answer::Text(format!("{SECRET} i gruppen")),
            )]),
        },
    )
    .await
    .unwrap();
    anne.share_group_preparation(id).await.unwrap();
    mette
        .save_group_agenda(
            id,
            &mus_domain::GroupAgendaWrite {
                version: 0,
                text: format!("{SECRET} dagsorden"),
            },
        )
        .await
        .unwrap();
    mette
        .schedule_group_meeting(
            id,
            &crate::lifecycle::meeting(&crate::lifecycle::this_morning()),
        )
        .await
        .unwrap();
    mette
        .save_group_summary(
            id,
            &mus_domain::GroupSummaryWrite {
                version: 0,
                content: mus_domain::GroupSummaryContent {
                    notes: format!("{SECRET} referat"),
                    agreements: vec![mus_domain::TeamAgreementDraft {
                        id: None,
                        title: format!("{SECRET} teamaftale"),
                        description: String::new(),
                        owner: AgreementOwner::Both,
                        category: AgreementCategory::Collaboration,
                        due_on: None,
                    }],
                },
            },
        )
        .await
        .unwrap();
    mette
        .sign_group_summary(
            id,
            &mus_domain::GroupSignRequest {
                version: 1,
                disagreement: None,
            },
        )
        .await
        .unwrap();
    id
}

/// Henrik, an HR administrator, tries to become Anne's nearest manager:
/// by changing his own role, by assigning himself, and by creating a
/// person with himself as manager. Every attempt is refused with the field
/// named, and he stays what he was. Returns his (still HR) access token.
async fn powers_turned_on_oneself_are_refused(
    app: &crate::helpers::TestApp,
    henrik: &Client,
    henrik_id: UserId,
    anne: UserId,
) -> String {
    let refused_on = |result: Result<mus_domain::User, ClientError>| match result {
        Err(ClientError::Api(problem)) if problem.status == 422 => problem
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect::<Vec<_>>(),
        other => panic!("expected 422, got {other:?}"),
    };
    let own_role = henrik
        .update_user(
            henrik_id,
            &UserPatch {
                role: Some(Role::Manager),
                ..UserPatch::default()
            },
        )
        .await;
    assert_eq!(refused_on(own_role), ["role"]);
    let own_leaving_day = henrik
        .update_user(
            henrik_id,
            &UserPatch {
                left_on: Some(Some(mus_domain::agreements::danish_date(Utc::now()))),
                ..UserPatch::default()
            },
        )
        .await;
    assert_eq!(
        refused_on(own_leaving_day),
        ["left_on"],
        "nor lock himself out"
    );
    let own_report = henrik
        .update_user(
            anne,
            &UserPatch {
                manager_id: Some(Some(henrik_id)),
                ..UserPatch::default()
            },
        )
        .await;
    assert_eq!(refused_on(own_report), ["manager"]);
    let created = henrik
        .create_user(&NewUser {
            email: format!("ny.{}@test.example", uuid::Uuid::new_v4().simple()),
            name: "Ny Kollega".into(),
            role: Role::Employee,
            manager_id: Some(henrik_id),
            department_id: None,
        })
        .await;
    assert_eq!(refused_on(created), ["manager"]);
    // The import names him as a manager, and gives him the manager role.
    let me = henrik.me().await.unwrap();
    let csv = format!(
        "email,name,department,manager_email,role\n{},{},,,manager\nanne.x@test.example,Anne X,,{},employee\n",
        me.email, me.name, me.email
    );
    let response = app
        .http()
        .post(app.url("/api/v1/users/import"))
        .bearer_auth(henrik.access_token().unwrap())
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem: Problem = response.json().await.unwrap();
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.iter().any(|f| f.ends_with("role")), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.ends_with("manager_email")),
        "{fields:?}"
    );
    assert_eq!(henrik.me().await.unwrap().role, Role::HrAdmin);
    henrik.access_token().unwrap()
}

/// HR creates Nina and makes her Anne's nearest manager. HR cannot give
/// her a password, by creation or by change; she chooses her own (here
/// written as the set-password page would), and only then signs in.
async fn manager_created_by_hr(app: &crate::helpers::TestApp, hr: &Client, anne: UserId) -> Client {
    let email = format!("nina.{}@test.example", uuid::Uuid::new_v4().simple());
    let with_password = app
        .http()
        .post(app.url("/api/v1/users"))
        .bearer_auth(hr.access_token().unwrap())
        .json(&json!({ "email": email, "name": "Nina Lykke", "role": "manager", "password": "hr-kender-koden" }))
        .send()
        .await
        .unwrap();
    assert_eq!(with_password.status(), 422, "HR cannot choose a password");
    let nina = hr
        .create_user(&NewUser {
            email: email.clone(),
            name: "Nina Lykke".into(),
            role: Role::Manager,
            manager_id: None,
            department_id: None,
        })
        .await
        .unwrap();
    assert!(!nina.can_sign_in);
    let set_later = app
        .http()
        .patch(app.url(&format!("/api/v1/users/{}", nina.id)))
        .bearer_auth(hr.access_token().unwrap())
        .json(&json!({ "password": "hr-kender-koden" }))
        .send()
        .await
        .unwrap();
    assert_eq!(set_later.status(), 422, "HR cannot set a password later");
    hr.update_user(
        anne,
        &UserPatch {
            manager_id: Some(Some(nina.id)),
            ..UserPatch::default()
        },
    )
    .await
    .unwrap();
    let as_hr_guessed = app.new_client(mus_client::RefreshStorage::Memory);
    assert!(
        as_hr_guessed
            .login(&email, "hr-kender-koden")
            .await
            .is_err()
    );
    app.choose_own_password(nina.id).await;
    app.signed_in(&crate::helpers::TestUser { id: nina.id, email })
        .await
}
