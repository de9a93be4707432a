//! Health, and serving the single-page app.

use crate::db_test;

db_test!(
    async fn health_reports_the_database_and_migrations(app: TestApp) {
        let response = app.http().get(app.url("/api/health")).send().await.unwrap();

        assert_eq!(response.status(), 200);
        let health: mus_domain::Health = response.json().await.unwrap();
        assert_eq!(health.status, "ok");
        assert!(health.database_reachable);
        assert!(health.migrations_current);
        let through_the_client = app
            .new_client(mus_client::RefreshStorage::Memory)
            .health()
            .await
            .unwrap();
        assert_eq!(through_the_client, health);
    }
);

db_test!(
    async fn app_routes_get_index_html_uncached(app: TestApp) {
        for path in ["/", "/login", "/conversations/123"] {
            let response = app.http().get(app.url(path)).send().await.unwrap();

            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
            assert!(
                response.text().await.unwrap().contains("MUS test"),
                "{path}"
            );
        }
    }
);

db_test!(
    async fn hashed_assets_are_cached_for_a_year(app: TestApp) {
        let response = app
            .http()
            .get(app.url("/assets/app-0123456789abcdef.js"))
            .send()
            .await
            .unwrap();
        let missing = app
            .http()
            .get(app.url("/assets/missing.js"))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(missing.status(), 404);
        assert!(missing.headers().get("cache-control").is_none());
    }
);

db_test!(
    async fn responses_are_compressed_when_asked(app: TestApp) {
        let response = app
            .http()
            .get(app.url("/api/openapi.json"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();

        assert_eq!(response.headers()["content-encoding"], "gzip");
    }
);

db_test!(
    async fn every_response_carries_the_security_headers(app: TestApp) {
        for path in [
            "/",
            "/conversations/x",
            "/api/v1/me",
            "/api/v1/nothing",
            "/api/health",
        ] {
            let response = app.http().get(app.url(path)).send().await.unwrap();
            let headers = response.headers();
            let policy = headers["content-security-policy"].to_str().unwrap();
            assert!(
                policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
                "{path}"
            );
            assert!(policy.contains("frame-ancestors 'none'"), "{path}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
            // CORS is closed: no origin is ever allowed to read a response.
            assert!(
                headers.get("access-control-allow-origin").is_none(),
                "{path}"
            );
        }
        let preflight = app
            .http()
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "GET")
            .send()
            .await
            .unwrap();
        assert!(
            preflight
                .headers()
                .get("access-control-allow-origin")
                .is_none()
        );
    }
);

db_test!(
    async fn api_answers_are_not_stored_by_caches(app: TestApp) {
        use mus_domain::{Party, PreparationWrite, Role};

        use crate::lifecycle::{meeting, open_round, problem};

        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let mette = app.signed_in(&mette_user).await;
        let anne = app.signed_in(&anne_user).await;
        open_round(&app, &hr, 2027).await;
        let id = anne.conversations().await.unwrap()[0].id;
        let stale = PreparationWrite {
            version: 7,
            answers: Default::default(),
        };
        assert_eq!(
            problem(anne.save_preparation(id, Party::Employee, &stale).await).status,
            409
        );
        mette
            .schedule_meeting(id, &meeting("2027-02-10T08:00:00Z"))
            .await
            .unwrap();
        let token = anne.access_token().unwrap();
        let conversation = format!("/api/v1/conversations/{id}");

        for (method, path, body, status) in [
            (
                "GET",
                format!("{conversation}/preparations/employee"),
                None,
                200,
            ),
            (
                "PUT",
                format!("{conversation}/preparations/employee"),
                Some(serde_json::json!({ "version": 7, "answers": {} })),
                409,
            ),
            ("GET", "/api/v1/me/export".to_owned(), None, 200),
            ("GET", format!("{conversation}/meeting.ics"), None, 200),
            ("GET", "/api/v1/nothing".to_owned(), None, 404),
        ] {
            let mut request = app
                .http()
                .request(method.parse().unwrap(), app.url(&path))
                .bearer_auth(&token);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap();

            assert_eq!(response.status(), status, "{method} {path}");
            assert_eq!(
                response.headers()["cache-control"],
                "no-store",
                "{method} {path}"
            );
        }
        let asset = app
            .http()
            .get(app.url("/assets/app-0123456789abcdef.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            asset.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
);
