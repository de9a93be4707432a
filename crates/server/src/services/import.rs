//! CSV import of the organisation: all or nothing, every problem reported
//! with its line number, and a second import of the same file changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use mus_domain::{Email, FieldError, ImportReport, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

use super::people::{MAX_NAME_CHARS, ensure_department, reports_to};
use crate::error::AppError;
use crate::store::entities::{department, user};

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
    department: Option<String>,
    manager: Option<Email>,
    role: Role,
}

pub async fn import_users(
    db: &DatabaseConnection,
    csv_text: &str,
) -> Result<ImportReport, AppError> {
    let rows = parse(csv_text)?;
    let txn = db.begin().await?;
    let emails: Vec<String> = rows
        .iter()
        .flat_map(|r| std::iter::once(&r.email).chain(r.manager.as_ref()))
        .map(|e| e.as_str().to_owned())
        .collect();
    let existing: HashMap<String, user::Model> = user::Entity::find()
        .filter(user::Column::Email.is_in(emails))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.email.clone(), u))
        .collect();

    let mut errors = Vec::new();
    let in_file: HashMap<&str, &Row> = rows.iter().map(|r| (r.email.as_str(), r)).collect();
    for row in &rows {
        let Some(manager) = &row.manager else {
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
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let mut report = ImportReport {
        created: 0,
        updated: 0,
        unchanged: 0,
        departments_created: 0,
    };
    let mut departments: HashMap<String, Uuid> = HashMap::new();
    for name in rows
        .iter()
        .filter_map(|r| r.department.clone())
        .collect::<HashSet<_>>()
    {
        let known = department::Entity::find()
            .filter(department::Column::Name.eq(&name))
            .one(&txn)
            .await?;
        let id = match known {
            Some(d) => d.id,
            None => {
                report.departments_created += 1;
                ensure_department(&txn, &name).await?.id
            }
        };
        departments.insert(name, id);
    }

    // First everyone without managers, so a manager may appear later in the
    // file than their reports; then the managers.
    let mut ids: HashMap<String, Uuid> = existing.iter().map(|(e, u)| (e.clone(), u.id)).collect();
    let now = Utc::now();
    for row in &rows {
        let department = row
            .department
            .as_ref()
            .and_then(|d| departments.get(d))
            .copied();
        if !existing.contains_key(row.email.as_str()) {
            let created = user::ActiveModel {
                id: Set(Uuid::new_v4()),
                email: Set(row.email.as_str().to_owned()),
                name: Set(row.name.clone()),
                role: Set(row.role.as_str().to_owned()),
                manager_id: Set(None),
                department_id: Set(department),
                // No password: HR sets one before the person can sign in.
                password_hash: Set(String::new()),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            ids.insert(created.email, created.id);
            report.created += 1;
        }
    }
    for row in &rows {
        let manager = row
            .manager
            .as_ref()
            .and_then(|m| ids.get(m.as_str()))
            .copied();
        let department = row
            .department
            .as_ref()
            .and_then(|d| departments.get(d))
            .copied();
        match existing.get(row.email.as_str()) {
            None => {
                if manager.is_some() {
                    let person = user::Entity::find_by_id(ids[row.email.as_str()])
                        .one(&txn)
                        .await?;
                    if let Some(person) = person {
                        let mut model = person.into_active_model();
                        model.manager_id = Set(manager);
                        model.update(&txn).await?;
                    }
                }
            }
            Some(current) => {
                let changed = current.name != row.name
                    || current.role != row.role.as_str()
                    || current.department_id != department
                    || current.manager_id != manager;
                if changed {
                    let mut model = current.clone().into_active_model();
                    model.name = Set(row.name.clone());
                    model.role = Set(row.role.as_str().to_owned());
                    model.department_id = Set(department);
                    model.manager_id = Set(manager);
                    model.updated_at = Set(now);
                    model.update(&txn).await?;
                    report.updated += 1;
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }

    for row in &rows {
        if let Some(manager) = row.manager.as_ref().and_then(|m| ids.get(m.as_str()))
            && reports_to(&txn, *manager, ids[row.email.as_str()]).await?
        {
            errors.push(line_error(
                row.line,
                "manager_email",
                "this manager reports (directly or not) to the person: the chain would be a circle",
            ));
        }
    }
    if !errors.is_empty() {
        // Dropping the transaction rolls every change back.
        return Err(AppError::Validation(errors));
    }
    txn.commit().await?;
    Ok(report)
}

fn parse(csv_text: &str) -> Result<Vec<Row>, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .map_err(|e| AppError::validation("line/1", format!("the header row cannot be read: {e}")))?
        .clone();
    let mut position = HashMap::new();
    let mut errors = Vec::new();
    for (column, aliases) in COLUMNS {
        match header
            .iter()
            .position(|h| aliases.contains(&h.to_lowercase().as_str()))
        {
            Some(index) => {
                position.insert(column, index);
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
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
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
            position
                .get(column)
                .and_then(|&i| record.get(i))
                .map(str::to_owned)
                .filter(|value| !value.is_empty())
        };
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
        let manager = match get("manager_email").map(|m| Email::parse(&m)) {
            None => None,
            Some(Ok(manager)) => Some(manager),
            Some(Err(e)) => {
                errors.push(line_error(line, "manager_email", e.to_string()));
                None
            }
        };
        let department = get("department");
        if department
            .as_ref()
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
        assert_eq!(rows[0].department.as_deref(), Some("Borgerservice"));
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
    fn a_missing_column_is_named() {
        assert_eq!(fields(parse("email,name\na@x.dk,A\n")), vec!["line/1"]);
    }
}
