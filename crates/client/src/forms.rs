//! Question forms (templates).

use http::Method;
use mus_domain::{Language, Page, Template, TemplateContent, TemplateId, TemplateUpdate};

use crate::query::Query;
use crate::{Client, Result};

impl Client {
    /// `GET /templates`: the newest version of each form, a page at a time.
    pub async fn templates(
        &self,
        language: Option<Language>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Page<Template>> {
        let path = Query::new()
            .with_some("language", language.map(Language::as_str))
            .with_some("limit", limit.map(|limit| limit.to_string()))
            .with_some("cursor", cursor)
            .after("templates");
        self.get(&path).await
    }

    /// `GET /templates/{id}`.
    pub async fn template(&self, id: TemplateId) -> Result<Template> {
        self.get(&format!("templates/{id}")).await
    }

    /// `POST /templates` (HR administrators).
    pub async fn create_template(&self, content: &TemplateContent) -> Result<Template> {
        self.send(Method::POST, "templates", Some(content)).await
    }

    /// `PUT /templates/{id}` (HR administrators). A frozen form answers with
    /// its next version, whose `id` differs from `id`.
    pub async fn update_template(
        &self,
        id: TemplateId,
        update: &TemplateUpdate,
    ) -> Result<Template> {
        self.send(Method::PUT, &format!("templates/{id}"), Some(update))
            .await
    }

    /// `POST /templates/{id}/copy` (HR administrators).
    pub async fn copy_template(&self, id: TemplateId) -> Result<Template> {
        self.send(Method::POST, &format!("templates/{id}/copy"), None::<&()>)
            .await
    }
}
