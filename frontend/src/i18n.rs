//! Every word the SPA shows, in Danish and English.
//!
//! Each [`Key`] maps to a pair `(da, en)` in a single `match`, so a key
//! without both translations does not compile. Texts with a value in them
//! (a name) are small functions next to the table.

use mus_client::ClientError;
use mus_domain::{ErrorCode, Role};

/// The interface language. Danish is the default: MUS is a Danish practice
/// and most people using it read Danish first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and for storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself, as a switch offers it to its readers.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Da => "Dansk",
            Lang::En => "English",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

/// A fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    TitleLogin,
    TitleHome,
    TitleNotFound,
    SkipToContent,
    MainNavigation,
    NavHome,
    SignedInAs,
    Logout,
    LoggingOut,
    LoginHeading,
    LoginIntro,
    Email,
    Password,
    LoginSubmit,
    LoginSubmitting,
    LoginMissingFields,
    LoginMalformedEmail,
    Loading,
    FieldEmail,
    FieldRole,
    FieldManager,
    FieldDepartment,
    YourDetails,
    WhatComesNext,
    WhatComesNextBody,
    LoadFailedHeading,
    TryAgain,
    GoToLogin,
    Redirecting,
    NotFoundHeading,
    NotFoundBody,
    BackToHome,
    RoleEmployee,
    RoleManager,
    RoleHrAdmin,
    ErrorInvalidCredentials,
    ErrorTooManyAttempts,
    ErrorCannotReachServer,
    ErrorUnexpectedResponse,
    ErrorSessionEnded,
    ErrorForbidden,
    ErrorNotFound,
    ErrorInvalidInput,
    ErrorUnavailable,
    ErrorGeneric,
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let (da, en) = match key {
        Key::TitleLogin => ("Log ind · MUS", "Sign in · MUS"),
        Key::TitleHome => ("Forside · MUS", "Home · MUS"),
        Key::TitleNotFound => ("Siden findes ikke · MUS", "Page not found · MUS"),
        Key::SkipToContent => ("Spring til indholdet", "Skip to content"),
        Key::MainNavigation => ("Hovedmenu", "Main navigation"),
        Key::NavHome => ("Forside", "Home"),
        Key::SignedInAs => ("Logget ind som", "Signed in as"),
        Key::Logout => ("Log ud", "Sign out"),
        Key::LoggingOut => ("Logger ud …", "Signing out …"),
        Key::LoginHeading => ("Log ind", "Sign in"),
        Key::LoginIntro => (
            "Log ind for at forberede og følge op på din medarbejderudviklingssamtale (MUS).",
            "Sign in to prepare for and follow up on your development conversation (MUS).",
        ),
        Key::Email => ("E-mail", "E-mail"),
        Key::Password => ("Adgangskode", "Password"),
        Key::LoginSubmit => ("Log ind", "Sign in"),
        Key::LoginSubmitting => ("Logger ind …", "Signing in …"),
        Key::LoginMissingFields => (
            "Skriv både din e-mail og din adgangskode.",
            "Enter both your e-mail and your password.",
        ),
        Key::LoginMalformedEmail => (
            "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.",
            "Enter a valid e-mail address, for example name@example.com.",
        ),
        Key::Loading => ("Henter dine oplysninger …", "Loading your details …"),
        Key::FieldEmail => ("E-mail", "E-mail"),
        Key::FieldRole => ("Rolle", "Role"),
        Key::FieldManager => ("Nærmeste leder", "Manager"),
        Key::FieldDepartment => ("Afdeling", "Department"),
        Key::YourDetails => ("Dine oplysninger", "Your details"),
        Key::WhatComesNext => ("Hvad sker der nu?", "What comes next?"),
        Key::WhatComesNextBody => (
            "Her kommer du til at forberede din MUS-samtale, læse referatet og følge op på jeres aftaler. \
             Funktionerne dukker op i menuen, efterhånden som de bliver klar.",
            "This is where you will prepare for your development conversation, read its summary and \
             follow up on your agreements. The features will appear in the navigation as they become ready.",
        ),
        Key::LoadFailedHeading => (
            "Dine oplysninger kunne ikke hentes",
            "Your details could not be loaded",
        ),
        Key::TryAgain => ("Prøv igen", "Try again"),
        Key::GoToLogin => ("Gå til log ind", "Go to sign in"),
        Key::Redirecting => ("Sender dig til log ind …", "Taking you to sign in …"),
        Key::NotFoundHeading => ("Siden findes ikke", "Page not found"),
        Key::NotFoundBody => (
            "Adressen passer ikke til nogen side i MUS.",
            "This address does not match any page in MUS.",
        ),
        Key::BackToHome => ("Gå til forsiden", "Go to the home page"),
        Key::RoleEmployee => ("Medarbejder", "Employee"),
        Key::RoleManager => ("Leder", "Manager"),
        Key::RoleHrAdmin => ("HR-administrator", "HR administrator"),
        Key::ErrorInvalidCredentials => (
            "Forkert e-mail eller adgangskode.",
            "Wrong e-mail or password.",
        ),
        Key::ErrorTooManyAttempts => (
            "For mange forkerte forsøg på at logge ind. Vent et kvarter, og prøv igen.",
            "Too many failed sign-ins. Wait a quarter of an hour and try again.",
        ),
        Key::ErrorCannotReachServer => (
            "Serveren kan ikke nås. Tjek din forbindelse, og prøv igen.",
            "Cannot reach the server. Check your connection and try again.",
        ),
        Key::ErrorUnexpectedResponse => (
            "Serveren svarede på en uventet måde. Prøv igen om lidt.",
            "The server answered in an unexpected way. Please try again in a moment.",
        ),
        Key::ErrorSessionEnded => (
            "Du er blevet logget ud. Log ind igen.",
            "You have been signed out. Please sign in again.",
        ),
        Key::ErrorForbidden => (
            "Du har ikke adgang til dette.",
            "You do not have access to this.",
        ),
        Key::ErrorNotFound => (
            "Det, du leder efter, findes ikke.",
            "What you are looking for does not exist.",
        ),
        Key::ErrorInvalidInput => (
            "Oplysningerne er ikke gyldige. Tjek dem, og prøv igen.",
            "The information is not valid. Check it and try again.",
        ),
        Key::ErrorUnavailable => (
            "MUS er midlertidigt utilgængelig. Prøv igen om lidt.",
            "MUS is temporarily unavailable. Please try again in a moment.",
        ),
        Key::ErrorGeneric => (
            "Noget gik galt. Prøv igen om lidt.",
            "Something went wrong. Please try again in a moment.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// The greeting around a person's name, as (before, after), so the page can
/// mark the name up on its own.
pub fn welcome_around_name(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Da => ("Velkommen, ", ""),
        Lang::En => ("Welcome, ", ""),
    }
}

/// The accessible name of the language switch. It contains the visible text
/// (the other language's name) so that speech control can find the button.
pub fn switch_language_label(lang: Lang) -> String {
    let target = lang.other().native_name();
    match lang {
        Lang::Da => format!("Skift sprog: {target}"),
        Lang::En => format!("Change language: {target}"),
    }
}

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Employee => Key::RoleEmployee,
        Role::Manager => Key::RoleManager,
        Role::HrAdmin => Key::RoleHrAdmin,
    }
}

