//! Signing in through the organisation: OpenID Connect, authorization code
//! flow with PKCE (S256), `state` and `nonce`.
//!
//! `begin` stores what the provider's answer will be checked against and
//! hands out the provider's address; `finish` takes the answer, checks it,
//! exchanges the code, verifies the ID token and matches the person to
//! someone HR created or imported. Nobody gets an account by signing in.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use mus_domain::{AuditAction, SsoError};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdToken, CoreIdTokenVerifier,
    CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AuthType, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::audit::{self, Event};
use super::sessions::{self, IssuedSession};
use crate::auth::TokenKeys;
use crate::config::OidcConfig;
use crate::error::AppError;
use crate::store::begin_write;
use crate::store::entities::{oidc_sign_in, user};

/// How long a sign-in may take at the provider.
pub const SIGN_IN_TTL: Duration = Duration::from_secs(10 * 60);
/// How long the provider's discovery document and keys are used before they
/// are fetched again, so that a rotated signing key is picked up.
pub const DISCOVERY_TTL: Duration = Duration::from_secs(60 * 60);
/// A token signed with a key MUS does not know makes it fetch the keys
/// again, unless it did so this recently.
const REDISCOVER_AFTER: Duration = Duration::from_secs(60);
/// Each request to the provider, connection included.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The signature algorithms accepted on ID tokens: asymmetric ones only, so
/// every token is checked against the provider's published keys (never
/// against the client secret, which MUS holds too).
const ID_TOKEN_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// The organisation's identity provider as MUS uses it. Shared by all
/// workers; holds only what any instance can fetch again (the discovery
/// document), so instances need not share it.
pub struct Oidc {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: Option<ClientSecret>,
    label: Option<String>,
    trust_email: bool,
    redirect_uri: RedirectUrl,
    http: reqwest::Client,
    /// The discovery document and keys, and when they were fetched. The
    /// lock is held while fetching, so a burst of sign-ins fetches once.
    discovered: tokio::sync::Mutex<Option<(Instant, Arc<CoreProviderMetadata>)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id.as_str())
            .field("redirect_uri", &self.redirect_uri.as_str())
            .finish_non_exhaustive()
    }
}

/// A sign-in sent off to the provider.
#[derive(Debug)]
pub struct Started {
    /// The provider's authorization URL, with state, nonce and challenge.
    pub authorization_url: url::Url,
    /// The browser's proof that the answer belongs to it: goes into the
    /// cookie; the database holds only its hash.
    pub cookie: String,
}

/// The provider's answer, as the browser brings it to the callback.
#[derive(Debug, Default)]
pub struct Answer {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    /// RFC 9207: the issuer that answered, when the provider says.
    pub iss: Option<String>,
}

/// A person signed in through the organisation.
#[derive(Debug)]
pub struct SignedIn {
    pub session: IssuedSession,
    pub return_to: String,
}

/// Why `finish` signed nobody in.
#[derive(Debug)]
pub enum Refused {
    /// Told to the person as `sso_error`; `return_to` is where they were
    /// going, when the sign-in could still be found.
    Sso {
        error: SsoError,
        return_to: Option<String>,
    },
    /// The server's own failure (the database): a 500.
    Internal(AppError),
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Refused {
        Refused::Internal(error)
    }
}

impl From<anyhow::Error> for Refused {
    fn from(error: anyhow::Error) -> Refused {
        Refused::Internal(error.into())
    }
}

impl From<sea_orm::DbErr> for Refused {
    fn from(error: sea_orm::DbErr) -> Refused {
        Refused::Internal(error.into())
    }
}

/// What the verified ID token says about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
}

