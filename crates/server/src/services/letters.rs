//! What each e-mail says, in Danish and English. Names, dates and links
//! only: no mail ever carries what anyone wrote.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use mus_domain::Language;
use mus_domain::meeting::copenhagen_local;

use super::notifications::{Digest, MeetingChange, Message};
use crate::outbox::Letter;

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

/// "3. december 2026" / "3 December 2026".
fn day(language: Language, date: NaiveDate) -> String {
    match language {
        Language::Da => {
            let month = MONTHS[date.month0() as usize];
            format!("{}. {month} {}", date.day(), date.year())
        }
        Language::En => date.format("%-d %B %Y").to_string(),
    }
}

/// "3. december 2026 kl. 14.05" / "3 December 2026 at 14:05", Danish time.
fn when(language: Language, at: DateTime<Utc>) -> String {
    let local = copenhagen_local(at);
    match language {
        Language::Da => format!(
            "{} kl. {}",
            day(language, local.date()),
            local.format("%H.%M")
        ),
        Language::En => format!(
            "{} at {}",
            day(language, local.date()),
            local.format("%H:%M")
        ),
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
        language,
        calendar: None,
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
        language,
        calendar: None,
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
        language,
        calendar: None,
    }
}

/// A notice (`services::notifications`) in the reader's language: the
/// subject is also the title in their list of notifications.
pub fn notice(language: Language, name: &str, message: &Message, link: &str) -> Letter {
    let da = language == Language::Da;
    let (subject, body) = match message {
        Message::RoundOpened {
            round,
            deadline,
            conversations,
        } => {
            let deadline = day(language, *deadline);
            match (da, conversations) {
                (true, None) => (
                    format!("Forbered din MUS: {round}"),
                    format!(
                        "{round} er åbnet. Du kan nu forberede din medarbejderudviklingssamtale \
                         med din leder.\n\nDel din forberedelse senest {deadline}. Det du skriver, \
                         er kun dit, indtil du selv deler det."
                    ),
                ),
                (true, Some(1)) => (
                    format!("{round} er åbnet: 1 samtale"),
                    format!(
                        "{round} er åbnet, og du har en samtale med din medarbejder.\n\n\
                         Forberedelserne skal deles senest {deadline}. Husk også din egen \
                         forberedelse, og aftal et tidspunkt for mødet."
                    ),
                ),
                (true, Some(n)) => (
                    format!("{round} er åbnet: {n} samtaler"),
                    format!(
                        "{round} er åbnet, og du har {n} samtaler med dine medarbejdere.\n\n\
                         Forberedelserne skal deles senest {deadline}. Husk også din egen \
                         forberedelse til hver samtale, og aftal tidspunkter for møderne."
                    ),
                ),
                (false, None) => (
                    format!("Prepare your development conversation: {round}"),
                    format!(
                        "{round} has opened. You can now prepare your development \
                         conversation with your manager.\n\nShare your preparation by \
                         {deadline}. What you write is yours alone until you share it."
                    ),
                ),
                (false, Some(1)) => (
                    format!("{round} has opened: 1 conversation"),
                    format!(
                        "{round} has opened, and you have a conversation with your report.\n\n\
                         Preparations are to be shared by {deadline}. Remember your own \
                         preparation, and set a time for the meeting."
                    ),
                ),
                (false, Some(n)) => (
                    format!("{round} has opened: {n} conversations"),
                    format!(
                        "{round} has opened, and you have {n} conversations with your \
                         reports.\n\nPreparations are to be shared by {deadline}. Remember your \
                         own preparation for each conversation, and set times for the meetings."
                    ),
                ),
            }
        }
        Message::PreparationDue {
            round,
            deadline,
            days,
            with,
        } => {
            let date = day(language, *deadline);
            let names = with.join(", ");
            if da {
                let left = match days {
                    0 => "i dag".to_owned(),
                    1 => "i morgen".to_owned(),
                    n => format!("om {n} dage"),
                };
                let what = match with.len() {
                    1 => format!("samtalen med {names}"),
                    n => format!("{n} samtaler ({names})"),
                };
                (
                    format!("Din forberedelse til {what} er ikke delt"),
                    format!(
                        "Fristen for at dele forberedelsen i {round} er {left}, {date}, og din \
                         forberedelse til {what} er ikke delt endnu."
                    ),
                )
            } else {
                let left = match days {
                    0 => "today".to_owned(),
                    1 => "tomorrow".to_owned(),
                    n => format!("in {n} days"),
                };
                let what = match with.len() {
                    1 => format!("the conversation with {names}"),
                    n => format!("{n} conversations ({names})"),
                };
                (
                    format!("Your preparation for {what} is not shared"),
                    format!(
                        "The deadline for sharing preparations in {round} is {left}, {date}, \
                         and your preparation for {what} is not shared yet."
                    ),
                )
            }
        }
        Message::Meeting {
            change,
            with,
            starts_at,
            ..
        } => {
            let at = when(language, *starts_at);
            match (da, change) {
                (true, MeetingChange::Set) => (
                    format!("MUS-samtale med {with}: {at}"),
                    format!(
                        "Mødet til jeres medarbejderudviklingssamtale er sat til {at} (dansk \
                         tid). Invitationen kan lægges direkte i din kalender."
                    ),
                ),
                (true, MeetingChange::Moved) => (
                    format!("MUS-samtale med {with} er flyttet: {at}"),
                    format!(
                        "Mødet til jeres medarbejderudviklingssamtale er flyttet til {at} \
                         (dansk tid). Kalenderen opdateres, når du tager imod invitationen."
                    ),
                ),
                (true, MeetingChange::Cancelled) => (
                    format!("MUS-samtale med {with} er aflyst"),
                    format!(
                        "Mødet til jeres medarbejderudviklingssamtale {at} er aflyst. Et nyt \
                         tidspunkt kommer som en ny invitation."
                    ),
                ),
                (false, MeetingChange::Set) => (
                    format!("Development conversation with {with}: {at}"),
                    format!(
                        "The meeting for your development conversation is set for {at} \
                         (Danish time). The invitation can go straight into your calendar."
                    ),
                ),
                (false, MeetingChange::Moved) => (
                    format!("Development conversation with {with} moved: {at}"),
                    format!(
                        "The meeting for your development conversation has moved to {at} \
                         (Danish time). Your calendar is updated when you accept the invitation."
                    ),
                ),
                (false, MeetingChange::Cancelled) => (
                    format!("Development conversation with {with} cancelled"),
                    format!(
                        "The meeting for your development conversation on {at} is cancelled. \
                         A new time will come as a new invitation."
                    ),
                ),
            }
        }
        Message::SignatureWaiting { with, days } => {
            if da {
                (
                    format!("Referatet fra samtalen med {with} venter på din underskrift"),
                    format!(
                        "{with} underskrev referatet for {days} dage siden. Læs det, og \
                         underskriv det, eller skriv, hvad du ikke er enig i."
                    ),
                )
            } else {
                (
                    format!("The summary of your conversation with {with} awaits your signature"),
                    format!(
                        "{with} signed the summary {days} days ago. Read it, and sign it, or \
                         say what you do not agree with."
                    ),
                )
            }
        }
        Message::CheckInDue {
            with,
            due_on,
            overdue,
        } => {
            let date = day(language, *due_on);
            match (da, overdue) {
                (true, false) => (
                    format!("Opfølgning med {with} {date}"),
                    format!(
                        "Den kvartalsvise opfølgning på jeres aftaler med {with} skal ske \
                         {date}. Se aftalernes status, og aftal en kort snak."
                    ),
                ),
                (true, true) => (
                    format!("Opfølgningen med {with} er overskredet"),
                    format!(
                        "Den kvartalsvise opfølgning på jeres aftaler med {with} skulle være \
                         sket {date} og er ikke gennemført endnu."
                    ),
                ),
                (false, false) => (
                    format!("Check-in with {with} on {date}"),
                    format!(
                        "The quarterly check-in on what you agreed with {with} is due on \
                         {date}. Look at where the agreements stand, and set a short talk."
                    ),
                ),
                (false, true) => (
                    format!("The check-in with {with} is overdue"),
                    format!(
                        "The quarterly check-in on what you agreed with {with} was due on \
                         {date} and has not been completed yet."
                    ),
                ),
            }
        }
        Message::AgreementsOverdue { count } => {
            if da {
                let what = if *count == 1 {
                    "1 aftale".to_owned()
                } else {
                    format!("{count} aftaler")
                };
                (
                    format!("{what} har passeret deres dato"),
                    format!(
                        "Du har {what}, der har passeret deres dato uden at være gennemført. \
                         Opdatér status, eller aftal en ny dato."
                    ),
                )
            } else {
                let what = if *count == 1 {
                    "1 agreement has".to_owned()
                } else {
                    format!("{count} agreements have")
                };
                (
                    format!("{what} passed its date"),
                    format!(
                        "{what} passed its date without being done. Update where it stands, \
                         or agree on a new date."
                    ),
                )
            }
        }
        Message::WeeklyDigest(digest) => digest_text(language, digest),
        // Its own letter, which links the access log.
        Message::ManagerChanged { manager } => {
            return manager_changed(language, name, manager.as_deref(), link);
        }
    };
    let text = if da {
        format!(
            "Kære {name}\n\n{body}\n\nSe mere her:\n{link}\n\n\
             Du kan vælge, hvilke mails du får, under Notifikationer i MUS.\n\n\
             Venlig hilsen\nMUS\n"
        )
    } else {
        format!(
            "Dear {name}\n\n{body}\n\nSee more here:\n{link}\n\n\
             You can choose which e-mails you receive under Notifications in MUS.\n\n\
             Kind regards\nMUS\n"
        )
    };
    let calendar = match message {
        Message::Meeting { invite, .. } => Some(invite.clone()),
        _ => None,
    };
    Letter {
        to_name: name.to_owned(),
        subject,
        text,
        language,
        calendar,
    }
}

