//! The dashboards.

use mus_domain::{MyDashboard, OrganisationDashboard, RoundId, TeamDashboard};

use crate::{Client, Result};

fn round_query(round: Option<RoundId>) -> String {
    round.map_or_else(String::new, |id| format!("?round={id}"))
}

impl Client {
    /// `GET /dashboard/me`.
    pub async fn my_dashboard(&self) -> Result<MyDashboard> {
        self.get("dashboard/me").await
    }

    /// `GET /dashboard/team`: the newest round the team is in, or `round`.
    pub async fn team_dashboard(&self, round: Option<RoundId>) -> Result<TeamDashboard> {
        self.get(&format!("dashboard/team{}", round_query(round)))
            .await
    }

    /// `GET /dashboard/organisation` (HR administrators).
    pub async fn organisation_dashboard(
        &self,
        round: Option<RoundId>,
    ) -> Result<OrganisationDashboard> {
        self.get(&format!("dashboard/organisation{}", round_query(round)))
            .await
    }
}
