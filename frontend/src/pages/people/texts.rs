//! The words of HR's people page, in Danish and English: one `match` of
//! `(da, en)` pairs, as in [`crate::i18n`].

use mus_domain::ImportReport;

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Heading,
    PeopleHeading,
    Search,
    Department,
    Role,
    All,
    Name,
    Email,
    Manager,
    Edit,
    Save,
    NewPerson,
    AddPerson,
    ImportHeading,
    ImportIntro,
    ImportCsv,
    ImportButton,
    ImportRefused,
    ShowImported,
    Departments,
    NewDepartment,
    AddDepartment,
    Invite,
    Inviting,
    Invited,
    InviteOnCreate,
    InviteOnImport,
    InviteHelp,
    NameNeeded,
    EmailInvalid,
    EmailTaken,
    ManagerInvalid,
    DepartmentInvalid,
}

pub fn tx(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (da, en) = match text {
        Title => ("Medarbejdere · MUS", "People · MUS"),
        Heading => ("Medarbejdere og afdelinger", "People and departments"),
        PeopleHeading => ("Alle i organisationen", "Everyone in the organisation"),
        Search => ("Søg på navn eller e-mail", "Search by name or e-mail"),
        Department => ("Afdeling", "Department"),
        Role => ("Rolle", "Role"),
        All => ("Alle", "All"),
        Name => ("Navn", "Name"),
        Email => ("E-mail", "E-mail"),
        NameNeeded => (
            "Skriv personens navn (højst {n} tegn).",
            "Write the person's name (at most {n} characters).",
        ),
        EmailInvalid => (
            "Skriv en gyldig e-mailadresse, fx navn@firma.dk.",
            "Write a valid e-mail address, e.g. name@company.com.",
        ),
        EmailTaken => (
            "Der findes allerede en person med denne e-mailadresse. Søg efter personen i listen.",
            "Someone with this e-mail address exists already. Search for them in the list.",
        ),
        ManagerInvalid => (
            "Vælg en anden leder: denne kan ikke være personens leder.",
            "Choose another manager: this one cannot be the person's manager.",
        ),
        DepartmentInvalid => (
            "Vælg en afdeling fra listen.",
            "Choose a department from the list.",
        ),
        Manager => ("Nærmeste leder", "Nearest manager"),
        Edit => ("Ret", "Edit"),
        Save => ("Gem", "Save"),
        NewPerson => ("Tilføj en person", "Add a person"),
        AddPerson => ("Tilføj", "Add"),
        ImportHeading => ("Importér fra CSV", "Import from CSV"),
        ImportIntro => (
            "Kolonner: email, name, department, manager_email, role (eller på dansk: e-mail, navn, afdeling, leder, rolle). Alt eller intet: ved én fejl ændres ingenting. En ny import af samme fil ændrer ingenting.",
            "Columns: email, name, department, manager_email, role (or in Danish: e-mail, navn, afdeling, leder, rolle). All or nothing: one error changes nothing. Importing the same file again changes nothing.",
        ),
        ImportCsv => ("CSV-indhold", "CSV content"),
        ImportButton => ("Importér", "Import"),
        ImportRefused => (
            "Intet er importeret. Ret disse linjer og prøv igen:",
            "Nothing was imported. Correct these lines and try again:",
        ),
        ShowImported => ("Vis de importerede", "Show the imported people"),
        Departments => ("Afdelinger", "Departments"),
        NewDepartment => ("Ny afdeling", "New department"),
        AddDepartment => ("Opret afdeling", "Create department"),
        Invite => ("Send invitation", "Send invitation"),
        Inviting => ("Sender …", "Sending …"),
        Invited => (
            "Invitation sendt til personens egen mail",
            "Invitation sent to the person's own mailbox",
        ),
        InviteOnCreate => (
            "Send en invitation til personens mail med det samme",
            "Send an invitation to the person's mailbox right away",
        ),
        InviteOnImport => (
            "Send en invitation til hver ny person",
            "Send an invitation to each new person",
        ),
        InviteHelp => (
            "Personen vælger selv sin adgangskode via et link, der virker i 72 timer. Ingen andre ser linket eller adgangskoden.",
            "The person chooses their own password through a link that works for 72 hours. Nobody else sees the link or the password.",
        ),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub fn showing(lang: Lang, shown: usize, of: usize) -> String {
    match lang {
        Lang::Da => format!("Viser {shown} af {of}"),
        Lang::En => format!("Showing {shown} of {of}"),
    }
}

pub fn people(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Da, 1) => "1 person".into(),
        (Lang::Da, n) => format!("{n} personer"),
        (Lang::En, 1) => "1 person".into(),
        (Lang::En, n) => format!("{n} people"),
    }
}

pub fn import_report(lang: Lang, report: &ImportReport) -> String {
    let ImportReport {
        created,
        updated,
        unchanged,
        departments_created,
        invited,
    } = *report;
    match lang {
        Lang::Da => format!(
            "Importeret: {created} nye, {updated} ændrede, {unchanged} uændrede; {departments_created} nye afdelinger; {invited} invitationer sendt."
        ),
        Lang::En => format!(
            "Imported: {created} new, {updated} changed, {unchanged} unchanged; {departments_created} new departments; {invited} invitations sent."
        ),
    }
}

/// "Linje 4, email: …" for a refused line of the file.
pub fn import_line(lang: Lang, line: &str, column: Option<&str>, message: &str) -> String {
    let word = match lang {
        Lang::Da => "Linje",
        Lang::En => "Line",
    };
    match column {
        Some(column) => format!("{word} {line}, {column}: {message}"),
        None => format!("{word} {line}: {message}"),
    }
}

/// Said once a person is added.
pub fn person_added(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("{name} er tilføjet."),
        Lang::En => format!("{name} is added."),
    }
}
