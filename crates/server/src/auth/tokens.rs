//! Access tokens (short-lived HS256 JWTs) and refresh tokens (random, single
//! use, stored only as a hash).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use mus_domain::{ErrorCode, UserId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::AppError;

const ISSUER: &str = "mus";
const AUDIENCE: &str = "mus-api";

/// The claims inside an access token. Private to the server: clients treat
/// the token as opaque. It names the person only: their role and leaving
/// day are read as stored on every request, so a change counts at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: UserId,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// The keys that sign and check access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Names the key in the token header, so that a rotated key can be told
    /// apart from a forged signature.
    kid: String,
    /// Keys signed with before the current one, by key id: their tokens are
    /// still accepted until they expire, so rotating the secret signs
    /// nobody out.
    previous: Vec<(String, DecodingKey)>,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("kid", &self.kid)
            .field(
                "previous",
                &self.previous.iter().map(|(kid, _)| kid).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> anyhow::Result<TokenKeys> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 0;
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            kid: key_id(secret),
            previous: Vec::new(),
            validation,
            ttl,
        })
    }

    /// Also accepts tokens signed with any of `secrets`; signs with none.
    pub fn with_previous(mut self, secrets: &[Vec<u8>]) -> anyhow::Result<TokenKeys> {
        for secret in secrets {
            let kid = key_id(secret);
            if kid != self.kid && !self.previous.iter().any(|(known, _)| *known == kid) {
                self.previous.push((kid, DecodingKey::from_secret(secret)?));
            }
        }
        Ok(self)
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(&self, user: UserId) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            sub: user,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
            .map_err(|e| AppError::Internal(e.into()))
    }

    /// Checks signature, algorithm, key id, issuer, audience and expiry. The
    /// key id picks the current key or a previous one; an unknown key id is
    /// invalid.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AppError> {
        let invalid = AppError::Unauthorized(ErrorCode::TokenInvalid);
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid)?;
        let key = match header.kid.as_deref() {
            Some(kid) if kid == self.kid => &self.decoding,
            Some(kid) => self
                .previous
                .iter()
                .find(|(known, _)| known == kid)
                .map(|(_, key)| key)
                .ok_or(AppError::Unauthorized(ErrorCode::TokenInvalid))?,
            None => return Err(AppError::Unauthorized(ErrorCode::TokenInvalid)),
        };
        jsonwebtoken::decode::<AccessClaims>(token, key, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AppError::Unauthorized(ErrorCode::TokenExpired),
                _ => AppError::Unauthorized(ErrorCode::TokenInvalid),
            })
    }
}

fn key_id(secret: &[u8]) -> String {
    let digest = Sha256::digest(secret);
    hex(&digest[..8])
}

/// A new refresh token and the hash under which it is stored.
pub fn new_refresh_token() -> anyhow::Result<(String, String)> {
    let mut raw = [0_u8; 32];
    getrandom::fill(&mut raw).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    let token = URL_SAFE_NO_PAD.encode(raw);
    let hash = hash_refresh_token(&token);
    Ok((token, hash))
}