impl Oidc {
    /// `redirect_uri` is where the provider sends people back to
    /// (`<public URL>api/v1/auth/oidc/callback`), registered with it.
    /// Contacts nobody: the provider is discovered at the first sign-in, so
    /// the server starts while the provider is down.
    pub fn new(config: &OidcConfig, redirect_uri: url::Url) -> anyhow::Result<Oidc> {
        let issuer = IssuerUrl::new(config.issuer.clone())?;
        let http = reqwest::Client::builder()
            // A redirect followed on the way to the token endpoint would
            // hand the code and the client secret to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(PROVIDER_TIMEOUT)
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        Ok(Oidc {
            issuer,
            client_id: ClientId::new(config.client_id.clone()),
            client_secret: config.client_secret.clone().map(ClientSecret::new),
            label: config.label.clone(),
            trust_email: config.trust_email,
            redirect_uri: RedirectUrl::from_url(redirect_uri),
            http,
            discovered: tokio::sync::Mutex::new(None),
        })
    }

    /// The organisation's name for the button, when configured.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// Starts a sign-in: stores state, nonce, PKCE verifier and where to go
    /// afterwards under the hash of a fresh cookie value, and returns the
    /// provider's address. `return_to` must already be a local path.
    pub async fn begin(
        &self,
        db: &DatabaseConnection,
        return_to: &str,
    ) -> Result<Started, Refused> {
        let metadata = self.metadata(false).await.map_err(|()| Refused::Sso {
            error: SsoError::ProviderError,
            return_to: Some(return_to.to_owned()),
        })?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (authorization_url, state, nonce) = self
            .client(&metadata)
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let cookie = random_id()?;
        let now = Utc::now();
        let ttl = chrono::Duration::from_std(SIGN_IN_TTL).map_err(anyhow::Error::from)?;
        let (_turn, txn) = begin_write(db).await?;
        oidc_sign_in::Entity::delete_many()
            .filter(oidc_sign_in::Column::ExpiresAt.lte(now))
            .exec(&txn)
            .await?;
        oidc_sign_in::ActiveModel {
            id_hash: Set(hash(&cookie)),
            state: Set(state.secret().clone()),
            nonce: Set(nonce.secret().clone()),
            pkce_verifier: Set(verifier.secret().clone()),
            return_to: Set(return_to.to_owned()),
            expires_at: Set(now + ttl),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Started {
            authorization_url,
            cookie,
        })
    }

