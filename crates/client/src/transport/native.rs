//! Requests through reqwest, for integrations and the API tests.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};

use super::{Answer, Request};
use crate::{Body, ClientError, RefreshStorage, Result};

#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
}

impl Transport {
    pub(crate) fn new(storage: RefreshStorage) -> Result<Transport> {
        // A cookie store stands in for the browser's cookie jar.
        let http = reqwest::Client::builder()
            .cookie_store(storage == RefreshStorage::Cookie)
            .build()
            .map_err(transport_error)?;
        Ok(Transport { http })
    }

    pub(crate) async fn send(&self, request: Request<'_>) -> Result<Answer> {
        let mut builder = self.http.request(request.method.clone(), request.url);
        if let Some(token) = request.token {
            builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Csv(text) => builder
                .header(CONTENT_TYPE, "text/csv; charset=utf-8")
                .body(text.clone()),
        };
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Answer {
            status,
            body: body.into(),
        })
    }
}

fn transport_error(error: reqwest::Error) -> ClientError {
    ClientError::Transport(error.to_string())
}
