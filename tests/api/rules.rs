//! The domain's rules and their SQL forms (`store::rules`) agree: the same
//! rows, put through both, give the same answer for every status and every
//! day around today.

use chrono::{Datelike, Days, Utc};
use mus_domain::agreements::danish_date;
use mus_domain::{Agreement, AgreementQuery, AgreementStatus, CheckIn, Role};
use mus_server::store::entities::{agreement, check_in};
use mus_server::store::rules;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::dashboards::sign_with_agreements;
use crate::db_test;
use crate::lifecycle::open_round;

db_test!(
    async fn the_sql_form_of_each_rule_agrees_with_the_domain(app: TestApp) {
        let hr = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette))
            .await;
        let year = Utc::now().year() - 1;
        open_round(&app, &app.signed_in(&hr).await, year).await;
        sign_with_agreements(&app, &app.signed_in(&mette).await, &anne_user, year).await;
        let anne = app.signed_in(&anne_user).await;
        let agreement_id: Uuid = anne
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items[0]
            .id
            .into();
        let conversation = anne.conversations().await.unwrap()[0].id;
        let check_in_id: Uuid = anne.check_ins(conversation).await.unwrap()[0].id.into();

        let today = danish_date(Utc::now());
        let days = [
            None,
            today.checked_sub_days(Days::new(1)),
            Some(today),
            today.checked_add_days(Days::new(1)),
        ];
        let mut compared = 0;
        for &status in AgreementStatus::ALL {
            for due_on in days {
                let mut row = agreement::Entity::find_by_id(agreement_id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .into_active_model();
                row.status = Set(status.as_str().to_owned());
                row.due_on = Set(due_on);
                row.update(&app.db).await.unwrap();
                let selected = |condition: Condition| {
                    agreement::Entity::find()
                        .filter(agreement::Column::Id.eq(agreement_id))
                        .filter(condition)
                        .count(&app.db)
                };
                let case = format!("{status:?} due {due_on:?}");
                assert_eq!(
                    selected(rules::agreement_is_open()).await.unwrap() == 1,
                    status.is_open(),
                    "open: {case}"
                );
                let overdue = Agreement::is_overdue(status, due_on, today);
                assert_eq!(
                    selected(rules::agreement_is_overdue(today)).await.unwrap() == 1,
                    overdue,
                    "overdue: {case}"
                );
                assert_eq!(
                    selected(rules::agreement_is_not_overdue(today))
                        .await
                        .unwrap()
                        == 1,
                    !overdue,
                    "not overdue: {case}"
                );
                compared += 1;
            }
        }

        for completed in [false, true] {
            for due_on in days.into_iter().flatten() {
                let mut row = check_in::Entity::find_by_id(check_in_id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .into_active_model();
                row.due_on = Set(due_on);
                row.completed_at = Set(completed.then(Utc::now));
                row.update(&app.db).await.unwrap();
                let selected = check_in::Entity::find()
                    .filter(check_in::Column::Id.eq(check_in_id))
                    .filter(rules::check_in_is_overdue(today))
                    .count(&app.db)
                    .await
                    .unwrap();
                assert_eq!(
                    selected == 1,
                    CheckIn::is_overdue(due_on, completed, today),
                    "check-in overdue: completed {completed}, due {due_on}"
                );
                compared += 1;
            }
        }
        assert_eq!(compared, AgreementStatus::ALL.len() * days.len() + 2 * 3);
    }
);