    /// Finishes a sign-in with the provider's answer and the browser's
    /// cookie. The stored sign-in is used up whatever the outcome.
    pub async fn finish(
        &self,
        db: &DatabaseConnection,
        keys: &TokenKeys,
        refresh_ttl: Duration,
        cookie: Option<&str>,
        answer: Answer,
    ) -> Result<SignedIn, Refused> {
        let Some(pending) = take(db, cookie, answer.state.as_deref()).await? else {
            return Err(refuse(SsoError::Expired, None, "no such sign-in under way"));
        };
        let return_to = Some(pending.return_to.clone());
        let refused = |error, reason| refuse(error, return_to.clone(), reason);
        if !answer
            .state
            .as_deref()
            .is_some_and(|state| same(state, &pending.state))
        {
            return Err(refused(
                SsoError::Expired,
                "state does not match the cookie",
            ));
        }
        if let Some(error) = answer.error.as_deref() {
            // Whatever the address says: only a code of the expected shape
            // goes into the log.
            let code = Some(error)
                .filter(|e| e.len() <= 64 && e.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
                .unwrap_or("(malformed)");
            tracing::info!(error = code, "the provider answered with an error");
            return Err(match error {
                "access_denied" => refused(SsoError::Cancelled, "cancelled at the provider"),
                _ => refused(SsoError::ProviderError, "the provider refused"),
            });
        }
        if answer
            .iss
            .as_deref()
            .is_some_and(|iss| iss != self.issuer.as_str())
        {
            return Err(refused(
                SsoError::ProviderError,
                "answered by another issuer",
            ));
        }
        let Some(code) = answer.code else {
            return Err(refused(SsoError::ProviderError, "no code in the answer"));
        };
        let Ok(metadata) = self.metadata(false).await else {
            return Err(refused(SsoError::ProviderError, "provider unreachable"));
        };
        let exchange = self
            .client(&metadata)
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|_| {
                refused(
                    SsoError::ProviderError,
                    "the provider has no token endpoint",
                )
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await;
        let tokens = match exchange {
            Ok(tokens) => tokens,
            Err(error) => {
                tracing::info!(error = %error, "the code could not be exchanged");
                return Err(refused(SsoError::ProviderError, "code exchange failed"));
            }
        };
        let Some(id_token) = tokens.id_token() else {
            return Err(refused(SsoError::ProviderError, "no ID token"));
        };
        let nonce = Nonce::new(pending.nonce.clone());
        let identity = match self.verify(&metadata, id_token, &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                // Perhaps signed with a key rotated in since the keys were
                // fetched: fetch them again, once.
                match self.metadata(true).await {
                    Ok(fresh) => self.verify(&fresh, id_token, &nonce),
                    Err(()) => {
                        return Err(refused(SsoError::ProviderError, "provider unreachable"));
                    }
                }
            }
            verified => verified,
        };
        let identity = match identity {
            Ok(identity) => identity,
            Err(error) => {
                tracing::info!(error = %error, "the ID token did not pass the checks");
                return Err(refused(SsoError::NotVerified, "ID token refused"));
            }
        };
        let (_turn, txn) = begin_write(db).await?;
        let account =
            match match_person(&txn, self.issuer.as_str(), &identity, self.trust_email).await? {
                Match::Person(account) => *account,
                Match::Refused(error, reason) => return Err(refused(error, reason)),
            };
        let session = sessions::issue(&txn, keys, refresh_ttl, &account, Uuid::new_v4()).await?;
        let signed_in =
            Event::new(session.user, AuditAction::SignedIn, "session").about(session.user);
        audit::record(&txn, signed_in).await?;
        txn.commit().await?;
        tracing::info!(user = %session.user, "signed in through the organisation");
        Ok(SignedIn {
            session,
            return_to: pending.return_to,
        })
    }

    fn client(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        // Basic authentication unless the provider takes the secret only in
        // the body.
        let body_only = metadata
            .token_endpoint_auth_methods_supported()
            .is_some_and(|methods| {
                !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
                    && methods.contains(&CoreClientAuthMethod::ClientSecretPost)
            });
        CoreClient::from_provider_metadata(
            metadata.clone(),
            self.client_id.clone(),
            self.client_secret.clone(),
        )
        .set_redirect_uri(self.redirect_uri.clone())
        .set_auth_type(if body_only {
            AuthType::RequestBody
        } else {
            AuthType::BasicAuth
        })
    }

    fn verify(
        &self,
        metadata: &CoreProviderMetadata,
        id_token: &CoreIdToken,
        nonce: &Nonce,
    ) -> Result<Identity, ClaimsVerificationError> {
        let verifier = id_token_verifier(&self.client_id, &self.issuer, metadata.jwks());
        verified_identity(&verifier, id_token, nonce)
    }

    /// The discovery document with the provider's keys: cached for
    /// `DISCOVERY_TTL`, fetched again when `stale_keys` (unless it just was).
    /// `Err` when the provider cannot be reached or its answer is unusable,
    /// which is logged here.
    async fn metadata(&self, stale_keys: bool) -> Result<Arc<CoreProviderMetadata>, ()> {
        let mut cached = self.discovered.lock().await;
        if let Some((fetched, metadata)) = cached.as_ref() {
            let age = fetched.elapsed();
            let fresh_enough = if stale_keys {
                age < REDISCOVER_AFTER
            } else {
                age < DISCOVERY_TTL
            };
            if fresh_enough {
                return Ok(metadata.clone());
            }
        }
        match CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await {
            Ok(metadata) => {
                let metadata = Arc::new(metadata);
                *cached = Some((Instant::now(), metadata.clone()));
                tracing::info!(issuer = %self.issuer.as_str(), "discovered the organisation's sign-in");
                Ok(metadata)
            }
            Err(error) => {
                tracing::warn!(
                    issuer = %self.issuer.as_str(),
                    error = %error_chain(&error),
                    "cannot discover the organisation's sign-in"
                );
                Err(())
            }
        }
    }
}

/// The ID token verifier as MUS configures it: issuer, audience (this
/// client alone), expiry and signature by one of the provider's published
/// keys with an asymmetric algorithm.
pub fn id_token_verifier<'a>(
    client_id: &ClientId,
    issuer: &IssuerUrl,
    keys: &CoreJsonWebKeySet,
) -> CoreIdTokenVerifier<'a> {
    CoreIdTokenVerifier::new_public_client(client_id.clone(), issuer.clone(), keys.clone())
        .set_allowed_algs(ID_TOKEN_ALGS)
}

