//! The yearly report of a round for the liaison committee
//! ("samarbejdsudvalget"), which evaluates the use of MUS every year:
//! completion, development plans and check-ins by department. Counts only.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use mus_domain::agreements::danish_date;
use mus_domain::{
    ConversationStatus, Language, ReportLine, RoundFormat, RoundId, RoundRef, RoundReport,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::error::AppError;
use crate::store::entities::{
    check_in, conversation, department, group_check_in, group_conversation, round,
};

/// The report: seven statements whatever the size of the organisation.
pub async fn of_round(db: &impl ConnectionTrait, id: RoundId) -> Result<RoundReport, AppError> {
    let round = round::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = danish_date(Utc::now());
    let mut lines: BTreeMap<Option<Uuid>, ReportLine> = BTreeMap::new();
    for (department, (employees, planned)) in super::plans::per_department(db, today).await? {
        let line = lines.entry(department).or_default();
        line.employees = employees;
        line.with_current_plan = planned;
    }
    let conversations: Vec<(Option<Uuid>, String, i64, i64)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::DepartmentId)
        .column(conversation::Column::Status)
        .column_as(crate::store::count_rows(), "n")
        .column_as(conversation::Column::SignedAt.count(), "signed")
        .filter(conversation::Column::RoundId.eq(round.id))
        .group_by(conversation::Column::DepartmentId)
        .group_by(conversation::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    for (department, status, n, signed) in conversations {
        let status = ConversationStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown conversation status {status}"))?;
        if status == ConversationStatus::Cancelled {
            continue;
        }
        let line = lines.entry(department).or_default();
        line.conversations += count(n);
        line.signed += count(signed);
        if !status.is_before_meeting() {
            line.held += count(n);
        }
    }
    let groups: Vec<(Option<Uuid>, i64, i64)> = group_conversation::Entity::find()
        .select_only()
        .column(group_conversation::Column::DepartmentId)
        .column_as(crate::store::count_rows(), "n")
        .column_as(group_conversation::Column::SignedAt.count(), "signed")
        .filter(group_conversation::Column::RoundId.eq(round.id))
        .group_by(group_conversation::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    for (department, n, signed) in groups {
        let line = lines.entry(department).or_default();
        line.groups += count(n);
        line.groups_signed += count(signed);
    }
    // Check-ins due by today, by the department of their conversation.
    let individual = Query::select()
        .column((conversation::Entity, conversation::Column::DepartmentId))
        .expr_as(
            Func::count(Expr::col((check_in::Entity, check_in::Column::Id))),
            Alias::new("due"),
        )
        .expr_as(
            Func::count(Expr::col((check_in::Entity, check_in::Column::CompletedAt))),
            Alias::new("done"),
        )
        .from(check_in::Entity)
        .inner_join(
            conversation::Entity,
            Expr::col((conversation::Entity, conversation::Column::Id))
                .equals((check_in::Entity, check_in::Column::ConversationId)),
        )
        .and_where(Expr::col((conversation::Entity, conversation::Column::RoundId)).eq(round.id))
        .and_where(Expr::col((check_in::Entity, check_in::Column::DueOn)).lte(today))
        .group_by_col((conversation::Entity, conversation::Column::DepartmentId))
        .to_owned();
    let team = Query::select()
        .column((
            group_conversation::Entity,
            group_conversation::Column::DepartmentId,
        ))
        .expr_as(
            Func::count(Expr::col((
                group_check_in::Entity,
                group_check_in::Column::Id,
            ))),
            Alias::new("due"),
        )
        .expr_as(
            Func::count(Expr::col((
                group_check_in::Entity,
                group_check_in::Column::CompletedAt,
            ))),
            Alias::new("done"),
        )
        .from(group_check_in::Entity)
        .inner_join(
            group_conversation::Entity,
            Expr::col((group_conversation::Entity, group_conversation::Column::Id))
                .equals((group_check_in::Entity, group_check_in::Column::GroupId)),
        )
        .and_where(
            Expr::col((
                group_conversation::Entity,
                group_conversation::Column::RoundId,
            ))
            .eq(round.id),
        )
        .and_where(Expr::col((group_check_in::Entity, group_check_in::Column::DueOn)).lte(today))
        .group_by_col((
            group_conversation::Entity,
            group_conversation::Column::DepartmentId,
        ))
        .to_owned();
    let backend = db.get_database_backend();
    for query in [individual, team] {
        for row in db.query_all_raw(backend.build(&query)).await? {
            let department: Option<Uuid> = row.try_get_by_index(0)?;
            let due: i64 = row.try_get_by_index(1)?;
            let done: i64 = row.try_get_by_index(2)?;
            let line = lines.entry(department).or_default();
            line.check_ins_due += count(due);
            line.check_ins_done += count(done);
        }
    }
    let names: HashMap<Uuid, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut total = ReportLine::default();
    let mut departments: Vec<ReportLine> = lines
        .into_iter()
        .map(|(id, mut line)| {
            line.department_id = id;
            line.department = id.and_then(|id| names.get(&id).cloned());
            add(&mut total, &line);
            line
        })
        .collect();
    departments.sort_by(|a, b| match (&a.department, &b.department) {
        (Some(a), Some(b)) => mus_domain::danish_order(a, b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    });
    Ok(RoundReport {
        round: RoundRef {
            id: round.id.into(),
            name: round.name.clone(),
            preparation_deadline: round.preparation_deadline,
            meetings_until: round.meetings_until,
        },
        format: RoundFormat::parse(&round.format).unwrap_or_default(),
        meetings_from: round.meetings_from,
        meetings_until: round.meetings_until,
        generated_at: Utc::now(),
        departments,
        total,
    })
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn add(total: &mut ReportLine, line: &ReportLine) {
    total.employees += line.employees;
    total.conversations += line.conversations;
    total.held += line.held;
    total.signed += line.signed;
    total.groups += line.groups;
    total.groups_signed += line.groups_signed;
    total.with_current_plan += line.with_current_plan;
    total.check_ins_due += line.check_ins_due;
    total.check_ins_done += line.check_ins_done;
}

/// The report as CSV (RFC 4180, `;`-separated as Danish spreadsheets read
/// it), headed in the reader's language, with a total line last.
pub fn csv(report: &RoundReport, language: Language) -> String {
    let header: [&str; 10] = match language {
        Language::Da => [
            "Afdeling",
            "Medarbejdere",
            "Samtaler",
            "Afholdt",
            "Underskrevet",
            "Gruppesamtaler",
            "Gruppesamtaler underskrevet",
            "Med aktuel udviklingsplan",
            "Opfølgninger forfaldne",
            "Opfølgninger holdt",
        ],
        Language::En => [
            "Department",
            "Employees",
            "Conversations",
            "Held",
            "Signed",
            "Group conversations",
            "Group conversations signed",
            "With a current development plan",
            "Check-ins due",
            "Check-ins held",
        ],
    };
    let (none, all) = match language {
        Language::Da => ("Uden afdeling", "I alt"),
        Language::En => ("No department", "Total"),
    };
    let mut out = String::new();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    let mut line = |name: &str, l: &ReportLine| {
        let cells = [
            field(name),
            l.employees.to_string(),
            l.conversations.to_string(),
            l.held.to_string(),
            l.signed.to_string(),
            l.groups.to_string(),
            l.groups_signed.to_string(),
            l.with_current_plan.to_string(),
            l.check_ins_due.to_string(),
            l.check_ins_done.to_string(),
        ];
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    for l in &report.departments {
        line(l.department.as_deref().unwrap_or(none), l);
    }
    line(all, &report.total);
    out
}

/// One CSV field: quoted when it holds a separator, a quote or a line
/// break, and never read as a formula by a spreadsheet.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_never_formulas() {
        assert_eq!(field("Borgerservice"), "Borgerservice");
        assert_eq!(field("A;B"), "\"A;B\"");
        assert_eq!(field("Say \"hi\""), "\"Say \"\"hi\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
    }
}
