//! Configuration from `MUS_*` environment variables, with defaults that let
//! `mus serve` run with none of them set.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::spa::SpaSource;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Address to listen on; port 0 picks a free port.
    pub bind: String,
    /// Where the embedded database and the generated signing secret live.
    pub data_dir: PathBuf,
    /// Secret for signing access tokens (HS256).
    pub jwt_secret: Vec<u8>,
    /// Secrets used before the current one (`MUS_JWT_PREVIOUS_SECRETS`,
    /// comma-separated): tokens they signed are still accepted, none are
    /// signed with them. Rotation without signing everyone out.
    pub jwt_previous_secrets: Vec<Vec<u8>>,
    /// Where the web app comes from: the copy built into the binary, or a
    /// directory (`MUS_SPA_DIR`) holding `index.html` and `assets/`.
    pub spa: SpaSource,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
    /// Answer every request with the number of SQL statements it ran in
    /// an `x-sql-statements` header (`MUS_SQL_STATEMENT_HEADER=1`), for
    /// benchmarks and tests. Off by default.
    pub sql_statement_header: bool,
    /// The server runs behind one reverse proxy that appends the client's
    /// address to `X-Forwarded-For` (`MUS_BEHIND_PROXY=1`); login
    /// throttling then counts that address instead of the proxy's. Off by
    /// default, since the header is otherwise whatever a client claims.
    pub behind_proxy: bool,
    /// Years after an employee's leaving day that their summaries,
    /// preparations, agreements and check-ins are removed by `mus retention`
    /// (`MUS_RETENTION_YEARS`). `None`: kept indefinitely.
    pub retention_years: Option<u32>,
    /// How long a dashboard, or a signed-in person's role and leaving day,
    /// read may be handed out again while nothing is written
    /// (`MUS_DASHBOARD_CACHE_MS`, 1000 by default; 0: never). Writes of
    /// this server, and on PostgreSQL of the other instances
    /// (`store::notices`) and of `mus` commands, make it stale at once, so
    /// this bounds only how late a change counts whose notice was lost.
    pub dashboard_cache: Duration,
    /// Connections served at once (`MUS_MAX_CONNECTIONS`, 256 by default);
    /// more wait in the listen queue until one closes. Each connection in
    /// use holds 55–90 KB of the server's memory whatever the allocator, so
    /// this is what bounds it under a flood (docs/QUALITY.md: 2,000 sign-ins
    /// at once, 219 MB without a bound, 93 MB with 256). MUS speaks plain
    /// HTTP and runs behind a TLS-terminating reverse proxy, which keeps a
    /// few connections open to it for many browsers; idle browser
    /// connections reaching MUS directly each hold a place until they have
    /// been idle 5 s.
    pub max_connections: usize,
    /// The address people use to reach MUS (`MUS_PUBLIC_URL`, e.g.
    /// `https://mus.solbakke.dk`), for links in mail and as the base of the
    /// sign-in redirect. `None`: `http://` and the address listened on,
    /// which suits a demo on one machine only.
    pub public_url: Option<url::Url>,
    /// Whether people may sign in with a password (`MUS_PASSWORD_SIGN_IN`,
    /// on unless set to `off`). Off when everyone signs in through the
    /// organisation: sign-in, password change, invitations to choose a
    /// password and password reset are then refused.
    pub password_sign_in: bool,
    /// The SMTP server mail goes out through (`MUS_SMTP_URL`):
    /// `smtps://user:pass@host:465`, `smtp://user:pass@host:587?tls=required`,
    /// or `smtp://host:25` unencrypted on a trusted network. `None`: every
    /// message is written as an `.eml` file under `<data dir>/mail`.
    pub smtp_url: Option<String>,
    /// The sender of every e-mail (`MUS_MAIL_FROM`), e.g.
    /// `MUS <mus@solbakke.dk>`. Default: `MUS <mus@` the public host `>`.
    pub mail_from: Option<String>,
    /// How often the outbox is looked at for messages due, besides each
    /// time this server puts one in it.
    pub outbox_poll: Duration,
    /// How often the reminder scan runs (`MUS_REMINDER_SCAN_MINUTES`, 10 by
    /// default): on one instance at a time, whichever claims it first.
    /// `None` (`0`): never on this instance.
    pub reminder_scan: Option<Duration>,
    /// Signing in through the organisation (`MUS_OIDC_*`); `None`: not set up.
    pub oidc: Option<OidcConfig>,
    /// Whether webhook endpoints may be on private, loopback and
    /// link-local addresses, and then also `http://`
    /// (`MUS_WEBHOOKS_ALLOW_PRIVATE=1`): for receivers inside the
    /// organisation's own network. Off by default, so an endpoint cannot be
    /// used to reach what only the server can.
    pub webhooks_allow_private: bool,
}