/// The person the ID token names, when it passes `verifier` and carries
/// `nonce`.
pub fn verified_identity(
    verifier: &CoreIdTokenVerifier<'_>,
    id_token: &CoreIdToken,
    nonce: &Nonce,
) -> Result<Identity, ClaimsVerificationError> {
    let claims = id_token.claims(verifier, nonce)?;
    Ok(Identity {
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|email| email.as_str().to_owned()),
        email_verified: claims.email_verified(),
    })
}

/// Whom a verified identity is in MUS.
enum Match {
    Person(Box<user::Model>),
    /// Nobody who may sign in: the reason to tell, and the one to log.
    Refused(SsoError, &'static str),
}

/// The person `identity` is in MUS: by the subject stored for this issuer,
/// else by a verified e-mail address, whose subject is then stored. Refused
/// with the reason to log when there is nobody, or nobody who may sign in.
async fn match_person(
    db: &impl ConnectionTrait,
    issuer: &str,
    identity: &Identity,
    trust_email: bool,
) -> Result<Match, AppError> {
    let by_subject = user::Entity::find()
        .filter(user::Column::OidcIssuer.eq(issuer))
        .filter(user::Column::OidcSubject.eq(identity.subject.as_str()))
        .one(db)
        .await?;
    if let Some(account) = by_subject {
        if crate::auth::has_left(account.left_on) {
            tracing::info!(user = %account.id, "refused: has left");
            return Ok(Match::Refused(SsoError::Left, "has left"));
        }
        return Ok(Match::Person(Box::new(account)));
    }
    let Some(email) = identity.email.as_deref() else {
        return Ok(Match::Refused(
            SsoError::EmailUnverified,
            "no e-mail in the ID token",
        ));
    };
    // Entra ID never says; `MUS_OIDC_TRUST_EMAIL` vouches for it. A provider
    // that says "not verified" is believed either way.
    let verified = identity.email_verified.unwrap_or(trust_email);
    if !verified {
        return Ok(Match::Refused(
            SsoError::EmailUnverified,
            "e-mail not verified",
        ));
    }
    let Some(account) = crate::store::accounts::find_by_email(db, email).await? else {
        return Ok(Match::Refused(
            SsoError::UnknownPerson,
            "nobody in MUS has this e-mail",
        ));
    };
    if account.oidc_issuer.as_deref() == Some(issuer) && account.oidc_subject.is_some() {
        // The address now names another account at the provider (reused
        // for someone new, say): the stored subject decides.
        tracing::info!(user = %account.id, "refused: linked to another account at the provider");
        return Ok(Match::Refused(
            SsoError::OtherAccount,
            "linked to another subject",
        ));
    }
    if crate::auth::has_left(account.left_on) {
        tracing::info!(user = %account.id, "refused: has left");
        return Ok(Match::Refused(SsoError::Left, "has left"));
    }
    // Only if nobody linked it meanwhile (a second tab).
    let linked = user::Entity::update_many()
        .col_expr(user::Column::OidcIssuer, Expr::value(issuer))
        .col_expr(
            user::Column::OidcSubject,
            Expr::value(identity.subject.as_str()),
        )
        .filter(user::Column::Id.eq(account.id))
        .filter(
            Condition::any()
                .add(user::Column::OidcSubject.is_null())
                .add(user::Column::OidcIssuer.is_null())
                .add(user::Column::OidcIssuer.ne(issuer)),
        )
        .exec(db)
        .await
        .map_err(|error| match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => None,
            _ => Some(AppError::from(error)),
        });
    match linked {
        Ok(result) if result.rows_affected == 1 => {
            tracing::info!(user = %account.id, "linked to the organisation's sign-in");
            Ok(Match::Person(Box::new(account)))
        }
        Ok(_) | Err(None) => Ok(Match::Refused(SsoError::OtherAccount, "linked meanwhile")),
        Err(Some(error)) => Err(error),
    }
}

