//! `GET /api/health`, outside the versioned API.

use mus_domain::Health;

use crate::{Client, ClientError, Result};

impl Client {
    /// `GET /api/health`: whether the server, its database and its
    /// migrations are in order. A degraded server answers 503 with the same
    /// body, which is returned here too.
    pub async fn health(&self) -> Result<Health> {
        let url = self.url("../health").to_string();
        let response = self
            .http()
            .get(url)
            .send()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        response
            .json::<Health>()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))
    }
}
