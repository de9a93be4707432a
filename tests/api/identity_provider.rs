//! The organisation's identity provider for the tests: a real OpenID
//! provider (npm `oidc-provider`, `tests/support/oidc-provider.mjs`), one for
//! the whole test binary, and a browser that signs in through it.
//!
//! Its login form takes any login name, which is the subject (`sub`): an
//! e-mail address signs in with that verified address; `Provider::account`
//! gives a login name other claims.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use mus_server::config::OidcConfig;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use url::Url;

use crate::helpers::TestApp;

/// A confidential client: secret and PKCE.
pub const CLIENT_ID: &str = "mus";
pub const CLIENT_SECRET: &str = "mus-test-client-secret-0123456789";
/// A public client: PKCE alone.
pub const PUBLIC_CLIENT_ID: &str = "mus-public";

/// The running provider. Ends when the test binary does: its standard input
/// closes then.
#[derive(Debug)]
pub struct Provider {
    pub issuer: String,
    /// One `<login>.json` of claims per account, read at each sign-in.
    accounts: tempfile::TempDir,
    _stdin: Mutex<ChildStdin>,
    /// Kept open: a write to a closed pipe would end the provider.
    _stdout: Mutex<BufReader<ChildStdout>>,
    _process: Mutex<Child>,
}

/// The provider of this test binary, started at first use.
pub fn provider() -> &'static Provider {
    static PROVIDER: OnceLock<Provider> = OnceLock::new();
    PROVIDER.get_or_init(start)
}

fn start() -> Provider {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    // Native clients may come back to any port on the loopback address
    // (RFC 8252), so one provider serves every test's server.
    let redirect_uris = ["http://127.0.0.1/api/v1/auth/oidc/callback"];
    let clients = serde_json::json!([
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "application_type": "native",
            "redirect_uris": redirect_uris,
        },
        {
            "client_id": PUBLIC_CLIENT_ID,
            "token_endpoint_auth_method": "none",
            "application_type": "native",
            "redirect_uris": redirect_uris,
        },
    ]);
    let accounts = tempfile::tempdir().expect("a directory for the accounts");
    let log = std::env::temp_dir().join(format!("mus-oidc-provider-{}.log", std::process::id()));
    let mut process = Command::new("node")
        .arg(root.join("tests/support/oidc-provider.mjs"))
        .arg("--clients")
        .arg(clients.to_string())
        .arg("--accounts-dir")
        .arg(accounts.path())
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("a log file for the provider"))
        .spawn()
        .expect("node runs tests/support/oidc-provider.mjs (run `npm ci` first)");
    let mut issuer = String::new();
    let mut stdout = BufReader::new(process.stdout.take().expect("stdout"));
    stdout
        .read_line(&mut issuer)
        .expect("the provider says where it listens");
    let issuer = issuer.trim().to_owned();
    assert!(
        issuer.starts_with("http://"),
        "the OpenID provider did not start:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    Provider {
        issuer,
        accounts,
        _stdin: Mutex::new(process.stdin.take().expect("stdin")),
        _stdout: Mutex::new(stdout),
        _process: Mutex::new(process),
    }
}

impl Provider {
    /// The account `login` (its subject) has `email`, verified as
    /// `verified` says (`None`: the provider does not say, as Entra ID).
    pub fn account(&self, login: &str, email: &str, verified: Option<bool>) {
        let mut claims = serde_json::json!({ "email": email });
        if let Some(verified) = verified {
            claims["email_verified"] = verified.into();
        }
        std::fs::write(
            self.accounts.path().join(format!("{login}.json")),
            claims.to_string(),
        )
        .expect("the account is written");
    }
}

/// MUS configured for the test provider with the confidential client.
pub fn oidc_config() -> OidcConfig {
    OidcConfig {
        issuer: provider().issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        label: Some("Solbakke Kommune".into()),
        trust_email: false,
    }
}

/// A browser: keeps cookies, follows no redirect by itself.
#[derive(Debug, Clone)]
pub struct Browser {
    pub http: reqwest::Client,
}

