//! Follow-up: agreements, last year's agreements, check-ins.

use mus_domain::{
    Agreement, AgreementId, AgreementPatch, AgreementQuery, CheckIn, CheckInCompletion, CheckInId,
    ConversationId, Page, PreviousAgreement, ReviewDecision, ReviewWrite,
};
use reqwest::Method;

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
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(person) = query.person {
            pairs.push(("person", person.to_string()));
        }
        if let Some(team) = query.team {
            pairs.push(("team", team.to_string()));
        }
        if let Some(status) = query.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(category) = query.category {
            pairs.push(("category", category.as_str().to_owned()));
        }
        if let Some(overdue) = query.overdue {
            pairs.push(("overdue", overdue.to_string()));
        }
        if let Some(limit) = query.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(cursor) = &query.cursor {
            pairs.push(("cursor", cursor.clone()));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.get(&format!("agreements?{query}")).await
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
