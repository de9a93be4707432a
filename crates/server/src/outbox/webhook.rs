//! Webhook deliveries: the message posted to the endpoint, signed as the
//! Standard Webhooks convention has it.
//!
//! The endpoint is an address someone typed, so the request is made with
//! care for where it goes: redirects are never followed, and unless the
//! server allows it, an address that resolves into a private, loopback or
//! link-local range is refused at the moment of sending too, so a name that
//! pointed outside when it was registered cannot be turned inwards later.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use super::mail::Failure;
use crate::store::entities::webhook;

/// How long an endpoint has to answer.
const TIMEOUT: Duration = Duration::from_secs(15);
/// How long resolving an endpoint's name may take.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Sends webhook deliveries.
#[derive(Debug, Clone)]
pub struct Hooks {
    client: reqwest::Client,
    allow_private: bool,
}

impl Hooks {
    /// `allow_private`: endpoints on private, loopback and link-local
    /// addresses are allowed (`MUS_WEBHOOKS_ALLOW_PRIVATE`).
    pub fn new(allow_private: bool) -> anyhow::Result<Hooks> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .user_agent(concat!("MUS-Webhooks/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        Ok(Hooks {
            client: builder.build()?,
            allow_private,
        })
    }

    /// Posts `body` to `hook`, signed with its secret and, while it still
    /// counts, the one it replaced. `id` is the `webhook-id`, the same on
    /// every attempt, so a receiver can drop a repeat.
    pub async fn send(
        &self,
        id: Uuid,
        hook: &webhook::Model,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Failure> {
        let url = url::Url::parse(&hook.url)
            .map_err(|e| Failure::permanent(format!("not an address: {e}")))?;
        if !self.allow_private {
            // A literal address is not resolved, so it is checked here.
            let literal = match url.host() {
                Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
                Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
                _ => None,
            };
            if literal.is_some_and(|ip| !is_public(ip)) {
                return Err(Failure::permanent("refused: a private address"));
            }
        }
        let timestamp = now.timestamp();
        let msg_id = id.to_string();
        let signatures = signing_secrets(hook, now)
            .filter_map(|secret| sign(secret, &msg_id, timestamp, body))
            .collect::<Vec<_>>()
            .join(" ");
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &msg_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signatures)
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| Failure::transient(describe(&e)))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status.is_redirection() {
            Err(Failure::transient(format!(
                "HTTP {}: redirects are not followed",
                status.as_u16()
            )))
        } else {
            Err(Failure::transient(format!("HTTP {}", status.as_u16())))
        }
    }
}

/// The secrets a delivery made at `now` is signed with: the current one,
/// and the one a rotation replaced while it still counts.
fn signing_secrets(hook: &webhook::Model, now: DateTime<Utc>) -> impl Iterator<Item = &str> {
    let previous = hook
        .previous_secret
        .as_deref()
        .filter(|_| hook.previous_secret_until.is_some_and(|until| now < until));
    std::iter::once(hook.secret.as_str()).chain(previous)
}

/// What went wrong, without the address's path or query (which may hold a
/// receiver's own token).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "no answer in time"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "the request failed"
    };
    let mut source = std::error::Error::source(error);
    let mut cause = None;
    while let Some(inner) = source {
        cause = Some(inner.to_string());
        source = inner.source();
    }
    match cause {
        Some(cause) => format!("{kind}: {cause}"),
        None => kind.to_owned(),
    }
}

/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the
/// secret's bytes (the base64 after `whsec_`); `None` for a secret that is
/// not one.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD
        .decode(secret.strip_prefix(mus_domain::webhooks::WEBHOOK_SECRET_PREFIX)?)
        .ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> anyhow::Result<String> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(format!(
        "{}{}",
        mus_domain::webhooks::WEBHOOK_SECRET_PREFIX,
        STANDARD.encode(raw)
    ))
}

/// Whether `ip` is on the public internet: not private, loopback,
/// link-local, shared (carrier-grade NAT), documentation, benchmarking,
/// multicast, reserved or unspecified, and not such an IPv4 address
/// wrapped in IPv6.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || (a == 192 && b == 0 && c == 0))
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || first == 0x2001 && ip.segments()[1] == 0x0db8
        || (first == 0x0064 && ip.segments()[1] == 0xff9b))
}

/// Resolves names as the system does, and keeps only public addresses.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let public = public_addresses(&host, 0).await?;
            let addrs: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Why a name gives no address a delivery may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// It resolves to a private, loopback or link-local address.
    Private,
    /// It does not resolve (in time): why.
    NotFound(String),
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreachable::Private => f.write_str("refused: the name resolves to a private address"),
            Unreachable::NotFound(why) => write!(f, "the name has no address: {why}"),
        }
    }
}

impl std::error::Error for Unreachable {}

/// The public addresses `host` resolves to: all of them must be public.
pub async fn public_addresses(host: &str, port: u16) -> Result<Vec<SocketAddr>, Unreachable> {
    let lookup = tokio::net::lookup_host((host, port));
    let all: Vec<SocketAddr> = tokio::time::timeout(LOOKUP_TIMEOUT, lookup)
        .await
        .map_err(|_| Unreachable::NotFound("not resolved in time".into()))?
        .map_err(|e| Unreachable::NotFound(e.to_string()))?
        .collect();
    if all.is_empty() {
        return Err(Unreachable::NotFound("no address".into()));
    }
    if all.iter().any(|addr| !is_public(addr.ip())) {
        return Err(Unreachable::Private);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference libraries.
    #[test]
    fn signs_as_the_reference_libraries_do() {
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "x", 0, ""), None);
    }

    #[test]
    fn secrets_are_fresh_and_well_formed() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_ne!(a, b);
        assert!(a.starts_with("whsec_"));
        assert!(sign(&a, "id", 1, "{}").is_some());
    }

    #[test]
    fn private_ranges_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one_for_a_while() {
        let now = Utc::now();
        let mut hook = webhook::Model {
            id: Uuid::new_v4(),
            url: "https://hr.example/hook".into(),
            description: String::new(),
            events: "round.opened".into(),
            secret: "whsec_new".into(),
            previous_secret: Some("whsec_old".into()),
            previous_secret_until: Some(now + chrono::Duration::hours(1)),
            created_by: Uuid::new_v4(),
            created_at: now,
        };
        assert_eq!(
            signing_secrets(&hook, now).collect::<Vec<_>>(),
            ["whsec_new", "whsec_old"]
        );
        hook.previous_secret_until = Some(now - chrono::Duration::seconds(1));
        assert_eq!(
            signing_secrets(&hook, now).collect::<Vec<_>>(),
            ["whsec_new"]
        );
    }
}