/// Removes and returns the sign-in the cookie names, if it has not
/// expired. Without a cookie, the sign-in the state names is removed (and
/// not returned), so that an answer is never good twice.
async fn take(
    db: &DatabaseConnection,
    cookie: Option<&str>,
    state: Option<&str>,
) -> Result<Option<oidc_sign_in::Model>, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let pending = match cookie {
        Some(cookie) => {
            let id_hash = hash(cookie);
            let found = oidc_sign_in::Entity::find_by_id(id_hash.clone())
                .one(&txn)
                .await?;
            let removed = oidc_sign_in::Entity::delete_by_id(id_hash)
                .exec(&txn)
                .await?
                .rows_affected;
            // Two answers at once: only the one that removed it goes on.
            found.filter(|_| removed == 1)
        }
        None => {
            if let Some(state) = state {
                oidc_sign_in::Entity::delete_many()
                    .filter(oidc_sign_in::Column::State.eq(state))
                    .exec(&txn)
                    .await?;
            }
            None
        }
    };
    txn.commit().await?;
    Ok(pending.filter(|pending| pending.expires_at > Utc::now()))
}

fn refuse(error: SsoError, return_to: Option<String>, reason: &'static str) -> Refused {
    tracing::info!(sso_error = %error, reason, "sign-in through the organisation refused");
    Refused::Sso { error, return_to }
}