impl Browser {
    pub fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a browser"),
        }
    }

    /// `GET url`, expecting a redirect; returns where to and the response's
    /// `Set-Cookie` headers.
    pub async fn redirected(&self, url: &str) -> (Url, Vec<String>) {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .expect("the request is sent");
        redirect_of(url, response).await
    }

    /// Starts the organisation's sign-in at MUS: the provider's
    /// authorization URL, and MUS's `Set-Cookie` headers.
    pub async fn start(&self, app: &TestApp, return_to: Option<&str>) -> (Url, Vec<String>) {
        let mut login = Url::parse(&app.url("/api/v1/auth/oidc/login")).unwrap();
        if let Some(return_to) = return_to {
            login.query_pairs_mut().append_pair("return_to", return_to);
        }
        self.redirected(login.as_str()).await
    }

    /// Signs in at the provider as `login` from its authorization URL, and
    /// returns the URL it sends the browser back to MUS with.
    pub async fn at_provider(&self, authorization_url: &Url, login: &str) -> Url {
        let (mut next, _) = self.redirected(authorization_url.as_str()).await;
        for _ in 0..10 {
            if next.origin() != authorization_url.origin() {
                return next;
            }
            let page = self.http.get(next.as_str()).send().await.unwrap();
            if page.status().is_redirection() {
                next = redirect_of(next.as_str(), page).await.0;
                continue;
            }
            // The provider's own login form: any name, any password.
            let html = page.text().await.unwrap();
            let action = form_action(&html).expect("the provider shows its login form");
            let submit = next.join(&action).unwrap();
            let response = self
                .http
                .post(submit.as_str())
                .form(&[("prompt", "login"), ("login", login), ("password", "any")])
                .send()
                .await
                .unwrap();
            next = redirect_of(submit.as_str(), response).await.0;
        }
        panic!("the provider never sent the browser back");
    }

    /// The whole way: MUS, the provider as `login`, and back to MUS's
    /// callback. Returns where MUS sends the browser then, and its
    /// `Set-Cookie` headers.
    pub async fn sign_in(
        &self,
        app: &TestApp,
        login: &str,
        return_to: Option<&str>,
    ) -> (Url, Vec<String>) {
        let (authorization, _) = self.start(app, return_to).await;
        let callback = self.at_provider(&authorization, login).await;
        self.redirected(callback.as_str()).await
    }

    /// `POST /auth/refresh` with the cookie: the access token, when signed in.
    pub async fn access_token(&self, app: &TestApp) -> Option<String> {
        let response = self
            .http
            .post(app.url("/api/v1/auth/refresh"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        if response.status() != StatusCode::OK {
            return None;
        }
        let body: serde_json::Value = response.json().await.unwrap();
        body["access_token"].as_str().map(str::to_owned)
    }

    /// `GET url` with exactly `cookie` and none of the jar's.
    pub async fn with_cookie(url: &str, cookie: &str) -> (Url, Vec<String>) {
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(url)
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap();
        redirect_of(url, response).await
    }
}

/// The `name=value` of the cookie `name` among `Set-Cookie` headers.
pub fn cookie_pair(set_cookies: &[String], name: &str) -> Option<String> {
    set_cookies
        .iter()
        .find(|header| header.starts_with(&format!("{name}=")))
        .and_then(|header| header.split(';').next())
        .map(str::to_owned)
}

async fn redirect_of(url: &str, response: reqwest::Response) -> (Url, Vec<String>) {
    let status = response.status();
    let cookies = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(str::to_owned)
        .collect();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let Some(location) = location.filter(|_| status.is_redirection()) else {
        let body = response.text().await.unwrap_or_default();
        panic!("{url} answered {status}, not a redirect:\n{body}");
    };
    (Url::parse(url).unwrap().join(&location).unwrap(), cookies)
}

fn form_action(html: &str) -> Option<String> {
    let start = html.find("<form")?;
    let form = &html[start..];
    let action = form.find("action=\"")? + "action=\"".len();
    let end = form[action..].find('"')?;
    Some(form[action..action + end].replace("&amp;", "&"))
}
