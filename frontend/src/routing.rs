//! The app's addresses, where to go after signing in, and how to get there
//! safely.

use mus_domain::{ConversationId, GroupConversationId, RoundId, UserId};

/// The sign-in page.
pub const LOGIN: &str = mus_domain::auth::SIGN_IN_PAGE;
/// The home page.
pub const HOME: &str = "/";

/// A conversation's overview.
pub fn conversation(id: ConversationId) -> String {
    format!("/conversations/{id}")
}

/// The caller's preparation for a conversation.
pub fn preparation(id: ConversationId) -> String {
    format!("/conversations/{id}/preparation")
}

/// A conversation's meeting: time, place and agenda.
pub fn meeting(id: ConversationId) -> String {
    format!("/conversations/{id}/meeting")
}

/// A conversation's summary and sign-off.
pub fn summary(id: ConversationId) -> String {
    format!("/conversations/{id}/summary")
}

/// A conversation's agreements and quarterly check-ins.
pub fn follow_up(id: ConversationId) -> String {
    format!("/conversations/{id}/follow-up")
}

/// HR: one conversation form in the editor.
pub fn form(id: mus_domain::TemplateId) -> String {
    format!("{FORMS}/{id}")
}

/// One group conversation (GRUS): members, preparation, agenda, meeting,
/// summary and follow-up on one page.
pub fn group(id: GroupConversationId) -> String {
    format!("{GROUPS}/{id}")
}

/// A manager's view of one report's development plan.
pub fn report_plan(employee: UserId) -> String {
    format!("{TEAM}/{employee}/plan")
}

/// HR: a round's report for the liaison committee.
pub fn round_report(id: RoundId) -> String {
    format!("/admin/rounds/{id}/report")
}

/// The group conversations the person holds or is in (all, for HR).
pub const GROUPS: &str = "/groups";
/// One's own development plan.
pub const PLAN: &str = "/plan";
/// Every agreement the signed-in person may see.
pub const AGREEMENTS: &str = "/agreements";
/// The manager's team overview.
pub const TEAM: &str = "/team";
/// HR: the organisation's figures and its rounds.
pub const ORGANISATION: &str = "/organisation";
/// HR: people, departments and the CSV import.
pub const PEOPLE: &str = "/admin/people";
/// HR: the conversation forms.
pub const FORMS: &str = "/admin/forms";
/// HR: webhooks to other systems.
pub const INTEGRATIONS: &str = "/admin/integrations";
/// Personal API tokens.
pub const TOKENS: &str = "/settings/tokens";
/// The access log and the export of one's own data.
pub const MY_DATA: &str = "/me/data";
/// What MUS has told the person, and which e-mails they want.
pub const NOTIFICATIONS: &str = "/notifications";

/// The path to return to after signing in, taken from the `next` query value:
/// a path on this site other than the sign-in page, else home. The rule is
/// the server's too (`return_to` of the organisation's sign-in).
pub fn safe_next(raw: Option<&str>) -> String {
    mus_domain::auth::return_path(raw)
}

/// A path with its query and fragment, from the router's parts. The router
/// hands out the query without its `?` (and may or may not keep the `#`).
pub fn full_path(path: &str, search: &str, hash: &str) -> String {
    let mut full = path.to_owned();
    if !search.is_empty() {
        if !search.starts_with('?') {
            full.push('?');
        }
        full.push_str(search);
    }
    if !hash.is_empty() {
        if !hash.starts_with('#') {
            full.push('#');
        }
        full.push_str(hash);
    }
    full
}

/// The sign-in page, remembering `here` to come back to.
pub fn login_href(here: &str) -> String {
    format!("{LOGIN}?next={}", encode_query_value(here))
}

/// The organisation's sign-in (`login_url` from the server), coming back
/// to `next` afterwards.
pub fn oidc_login_href(login_url: &str, next: &str) -> String {
    if next == HOME {
        login_url.to_owned()
    } else {
        format!("{login_url}?return_to={}", encode_query_value(next))
    }
}

/// Percent-encodes everything but unreserved characters and `/`, which keeps
/// the value readable in the address bar and unambiguous in a query.
fn encode_query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for path in ["/", "/conversations/42", "/team?round=2027", "/søg#top"] {
            assert_eq!(safe_next(Some(path)), path);
        }
    }

    #[test]
    fn anything_else_goes_home() {
        for raw in [
            "",
            "conversations",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/line\nbreak",
            "/login",
            "/login?next=/",
        ] {
            assert_eq!(safe_next(Some(raw)), HOME, "{raw:?}");
        }
        assert_eq!(safe_next(None), HOME);
    }

    #[test]
    fn the_organisations_sign_in_comes_back_to_where_the_person_was_going() {
        let login = "/api/v1/auth/oidc/login";
        assert_eq!(oidc_login_href(login, "/"), login);
        assert_eq!(
            oidc_login_href(login, "/team?round=2027"),
            "/api/v1/auth/oidc/login?return_to=/team%3Fround%3D2027"
        );
    }

    #[test]
    fn full_path_puts_back_the_separators() {
        assert_eq!(full_path("/", "", ""), "/");
        assert_eq!(full_path("/", "from=deep-link", ""), "/?from=deep-link");
        assert_eq!(full_path("/", "?a=1", "#top"), "/?a=1#top");
        assert_eq!(full_path("/team", "", "top"), "/team#top");
    }

    #[test]
    fn login_href_encodes_the_return_path() {
        assert_eq!(login_href("/"), "/login?next=/");
        assert_eq!(
            login_href("/team?round=2027&x=1"),
            "/login?next=/team%3Fround%3D2027%26x%3D1"
        );
        assert_eq!(login_href("/søg"), "/login?next=/s%C3%B8g");
    }
}