/// Why a request failed, reduced to what the interface needs to tell people.
///
/// Unlike [`ClientError`] this is `Copy`, so it can live in signals and
/// resources, which hand out clones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The session is over; the person must sign in again.
    SignedOut,
    CannotReachServer,
    UnexpectedResponse,
    Api(ErrorCode),
}

impl Failure {
    pub fn message_key(self) -> Key {
        match self {
            Failure::SignedOut => Key::ErrorSessionEnded,
            Failure::CannotReachServer => Key::ErrorCannotReachServer,
            Failure::UnexpectedResponse => Key::ErrorUnexpectedResponse,
            Failure::Api(code) => error_code_key(code),
        }
    }
}

impl From<&ClientError> for Failure {
    fn from(error: &ClientError) -> Failure {
        // The client owns the rule for which codes end a session.
        if error.is_signed_out() {
            return Failure::SignedOut;
        }
        match error {
            ClientError::Api(problem) => Failure::Api(problem.code),
            ClientError::Transport(_) => Failure::CannotReachServer,
            ClientError::Decode(_) => Failure::UnexpectedResponse,
        }
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Failure {
        Failure::from(&error)
    }
}

/// The message for a problem code. `ErrorCode` is `#[non_exhaustive]`, so
/// codes added later fall back to the generic message until they get their own.
pub fn error_code_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::InvalidCredentials => Key::ErrorInvalidCredentials,
        ErrorCode::TooManyAttempts => Key::ErrorTooManyAttempts,
        ErrorCode::Unauthenticated
        | ErrorCode::TokenExpired
        | ErrorCode::TokenInvalid
        | ErrorCode::RefreshTokenInvalid
        | ErrorCode::RefreshTokenReused => Key::ErrorSessionEnded,
        // HR may set a first password, never replace one.
        ErrorCode::Forbidden | ErrorCode::PasswordAlreadySet => Key::ErrorForbidden,
        ErrorCode::NotFound => Key::ErrorNotFound,
        ErrorCode::MalformedJson
        | ErrorCode::InvalidBody
        | ErrorCode::InvalidParameter
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::AlreadyExists => Key::ErrorInvalidInput,
        ErrorCode::Unavailable => Key::ErrorUnavailable,
        ErrorCode::MethodNotAllowed
        | ErrorCode::Conflict
        | ErrorCode::VersionConflict
        | ErrorCode::WrongState
        | ErrorCode::Internal => Key::ErrorGeneric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for code in ErrorCode::ALL {
            let key = error_code_key(code);
            assert!(!t(Lang::Da, key).is_empty());
            assert!(!t(Lang::En, key).is_empty());
        }
    }

    #[test]
    fn client_errors_become_failures() {
        let api = |code| ClientError::Api(Box::new(mus_domain::Problem::new(code)));
        assert_eq!(
            Failure::from(api(ErrorCode::TokenExpired)),
            Failure::SignedOut
        );
        assert_eq!(
            Failure::from(api(ErrorCode::InvalidCredentials)),
            Failure::Api(ErrorCode::InvalidCredentials)
        );
        assert_eq!(
            Failure::from(ClientError::Transport("refused".into())),
            Failure::CannotReachServer
        );
        assert_eq!(
            Failure::from(ClientError::Decode("html".into())),
            Failure::UnexpectedResponse
        );
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::Da, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
        }
        assert_eq!(Lang::from_code("sv"), None);
    }
}
