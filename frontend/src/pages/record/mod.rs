//! The record of a conversation and what follows from it: the summary and
//! its sign-off, the agreements, the quarterly check-ins, and the manager's
//! view of the team.

pub mod agreements;
pub mod follow_up;
pub mod summary;
pub mod team;
pub mod texts;

use mus_client::{Client, ClientError};
use mus_domain::{Agreement, AgreementQuery};

/// Every page of agreements matching `query`.
async fn all_agreements(
    client: &Client,
    query: AgreementQuery,
) -> Result<Vec<Agreement>, ClientError> {
    let mut all = Vec::new();
    let mut query = AgreementQuery {
        limit: Some(100),
        ..query
    };
    loop {
        let page = client.agreements(&query).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return Ok(all),
        }
    }
}
