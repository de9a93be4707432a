//! The domain's rules as SQL filters, for queries that must select by the
//! same rule the domain applies to one value. Each sits next to the Rust
//! rule it restates, by name; `tests/api/rules.rs` runs both over the same
//! rows and asserts that they agree.

use chrono::NaiveDate;
use mus_domain::AgreementStatus;
use sea_orm::{ColumnTrait, Condition};

use super::entities::{agreement, check_in};

/// The machine names of the states [`AgreementStatus::is_open`] calls open.
pub fn open_agreement_statuses() -> Vec<&'static str> {
    AgreementStatus::ALL
        .iter()
        .filter(|status| status.is_open())
        .map(|status| status.as_str())
        .collect()
}

/// [`AgreementStatus::is_open`], on the agreement's status.
pub fn agreement_is_open() -> Condition {
    Condition::all().add(agreement::Column::Status.is_in(open_agreement_statuses()))
}

/// [`mus_domain::Agreement::is_overdue`] on `today` (a Danish date).
pub fn agreement_is_overdue(today: NaiveDate) -> Condition {
    agreement_is_open().add(agreement::Column::DueOn.lt(today))
}

/// Not [`mus_domain::Agreement::is_overdue`] on `today`.
pub fn agreement_is_not_overdue(today: NaiveDate) -> Condition {
    Condition::any()
        .add(agreement::Column::Status.is_not_in(open_agreement_statuses()))
        .add(agreement::Column::DueOn.is_null())
        .add(agreement::Column::DueOn.gte(today))
}

/// [`mus_domain::CheckIn::is_overdue`] on `today`.
pub fn check_in_is_overdue(today: NaiveDate) -> Condition {
    Condition::all()
        .add(check_in::Column::CompletedAt.is_null())
        .add(check_in::Column::DueOn.lt(today))
}
