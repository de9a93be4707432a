//! Sending an e-mail: over SMTP (`MUS_SMTP_URL`), or, with no SMTP server
//! configured, as an `.eml` file under the data directory, so a demo on
//! one machine shows its mail.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use uuid::Uuid;

use super::Letter;

/// Longest wait for the SMTP server, per message.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How mail leaves, from the configuration.
#[derive(Clone)]
pub struct MailerConfig {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://user:pass@host:465`. `None`: `.eml` files in `mail_dir`.
    pub smtp_url: Option<String>,
    /// `From`: `MUS <mus@solbakke.dk>`.
    pub from: String,
    pub mail_dir: PathBuf,
    /// The right-hand side of every `Message-ID`.
    pub domain: String,
}

impl std::fmt::Debug for MailerConfig {
    // The SMTP URL may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailerConfig")
            .field(
                "smtp_url",
                &self.smtp_url.as_deref().map(crate::config::redact_password),
            )
            .field("from", &self.from)
            .field("mail_dir", &self.mail_dir)
            .field("domain", &self.domain)
            .finish()
    }
}

/// Sends one letter at a time.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    domain: String,
    route: Route,
}

#[derive(Clone)]
enum Route {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let route = match &self.route {
            Route::Smtp(_) => "smtp".to_owned(),
            Route::Files(dir) => dir.display().to_string(),
        };
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("route", &route)
            .finish()
    }
}

/// Why a letter was not sent. A permanent failure (a refused address, an
/// unreadable message) is not retried.
#[derive(Debug)]
pub struct Failure {
    pub permanent: bool,
    pub message: String,
}

impl Failure {
    pub fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            permanent: true,
            message: message.into(),
        }
    }

    pub fn transient(message: impl Into<String>) -> Failure {
        Failure {
            permanent: false,
            message: message.into(),
        }
    }
}

impl Mailer {
    pub fn new(config: &MailerConfig) -> anyhow::Result<Mailer> {
        let from: Mailbox = config.from.parse().map_err(|e| {
            anyhow::anyhow!("MUS_MAIL_FROM is not an address ({e}): {}", config.from)
        })?;
        let route = match &config.smtp_url {
            Some(url) => Route::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("MUS_SMTP_URL cannot be used: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => {
                crate::files::create_private_dir(&config.mail_dir).map_err(|e| {
                    anyhow::anyhow!("cannot create {}: {e}", config.mail_dir.display())
                })?;
                Route::Files(config.mail_dir.clone())
            }
        };
        Ok(Mailer {
            from,
            domain: config.domain.clone(),
            route,
        })
    }

    /// Where mail goes, for the start-up log line.
    pub fn describe(&self) -> String {
        match &self.route {
            Route::Smtp(_) => "SMTP".into(),
            Route::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    pub(super) async fn send(
        &self,
        id: Uuid,
        address: &str,
        letter: &Letter,
        created_at: DateTime<Utc>,
    ) -> Result<(), Failure> {
        let message = self.compose(id, address, letter, created_at)?;
        match &self.route {
            Route::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| {
                if e.is_permanent() {
                    Failure::permanent(e.to_string())
                } else {
                    Failure::transient(e.to_string())
                }
            }),
            Route::Files(dir) => {
                let name = format!("{}-{id}.eml", created_at.format("%Y%m%dT%H%M%S"));
                write_file(dir.join(name), message.formatted())
                    .await
                    .map_err(|e| Failure::transient(format!("cannot write the message: {e}")))
            }
        }
    }

    fn compose(
        &self,
        id: Uuid,
        address: &str,
        letter: &Letter,
        created_at: DateTime<Utc>,
    ) -> Result<Message, Failure> {
        let to = address
            .parse()
            .map(|address| Mailbox::new(Some(letter.to_name.clone()), address))
            .map_err(|e| Failure::permanent(format!("not an e-mail address: {e}")))?;
        Message::builder()
            .message_id(Some(message_id(id, &self.domain)))
            .date(created_at.into())
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone())
            .multipart(body(letter)?)
            .map_err(|e| Failure::permanent(format!("cannot build the message: {e}")))
    }
}

/// Plain text and HTML saying the same, and a calendar invitation when
/// there is one: `multipart/alternative` with the `text/calendar` part last,
/// which is how Outlook and Gmail recognise an invitation (RFC 6047) rather
/// than an attachment.
fn body(letter: &Letter) -> Result<MultiPart, Failure> {
    let html = super::html::from_text(&letter.text, &letter.subject, letter.language.as_str());
    let parts = MultiPart::alternative()
        .singlepart(SinglePart::plain(letter.text.clone()))
        .singlepart(SinglePart::html(html));
    Ok(match &letter.calendar {
        None => parts,
        Some(invite) => {
            let method = match invite.method.as_str() {
                "REQUEST" => "REQUEST",
                "CANCEL" => "CANCEL",
                other => {
                    return Err(Failure::permanent(format!(
                        "unknown calendar method {other}"
                    )));
                }
            };
            let content_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| Failure::permanent(format!("calendar part: {e}")))?;
            parts.singlepart(
                SinglePart::builder()
                    .header(content_type)
                    .body(invite.ics.clone()),
            )
        }
    })
}

/// Writes the whole file under a temporary name first, so a reader never
/// sees half a message; readable by the owner only.
async fn write_file(path: PathBuf, contents: Vec<u8>) -> std::io::Result<()> {
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let partial = path.with_extension("eml.partial");
        let mut file = crate::files::create_new_private(&partial)?;
        file.write_all(&contents)?;
        file.sync_all()?;
        std::fs::rename(&partial, &path)
    })
    .await
    .map_err(std::io::Error::other)?
}

/// The id a message carries outside (`Message-ID`).
pub(crate) fn message_id(id: Uuid, domain: &str) -> String {
    format!("<{id}@{domain}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_the_row_id() {
        let id = Uuid::nil();
        assert_eq!(
            message_id(id, "mus.example"),
            "<00000000-0000-0000-0000-000000000000@mus.example>"
        );
    }
}