/// The organisation's identity provider, for signing in with OpenID
/// Connect (authorization code flow with PKCE).
#[derive(Clone)]
pub struct OidcConfig {
    /// `MUS_OIDC_ISSUER`: the provider's issuer URL, exactly as its
    /// discovery document (`/.well-known/openid-configuration`) names it.
    /// https, except on a loopback address.
    pub issuer: String,
    /// `MUS_OIDC_CLIENT_ID`: MUS's client id at the provider.
    pub client_id: String,
    /// `MUS_OIDC_CLIENT_SECRET`: for a confidential client; without it MUS
    /// is a public client and PKCE alone binds the code to the sign-in.
    pub client_secret: Option<String>,
    /// `MUS_OIDC_LABEL`: the organisation's name on the sign-in button
    /// ("Solbakke Kommune"); without it the button says "your organisation".
    pub label: Option<String>,
    /// `MUS_OIDC_TRUST_EMAIL=1`: take the `email` claim as verified when the
    /// provider says nothing about it. For providers such as Entra ID that
    /// never send `email_verified` and only issue e-mail addresses the
    /// organisation controls. Off by default.
    pub trust_email: bool,
}

impl std::fmt::Debug for OidcConfig {
    // Hand-written so the client secret never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("label", &self.label)
            .field("trust_email", &self.trust_email)
            .finish()
    }
}

impl OidcConfig {
    /// From `MUS_OIDC_*`; `None` when no issuer is set.
    fn from_env() -> anyhow::Result<Option<OidcConfig>> {
        let issuer = env("MUS_OIDC_ISSUER");
        let client_id = env("MUS_OIDC_CLIENT_ID");
        let (issuer, client_id) = match (issuer, client_id) {
            (None, None) => return Ok(None),
            (Some(issuer), Some(client_id)) => (issuer, client_id),
            (Some(_), None) => {
                anyhow::bail!("MUS_OIDC_ISSUER is set but MUS_OIDC_CLIENT_ID is not")
            }
            (None, Some(_)) => {
                anyhow::bail!("MUS_OIDC_CLIENT_ID is set but MUS_OIDC_ISSUER is not")
            }
        };
        let trust_email = match env("MUS_OIDC_TRUST_EMAIL").as_deref().map(str::trim) {
            None | Some("0") => false,
            Some("1") => true,
            Some(_) => anyhow::bail!("MUS_OIDC_TRUST_EMAIL must be 1 or 0"),
        };
        Ok(Some(OidcConfig {
            issuer: parse_issuer(&issuer)?,
            client_id: client_id.trim().to_owned(),
            client_secret: env("MUS_OIDC_CLIENT_SECRET"),
            label: env("MUS_OIDC_LABEL").map(|label| label.trim().to_owned()),
            trust_email,
        }))
    }
}

/// `MUS_OIDC_ISSUER`: an absolute https URL with no query or fragment; http
/// only on a loopback address (a provider on the same machine, in tests).
/// Kept as written otherwise (trimmed): the provider's discovery document
/// and its tokens must name the same issuer, trailing slash and all.
pub fn parse_issuer(value: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(value.trim())
        .with_context(|| format!("MUS_OIDC_ISSUER is not a URL: {value}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    anyhow::ensure!(
        url.scheme() == "https" || (url.scheme() == "http" && loopback),
        "MUS_OIDC_ISSUER must be an https address"
    );
    anyhow::ensure!(
        url.query().is_none() && url.fragment().is_none(),
        "MUS_OIDC_ISSUER must not have a query or fragment"
    );
    Ok(value.trim().to_owned())
}

impl std::fmt::Debug for Config {
    // Hand-written so the secret never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_password(&self.database_url))
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("jwt_secret", &"<redacted>")
            .field(
                "jwt_previous_secrets",
                &format!("<{} redacted>", self.jwt_previous_secrets.len()),
            )
            .field("spa", &self.spa)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field("max_json_bytes", &self.max_json_bytes)
            .field("sql_statement_header", &self.sql_statement_header)
            .field("behind_proxy", &self.behind_proxy)
            .field("retention_years", &self.retention_years)
            .field("dashboard_cache", &self.dashboard_cache)
            .field("max_connections", &self.max_connections)
            .field(
                "public_url",
                &self.public_url.as_ref().map(url::Url::as_str),
            )
            .field("password_sign_in", &self.password_sign_in)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_password))
            .field("mail_from", &self.mail_from)
            .field("outbox_poll", &self.outbox_poll)
            .field("reminder_scan", &self.reminder_scan)
            .field("oidc", &self.oidc)
            .field("webhooks_allow_private", &self.webhooks_allow_private)
            .finish()
    }
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);
pub const DEFAULT_MAX_JSON_BYTES: usize = 256 * 1024;
pub const DEFAULT_DASHBOARD_CACHE: Duration = Duration::from_secs(1);

