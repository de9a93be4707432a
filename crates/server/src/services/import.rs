//! CSV import of the organisation: all or nothing, every problem reported
//! with its line number, and a second import of the same file changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Utc;
use mus_domain::{AuditAction, Email, FieldError, ImportReport, Role, UserId, WebhookData};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::people::{self, MAX_CHAIN, MAX_NAME_CHARS};
use super::{rounds, sign_in_links, webhooks};
use crate::error::AppError;
use crate::store::entities::{department, user};
use crate::store::{IN_LIST_CHUNK, begin_write};

/// Column names accepted in the header row, in English or Danish.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("email", &["email", "e-mail", "mail"]),
    ("name", &["name", "navn"]),
    ("department", &["department", "afdeling"]),
    (
        "manager_email",
        &[
            "manager_email",
            "manager",
            "leder",
            "leder_email",
            "nærmeste leder",
        ],
    ),
    ("role", &["role", "rolle"]),
];
pub const MAX_ROWS: usize = 20_000;

#[derive(Debug)]
struct Row {
    line: usize,
    email: Email,
    name: String,
    /// `None` when the file has no department column: a known person's
    /// department stays as it is. `Some(None)` for an empty cell: no department.
    department: Option<Option<String>>,
    /// Like `department`: an absent column keeps, an empty cell clears.
    manager: Option<Option<Email>>,
    role: Role,
}

impl Row {
    fn manager(&self) -> Option<&Email> {
        self.manager.as_ref().and_then(Option::as_ref)
    }
}

