//! Question forms (templates).

use mus_domain::{Language, Page, Template, TemplateContent, TemplateId, TemplateUpdate};
use reqwest::Method;

use crate::{Client, Result};

impl Client {
    /// `GET /templates`: the newest version of each form, a page at a time.
    pub async fn templates(
        &self,
        language: Option<Language>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Page<Template>> {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(language) = language {
            query.append_pair(
                "language",
                if language == Language::Da { "da" } else { "en" },
            );
        }
        if let Some(limit) = limit {
            query.append_pair("limit", &limit.to_string());
        }
        if let Some(cursor) = cursor {
            query.append_pair("cursor", cursor);
        }
        self.get(&format!("templates?{}", query.finish())).await
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
