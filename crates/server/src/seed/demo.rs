//! Example data: Solbakke Kommune, a fictional Danish municipality of
//! thirty people, for trying MUS out (`mus seed --demo`).

use std::fmt::Write;

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate, Utc};
use mus_domain::agreements::danish_date;
use mus_domain::{
    AgreementCategory, AgreementStatus, Answer, GroupAgendaWrite, Meeting, NewRound,
    PreparationWrite, Role, RoundFormat, UserId,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::auth::{AuthUser, Credential};
use crate::error::AppError;
use crate::services::people::{self, ManagerRef, NewPerson};
use crate::services::{forms, groups, rounds};
use crate::store::entities::{department, development_goal, round, template, user};

/// Every demo account's password. The accounts are for trying MUS out and
/// must never exist in a real installation.
pub const DEMO_PASSWORD: &str = "mus-demo-2027";

const DEMO_DOMAIN: &str = "solbakke.example";

/// (name, role, department, nearest manager's name)
type DemoPerson = (&'static str, Role, &'static str, Option<&'static str>);

const BORGERSERVICE: &str = "Borgerservice";
const TEKNIK: &str = "Teknik og Miljø";
const DIRECTOR: &str = "Kirsten Bjørnholm";
const LEAD_SERVICE: &str = "Mette Kjærgaard";
const LEAD_YDELSE: &str = "Søren Østergaard";
const LEAD_TEKNIK: &str = "Jens Ærø Lund";

/// Managers first, so that their reports can name them.
const PEOPLE: &[DemoPerson] = &[
    (DIRECTOR, Role::Manager, BORGERSERVICE, None),
    (LEAD_SERVICE, Role::Manager, BORGERSERVICE, Some(DIRECTOR)),
    (LEAD_YDELSE, Role::Manager, BORGERSERVICE, Some(DIRECTOR)),
    (LEAD_TEKNIK, Role::Manager, TEKNIK, Some(DIRECTOR)),
    (
        "Hanne Løvgren",
        Role::HrAdmin,
        BORGERSERVICE,
        Some(DIRECTOR),
    ),
    (
        "Anne Sørensen",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Bjørn Ravn",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Camilla Brøndum",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Dorthe Fæster",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Emil Thygesen",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Frederikke Dahl",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Gustav Krøyer",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Helle Bækgaard",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_SERVICE),
    ),
    (
        "Ida Mølgaard",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Jakob Åberg",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Karen Hjørne",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Lars Nørgaard",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Maja Vestergård",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Niels Brænder",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Olivia Skov",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    (
        "Peter Ålund",
        Role::Employee,
        BORGERSERVICE,
        Some(LEAD_YDELSE),
    ),
    ("Rikke Sønderby", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Sune Bøgh", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Tove Kræmer", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Ulrik Hedegård", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Vibeke Møller", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("William Fjord", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Yrsa Lærke Holm", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Åse Damgaard", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
    ("Øjvind Krogh", Role::Employee, TEKNIK, Some(LEAD_TEKNIK)),
];

/// One demo login, as printed after seeding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub created: bool,
}

/// The e-mail of a demo person: `Søren Østergaard` → `soeren.oestergaard@…`.
pub fn demo_email(name: &str) -> String {
    let mut local = String::new();
    for word in name.split_whitespace() {
        if !local.is_empty() {
            local.push('.');
        }
        for c in word.to_lowercase().chars() {
            match c {
                'æ' => local.push_str("ae"),
                'ø' => local.push_str("oe"),
                'å' => local.push_str("aa"),
                c => local.push(c),
            }
        }
    }
    format!("{local}@{DEMO_DOMAIN}")
}

/// Creates the demo organisation. People who exist already are left as
/// they are, so seeding twice is harmless.
pub async fn demo(db: &impl ConnectionTrait) -> Result<Vec<DemoLogin>, AppError> {
    let mut logins = Vec::with_capacity(PEOPLE.len());
    for &(name, role, department, manager) in PEOPLE {
        let email = demo_email(name);
        let created = if crate::store::accounts::find_by_email(db, &email)
            .await?
            .is_some()
        {
            false
        } else {
            let department = people::ensure_department(db, department).await?;
            people::create_user(
                db,
                NewPerson {
                    email: email.clone(),
                    name: name.to_owned(),
                    role,
                    manager: manager.map(|name| ManagerRef::Email(demo_email(name))),
                    department: Some(department.id.into()),
                    password: Some(DEMO_PASSWORD.to_owned()),
                },
            )
            .await?;
            true
        };
        logins.push(DemoLogin {
            name: name.to_owned(),
            email,
            role,
            created,
        });
    }
    Ok(logins)
}

/// The name of the demo's group round.
const GROUP_ROUND: &str = "GRUS Teknik og Miljø";

/// Development goals of the demo: (person, title, category, months ago it
/// was added, status, months from then until it is due).
const GOALS: &[(&str, &str, AgreementCategory, u32, AgreementStatus, u32)] = &[
    (
        "Anne Sørensen",
        "Diplommodul i offentlig forvaltning",
        AgreementCategory::CourseEducation,
        16,
        AgreementStatus::Done,
        10,
    ),
    (
        "Anne Sørensen",
        "Superbruger på det nye sagssystem",
        AgreementCategory::TaskProject,
        3,
        AgreementStatus::InProgress,
        6,
    ),
    (
        "Anne Sørensen",
        "Kursus i konflikthåndtering",
        AgreementCategory::CourseEducation,
        1,
        AgreementStatus::Open,
        5,
    ),
    (
        "Rikke Sønderby",
        "GIS-certificering",
        AgreementCategory::CourseEducation,
        14,
        AgreementStatus::InProgress,
        18,
    ),
    (
        "Rikke Sønderby",
        "Mentor for en ny kollega",
        AgreementCategory::Collaboration,
        1,
        AgreementStatus::Open,
        4,
    ),
    (
        "Ida Mølgaard",
        "Excel for økonomimedarbejdere",
        AgreementCategory::CourseEducation,
        20,
        AgreementStatus::Done,
        4,
    ),
    (
        "Bjørn Ravn",
        "Jobrotation i Ydelse",
        AgreementCategory::Rotation,
        7,
        AgreementStatus::InProgress,
        9,
    ),
];

fn signed_in(id: Uuid, role: Role) -> AuthUser {
    AuthUser {
        id: UserId(id),
        role,
        credential: Credential::Session,
    }
}

async fn person(db: &impl ConnectionTrait, name: &str) -> Result<user::Model, AppError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(demo_email(name)))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo has no {name}").into())
}

/// Teknik og Miljø holds its yearly conversation as a group (GRUS): a group
/// round for the department, with two participants' preparation shared,
/// the manager's agenda and the meeting set. Several people have
/// development plans across two years. Seeding again adds nothing.
pub async fn demo_group_and_plans(
    db: &DatabaseConnection,
    site: &url::Url,
) -> Result<(), AppError> {
    forms::ensure_shipped(db).await?;
    let today = danish_date(Utc::now());
    let hr = person(db, "Hanne Løvgren").await?;
    let hr = signed_in(hr.id, Role::HrAdmin);
    let exists = round::Entity::find()
        .filter(round::Column::Name.eq(GROUP_ROUND))
        .count(db)
        .await?
        > 0;
    if !exists {
        let form = template::Entity::find()
            .filter(template::Column::Shipped.eq("group-da"))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the group form is not installed"))?;
        let teknik = department::Entity::find()
            .filter(department::Column::Name.eq(TEKNIK))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no {TEKNIK}"))?;
        let round = rounds::create(
            db,
            &hr,
            &NewRound {
                name: GROUP_ROUND.into(),
                template_id: form.id.into(),
                format: RoundFormat::Group,
                group_template_id: None,
                preparation_deadline: today + Days::new(7),
                meetings_from: today + Days::new(7),
                meetings_until: today + Days::new(45),
                departments: vec![teknik.id.into()],
                simultaneous_reveal: false,
                reminder_days: mus_domain::rounds::default_reminder_days(),
            },
            site,
        )
        .await?;
        let lead = person(db, LEAD_TEKNIK).await?;
        let lead = signed_in(lead.id, Role::Manager);
        let group = groups::list(db, &lead, Some(round.id))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("the group round made no group"))?;
        for (name, text) in [
            (
                "Rikke Sønderby",
                "Vi fik den nye affaldsordning i gang til tiden, fordi vi delte opgaverne på tværs.",
            ),
            (
                "Sune Bøgh",
                "Når vi sparrer om sagerne ved morgenmødet, løser vi dem hurtigere.",
            ),
        ] {
            let member = person(db, name).await?;
            let member = signed_in(member.id, Role::Employee);
            groups::save_preparation(
                db,
                &member,
                group.id,
                &PreparationWrite {
                    version: 0,
                    answers: BTreeMap::from([(
                        "team_success".to_owned(),
                        Answer::Text(text.to_owned()),
                    )]),
                },
            )
            .await?;
            groups::share_preparation(db, &member, group.id).await?;
        }
        groups::save_agenda(
            db,
            &lead,
            group.id,
            &GroupAgendaWrite {
                version: 0,
                text: "1. Det, der er lykkedes i år\n2. Teamet om et år\n3. Vores fælles aftaler"
                    .into(),
            },
        )
        .await?;
        let starts_at = (today + Days::new(10))
            .and_hms_opt(8, 0, 0)
            .unwrap_or_default()
            .and_utc();
        groups::schedule(
            db,
            &lead,
            group.id,
            &Meeting {
                starts_at,
                minutes: 120,
                location: "Mødelokale Skoven, Rådhuset".into(),
            },
            site,
        )
        .await?;
    }
    for &(name, title, category, months_ago, status, due_in) in GOALS {
        let owner = person(db, name).await?;
        let known = development_goal::Entity::find()
            .filter(development_goal::Column::EmployeeId.eq(owner.id))
            .filter(development_goal::Column::Title.eq(title))
            .count(db)
            .await?;
        if known > 0 {
            continue;
        }
        let added: NaiveDate = today
            .checked_sub_months(Months::new(months_ago))
            .unwrap_or(today);
        let at = added.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
        development_goal::ActiveModel {
            id: Set(Uuid::new_v4()),
            employee_id: Set(owner.id),
            title: Set(title.to_owned()),
            description: Set(String::new()),
            category: Set(category.as_str().to_owned()),
            status: Set(status.as_str().to_owned()),
            due_on: Set(added.checked_add_months(Months::new(due_in))),
            note: Set(String::new()),
            created_by: Set(owner.id),
            created_at: Set(at),
            updated_at: Set(at),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The text `mus seed --demo` prints: who can sign in, and how.
pub fn describe(logins: &[DemoLogin]) -> String {
    let created = logins.iter().filter(|l| l.created).count();
    let mut out = format!(
        "Solbakke Kommune (demo): {} people, {created} new. Every password is {DEMO_PASSWORD}\n\n",
        logins.len()
    );
    for login in logins {
        let _ = writeln!(
            out,
            "  {:<10} {:<24} {}",
            login.role.as_str(),
            login.name,
            login.email
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_emails_spell_danish_letters_out() {
        assert_eq!(
            demo_email("Søren Østergaard"),
            "soeren.oestergaard@solbakke.example"
        );
        assert_eq!(
            demo_email("Jens Ærø Lund"),
            "jens.aeroe.lund@solbakke.example"
        );
        assert_eq!(demo_email("Åse Damgaard"), "aase.damgaard@solbakke.example");
    }

    #[test]
    fn the_demo_organisation_has_the_promised_shape() {
        let count = |role| PEOPLE.iter().filter(|p| p.1 == role).count();
        assert_eq!(PEOPLE.len(), 30);
        assert_eq!(count(Role::Manager), 4);
        assert_eq!(count(Role::HrAdmin), 1);
        let departments: std::collections::BTreeSet<_> = PEOPLE.iter().map(|p| p.2).collect();
        assert_eq!(departments.len(), 2);
        // Every named manager appears earlier in the list, with the manager role.
        for (i, person) in PEOPLE.iter().enumerate() {
            if let Some(manager) = person.3 {
                let position = PEOPLE.iter().position(|p| p.0 == manager).unwrap();
                assert!(position < i);
                assert_eq!(PEOPLE[position].1, Role::Manager);
            }
        }
    }
}
