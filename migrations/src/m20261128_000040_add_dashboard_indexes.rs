use sea_orm_migration::prelude::*;

/// Indexes that let the dashboards count from the index alone, without
/// visiting table rows: measured with `scripts/bench` (docs/QUALITY.md).
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns)
const INDEXES: &[(&str, &str, &[&str])] = &[
    // HR: completion per department, manager and status in one round.
    (
        "idx_conversations_round_groups",
        "conversations",
        &[
            "round_id",
            "department_id",
            "manager_id",
            "status",
            "signed_at",
        ],
    ),
    // HR: open agreements past their due date, across the organisation.
    (
        "idx_agreements_open_due",
        "agreements",
        &["status", "carried_into", "due_on"],
    ),
    // HR: check-ins not completed and past due; team: each report's next one.
    (
        "idx_check_ins_open_due",
        "check_ins",
        &["completed_at", "due_on"],
    ),
    (
        "idx_check_ins_employee_open",
        "check_ins",
        &["employee_id", "completed_at", "due_on"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
