//! Follow-up: agreements, last year's agreements, check-ins.

use http::Method;
use mus_domain::{
    Agreement, AgreementId, AgreementPatch, AgreementQuery, CheckIn, CheckInCompletion, CheckInId,
    ConversationId, Page, PreviousAgreement, ReviewDecision, ReviewWrite,
};

use crate::query::Query;
use crate::{Client, Result};

impl Client {
    /// `GET /conversations/{id}/previous-agreements`.
    pub async fn previous_agreements(&self, id: ConversationId) -> Result<Vec<PreviousAgreement>> {
        self.get(&format!("conversations/{id}/previous-agreements"))
            .await
    }

    /// `PUT /conversations/{id}/previous-agreements/{agreement_id}`: the
    /// caller's side's decision.
    pub async fn review_previous_agreement(
        &self,
        id: ConversationId,
        agreement: AgreementId,
        decision: ReviewDecision,
    ) -> Result<PreviousAgreement> {
        self.send(
            Method::PUT,
            &format!("conversations/{id}/previous-agreements/{agreement}"),
            Some(&ReviewWrite { decision }),
        )
        .await
    }

    /// `GET /agreements`, filtered.
    pub async fn agreements(&self, query: &AgreementQuery) -> Result<Page<Agreement>> {
        let path = Query::new()
            .with_some("person", query.person.map(|person| person.to_string()))
            .with_some("team", query.team.map(|team| team.to_string()))
            .with_some("status", query.status.map(|status| status.as_str()))
            .with_some("category", query.category.map(|category| category.as_str()))
            .with_some("overdue", query.overdue.map(|overdue| overdue.to_string()))
            .with_some("limit", query.limit.map(|limit| limit.to_string()))
            .with_some("cursor", query.cursor.as_deref())
            .after("agreements");
        self.get(&path).await
    }

    /// `PATCH /agreements/{id}`.
    pub async fn update_agreement(
        &self,
        id: AgreementId,
        patch: &AgreementPatch,
    ) -> Result<Agreement> {
        self.send(Method::PATCH, &format!("agreements/{id}"), Some(patch))
            .await
    }

    /// `GET /conversations/{id}/check-ins`.
    pub async fn check_ins(&self, id: ConversationId) -> Result<Vec<CheckIn>> {
        self.get(&format!("conversations/{id}/check-ins")).await
    }

    /// `POST /check-ins/{id}/complete`.
    pub async fn complete_check_in(
        &self,
        id: CheckInId,
        completion: &CheckInCompletion,
    ) -> Result<CheckIn> {
        self.send(
            Method::POST,
            &format!("check-ins/{id}/complete"),
            Some(completion),
        )
        .await
    }
}
