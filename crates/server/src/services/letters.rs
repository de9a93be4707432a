//! What each e-mail says, in Danish and English. Names, dates and links
//! only: no mail ever carries what anyone wrote.

use chrono::{DateTime, Utc};
use mus_domain::Language;
use mus_domain::meeting::copenhagen_local;

use crate::outbox::Letter;

/// "3. december 2026 kl. 14.05" / "3 December 2026 at 14:05", Danish time.
fn when(language: Language, at: DateTime<Utc>) -> String {
    let local = copenhagen_local(at);
    match language {
        Language::Da => {
            const MONTHS: [&str; 12] = [
                "januar",
                "februar",
                "marts",
                "april",
                "maj",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "december",
            ];
            let month = MONTHS[local.format("%m").to_string().parse::<usize>().unwrap_or(1) - 1];
            format!(
                "{}. {month} {} kl. {}",
                local.format("%-d"),
                local.format("%Y"),
                local.format("%H.%M")
            )
        }
        Language::En => local.format("%-d %B %Y at %H:%M").to_string(),
    }
}

/// HR invites a person to choose their password.
pub fn invitation(language: Language, name: &str, link: &str, expires_at: DateTime<Utc>) -> Letter {
    let until = when(language, expires_at);
    let (subject, text) = match language {
        Language::Da => (
            "Velkommen til MUS: vælg din adgangskode".to_owned(),
            format!(
                "Kære {name}\n\n\
                 Du er oprettet i MUS, hvor du forbereder din medarbejderudviklingssamtale \
                 og følger op på det, I aftaler.\n\n\
                 Vælg din egen adgangskode her:\n{link}\n\n\
                 Linket virker én gang og indtil {until} (dansk tid). Kun du kender din \
                 adgangskode: hverken HR eller din leder kan se den.\n\n\
                 Har du ikke ventet denne mail, kan du se bort fra den.\n\n\
                 Venlig hilsen\nMUS\n"
            ),
        ),
        Language::En => (
            "Welcome to MUS: choose your password".to_owned(),
            format!(
                "Dear {name}\n\n\
                 You have been added to MUS, where you prepare your yearly development \
                 conversation and follow up on what you agree.\n\n\
                 Choose your own password here:\n{link}\n\n\
                 The link works once and until {until} (Danish time). Only you know your \
                 password: neither HR nor your manager can see it.\n\n\
                 If you did not expect this e-mail, you can ignore it.\n\n\
                 Kind regards\nMUS\n"
            ),
        ),
    };
    Letter {
        to_name: name.to_owned(),
        subject,
        text,
    }
}

/// The person asked for a link to choose a new password.
pub fn password_reset(
    language: Language,
    name: &str,
    link: &str,
    expires_at: DateTime<Utc>,
) -> Letter {
    let until = when(language, expires_at);
    let (subject, text) = match language {
        Language::Da => (
            "Vælg en ny adgangskode til MUS".to_owned(),
            format!(
                "Kære {name}\n\n\
                 Nogen, forhåbentlig dig, har bedt om at vælge en ny adgangskode til MUS.\n\n\
                 Vælg den her:\n{link}\n\n\
                 Linket virker én gang og indtil {until} (dansk tid). Når du har valgt en ny \
                 adgangskode, bliver du logget ud alle andre steder.\n\n\
                 Har du ikke bedt om det, kan du se bort fra mailen: din adgangskode er \
                 uændret.\n\n\
                 Venlig hilsen\nMUS\n"
            ),
        ),
        Language::En => (
            "Choose a new password for MUS".to_owned(),
            format!(
                "Dear {name}\n\n\
                 Someone, hopefully you, asked to choose a new password for MUS.\n\n\
                 Choose it here:\n{link}\n\n\
                 The link works once and until {until} (Danish time). Once you have chosen \
                 a new password, you are signed out everywhere else.\n\n\
                 If you did not ask for this, ignore this e-mail: your password has not \
                 changed.\n\n\
                 Kind regards\nMUS\n"
            ),
        ),
    };
    Letter {
        to_name: name.to_owned(),
        subject,
        text,
    }
}

/// The person has a new nearest manager, who reads their history from now
/// on. `manager` is `None` when they have none.
pub fn manager_changed(
    language: Language,
    name: &str,
    manager: Option<&str>,
    access_log: &str,
) -> Letter {
    let (subject, text) = match (language, manager) {
        (Language::Da, Some(manager)) => (
            format!("{manager} er nu din nærmeste leder i MUS"),
            format!(
                "Kære {name}\n\n\
                 {manager} er nu registreret som din nærmeste leder i MUS. Din leder kan læse \
                 de referater, I har underskrevet, og de forberedelser, du har delt, også fra \
                 tidligere år.\n\n\
                 Hvem der har læst dine oplysninger, og hvornår, kan du altid se her:\n\
                 {access_log}\n\n\
                 Er det ikke rigtigt, så kontakt HR.\n\n\
                 Venlig hilsen\nMUS\n"
            ),
        ),
        (Language::Da, None) => (
            "Du har ikke længere en nærmeste leder i MUS".to_owned(),
            format!(
                "Kære {name}\n\n\
                 Du er ikke længere registreret med en nærmeste leder i MUS.\n\n\
                 Hvem der har læst dine oplysninger, og hvornår, kan du altid se her:\n\
                 {access_log}\n\n\
                 Er det ikke rigtigt, så kontakt HR.\n\n\
                 Venlig hilsen\nMUS\n"
            ),
        ),
        (Language::En, Some(manager)) => (
            format!("{manager} is now your nearest manager in MUS"),
            format!(
                "Dear {name}\n\n\
                 {manager} is now recorded as your nearest manager in MUS. Your manager can \
                 read the summaries you have signed and the preparations you have shared, \
                 also from earlier years.\n\n\
                 Who has read your information, and when, you can always see here:\n\
                 {access_log}\n\n\
                 If this is not right, contact HR.\n\n\
                 Kind regards\nMUS\n"
            ),
        ),
        (Language::En, None) => (
            "You no longer have a nearest manager in MUS".to_owned(),
            format!(
                "Dear {name}\n\n\
                 You are no longer recorded with a nearest manager in MUS.\n\n\
                 Who has read your information, and when, you can always see here:\n\
                 {access_log}\n\n\
                 If this is not right, contact HR.\n\n\
                 Kind regards\nMUS\n"
            ),
        ),
    };
    Letter {
        to_name: name.to_owned(),
        subject,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_are_written_in_danish_time_in_the_readers_language() {
        // 13:05 UTC in winter is 14.05 in Copenhagen.
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 13, 5, 0).unwrap();
        assert_eq!(when(Language::Da, at), "3. december 2026 kl. 14.05");
        assert_eq!(when(Language::En, at), "3 December 2026 at 14:05");
    }

    #[test]
    fn an_invitation_carries_the_link_and_its_expiry() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 13, 5, 0).unwrap();
        let letter = invitation(
            Language::Da,
            "Anne",
            "https://mus.example/set-password#abc",
            at,
        );
        assert!(letter.text.contains("https://mus.example/set-password#abc"));
        assert!(letter.text.contains("3. december 2026 kl. 14.05"));
        assert!(letter.subject.contains("adgangskode"));
        let letter = invitation(Language::En, "Anne", "https://x/#y", at);
        assert!(letter.subject.starts_with("Welcome"));
    }
}
