use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Two gaps that older rows leave in the access rules, filled:
///
/// - Every personal API token expires, at most a year ahead. Tokens made
///   without an expiry, or with a longer one, get a year from today, so an
///   integration keeps working while its owner makes a new token.
/// - Every preparation names its author. Rows from before authors were
///   recorded get the party of their side as the conversation stands; from
///   here on a row without an author belongs to nobody.
///
/// `down` leaves the data as it is: the filled values are valid under the
/// older schema too.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let a_year_ahead = match manager.get_database_backend() {
            DbBackend::Postgres => "now() + interval '365 days'",
            // As sqlx stores times in SQLite: RFC 3339 text, UTC.
            _ => "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '+365 days')",
        };
        db.execute_unprepared(&format!(
            "UPDATE api_tokens SET expires_at = {a_year_ahead} \
             WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > {a_year_ahead})"
        ))
        .await?;
        for (side, party) in [("employee", "employee_id"), ("manager", "manager_id")] {
            db.execute_unprepared(&format!(
                "UPDATE preparations SET author_id = \
                   (SELECT conversations.{party} FROM conversations \
                    WHERE conversations.id = preparations.conversation_id) \
                 WHERE author_id IS NULL AND side = '{side}'"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
