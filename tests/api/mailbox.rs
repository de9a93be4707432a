//! A real SMTP server for the tests: `aiosmtpd` from PyPI (installed by
//! `scripts/test` into `target/tools/aiosmtpd`), on a free loopback port,
//! keeping every message it receives in a Maildir. Stopped on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running SMTP server and what it has received.
#[derive(Debug)]
pub struct Mailbox {
    pub port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

/// One message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: String,
}

impl Received {
    /// A message as stored, whatever its line endings.
    pub fn from_raw(bytes: &[u8]) -> Received {
        Received {
            raw: String::from_utf8_lossy(bytes)
                .replace("\r\n", "\n")
                .replace('\n', "\r\n"),
        }
    }

    /// The value of the first header called `name`, unfolded, with its
    /// encoded words (RFC 2047) decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| decode_words(value.trim()))
        })
    }

    /// The plain-text part (the whole body of a single-part message),
    /// with its transfer encoding undone.
    pub fn text(&self) -> String {
        self.part("text/plain")
            .unwrap_or_else(|| decode_body(&self.raw))
    }

    /// The decoded body of the first part whose type starts with `kind`
    /// (`text/html`, `text/calendar`), in a multipart message.
    pub fn part(&self, kind: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|part| {
                part.header("Content-Type")
                    .is_some_and(|t| t.starts_with(kind))
            })
            .map(|part| decode_body(&part.raw))
    }

    /// The parts of a multipart message, each as headers and body.
    pub fn parts(&self) -> Vec<Received> {
        let Some(content_type) = self.header("Content-Type") else {
            return Vec::new();
        };
        let Some(boundary) = content_type.split(';').find_map(|param| {
            param
                .trim()
                .strip_prefix("boundary=")
                .map(|b| b.trim_matches('"').to_owned())
        }) else {
            return Vec::new();
        };
        let body = self
            .raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        body.split(&format!("--{boundary}"))
            .skip(1)
            .filter(|chunk| !chunk.starts_with("--"))
            .map(|chunk| Received {
                raw: chunk.trim_start_matches("\r\n").to_owned(),
            })
            .flat_map(|part| {
                let nested = part.parts();
                if nested.is_empty() {
                    vec![part]
                } else {
                    nested
                }
            })
            .collect()
    }

    /// The first link in the body that contains `needle`.
    pub fn link_containing(&self, needle: &str) -> Option<String> {
        self.text()
            .split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(needle))
            .map(str::to_owned)
    }
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; the space between two
/// encoded words is not part of the text.
fn decode_words(value: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut previous_encoded = false;
    for (i, word) in value.split(' ').enumerate() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
                if encoding.eq_ignore_ascii_case("b") {
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()?;
                    Some(String::from_utf8_lossy(&bytes).into_owned())
                } else {
                    Some(decode_quoted_printable(&text.replace('_', " ")))
                }
            });
        match decoded {
            Some(text) => {
                if i > 0 && !previous_encoded {
                    out.push(' ');
                }
                out.push_str(&text);
                previous_encoded = true;
            }
            None => {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(word);
                previous_encoded = false;
            }
        }
    }
    out
}

/// A message's or a part's body, with its transfer encoding undone.
fn decode_body(raw: &str) -> String {
    let message = Received {
        raw: raw.to_owned(),
    };
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .unwrap_or_default();
    let encoding = message
        .header("Content-Transfer-Encoding")
        .unwrap_or_default();
    if encoding.eq_ignore_ascii_case("quoted-printable") {
        decode_quoted_printable(body)
    } else if encoding.eq_ignore_ascii_case("base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.trim_end_matches("\r\n").to_owned()
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let mut bytes = Vec::with_capacity(joined.len());
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'='
            && i + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            bytes.push(byte);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

impl Mailbox {
    /// Starts the server; panics with what to install when it cannot.
    pub async fn start() -> Mailbox {
        let port = free_port();
        Mailbox::start_on(port).await
    }

    /// Starts the server on `port` (one a test reserved while it was down).
    pub async fn start_on(port: u16) -> Mailbox {
        Mailbox::start_with(port, "aiosmtpd.handlers.Mailbox", &[]).await
    }

    /// Starts a server that answers the first messages with `answers`, one
    /// each in turn ("451 4.3.0 Try again later"), and keeps those after
    /// (`tests/support/smtp_answers.py`).
    pub async fn start_answering(answers: &[&str]) -> Mailbox {
        Mailbox::start_with(free_port(), "smtp_answers.Answers", answers).await
    }

    async fn start_with(port: u16, handler: &str, answers: &[&str]) -> Mailbox {
        let dir = tempfile::tempdir().expect("temporary directory");
        let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support");
        let child = Command::new(python())
            // SMTPUTF8, as mail servers have it today: `ø` in an address.
            .args(["-m", "aiosmtpd", "-n", "--smtputf8", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", handler])
            .arg(dir.path().join("maildir"))
            .args(answers)
            .env("PYTHONPATH", support)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let mailbox = Mailbox { port, child, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start on {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        mailbox
    }

    /// `smtp://127.0.0.1:<port>`: unencrypted, on loopback.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = ["new", "cur"]
            .iter()
            .flat_map(|sub| {
                std::fs::read_dir(self.dir.path().join("maildir").join(sub))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|entry| entry.path())
            })
            .collect();
        files.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
        files
            .iter()
            .filter_map(|path| std::fs::read(path).ok())
            .map(|bytes| Received::from_raw(&bytes))
            .collect()
    }

    /// The messages to `address`.
    pub fn messages_to(&self, address: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.header("To").is_some_and(|to| to.contains(address)))
            .collect()
    }

    /// Waits (up to 15 s) until `count` messages to `address` have come.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let received = self.messages_to(address);
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} messages to {address} arrived",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// The Python that has aiosmtpd: `MUS_TEST_AIOSMTPD_PYTHON`, else the one
/// `scripts/test` installs it into, else the system's.
fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("MUS_TEST_AIOSMTPD_PYTHON") {
        return python.into();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let installed = root.join("target/tools/aiosmtpd/bin/python");
    if installed.exists() {
        return installed;
    }
    let system = PathBuf::from("python3");
    let has_it = Command::new(&system)
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        has_it,
        "the mail tests need aiosmtpd: run scripts/test (it installs it into \
         target/tools/aiosmtpd), or `pip install aiosmtpd`"
    );
    system
}
