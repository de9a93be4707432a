//! People, departments and personal API tokens.

use http::Method;
use mus_domain::{
    ApiToken, ApiTokenId, CreatedApiToken, Department, DepartmentId, ImportReport,
    InvitationRequest, InvitationSent, Language, NewApiToken, NewDepartment, NewUser, Page, Role,
    User, UserId, UserPatch,
};

use crate::query::Query;
use crate::{Body, Client, Result};

/// Filters for [`Client::users`]; all optional.
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub department: Option<DepartmentId>,
    pub manager: Option<UserId>,
    pub role: Option<Role>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl Client {
    /// `GET /users`: one page of the people the caller may see.
    pub async fn users(&self, query: &UserQuery) -> Result<Page<User>> {
        let path = Query::new()
            .with_some("department", query.department.map(|id| id.to_string()))
            .with_some("manager", query.manager.map(|id| id.to_string()))
            .with_some("role", query.role.map(Role::as_str))
            .with_some("limit", query.limit.map(|limit| limit.to_string()))
            .with_some("cursor", query.cursor.as_deref())
            .after("users");
        self.get(&path).await
    }

    /// `GET /users/{id}`.
    pub async fn user(&self, id: UserId) -> Result<User> {
        self.get(&format!("users/{id}")).await
    }

    /// `POST /users` (HR administrators).
    pub async fn create_user(&self, new: &NewUser) -> Result<User> {
        self.send(Method::POST, "users", Some(new)).await
    }

    /// `PATCH /users/{id}` (HR administrators).
    pub async fn update_user(&self, id: UserId, patch: &UserPatch) -> Result<User> {
        self.send(Method::PATCH, &format!("users/{id}"), Some(patch))
            .await
    }

    /// `POST /users/import` with a CSV file (HR administrators).
    pub async fn import_users(&self, csv: impl Into<String>) -> Result<ImportReport> {
        self.call(Method::POST, "users/import", Body::Csv(csv.into()))
            .await
    }

    /// `POST /users/import?invite=true`: the import, and an invitation to
    /// everyone it creates.
    pub async fn import_users_inviting(&self, csv: impl Into<String>) -> Result<ImportReport> {
        self.call(
            Method::POST,
            "users/import?invite=true",
            Body::Csv(csv.into()),
        )
        .await
    }

    /// `POST /users/{id}/invitation` (HR administrators): an invitation to
    /// choose a password goes to the person's own mailbox.
    pub async fn invite_user(
        &self,
        id: UserId,
        language: Option<Language>,
    ) -> Result<InvitationSent> {
        let body = InvitationRequest { language };
        self.send(Method::POST, &format!("users/{id}/invitation"), Some(&body))
            .await
    }

    /// `GET /departments`.
    pub async fn departments(&self) -> Result<Vec<Department>> {
        self.get("departments").await
    }

    /// `POST /departments` (HR administrators).
    pub async fn create_department(&self, name: &str) -> Result<Department> {
        let body = NewDepartment {
            name: name.to_owned(),
        };
        self.send(Method::POST, "departments", Some(&body)).await
    }

    /// `GET /api-tokens`: the caller's own tokens.
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>> {
        self.get("api-tokens").await
    }

    /// `POST /api-tokens`: the secret is in the answer, and only there.
    pub async fn create_api_token(&self, new: &NewApiToken) -> Result<CreatedApiToken> {
        self.send(Method::POST, "api-tokens", Some(new)).await
    }

    /// `DELETE /api-tokens/{id}`.
    pub async fn revoke_api_token(&self, id: ApiTokenId) -> Result<()> {
        self.call(Method::DELETE, &format!("api-tokens/{id}"), Body::Empty)
            .await
    }
}
