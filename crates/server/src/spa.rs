//! Serves the built single-page app: hashed assets cached for a year,
//! `index.html` never cached, and every other non-API path answered with
//! `index.html` so the app's own router can take over.

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;

/// Where the built app lives.
#[derive(Debug, Clone)]
pub struct SpaDir(pub PathBuf);

pub fn configure(cfg: &mut web::ServiceConfig, dir: &SpaDir) {
    cfg.app_data(web::Data::new(dir.clone()));
    let assets = dir.0.join("assets");
    if !assets.is_dir() {
        // Not built: `index` explains that on every page.
        return;
    }
    cfg.service(
        web::scope("/assets")
            .wrap_fn(|req, srv| {
                let response = srv.call(req);
                async move {
                    let mut response: ServiceResponse = response.await?;
                    // File names carry a content hash: a changed file has a new name.
                    if response.status().is_success() {
                        response.headers_mut().insert(
                            header::CACHE_CONTROL,
                            HeaderValue::from_static("public, max-age=31536000, immutable"),
                        );
                    }
                    Ok(response)
                }
            })
            .service(Files::new("", assets)),
    );
}

/// The fallback for every path nothing else answered.
pub async fn index(req: HttpRequest, dir: web::Data<SpaDir>) -> Result<HttpResponse, AppError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") || path.starts_with("/assets/") {
        return Err(AppError::NotFound);
    }
    let index = dir.0.join("index.html");
    match NamedFile::open(&index) {
        Ok(file) => {
            let mut response = file
                .use_etag(true)
                .use_last_modified(false)
                .into_response(&req);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            Ok(response)
        }
        Err(_) => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
            .body(NOT_BUILT)),
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>MUS</title>\
<h1>MUS</h1><p>The API is running, but the web app has not been built. \
Build it with <code>scripts/build-frontend.sh</code>, or point <code>MUS_SPA_DIR</code> at a built copy.</p>\
<p>API documentation: <a href=\"/api/docs/\">/api/docs/</a></p></html>";