fn digest_text(language: Language, digest: &Digest) -> (String, String) {
    let Digest {
        summaries_to_write,
        summaries_to_sign,
        check_ins_due,
        preparations_not_shared,
    } = *digest;
    let mut lines = Vec::new();
    if language == Language::Da {
        if summaries_to_write > 0 {
            lines.push(format!("- referater at skrive: {summaries_to_write}"));
        }
        if summaries_to_sign > 0 {
            lines.push(format!("- referater at underskrive: {summaries_to_sign}"));
        }
        if check_ins_due > 0 {
            lines.push(format!(
                "- opfølgninger denne uge eller overskredet: {check_ins_due}"
            ));
        }
        if preparations_not_shared > 0 {
            lines.push(format!(
                "- dine forberedelser, der ikke er delt, med frist inden for en uge: {preparations_not_shared}"
            ));
        }
        (
            "Din uge i MUS".to_owned(),
            format!("Det venter på dig i dit team:\n{}", lines.join("\n")),
        )
    } else {
        if summaries_to_write > 0 {
            lines.push(format!("- summaries to write: {summaries_to_write}"));
        }
        if summaries_to_sign > 0 {
            lines.push(format!("- summaries to sign: {summaries_to_sign}"));
        }
        if check_ins_due > 0 {
            lines.push(format!(
                "- check-ins due this week or overdue: {check_ins_due}"
            ));
        }
        if preparations_not_shared > 0 {
            lines.push(format!(
                "- your preparations not shared, due within a week: {preparations_not_shared}"
            ));
        }
        (
            "Your week in MUS".to_owned(),
            format!("Waiting for you in your team:\n{}", lines.join("\n")),
        )
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
