//! Powers that cannot be turned on oneself, and credentials that end with
//! the person: role and leaving day count as stored on every request, and
//! every personal API token expires.

use mus_client::ClientError;
use mus_domain::{AuditAction, ErrorCode, NewApiToken, Role, TokenScope, UserPatch};

use crate::db_test;

fn code<T: std::fmt::Debug>(result: Result<T, ClientError>) -> ErrorCode {
    result.expect_err("refused").code().expect("a problem")
}

db_test!(
    async fn a_role_taken_away_counts_from_the_next_request(app: TestApp) {
        let hanne = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let henrik = app.create_user("Henrik Holm", Role::HrAdmin, None).await;
        let hanne = app.signed_in(&hanne).await;
        let henrik_session = app.signed_in(&henrik).await;
        henrik_session.audit(&Default::default()).await.unwrap();

        hanne
            .update_user(
                henrik.id,
                &UserPatch {
                    role: Some(Role::Employee),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();

        // The same access token, minutes before it expires: no longer HR.
        assert_eq!(
            code(henrik_session.audit(&Default::default()).await),
            ErrorCode::Forbidden
        );
        assert_eq!(henrik_session.me().await.unwrap().role, Role::Employee);
    }
);

db_test!(
    async fn a_leaver_is_refused_at_once_and_their_tokens_end(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let tove = app.create_user("Tove Ravn", Role::Employee, None).await;
        let hr = app.signed_in(&hr).await;
        let session = app.signed_in(&tove).await;
        let token = session
            .create_api_token(&NewApiToken {
                name: "Kalender".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 90,
            })
            .await
            .unwrap()
            .token;
        let with_token = |token: String| {
            let http = app.http();
            let url = app.url("/api/v1/me");
            async move {
                http.get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(with_token(token.clone()).await, 200);

        let today = mus_domain::agreements::danish_date(chrono::Utc::now());
        hr.update_user(
            tove.id,
            &UserPatch {
                left_on: Some(Some(today)),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();

        assert_eq!(with_token(token).await, 401, "the API token is refused");
        assert_eq!(
            code(session.me().await),
            ErrorCode::TokenInvalid,
            "the access token is refused before it expires"
        );
        assert_eq!(
            code(session.refresh().await),
            ErrorCode::RefreshTokenInvalid
        );
        let ended = hr
            .audit(&mus_client::AuditQuery {
                subject: Some(tove.id),
                action: Some(AuditAction::AccessEnded),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(ended.items.len(), 1);
    }
);

db_test!(
    async fn a_leaving_day_ahead_ends_access_when_it_comes(app: TestApp) {
        use mus_server::store::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let tove = app.create_user("Tove Ravn", Role::Employee, None).await;
        let hr = app.signed_in(&hr).await;
        let session = app.signed_in(&tove).await;
        session
            .create_api_token(&NewApiToken {
                name: "Kalender".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 90,
            })
            .await
            .unwrap();
        let tomorrow =
            mus_domain::agreements::danish_date(chrono::Utc::now()) + chrono::Duration::days(1);
        hr.update_user(
            tove.id,
            &UserPatch {
                left_on: Some(Some(tomorrow)),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            mus_server::services::people::end_leavers_access(&app.db)
                .await
                .unwrap(),
            0
        );
        assert_eq!(session.api_tokens().await.unwrap().len(), 1, "not yet");

        // The day comes (moved here rather than waited for).
        user::Entity::update_many()
            .col_expr(
                user::Column::LeftOn,
                Expr::value(tomorrow - chrono::Duration::days(1)),
            )
            .filter(user::Column::Id.eq(tove.id.0))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(
            mus_server::services::people::end_leavers_access(&app.db)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            mus_server::services::people::end_leavers_access(&app.db)
                .await
                .unwrap(),
            0,
            "once"
        );
        assert_eq!(
            code(session.refresh().await),
            ErrorCode::RefreshTokenInvalid
        );
    }
);

db_test!(
    async fn every_api_token_expires_within_a_year(app: TestApp) {
        let tove = app.create_user("Tove Ravn", Role::Employee, None).await;
        let session = app.signed_in(&tove).await;
        let without = app
            .http()
            .post(app.url("/api/v1/api-tokens"))
            .bearer_auth(session.access_token().unwrap())
            .json(&serde_json::json!({ "name": "Evig", "scopes": ["read"] }))
            .send()
            .await
            .unwrap();
        let too_long = session
            .create_api_token(&NewApiToken {
                name: "Lang".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 366,
            })
            .await;
        let a_year = session
            .create_api_token(&NewApiToken {
                name: "Et år".into(),
                scopes: vec![TokenScope::Read],
                expires_in_days: 365,
            })
            .await
            .unwrap();

        assert_eq!(without.status(), 422);
        let ClientError::Api(problem) = too_long.unwrap_err() else {
            panic!("a problem")
        };
        assert_eq!(problem.errors[0].field, "expires_in_days");
        let days = (a_year.api_token.expires_at - a_year.api_token.created_at).num_days();
        assert_eq!(days, 365);
        assert_eq!(session.api_tokens().await.unwrap().len(), 1);
    }
);
