//! What MUS tells people, and how mail is delivered.

use http::Method;
use mus_domain::{
    Conversation, ConversationId, Deliveries, MarkRead, MessageId, NotificationList,
    NotificationSettings, Unread,
};

use crate::query::Query;
use crate::{Body, Client, Result};

impl Client {
    /// `GET /me/notifications`, newest first; `cursor` from the previous page.
    pub async fn notifications(&self, cursor: Option<&str>) -> Result<NotificationList> {
        let path = Query::new()
            .with_some("cursor", cursor)
            .after("me/notifications");
        self.get(&path).await
    }

    /// `POST /me/notifications/read`.
    pub async fn mark_notifications_read(&self, which: &MarkRead) -> Result<Unread> {
        self.send(Method::POST, "me/notifications/read", Some(which))
            .await
    }

    /// `GET /me/notification-settings`.
    pub async fn notification_settings(&self) -> Result<NotificationSettings> {
        self.get("me/notification-settings").await
    }

    /// `PUT /me/notification-settings`.
    pub async fn set_notification_settings(
        &self,
        settings: &NotificationSettings,
    ) -> Result<NotificationSettings> {
        self.send(Method::PUT, "me/notification-settings", Some(settings))
            .await
    }

    /// `DELETE /conversations/{id}/meeting`: the meeting is cancelled.
    pub async fn cancel_meeting(&self, id: ConversationId) -> Result<Conversation> {
        self.call(
            Method::DELETE,
            &format!("conversations/{id}/meeting"),
            Body::Empty,
        )
        .await
    }

    /// `GET /outbox` (HR): delivery per kind and the dead letters.
    pub async fn deliveries(&self) -> Result<Deliveries> {
        self.get("outbox").await
    }

    /// `POST /outbox/{id}/retry` (HR).
    pub async fn retry_delivery(&self, id: MessageId) -> Result<()> {
        self.call(Method::POST, &format!("outbox/{id}/retry"), Body::Empty)
            .await
    }
}
