//! Example data: Solbakke Kommune, a fictional Danish municipality of
//! thirty people, for trying MUS out (`mus seed --demo`).

use std::fmt::Write;

use mus_domain::Role;
use sea_orm::ConnectionTrait;

use crate::error::AppError;
use crate::services::people::{self, ManagerRef, NewPerson};

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
