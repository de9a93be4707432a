//! Serves the built single-page app: hashed assets cached for a year,
//! `index.html` never cached without asking, and every other non-API path
//! answered with `index.html` so the app's own router can take over.
//!
//! The app comes from the binary itself (embedded at build time, see
//! `build.rs`) or from a directory (`MUS_SPA_DIR`, for development). Either
//! way it is held in memory with the gzip and brotli copies the build made
//! once, and each request gets the smallest copy its browser accepts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::AppError;

mod embedded {
    /// One file of the built web app, with the copies compressed at build time.
    pub struct File {
        pub path: &'static str,
        pub raw: &'static [u8],
        pub gzip: Option<&'static [u8]>,
        pub brotli: Option<&'static [u8]>,
    }

    include!(concat!(env!("OUT_DIR"), "/spa_embedded.rs"));
}

/// Where the web app is served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpaSource {
    /// The copy built into this binary, or, if it was built without one,
    /// `frontend/dist` below the working directory.
    Default,
    /// A built copy in this directory (`MUS_SPA_DIR`), even if the binary
    /// carries one.
    Dir(PathBuf),
}

/// The web app's files, by path (`index.html`, `assets/...`).
#[derive(Debug, Default)]
pub struct Bundle {
    files: HashMap<String, Asset>,
    /// Where it came from, for the startup line.
    origin: String,
}

#[derive(Debug)]
struct Asset {
    raw: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    content_type: &'static str,
    /// A strong validator of the raw content, for the files whose name
    /// does not change with it (`index.html`). Content-hashed assets need
    /// none, and their bytes stay untouched until someone asks for them.
    etag: Option<String>,
}

impl Bundle {
    /// Loads the app from `source`. A directory that holds no built app
    /// gives an empty bundle, which answers every page with how to build it.
    pub fn load(source: &SpaSource) -> std::io::Result<Self> {
        match source {
            SpaSource::Dir(dir) => Self::from_dir(dir),
            SpaSource::Default if !embedded::EMBEDDED.is_empty() => Ok(Self::embedded()),
            SpaSource::Default => Self::from_dir(Path::new("frontend/dist")),
        }
    }

    /// Where the files came from, for the log.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn embedded() -> Self {
        let files = embedded::EMBEDDED
            .iter()
            .map(|file| {
                let asset = Asset::new(
                    file.path,
                    Bytes::from_static(file.raw),
                    file.gzip.map(Bytes::from_static),
                    file.brotli.map(Bytes::from_static),
                );
                (file.path.to_owned(), asset)
            })
            .collect();
        Self {
            files,
            origin: "built into the binary".to_owned(),
        }
    }

    fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let mut bundle = Self {
            files: HashMap::new(),
            origin: dir.display().to_string(),
        };
        if !dir.join("index.html").is_file() {
            return Ok(bundle);
        }
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                if path
                    .extension()
                    .is_some_and(|ext| ext == "gz" || ext == "br")
                {
                    continue;
                }
                let name = path
                    .strip_prefix(dir)
                    .map_err(std::io::Error::other)?
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let variant = |suffix: &str| {
                    let mut compressed = path.clone().into_os_string();
                    compressed.push(suffix);
                    std::fs::read(compressed).ok().map(Bytes::from)
                };
                let asset = Asset::new(
                    &name,
                    Bytes::from(std::fs::read(&path)?),
                    variant(".gz"),
                    variant(".br"),
                );
                bundle.files.insert(name, asset);
            }
        }
        Ok(bundle)
    }

    fn get(&self, name: &str) -> Option<&Asset> {
        self.files.get(name)
    }
}

impl Asset {
    fn new(name: &str, raw: Bytes, gzip: Option<Bytes>, brotli: Option<Bytes>) -> Self {
        let etag = (!name.starts_with("assets/"))
            .then(|| format!("\"{}\"", hex(&Sha256::digest(&raw)[..12])));
        Self {
            content_type: content_type(name),
            raw,
            gzip,
            brotli,
            etag,
        }
    }

    /// The response for `req`: the smallest copy the browser takes, or 304
    /// when it already holds this version.
    fn respond(&self, req: &HttpRequest, cache_control: &'static str) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        response
            .insert_header((header::CONTENT_TYPE, self.content_type))
            .insert_header((header::CACHE_CONTROL, cache_control))
            .insert_header((header::VARY, "Accept-Encoding"));
        if let Some(etag) = &self.etag {
            response.insert_header((header::ETAG, etag.as_str()));
            if if_none_match(req.headers(), etag) {
                return response
                    .status(actix_web::http::StatusCode::NOT_MODIFIED)
                    .finish();
            }
        }
        let (encoding, body) = match Encoding::preferred(req.headers()) {
            Encoding::Brotli if self.brotli.is_some() => ("br", self.brotli.as_ref()),
            Encoding::Brotli | Encoding::Gzip if self.gzip.is_some() => {
                ("gzip", self.gzip.as_ref())
            }
            _ => ("identity", None),
        };
        if encoding != "identity" {
            // Already compressed: the `Compress` middleware leaves it be.
            response.insert_header((header::CONTENT_ENCODING, encoding));
        }
        response.body(body.unwrap_or(&self.raw).clone())
    }
}

