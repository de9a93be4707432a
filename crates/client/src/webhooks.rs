//! Webhook endpoints and their deliveries (HR).

use http::Method;
use mus_domain::{NewWebhook, Page, Webhook, WebhookDelivery, WebhookId, WebhookWithSecret};

use crate::query::Query;
use crate::{Body, Client, Result};

impl Client {
    /// `GET /webhooks`.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        self.get("webhooks").await
    }

    /// `POST /webhooks`: the answer holds the secret, shown this once.
    pub async fn create_webhook(&self, new: &NewWebhook) -> Result<WebhookWithSecret> {
        self.send(Method::POST, "webhooks", Some(new)).await
    }

    /// `GET /webhooks/{id}`.
    pub async fn webhook(&self, id: WebhookId) -> Result<Webhook> {
        self.get(&format!("webhooks/{id}")).await
    }

    /// `DELETE /webhooks/{id}`.
    pub async fn delete_webhook(&self, id: WebhookId) -> Result<()> {
        self.call(Method::DELETE, &format!("webhooks/{id}"), Body::Empty)
            .await
    }

    /// `POST /webhooks/{id}/secret`: a new secret, shown this once.
    pub async fn rotate_webhook_secret(&self, id: WebhookId) -> Result<WebhookWithSecret> {
        self.call(Method::POST, &format!("webhooks/{id}/secret"), Body::Empty)
            .await
    }

    /// `GET /webhooks/{id}/deliveries`, newest first; `cursor` from the
    /// previous page.
    pub async fn webhook_deliveries(
        &self,
        id: WebhookId,
        cursor: Option<&str>,
    ) -> Result<Page<WebhookDelivery>> {
        let path = Query::new()
            .with_some("cursor", cursor)
            .after(&format!("webhooks/{id}/deliveries"));
        self.get(&path).await
    }
}