/// Connections served at once unless `MUS_MAX_CONNECTIONS` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
pub const DEFAULT_OUTBOX_POLL: Duration = Duration::from_secs(10);
/// How often the reminder scan runs by default.
pub const DEFAULT_REMINDER_SCAN: Duration = Duration::from_secs(10 * 60);
const SECRET_FILE: &str = "jwt-secret";
const MIN_SECRET_BYTES: usize = 32;

impl Config {
    /// Reads `MUS_*` variables. Creates the data directory, and on first start
    /// generates a signing secret there, so restarts keep everyone signed in.
    pub fn from_env() -> anyhow::Result<Config> {
        let data_dir = PathBuf::from(env("MUS_DATA_DIR").unwrap_or_else(|| "data".into()));
        crate::files::create_private_dir(&data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        // It holds the database and the signing secret: the owner's only.
        if let Err(error) = crate::files::owner_only(&data_dir) {
            tracing::warn!(
                path = %data_dir.display(),
                %error,
                "cannot make the data directory readable by its owner only"
            );
        }
        let database_url =
            env("MUS_DATABASE_URL").unwrap_or_else(|| default_database_url(&data_dir));
        let jwt_secret = match env("MUS_JWT_SECRET") {
            Some(secret) if secret.len() >= MIN_SECRET_BYTES => secret.into_bytes(),
            Some(_) => anyhow::bail!("MUS_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes"),
            None => load_or_create_secret(&data_dir)?,
        };
        let jwt_previous_secrets = previous_secrets(env("MUS_JWT_PREVIOUS_SECRETS").as_deref())?;
        let retention_years = env("MUS_RETENTION_YEARS")
            .map(|years| {
                years
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|years| *years > 0)
                    .context("MUS_RETENTION_YEARS must be a whole number of years, at least 1")
            })
            .transpose()?;
        let dashboard_cache = env("MUS_DASHBOARD_CACHE_MS")
            .map(|ms| {
                ms.trim()
                    .parse::<u64>()
                    .map(Duration::from_millis)
                    .context("MUS_DASHBOARD_CACHE_MS must be a whole number of milliseconds")
            })
            .transpose()?
            .unwrap_or(DEFAULT_DASHBOARD_CACHE);
        let max_connections = env("MUS_MAX_CONNECTIONS")
            .map(|n| {
                n.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .context("MUS_MAX_CONNECTIONS must be a whole number, at least 1")
            })
            .transpose()?
            .unwrap_or(DEFAULT_MAX_CONNECTIONS);
        let public_url = env("MUS_PUBLIC_URL")
            .map(|value| parse_public_url(&value))
            .transpose()?;
        let password_sign_in = match env("MUS_PASSWORD_SIGN_IN").as_deref().map(str::trim) {
            None | Some("on") => true,
            Some("off") => false,
            Some(_) => anyhow::bail!("MUS_PASSWORD_SIGN_IN must be `on` or `off`"),
        };
        let reminder_scan = match env("MUS_REMINDER_SCAN_MINUTES") {
            None => Some(DEFAULT_REMINDER_SCAN),
            Some(minutes) => {
                let minutes = minutes.trim().parse::<u64>().context(
                    "MUS_REMINDER_SCAN_MINUTES must be a whole number of minutes (0: never)",
                )?;
                (minutes > 0).then(|| Duration::from_secs(minutes * 60))
            }
        };
        let config = Config {
            reminder_scan,
            smtp_url: env("MUS_SMTP_URL"),
            mail_from: env("MUS_MAIL_FROM"),
            outbox_poll: DEFAULT_OUTBOX_POLL,
            oidc: OidcConfig::from_env()?,
            public_url,
            password_sign_in,
            dashboard_cache,
            max_connections,
            database_url,
            jwt_previous_secrets,
            behind_proxy: env("MUS_BEHIND_PROXY").is_some_and(|v| v == "1"),
            webhooks_allow_private: env("MUS_WEBHOOKS_ALLOW_PRIVATE").is_some_and(|v| v == "1"),
            retention_years,
            bind: env("MUS_BIND").unwrap_or_else(|| DEFAULT_BIND.into()),
            spa: env("MUS_SPA_DIR").map_or(SpaSource::Default, |dir| SpaSource::Dir(dir.into())),
            data_dir,
            jwt_secret,
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            max_json_bytes: DEFAULT_MAX_JSON_BYTES,
            sql_statement_header: env("MUS_SQL_STATEMENT_HEADER").is_some_and(|v| v == "1"),
        };
        config.check()?;
        Ok(config)
    }