/// Imports the file in one transaction, recorded as done by `actor`. With
/// `invite`, everyone it creates is sent an invitation to choose their
/// password, in the same transaction. `site` is MUS's public address, for
/// the links in mail.
pub async fn import_users(
    db: &DatabaseConnection,
    actor: UserId,
    csv_text: &str,
    invite: bool,
    site: &url::Url,
) -> Result<ImportReport, AppError> {
    let rows = parse(csv_text)?;
    let (_turn, txn) = begin_write(db).await?;
    let emails: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| std::iter::once(&r.email).chain(r.manager()))
        .map(Email::as_str)
        .collect();
    let mut existing: HashMap<String, user::Model> = HashMap::new();
    for chunk in emails.into_iter().collect::<Vec<_>>().chunks(IN_LIST_CHUNK) {
        let found = user::Entity::find()
            .filter(user::Column::Email.is_in(chunk.iter().copied()))
            .all(&txn)
            .await?;
        existing.extend(found.into_iter().map(|u| (u.email.clone(), u)));
    }
    let in_file: HashMap<&str, &Row> = rows.iter().map(|r| (r.email.as_str(), r)).collect();
    check_managers(&rows, &in_file, &existing)?;
    check_own_powers(actor, &rows, &existing)?;
    check_demotions(&txn, &rows, &in_file, &existing).await?;

    let mut report = ImportReport {
        created: 0,
        updated: 0,
        unchanged: 0,
        departments_created: 0,
        invited: 0,
    };
    let departments = departments(&txn, &rows, &mut report).await?;
    let department_of = |row: &Row, current: Option<Uuid>| match &row.department {
        None => current,
        Some(name) => name.as_ref().and_then(|n| departments.get(n)).copied(),
    };

    // Everyone new first, without managers, since a manager may be new too
    // and appear later in the file than their reports.
    let now = Utc::now();
    let mut ids: HashMap<&str, Uuid> = existing.iter().map(|(e, u)| (e.as_str(), u.id)).collect();
    let mut new_people = Vec::new();
    for row in rows
        .iter()
        .filter(|r| !existing.contains_key(r.email.as_str()))
    {
        let id = Uuid::new_v4();
        ids.insert(row.email.as_str(), id);
        new_people.push(user::ActiveModel {
            id: Set(id),
            email: Set(row.email.as_str().to_owned()),
            name: Set(row.name.clone()),
            role: Set(row.role.as_str().to_owned()),
            manager_id: Set(None),
            department_id: Set(department_of(row, None)),
            // No password: only the person chooses one.
            password_hash: Set(String::new()),
            left_on: Set(None),
            language: Set("da".into()),
            oidc_issuer: Set(None),
            oidc_subject: Set(None),
            external_id: Set(None),
            deprovisioned_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    report.created = count(new_people.len());
    let created: Vec<Uuid> = new_people
        .iter()
        .filter_map(|person| person.id.clone().take())
        .collect();
    for batch in new_people.chunks(IN_LIST_CHUNK) {
        user::Entity::insert_many(batch.to_vec()).exec(&txn).await?;
    }

    // Then the managers: new people in one statement per manager, known
    // people one statement each, and only when something changed.
    let manager_of = |row: &Row, current: Option<Uuid>| match &row.manager {
        None => current,
        Some(email) => email.as_ref().and_then(|e| ids.get(e.as_str())).copied(),
    };
    let mut new_reports: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    let mut moves = Vec::new();
    let mut changed_people = Vec::new();
    for row in &rows {
        let Some(current) = existing.get(row.email.as_str()) else {
            if let Some(manager) = manager_of(row, None) {
                new_reports
                    .entry(manager)
                    .or_default()
                    .push(ids[row.email.as_str()]);
            }
            continue;
        };
        let department = department_of(row, current.department_id);
        let manager = manager_of(row, current.manager_id);
        let changed = current.name != row.name
            || current.role != row.role.as_str()
            || current.department_id != department
            || current.manager_id != manager;
        if !changed {
            report.unchanged += 1;
            continue;
        }
        if let Some(manager) = manager
            && current.manager_id != Some(manager)
        {
            moves.push((current.id, manager));
        }
        let mut model = current.clone().into_active_model();
        model.name = Set(row.name.clone());
        model.role = Set(row.role.as_str().to_owned());
        model.department_id = Set(department);
        model.manager_id = Set(manager);
        model.updated_at = Set(now);
        model.update(&txn).await?;
        changed_people.push(current.id);
        report.updated += 1;
    }
    for (manager, reports) in new_reports {
        for chunk in reports.chunks(IN_LIST_CHUNK) {
            user::Entity::update_many()
                .col_expr(user::Column::ManagerId, Expr::value(manager))
                .filter(user::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
    }
    check_no_circles(&txn, &rows, &ids).await?;
    // Open conversations follow a person to their new nearest manager.
    rounds::reassign_open_conversations(&txn, &moves).await?;
    audit::record(&txn, Event::new(actor, AuditAction::PeopleImported, "user")).await?;
    // Each known person with a new nearest manager is told, as after a
    // change made by hand.
    people::managers_changed(&txn, actor, &moves, site).await?;
    if invite {
        report.invited = sign_in_links::invite_all(&txn, actor, &created, site).await?;
    }
    if webhooks::anyone_listening(&txn).await? {
        let mut announced = Vec::new();
        for (ids, new) in [(&created, true), (&changed_people, false)] {
            for chunk in ids.chunks(IN_LIST_CHUNK) {
                let people = user::Entity::find()
                    .filter(user::Column::Id.is_in(chunk.iter().copied()))
                    .all(&txn)
                    .await?;
                announced.extend(
                    people
                        .iter()
                        .map(|p| (WebhookData::Person(people::person_changed(p)), new)),
                );
            }
        }
        webhooks::announce_all(&txn, announced).await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// Every named manager exists (in the file or already) and has the manager
/// role, as the file leaves it.
fn check_managers(
    rows: &[Row],
    in_file: &HashMap<&str, &Row>,
    existing: &HashMap<String, user::Model>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for row in rows {
        let Some(manager) = row.manager() else {
            continue;
        };
        let manager_role = in_file.get(manager.as_str()).map(|m| m.role).or_else(|| {
            existing
                .get(manager.as_str())
                .and_then(|m| Role::parse(&m.role))
        });
        match manager_role {
            None => errors.push(line_error(
                row.line,
                "manager_email",
                format!("no person has the e-mail {manager}"),
            )),
            Some(Role::Manager) => {}
            Some(_) => errors.push(line_error(
                row.line,
                "manager_email",
                format!("{manager} does not have the manager role"),
            )),
        }
        if manager == &row.email {
            errors.push(line_error(
                row.line,
                "manager_email",
                "a person cannot be their own manager",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// The file may not do what a change by hand may not: give the importer
/// another role, or make them anyone's nearest manager.
fn check_own_powers(
    actor: UserId,
    rows: &[Row],
    existing: &HashMap<String, user::Model>,
) -> Result<(), AppError> {
    let is_actor = |email: &Email| {
        existing
            .get(email.as_str())
            .is_some_and(|known| known.id == actor.0)
    };
    let mut errors = Vec::new();
    for row in rows {
        if is_actor(&row.email)
            && existing
                .get(row.email.as_str())
                .is_some_and(|me| me.role != row.role.as_str())
        {
            errors.push(line_error(
                row.line,
                "role",
                "nobody changes their own role; another HR administrator can",
            ));
        }
        if row.manager().is_some_and(is_actor) {
            errors.push(line_error(
                row.line,
                "manager_email",
                "nobody makes themselves anyone's nearest manager",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A manager who loses the role must not keep reports: each of them needs a
/// new manager in the same file (or earlier).
async fn check_demotions(
    db: &impl ConnectionTrait,
    rows: &[Row],
    in_file: &HashMap<&str, &Row>,
    existing: &HashMap<String, user::Model>,
) -> Result<(), AppError> {
    let demoted: HashMap<Uuid, &Row> = rows
        .iter()
        .filter(|row| row.role != Role::Manager)
        .filter_map(|row| {
            existing
                .get(row.email.as_str())
                .filter(|known| known.role == Role::Manager.as_str())
                .map(|known| (known.id, row))
        })
        .collect();
    let ids: Vec<Uuid> = demoted.keys().copied().collect();
    let mut kept: BTreeMap<usize, (&Row, Vec<String>)> = BTreeMap::new();
    for chunk in ids.chunks(IN_LIST_CHUNK) {
        let reports: Vec<(String, Option<Uuid>)> = user::Entity::find()
            .select_only()
            .column(user::Column::Email)
            .column(user::Column::ManagerId)
            .filter(user::Column::ManagerId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (email, manager) in reports {
            // A report the file gives a manager column moves (or is refused
            // by the manager check); one it leaves alone stays.
            let moves = in_file
                .get(email.as_str())
                .is_some_and(|report| report.manager.is_some());
            if let Some(row) = manager.and_then(|m| demoted.get(&m))
                && !moves
            {
                kept.entry(row.line)
                    .or_insert((row, Vec::new()))
                    .1
                    .push(email);
            }
        }
    }
    if kept.is_empty() {
        return Ok(());
    }
    Err(AppError::Validation(
        kept.into_values()
            .map(|(row, mut reports)| {
                reports.sort();
                line_error(
                    row.line,
                    "role",
                    format!(
                        "{} is still the nearest manager of {}; give them a new manager first",
                        row.email,
                        reports.join(", ")
                    ),
                )
            })
            .collect(),
    ))
}

/// The departments the file names, by name, created where missing.
async fn departments(
    db: &impl ConnectionTrait,
    rows: &[Row],
    report: &mut ImportReport,
) -> Result<HashMap<String, Uuid>, AppError> {
    let names: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| r.department.as_ref()?.as_deref())
        .collect();
    let names: Vec<&str> = names.into_iter().collect();
    let mut known: HashMap<String, Uuid> = HashMap::new();
    for chunk in names.chunks(IN_LIST_CHUNK) {
        let found = department::Entity::find()
            .filter(department::Column::Name.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        known.extend(found.into_iter().map(|d| (d.name, d.id)));
    }
    let now = Utc::now();
    let mut missing = Vec::new();
    for name in names {
        if known.contains_key(name) {
            continue;
        }
        let id = Uuid::new_v4();
        known.insert(name.to_owned(), id);
        missing.push(department::ActiveModel {
            id: Set(id),
            name: Set(name.to_owned()),
            created_at: Set(now),
        });
    }
    report.departments_created = count(missing.len());
    for batch in missing.chunks(IN_LIST_CHUNK) {
        department::Entity::insert_many(batch.to_vec())
            .exec(db)
            .await?;
    }
    Ok(known)
}

/// After the changes, no management chain through a changed line may lead
/// back to its person. One statement: the whole chain of command.
async fn check_no_circles(
    db: &impl ConnectionTrait,
    rows: &[Row],
    ids: &HashMap<&str, Uuid>,
) -> Result<(), AppError> {
    let managers: HashMap<Uuid, Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::ManagerId)
        .filter(user::Column::ManagerId.is_not_null())
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    for row in rows.iter().filter(|r| r.manager().is_some()) {
        let person = ids[row.email.as_str()];
        let mut current = managers.get(&person).copied();
        let mut steps = 0;
        let circle = loop {
            match current {
                None => break false,
                Some(id) if id == person || steps >= MAX_CHAIN => break true,
                Some(id) => current = managers.get(&id).copied(),
            }
            steps += 1;
        };
        if circle {
            errors.push(line_error(
                row.line,
                "manager_email",
                "this manager reports (directly or not) to the person: the chain would be a circle",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        // Dropping the transaction rolls every change back.
        Err(AppError::Validation(errors))
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn parse(csv_text: &str) -> Result<Vec<Row>, AppError> {
    let text = csv_text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| AppError::validation("line/1", format!("the header row cannot be read: {e}")))?
        .clone();
    let mut columns = HashMap::new();
    let mut errors = Vec::new();
    // Said rather than ignored, so nobody believes passwords were set.
    if header.iter().any(|h| {
        let h = h.to_lowercase();
        h.contains("password") || h.contains("adgangskode")
    }) {
        errors.push(FieldError::new(
            "line/1",
            "a file cannot carry passwords: each person chooses their own, through an \
             invitation sent to their mailbox (import with invite=true)",
        ));
    }
    for (column, aliases) in COLUMNS {
        match header
            .iter()
            .position(|h| aliases.contains(&h.to_lowercase().as_str()))
        {
            Some(index) => {
                columns.insert(column, index);
            }
            None if column == "department" || column == "manager_email" => {}
            None => errors.push(FieldError::new(
                "line/1",
                format!("the header row needs a column named {column}"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let mut rows = Vec::new();
    let mut seen = HashMap::new();
    let mut line = 1;
    for record in reader.records() {
        let position = match &record {
            Ok(record) => record.position(),
            Err(e) => e.position(),
        };
        line = position.map_or(line + 1, |p| line_at(text, p.byte()));
        if rows.len() + errors.len() >= MAX_ROWS {
            errors.push(line_error(
                line,
                "",
                format!("a file holds at most {MAX_ROWS} people"),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(line_error(
                    line,
                    "",
                    format!("the line cannot be read: {e}"),
                ));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |column: &str| {
            columns
                .get(column)
                .and_then(|&i| record.get(i))
                .map(str::to_owned)
                .filter(|value| !value.is_empty())
        };
        // An optional column the file does not have is left alone.
        let optional = |column: &str| columns.contains_key(column).then(|| get(column));
        let email = match Email::parse(&get("email").unwrap_or_default()) {
            Ok(email) => Some(email),
            Err(e) => {
                errors.push(line_error(line, "email", e.to_string()));
                None
            }
        };
        let name = get("name").unwrap_or_default();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            errors.push(line_error(
                line,
                "name",
                format!("a name has 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        let role = match get("role").as_deref().map(str::to_lowercase).as_deref() {
            Some("employee" | "medarbejder") => Some(Role::Employee),
            Some("manager" | "leder") => Some(Role::Manager),
            Some("hr_admin" | "hr") => Some(Role::HrAdmin),
            other => {
                errors.push(line_error(
                    line,
                    "role",
                    format!(
                        "{:?} is not a role: employee, manager or hr_admin",
                        other.unwrap_or("")
                    ),
                ));
                None
            }
        };
        let manager = match optional("manager_email") {
            None => None,
            Some(None) => Some(None),
            Some(Some(raw)) => match Email::parse(&raw) {
                Ok(manager) => Some(Some(manager)),
                Err(e) => {
                    errors.push(line_error(line, "manager_email", e.to_string()));
                    None
                }
            },
        };
        let department = optional("department");
        if department
            .as_ref()
            .and_then(Option::as_ref)
            .is_some_and(|d| d.chars().count() > MAX_NAME_CHARS)
        {
            errors.push(line_error(
                line,
                "department",
                format!("at most {MAX_NAME_CHARS} characters"),
            ));
        }
        if let Some(email) = &email
            && let Some(first) = seen.insert(email.clone(), line)
        {
            errors.push(line_error(
                line,
                "email",
                format!("{email} is also on line {first}"),
            ));
        }
        if let (Some(email), Some(role)) = (email, role) {
            rows.push(Row {
                line,
                email,
                name,
                department,
                manager,
                role,
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("line/2", "the file lists nobody"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// The line a record starts on, as an editor shows it. The reader reports
/// where it began looking for the record, which is before any blank lines
/// it skipped; line breaks inside quoted cells count as lines too.
fn line_at(text: &str, byte: u64) -> usize {
    let start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    let skipped = text.as_bytes()[start..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|b| **b == b'\n')
        .count();
    text.as_bytes()[..start]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + skipped
        + 1
}

fn line_error(line: usize, column: &str, message: impl Into<String>) -> FieldError {
    let field = if column.is_empty() {
        format!("line/{line}")
    } else {
        format!("line/{line}/{column}")
    };
    FieldError::new(field, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(result: Result<Vec<Row>, AppError>) -> Vec<String> {
        match result {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn danish_headers_and_roles_are_understood() {
        let rows = parse("E-mail;Navn\n").map(|r| r.len());
        assert!(rows.is_err(), "semicolons are not the separator");
        let rows = parse("e-mail,navn,afdeling,leder,rolle\nanne@x.dk,Anne Sørensen,Borgerservice,,medarbejder\n").unwrap();
        assert_eq!(rows[0].role, Role::Employee);
        assert_eq!(rows[0].department, Some(Some("Borgerservice".to_owned())));
        assert_eq!(rows[0].manager, Some(None), "an empty cell clears");
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let csv = "email,name,department,manager_email,role\n\
                   ok@x.dk,Ok,,,employee\n\
                   not-an-email,Bad,,,employee\n\
                   b@x.dk,,,,boss\n\
                   ok@x.dk,Twice,,,employee\n";
        assert_eq!(
            fields(parse(csv)),
            vec!["line/3/email", "line/4/name", "line/4/role", "line/5/email"]
        );
    }

    #[test]
    fn line_numbers_are_those_of_the_file() {
        // Line 2 is blank and the record on line 3 goes on to line 4.
        let csv = "email,name,role\n\nok@x.dk,\"Ok\nOksen\",employee\nbad,Bad,employee\n";
        assert_eq!(fields(parse(csv)), vec!["line/5/email"]);
    }

    #[test]
    fn absent_columns_keep_and_empty_cells_clear() {
        let rows = parse("email,name,role\na@x.dk,A,employee\n").unwrap();
        assert_eq!((&rows[0].department, &rows[0].manager), (&None, &None));
        let rows = parse("email,name,role,afdeling\na@x.dk,A,employee,\n").unwrap();
        assert_eq!(rows[0].department, Some(None));
    }

    #[test]
    fn a_missing_column_is_named() {
        assert_eq!(fields(parse("email,name\na@x.dk,A\n")), vec!["line/1"]);
    }
}
