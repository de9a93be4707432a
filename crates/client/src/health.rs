//! `GET /api/health`, outside the versioned API.

use http::Method;
use mus_domain::Health;

use crate::transport::Request;
use crate::{Body, Client, Result};

impl Client {
    /// `GET /api/health`: whether the server, its database and its
    /// migrations are in order. A degraded server answers 503 with the same
    /// body, which is returned here too.
    pub async fn health(&self) -> Result<Health> {
        let answer = self
            .transport
            .send(Request {
                method: &Method::GET,
                url: &format!("{}/api/health", self.origin),
                token: None,
                body: &Body::Empty,
            })
            .await?;
        crate::decode(&answer.body)
    }
}
