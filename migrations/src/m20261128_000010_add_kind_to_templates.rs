use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `classic`, `appreciative` or `custom`: the approach a form takes.
        // A column of its own because it outlives the shipped marker, which
        // moves to the newest version of its family.
        manager
            .alter_table(
                Table::alter()
                    .table(Templates::Table)
                    .add_column(string_len(Templates::Kind, 20).default("custom"))
                    .to_owned(),
            )
            .await?;
        for kind in ["classic", "appreciative"] {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Templates::Table)
                        .value(Templates::Kind, kind)
                        .and_where(Expr::col(Templates::Shipped).like(format!("{kind}-%")))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Templates::Table)
                    .drop_column(Templates::Kind)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Shipped,
    Kind,
}
