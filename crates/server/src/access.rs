//! Who may see what: the access table of DESIGN.md, written once, as
//! functions over (actor, resource). Handlers and services ask here; nothing
//! else decides. A denied read is answered as "not found".

use mus_domain::Role;
use sea_orm::{ColumnTrait, Condition};

use crate::auth::AuthUser;
use crate::store::entities::user;

/// Directory data about a person (name, e-mail, role, manager, department):
/// HR sees everyone, a manager their direct reports, everyone themselves.
pub fn may_see_person(actor: &AuthUser, person: &user::Model) -> bool {
    actor.role == Role::HrAdmin
        || person.id == actor.id.0
        || (actor.role == Role::Manager && person.manager_id == Some(actor.id.0))
}

/// The same rule as a query condition, for lists.
pub fn people_visible_to(actor: &AuthUser) -> Condition {
    match actor.role {
        Role::HrAdmin => Condition::all(),
        Role::Manager => Condition::any()
            .add(user::Column::Id.eq(actor.id.0))
            .add(user::Column::ManagerId.eq(actor.id.0)),
        Role::Employee => Condition::all().add(user::Column::Id.eq(actor.id.0)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use mus_domain::UserId;
    use uuid::Uuid;

    use super::*;
    use crate::auth::Credential;

    fn actor(role: Role) -> AuthUser {
        AuthUser {
            id: UserId::new(),
            role,
            credential: Credential::Session,
        }
    }

    fn person(id: Uuid, manager: Option<Uuid>) -> user::Model {
        user::Model {
            id,
            email: "x@test.example".into(),
            name: "X".into(),
            role: "employee".into(),
            manager_id: manager,
            department_id: None,
            password_hash: String::new(),
            left_on: None,
            language: "da".into(),
            oidc_issuer: None,
            oidc_subject: None,
            external_id: None,
            deprovisioned_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_directory_access_matrix() {
        let hr = actor(Role::HrAdmin);
        let manager = actor(Role::Manager);
        let other_manager = actor(Role::Manager);
        let employee = actor(Role::Employee);
        let colleague = actor(Role::Employee);
        let record = person(employee.id.0, Some(manager.id.0));

        let cases = [
            (employee, true),
            (colleague, false),
            (manager, true),
            (other_manager, false),
            (hr, true),
        ];
        for (who, expected) in cases {
            assert_eq!(may_see_person(&who, &record), expected, "{:?}", who.role);
        }
    }
}