/// 256 random bits, URL-safe.
fn random_id() -> Result<String, AppError> {
    use base64::Engine;
    let mut raw = [0_u8; 32];
    getrandom::fill(&mut raw).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

fn hash(cookie: &str) -> String {
    Sha256::digest(cookie.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// An error with its causes, for the log (a connection refused is a few
/// levels down).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    //! The verifier as configured here, against ID tokens signed in the
    //! test: the ones a correct provider never sends must be refused.

    use std::sync::OnceLock;

    use openidconnect::core::{CoreHmacKey, CoreIdTokenClaims, CoreRsaPrivateSigningKey};
    use openidconnect::{
        Audience, EmptyAdditionalClaims, EndUserEmail, JsonWebKeyId, PrivateSigningKey,
        StandardClaims, SubjectIdentifier,
    };
    use rsa::pkcs1::EncodeRsaPrivateKey;

    use super::*;

    const ISSUER: &str = "https://login.solbakke.example/realms/ansatte";
    const CLIENT: &str = "mus";
    const SECRET: &str = "klienthemmelighed-som-mus-kender";

    /// PKCS#1 PEM of a fresh RSA key; made once per test binary.
    fn pem(which: usize) -> &'static str {
        static KEYS: OnceLock<[String; 2]> = OnceLock::new();
        &KEYS.get_or_init(|| {
            let make = || {
                rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
                    .expect("an RSA key")
                    .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
                    .expect("PEM")
                    .to_string()
            };
            [make(), make()]
        })[which]
    }

    /// The provider's signing key, published in its JWKS.
    fn provider_key() -> CoreRsaPrivateSigningKey {
        CoreRsaPrivateSigningKey::from_pem(pem(0), Some(JsonWebKeyId::new("k1".into())))
            .expect("the key loads")
    }

    /// A key nobody published, under the same key id.
    fn forged_key() -> CoreRsaPrivateSigningKey {
        CoreRsaPrivateSigningKey::from_pem(pem(1), Some(JsonWebKeyId::new("k1".into())))
            .expect("the key loads")
    }

    fn nonce() -> Nonce {
        Nonce::new("nonce-of-this-sign-in".into())
    }

    fn claims(issuer: &str, audiences: &[&str], expires_in: chrono::Duration) -> CoreIdTokenClaims {
        let now = Utc::now();
        CoreIdTokenClaims::new(
            IssuerUrl::new(issuer.into()).unwrap(),
            audiences
                .iter()
                .map(|audience| Audience::new((*audience).into()))
                .collect(),
            now + expires_in,
            now - chrono::Duration::minutes(1),
            StandardClaims::new(SubjectIdentifier::new("f81d4fae-7dec".into()))
                .set_email(Some(EndUserEmail::new("anne@solbakke.example".into())))
                .set_email_verified(Some(true)),
            EmptyAdditionalClaims {},
        )
        .set_nonce(Some(nonce()))
    }

    fn valid_claims() -> CoreIdTokenClaims {
        claims(ISSUER, &[CLIENT], chrono::Duration::minutes(5))
    }

    fn signed(claims: CoreIdTokenClaims, key: &CoreRsaPrivateSigningKey) -> CoreIdToken {
        CoreIdToken::new(
            claims,
            key,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            None,
            None,
        )
        .expect("signed")
    }

    fn check(token: &CoreIdToken, nonce: &Nonce) -> Result<Identity, ClaimsVerificationError> {
        let jwks = CoreJsonWebKeySet::new(vec![provider_key().as_verification_key()]);
        let verifier = id_token_verifier(
            &ClientId::new(CLIENT.into()),
            &IssuerUrl::new(ISSUER.into()).unwrap(),
            &jwks,
        );
        verified_identity(&verifier, token, nonce)
    }

    #[test]
    fn a_token_signed_by_the_provider_for_mus_passes() {
        let token = signed(valid_claims(), &provider_key());

        let identity = check(&token, &nonce()).expect("accepted");

        assert_eq!(
            identity,
            Identity {
                subject: "f81d4fae-7dec".into(),
                email: Some("anne@solbakke.example".into()),
                email_verified: Some(true),
            }
        );
    }

    #[test]
    fn a_token_for_another_client_is_refused() {
        for audiences in [&["another-app"][..], &[CLIENT, "another-app"][..]] {
            let token = signed(
                claims(ISSUER, audiences, chrono::Duration::minutes(5)),
                &provider_key(),
            );

            let refused = check(&token, &nonce());

            assert!(
                matches!(refused, Err(ClaimsVerificationError::InvalidAudience(_))),
                "{audiences:?}: {refused:?}"
            );
        }
    }

    #[test]
    fn an_expired_token_is_refused() {
        let token = signed(
            claims(ISSUER, &[CLIENT], chrono::Duration::seconds(-1)),
            &provider_key(),
        );

        let refused = check(&token, &nonce());

        assert!(
            matches!(refused, Err(ClaimsVerificationError::Expired(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_token_from_another_issuer_is_refused() {
        let token = signed(
            claims(
                "https://evil.example/realms/ansatte",
                &[CLIENT],
                chrono::Duration::minutes(5),
            ),
            &provider_key(),
        );

        let refused = check(&token, &nonce());

        assert!(
            matches!(refused, Err(ClaimsVerificationError::InvalidIssuer(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_token_for_another_sign_in_is_refused() {
        let token = signed(valid_claims(), &provider_key());

        let refused = check(&token, &Nonce::new("nonce-of-another-sign-in".into()));

        assert!(
            matches!(refused, Err(ClaimsVerificationError::InvalidNonce(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_token_signed_with_an_unpublished_key_is_refused() {
        let token = signed(valid_claims(), &forged_key());

        let refused = check(&token, &nonce());

        assert!(
            matches!(
                refused,
                Err(ClaimsVerificationError::SignatureVerification(_))
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn a_token_signed_with_the_client_secret_is_refused() {
        // HS256 with the client secret is valid OpenID Connect, but MUS
        // holds that secret too: only the provider's own keys count.
        let token = CoreIdToken::new(
            valid_claims(),
            &CoreHmacKey::new(SECRET.as_bytes()),
            CoreJwsSigningAlgorithm::HmacSha256,
            None,
            None,
        )
        .expect("signed");

        let refused = check(&token, &nonce());

        assert!(
            matches!(
                refused,
                Err(ClaimsVerificationError::SignatureVerification(_))
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn cookie_ids_are_stored_hashed_and_compared_in_full() {
        let id = random_id().unwrap();
        assert_eq!(id.len(), 43);
        assert_eq!(hash(&id).len(), 64);
        assert_ne!(hash(&id), id);
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