    /// Refuses settings that cannot work together. Run again when the server
    /// is built, for configurations made in code.
    pub fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.password_sign_in || self.oidc.is_some(),
            "MUS_PASSWORD_SIGN_IN=off needs the organisation's sign-in (MUS_OIDC_ISSUER and \
             MUS_OIDC_CLIENT_ID): otherwise nobody could sign in"
        );
        if let Some(oidc) = &self.oidc {
            anyhow::ensure!(
                !oidc.client_id.trim().is_empty(),
                "MUS_OIDC_ISSUER is set but MUS_OIDC_CLIENT_ID is not"
            );
        }
        Ok(())
    }

    /// Whether `GET /api/bench/ping` answers (`MUS_BENCH_ENDPOINT=1`): a
    /// constant JSON body with no database work, the framework's ceiling for
    /// `scripts/bench`. Off by default; read from the environment so that a
    /// `Config` built in code never turns it on.
    pub fn bench_endpoint() -> bool {
        env("MUS_BENCH_ENDPOINT").is_some_and(|v| v == "1")
    }

    /// True when the database is the embedded SQLite file.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// `MUS_PUBLIC_URL`: an absolute `http(s)` URL with no query or fragment; a
/// path (MUS behind a proxy under `/mus/`) is kept, with a trailing slash.
pub fn parse_public_url(value: &str) -> anyhow::Result<url::Url> {
    let mut url = url::Url::parse(value.trim())
        .with_context(|| format!("MUS_PUBLIC_URL is not a URL: {value}"))?;
    anyhow::ensure!(
        matches!(url.scheme(), "http" | "https") && url.has_host(),
        "MUS_PUBLIC_URL must be an http or https address"
    );
    anyhow::ensure!(
        url.query().is_none() && url.fragment().is_none(),
        "MUS_PUBLIC_URL must not have a query or fragment"
    );
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `MUS_JWT_PREVIOUS_SECRETS`: comma-separated, each as long as a current one.
fn previous_secrets(value: Option<&str>) -> anyhow::Result<Vec<Vec<u8>>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    value
        .split(',')
        .map(str::trim)
        .filter(|secret| !secret.is_empty())
        .map(|secret| {
            anyhow::ensure!(
                secret.len() >= MIN_SECRET_BYTES,
                "each of MUS_JWT_PREVIOUS_SECRETS must be at least {MIN_SECRET_BYTES} bytes"
            );
            Ok(secret.as_bytes().to_vec())
        })
        .collect()
}

