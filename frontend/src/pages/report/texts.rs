//! The words of the liaison committee's report, in Danish and English: one
//! `match` of `(da, en)` pairs, as in [`crate::i18n`].

use chrono::{DateTime, NaiveDate, Utc};

use crate::i18n::Lang;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    Intro,
    CountsOnly,
    Print,
    DownloadCsv,
    Department,
    Employees,
    Conversations,
    Held,
    Signed,
    Groups,
    GroupsSigned,
    WithPlan,
    CheckInsDue,
    CheckInsDone,
    Total,
    NoDepartment,
    TableCaption,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => (
            "Rapport til samarbejdsudvalget · MUS",
            "Report for the liaison committee · MUS",
        ),
        Heading => (
            "Rapport til samarbejdsudvalget",
            "Report for the liaison committee",
        ),
        Intro => (
            "Rundens brug af MUS pr. afdeling: hvor mange samtaler der er holdt og underskrevet, gruppesamtaler, udviklingsplaner og opfølgning.",
            "The round's use of MUS by department: how many conversations were held and signed, group conversations, development plans and follow-up.",
        ),
        CountsOnly => (
            "Kun tal: rapporten rummer aldrig, hvad nogen har skrevet.",
            "Counts only: the report never holds what anyone wrote.",
        ),
        Print => ("Udskriv rapporten", "Print the report"),
        DownloadCsv => ("Hent som CSV", "Download as CSV"),
        Department => ("Afdeling", "Department"),
        Employees => ("Medarbej\u{ad}dere", "Employees"),
        Conversations => ("Samtaler", "Conversations"),
        Held => ("Holdt", "Held"),
        Signed => ("Under\u{ad}skrevet", "Signed"),
        Groups => ("Gruppe\u{ad}samtaler", "Group conversations"),
        GroupsSigned => (
            "Gruppe\u{ad}referater under\u{ad}skrevet",
            "Group summaries signed",
        ),
        WithPlan => (
            "Med aktuel udviklings\u{ad}plan",
            "With a current development plan",
        ),
        CheckInsDue => ("Opfølg\u{ad}ninger til dato", "Check-ins due"),
        CheckInsDone => ("Opfølg\u{ad}ninger holdt", "Check-ins held"),
        Total => ("I alt", "Total"),
        NoDepartment => ("Uden afdeling", "No department"),
        TableCaption => (
            "Rundens tal pr. afdeling",
            "The round's figures by department",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// "Møder fra 1. marts 2027 til 15. april 2027 · dannet 3. marts 2027 kl. 10.15".
pub fn window_line(lang: Lang, from: NaiveDate, until: NaiveDate, at: DateTime<Utc>) -> String {
    let (from, until, at) = (
        time::date(lang, from),
        time::date(lang, until),
        time::moment(lang, at),
    );
    match lang {
        Lang::Da => format!("Møder fra {from} til {until} · dannet {at}"),
        Lang::En => format!("Meetings from {from} to {until} · made {at}"),
    }
}

/// The file name of the CSV download, from the round's name.
pub fn csv_name(round: &str) -> String {
    let slug: String = round
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("samarbejdsudvalg-{}.csv", slug.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_is_named_after_the_round() {
        assert_eq!(csv_name("MUS 2027"), "samarbejdsudvalg-mus-2027.csv");
    }
}