/// The encodings the build compressed for, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best one `Accept-Encoding` allows (`q=0` refuses one).
    fn preferred(headers: &HeaderMap) -> Self {
        let accepted = |wanted: &str| {
            headers
                .get_all(header::ACCEPT_ENCODING)
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    let name = parts.next().unwrap_or_default();
                    let refused = parts.any(|param| {
                        param
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                            .is_some_and(|q| q <= 0.0)
                    });
                    (name.eq_ignore_ascii_case(wanted) || name == "*") && !refused
                })
        };
        if accepted("br") {
            Self::Brotli
        } else if accepted("gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }
}

fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == etag || tag == "*")
        })
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            use std::fmt::Write as _;
            let _ = write!(out, "{byte:02x}");
            out
        })
}

pub fn configure(cfg: &mut web::ServiceConfig, bundle: &web::Data<Bundle>) {
    cfg.app_data(bundle.clone())
        .route("/assets/{path:.*}", web::get().to(asset));
}

/// A file under `/assets/`: its name carries a content hash (a changed file
/// has a new name), so it may be kept for a year.
async fn asset(
    req: HttpRequest,
    path: web::Path<String>,
    bundle: web::Data<Bundle>,
) -> Result<HttpResponse, AppError> {
    let name = format!("assets/{}", path.into_inner());
    let asset = bundle.get(&name).ok_or(AppError::NotFound)?;
    Ok(asset.respond(&req, "public, max-age=31536000, immutable"))
}

/// The fallback for every path nothing else answered.
pub async fn index(req: HttpRequest, bundle: web::Data<Bundle>) -> Result<HttpResponse, AppError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") || path.starts_with("/assets/") {
        return Err(AppError::NotFound);
    }
    match bundle.get("index.html") {
        Some(index) => Ok(index.respond(&req, "no-cache")),
        None => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
            .body(NOT_BUILT)),
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>MUS</title>\
<h1>MUS</h1><p>The API is running, but the web app has not been built. \
Build it with <code>scripts/build-frontend.sh</code> (a release build of <code>mus</code> then carries it), \
or point <code>MUS_SPA_DIR</code> at a built copy.</p>\
<p>API documentation: <a href=\"/api/docs/\">/api/docs/</a></p></html>";

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderName;

    fn headers(accept: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            HeaderName::from_static("accept-encoding"),
            HeaderValue::from_str(accept).unwrap(),
        );
        map
    }

    #[test]
    fn the_best_encoding_the_browser_takes() {
        assert_eq!(
            Encoding::preferred(&headers("gzip, deflate, br, zstd")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::preferred(&headers("gzip")), Encoding::Gzip);
        assert_eq!(
            Encoding::preferred(&headers("br;q=0, gzip")),
            Encoding::Gzip
        );
        assert_eq!(
            Encoding::preferred(&headers("identity")),
            Encoding::Identity
        );
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn a_directory_is_read_with_its_compressed_copies() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("assets/app-1")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(dir.path().join("index.html.br"), "brotli").unwrap();
        std::fs::write(dir.path().join("assets/app-1/mus.js"), "export {}").unwrap();
        std::fs::write(dir.path().join("assets/app-1/mus.js.gz"), "gzip").unwrap();
        let bundle = Bundle::load(&SpaSource::Dir(dir.path().to_owned())).unwrap();
        assert_eq!(
            bundle.files.len(),
            2,
            "the copies are not files of their own"
        );

        let index = bundle.get("index.html").unwrap();
        assert!(index.etag.is_some());
        let asked = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "gzip, br"))
            .to_http_request();
        let response = index.respond(&asked, "no-cache");
        assert_eq!(
            response.headers().get(header::CONTENT_ENCODING).unwrap(),
            "br"
        );

        let script = bundle.get("assets/app-1/mus.js").unwrap();
        assert!(script.etag.is_none(), "a hashed name needs no validator");
        let response = script.respond(&asked, "immutable");
        assert_eq!(
            response.headers().get(header::CONTENT_ENCODING).unwrap(),
            "gzip"
        );
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "text/javascript; charset=utf-8"
        );
        let plain = actix_web::test::TestRequest::default().to_http_request();
        let response = script.respond(&plain, "immutable");
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    }

    #[test]
    fn a_directory_without_the_app_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = Bundle::load(&SpaSource::Dir(dir.path().join("missing"))).unwrap();
        assert!(bundle.get("index.html").is_none());
    }

    #[test]
    fn a_held_version_is_not_sent_again() {
        let mut map = HeaderMap::new();
        map.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"abc\", \"def\""),
        );
        assert!(if_none_match(&map, "\"abc\""));
        assert!(if_none_match(&map, "\"def\""));
        assert!(!if_none_match(&map, "\"xyz\""));
    }
}