/// A SQLite file in the data directory, created when missing.
pub fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("mus.db").display())
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn load_or_create_secret(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join(SECRET_FILE);
    if let Ok(stored) = std::fs::read_to_string(&path) {
        let secret = stored.trim().as_bytes().to_vec();
        anyhow::ensure!(
            secret.len() >= MIN_SECRET_BYTES,
            "{} is shorter than {MIN_SECRET_BYTES} bytes; delete it to generate a new one",
            path.display()
        );
        return Ok(secret);
    }
    let mut raw = [0_u8; 48];
    getrandom::fill(&mut raw).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    let secret = URL_SAFE_NO_PAD.encode(raw);
    write_private(&path, &secret)
        .with_context(|| format!("cannot write signing secret to {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a new token signing secret");
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    crate::files::create_new_private(path)?.write_all(contents.as_bytes())
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(
            redact_password("postgres://mus:hemmelig@db:5432/mus"),
            "postgres://mus:***@db:5432/mus"
        );
        assert_eq!(
            redact_password("postgres://mus@db/mus"),
            "postgres://mus@db/mus"
        );
        assert_eq!(
            redact_password("sqlite://data/mus.db"),
            "sqlite://data/mus.db"
        );
    }

    #[test]
    fn the_public_url_is_absolute_and_ends_in_a_slash() {
        assert_eq!(
            parse_public_url("https://mus.solbakke.dk")
                .unwrap()
                .as_str(),
            "https://mus.solbakke.dk/"
        );
        assert_eq!(
            parse_public_url("https://intra.example/mus")
                .unwrap()
                .as_str(),
            "https://intra.example/mus/"
        );
        assert!(parse_public_url("mus.solbakke.dk").is_err());
        assert!(parse_public_url("ftp://mus.example/").is_err());
        assert!(parse_public_url("https://mus.example/?a=1").is_err());
    }

    fn oidc() -> OidcConfig {
        OidcConfig {
            issuer: parse_issuer("https://login.example/realms/solbakke").unwrap(),
            client_id: "mus".into(),
            client_secret: Some("hemmelig-klienthemmelighed".into()),
            label: Some("Solbakke Kommune".into()),
            trust_email: false,
        }
    }

    #[test]
    fn the_oidc_client_secret_is_never_shown() {
        let debug = format!("{:?}", oidc());
        assert!(debug.contains("login.example"), "{debug}");
        assert!(!debug.contains("hemmelig"), "{debug}");
    }

    #[test]
    fn an_issuer_is_https_except_on_this_machine() {
        assert_eq!(
            parse_issuer(" https://login.microsoftonline.com/tenant/v2.0 ").unwrap(),
            "https://login.microsoftonline.com/tenant/v2.0"
        );
        assert_eq!(
            parse_issuer("https://keycloak.example/realms/x/").unwrap(),
            "https://keycloak.example/realms/x/"
        );
        assert!(parse_issuer("http://127.0.0.1:4000").is_ok());
        assert!(parse_issuer("http://localhost:4000/realms/x").is_ok());
        assert!(parse_issuer("http://login.example/").is_err());
        assert!(parse_issuer("login.example").is_err());
        assert!(parse_issuer("https://login.example/?a=1").is_err());
    }

    #[test]
    fn passwords_off_needs_the_organisations_sign_in() {
        let dir = std::env::temp_dir();
        let mut config = Config {
            database_url: default_database_url(&dir),
            bind: DEFAULT_BIND.into(),
            data_dir: dir.clone(),
            jwt_secret: vec![b'x'; MIN_SECRET_BYTES],
            jwt_previous_secrets: Vec::new(),
            spa: SpaSource::Default,
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            max_json_bytes: DEFAULT_MAX_JSON_BYTES,
            sql_statement_header: false,
            behind_proxy: false,
            retention_years: None,
            dashboard_cache: DEFAULT_DASHBOARD_CACHE,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            public_url: None,
            password_sign_in: false,
            smtp_url: None,
            mail_from: None,
            outbox_poll: DEFAULT_OUTBOX_POLL,
            reminder_scan: None,
            oidc: None,
            webhooks_allow_private: false,
        };
        assert!(config.check().is_err());
        config.oidc = Some(oidc());
        assert!(config.check().is_ok());
        config.oidc.as_mut().unwrap().client_id = " ".into();
        assert!(config.check().is_err());
    }

    #[test]
    fn previous_secrets_are_a_comma_separated_list_of_long_secrets() {
        let long_a = "a".repeat(MIN_SECRET_BYTES);
        let long_b = "b".repeat(MIN_SECRET_BYTES + 3);
        assert_eq!(
            previous_secrets(Some(&format!(" {long_a} ,{long_b},"))).unwrap(),
            vec![long_a.into_bytes(), long_b.into_bytes()]
        );
        assert!(previous_secrets(None).unwrap().is_empty());
        assert!(previous_secrets(Some("too-short")).is_err());
    }

    #[test]
    fn a_generated_secret_is_kept_across_starts() {
        let dir = std::env::temp_dir().join(format!("mus-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = load_or_create_secret(&dir).unwrap();
        let second = load_or_create_secret(&dir).unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= MIN_SECRET_BYTES);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