/// Refresh tokens carry 256 random bits, so a fast hash suffices: there is
/// nothing to brute-force, only a stolen database to make useless.
pub fn hash_refresh_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Lowercase hexadecimal, as hashes are stored and compared.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a-test-secret-that-is-long-enough-for-hs256";

    fn keys() -> TokenKeys {
        TokenKeys::new(SECRET, Duration::from_secs(900)).unwrap()
    }

    fn code(result: Result<AccessClaims, AppError>) -> ErrorCode {
        result.unwrap_err().code()
    }

    #[test]
    fn an_issued_token_verifies() {
        let user = UserId::new();
        let claims = keys().verify(&keys().issue(user).unwrap()).unwrap();
        assert_eq!(claims.sub, user);
    }

    #[test]
    fn a_token_from_another_key_is_invalid() {
        let other = TokenKeys::new(
            b"another-secret-that-is-long-enough-too!!",
            Duration::from_secs(900),
        )
        .unwrap();
        let token = other.issue(UserId::new()).unwrap();
        assert_eq!(code(keys().verify(&token)), ErrorCode::TokenInvalid);
    }

    #[test]
    fn a_token_from_a_previous_key_verifies_after_rotation() {
        const OLD: &[u8] = b"the-secret-before-the-rotation-0123456789";
        let before = TokenKeys::new(OLD, Duration::from_secs(900)).unwrap();
        let token = before.issue(UserId::new()).unwrap();
        let rotated = keys().with_previous(&[OLD.to_vec()]).unwrap();

        assert!(rotated.verify(&token).is_ok());
        assert_eq!(code(keys().verify(&token)), ErrorCode::TokenInvalid);
        // New tokens carry the current key id.
        let fresh = rotated.issue(UserId::new()).unwrap();
        let header = jsonwebtoken::decode_header(&fresh).unwrap();
        assert_eq!(header.kid.as_deref(), Some(keys().kid.as_str()));
    }

    #[test]
    fn a_previous_key_id_with_another_signature_is_invalid() {
        const OLD: &[u8] = b"the-secret-before-the-rotation-0123456789";
        let forger = TokenKeys::new(
            b"a-forger-who-knows-the-old-key-id-only!!",
            Duration::from_secs(900),
        )
        .unwrap();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key_id(OLD));
        let claims = AccessClaims {
            sub: UserId::new(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: 0,
            exp: chrono::Utc::now().timestamp() + 600,
        };
        let forged = jsonwebtoken::encode(&header, &claims, &forger.encoding).unwrap();
        let rotated = keys().with_previous(&[OLD.to_vec()]).unwrap();

        assert_eq!(code(rotated.verify(&forged)), ErrorCode::TokenInvalid);
    }

    /// A token signed with the right key, but for another service.
    fn signed_for(iss: &str, aud: &str) -> String {
        let keys = keys();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.kid.clone());
        let claims = AccessClaims {
            sub: UserId::new(),
            iss: iss.into(),
            aud: aud.into(),
            iat: 0,
            exp: chrono::Utc::now().timestamp() + 600,
        };
        jsonwebtoken::encode(&header, &claims, &keys.encoding).unwrap()
    }

    #[test]
    fn a_token_for_another_audience_or_issuer_is_invalid() {
        assert!(keys().verify(&signed_for(ISSUER, AUDIENCE)).is_ok());
        assert_eq!(
            code(keys().verify(&signed_for(ISSUER, "another-api"))),
            ErrorCode::TokenInvalid
        );
        assert_eq!(
            code(keys().verify(&signed_for("someone-else", AUDIENCE))),
            ErrorCode::TokenInvalid
        );
    }

    #[test]
    fn an_expired_token_says_so() {
        let keys = TokenKeys::new(SECRET, Duration::ZERO).unwrap();
        let token = keys.issue(UserId::new()).unwrap();
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(code(keys.verify(&token)), ErrorCode::TokenExpired);
    }

    #[test]
    fn an_unsigned_token_is_invalid() {
        let token = keys().issue(UserId::new()).unwrap();
        let mut parts = token.split('.');
        let (_, payload) = (parts.next().unwrap(), parts.next().unwrap());
        let none_header = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"alg":"none","typ":"JWT","kid":"{}"}}"#,
            keys().kid
        ));
        assert_eq!(
            code(keys().verify(&format!("{none_header}.{payload}."))),
            ErrorCode::TokenInvalid
        );
    }

    #[test]
    fn garbage_is_invalid() {
        assert_eq!(code(keys().verify("not.a.token")), ErrorCode::TokenInvalid);
        assert_eq!(code(keys().verify("")), ErrorCode::TokenInvalid);
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let (a, hash_a) = new_refresh_token().unwrap();
        let (b, _) = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(hash_refresh_token(&a), hash_a);
        assert_eq!(hash_a.len(), 64);
    }
}
