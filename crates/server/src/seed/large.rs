//! A large organisation of any size, with years of conversations behind
//! it, for measuring MUS at scale (`mus seed --large N`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use mus_domain::agreements::{check_in_schedule, danish_date};
use mus_domain::{
    AgreementCategory, AgreementDraft, AgreementId, AgreementOwner, AgreementStatus, Answer,
    Answerer, Assessment, CheckInEntry, ConversationEvent, ConversationState, Party, QuestionKind,
    ReviewDecision, Role, SeenNotAgreed, SeenNotAgreedComment, Signature, SignatureRecord,
    SummaryContent, SummaryVersion, TemplateContent,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use super::demo::{DEMO_PASSWORD, demo_email};
use crate::error::AppError;
use crate::services::summary;
use crate::store::entities::{
    agreement, agreement_review, check_in, conversation, department, development_goal, preparation,
    round, summary_version, template, user,
};
/// Where the large organisation's people have their e-mail.
pub const LARGE_DOMAIN: &str = "storaa.example";

/// Rows per `INSERT`: keeps every statement well inside SQLite's limit on
/// bound parameters (14 columns × 500 rows = 7,000).
const LARGE_BATCH: usize = 500;
/// The smallest organisation that still has the promised shape.
pub const LARGE_MIN_PEOPLE: usize = 50;
/// The team of the manager whose login is printed.
pub const LARGE_FULL_TEAM: usize = 25;
const SMALLEST_TEAM: usize = 3;

const FIRST_NAMES: &[&str] = &[
    "Anne",
    "Bent",
    "Camilla",
    "Dorthe",
    "Emil",
    "Frederik",
    "Gitte",
    "Hans",
    "Ida",
    "Jakob",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Ole",
    "Pia",
    "Rasmus",
    "Sofie",
    "Thomas",
    "Ulla",
    "Vibeke",
    "William",
    "Yvonne",
    "Åse",
    "Anders",
    "Birgitte",
    "Christian",
    "Ditte",
    "Erik",
    "Freja",
    "Gustav",
    "Helle",
    "Ib",
    "Jonas",
    "Kirsten",
    "Lone",
    "Magnus",
    "Nanna",
    "Oscar",
    "Pernille",
    "Rikke",
    "Søren",
    "Tove",
    "Ulrik",
    "Victor",
    "Marianne",
    "Jens",
    "Lene",
    "Mads",
    "Hanne",
    "Peter",
    "Louise",
    "Michael",
    "Maja",
    "Henrik",
    "Julie",
    "Morten",
    "Line",
    "Kasper",
    "Ida Marie",
];

const LAST_NAMES: &[&str] = &[
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Eriksen",
    "Holm",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Østergaard",
    "Jeppesen",
    "Vestergaard",
    "Nissen",
    "Lauridsen",
    "Kjær",
    "Jespersen",
    "Mogensen",
    "Nørgaard",
    "Bach",
    "Dahl",
    "Bøgh",
    "Ærø",
    "Skov",
];

const UNITS: &[&str] = &[
    "Borgerservice",
    "Teknik og Miljø",
    "Skole og Dagtilbud",
    "Ældre og Sundhed",
    "Kultur og Fritid",
    "Jobcenter",
    "Social og Handicap",
    "Økonomi",
    "IT og Digitalisering",
    "Plan og Byg",
    "Vej og Park",
    "Børn og Familie",
    "Hjemmeplejen",
    "Sundhedsplejen",
    "Ungdomsskolen",
    "Biblioteket",
    "Rengøring og Service",
    "Beredskab",
    "Forsyning",
    "Sekretariatet",
];
const AREAS: &[&str] = &["Nord", "Syd", "Øst", "Vest", "Centrum", "Havnen", "Land"];
const LEADERSHIP: &str = "Direktionen";
const HR_UNIT: &str = "HR og Løn";

/// Agreement titles by category.
const TITLES: &[(AgreementCategory, &[&str])] = &[
    (
        AgreementCategory::CourseEducation,
        &[
            "Kursus i projektledelse",
            "Diplomuddannelse i ledelse, første modul",
            "Excel for øvede",
            "Kursus i konflikthåndtering",
            "Førstehjælp, genopfrisknng",
            "Akademiuddannelse i offentlig forvaltning",
            "Kursus i klarsprog",
        ],
    ),
    (
        AgreementCategory::TaskProject,
        &[
            "Tovholder på digitaliseringsprojektet",
            "Ny opgave med budgetopfølgning",
            "Deltage i arbejdsgruppen om ny hjemmeside",
        ],
    ),
    (
        AgreementCategory::Collaboration,
        &[
            "Fast sparring med en kollega fra Økonomi",
            "Bedre overlevering mellem vagtholdene",
        ],
    ),
    (
        AgreementCategory::WayOfWorking,
        &["To faste hjemmearbejdsdage", "Færre møder om formiddagen"],
    ),
    (
        AgreementCategory::Rotation,
        &["Tre måneders rotation til Borgerservice"],
    ),
    (
        AgreementCategory::WellBeing,
        &[
            "Aftale om nedsat tid i en periode",
            "Ergonomisk arbejdsplads",
        ],
    ),
    (AgreementCategory::Other, &["Mentorordning for nyansatte"]),
];

const LOCATIONS: &[&str] = &[
    "Mødelokale 1",
    "Mødelokale 2",
    "Lederens kontor",
    "Online (Teams)",
];

/// A small, fixed pseudo-random sequence (SplitMix64), so that the same N
/// always gives the same organisation.
#[derive(Debug)]
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    /// A number in `from..=to`.
    fn between(&mut self, from: usize, to: usize) -> usize {
        from + self.below(to - from + 1)
    }

    /// True `percent` times in a hundred.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(
            (u128::from(self.next()) << 64 | u128::from(self.next())).to_le_bytes(),
        )
        .into_uuid()
    }
}

/// What `mus seed --large` made, and who to sign in as.
#[derive(Debug, Clone)]
pub struct LargeSeed {
    pub people: usize,
    pub departments: usize,
    pub managers: usize,
    pub rounds: usize,
    pub conversations: usize,
    pub preparations: usize,
    pub summary_versions: usize,
    pub agreements: usize,
    pub agreement_reviews: usize,
    pub check_ins: usize,
    /// Development goals added between conversations.
    pub development_goals: usize,
    /// The round the dashboards show.
    pub current_round: Uuid,
    /// A manager with [`LARGE_FULL_TEAM`] direct reports.
    pub manager: LargeLogin,
    /// One of that manager's reports.
    pub employee: LargeLogin,
    pub hr_admin: LargeLogin,
    pub elapsed: std::time::Duration,
}

#[derive(Debug, Clone)]
pub struct LargeLogin {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

/// One person of the large organisation, before it is stored.
struct Member {
    id: Uuid,
    name: String,
    role: Role,
    manager: Option<usize>,
    department: usize,
    /// Joined this year: no earlier conversations.
    new_hire: bool,
}

/// How the organisation is laid out: counts per level.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    hr_admins: usize,
    areas: usize,
    heads: usize,
    /// Direct reports of each team leader; the first is a full team.
    teams: Vec<usize>,
}

impl Shape {
    fn of(people: usize, dice: &mut Dice) -> Result<Shape, AppError> {
        if people < LARGE_MIN_PEOPLE {
            return Err(AppError::BadRequest {
                code: mus_domain::ErrorCode::InvalidParameter,
                detail: format!("a large organisation has at least {LARGE_MIN_PEOPLE} people"),
            });
        }
        let hr_admins = (people / 2500).max(1);
        let leaders = ((people - 1 - hr_admins) / 16).max(1);
        let heads = leaders.div_ceil(15).max(2);
        let areas = if heads + hr_admins > 20 {
            heads.div_ceil(15)
        } else {
            0
        };
        let employees = people - 1 - hr_admins - areas - heads - leaders;
        let mut teams: Vec<usize> = (0..leaders)
            .map(|i| {
                if i == 0 {
                    LARGE_FULL_TEAM
                } else {
                    dice.between(SMALLEST_TEAM, LARGE_FULL_TEAM)
                }
            })
            .collect();
        let mut total: usize = teams.iter().sum();
        // Grow or shrink teams other than the first until everyone has one.
        while total != employees {
            let i = 1 + dice.below(leaders - 1);
            if total > employees && teams[i] > SMALLEST_TEAM {
                teams[i] -= 1;
                total -= 1;
            } else if total < employees && teams[i] < LARGE_FULL_TEAM {
                teams[i] += 1;
                total += 1;
            }
        }
        Ok(Shape {
            hr_admins,
            areas,
            heads,
            teams,
        })
    }
}

fn large_email(name: &str, index: usize) -> String {
    let local = demo_email(name);
    let local = local.split('@').next().unwrap_or_default();
    format!("{local}.{index:05}@{LARGE_DOMAIN}")
}

fn department_names(heads: usize) -> Vec<String> {
    let mut names = vec![LEADERSHIP.to_owned(), HR_UNIT.to_owned()];
    for i in 0..heads {
        let unit = UNITS[i % UNITS.len()];
        names.push(match i / UNITS.len() {
            0 => unit.to_owned(),
            n if n <= AREAS.len() => format!("{unit} {}", AREAS[n - 1]),
            n => format!("{unit} {n}"),
        });
    }
    names
}

/// The people, managers before their reports.
fn organisation(people: usize, dice: &mut Dice) -> Result<(Vec<Member>, usize), AppError> {
    let shape = Shape::of(people, dice)?;
    let mut members: Vec<Member> = Vec::with_capacity(people);
    let mut add = |dice: &mut Dice, role, manager, department| {
        let name = format!("{} {}", dice.pick(FIRST_NAMES), dice.pick(LAST_NAMES));
        members.push(Member {
            id: dice.uuid(),
            name,
            role,
            manager,
            department,
            new_hire: role == Role::Employee && dice.percent(5),
        });
        members.len() - 1
    };
    let director = add(dice, Role::Manager, None, 0);
    let areas: Vec<usize> = (0..shape.areas)
        .map(|_| add(dice, Role::Manager, Some(director), 0))
        .collect();
    let heads: Vec<usize> = (0..shape.heads)
        .map(|i| {
            let above = if areas.is_empty() {
                director
            } else {
                areas[i * areas.len() / shape.heads]
            };
            add(dice, Role::Manager, Some(above), 2 + i)
        })
        .collect();
    let leaders: Vec<usize> = (0..shape.teams.len())
        .map(|i| {
            let head = i * shape.heads / shape.teams.len();
            add(dice, Role::Manager, Some(heads[head]), 2 + head)
        })
        .collect();
    for _ in 0..shape.hr_admins {
        add(dice, Role::HrAdmin, Some(director), 1);
    }
    for (team, &size) in shape.teams.iter().enumerate() {
        let leader = leaders[team];
        let department = 2 + team * shape.heads / shape.teams.len();
        for _ in 0..size {
            add(dice, Role::Employee, Some(leader), department);
        }
    }
    Ok((members, shape.heads + 2))
}

/// The rows of one table, built in memory and inserted in batches.
#[derive(Default)]
struct Rows {
    conversations: Vec<conversation::Model>,
    preparations: Vec<preparation::Model>,
    summaries: Vec<summary_version::Model>,
    agreements: Vec<agreement::Model>,
    reviews: Vec<agreement_review::Model>,
    check_ins: Vec<check_in::Model>,
}

/// How far a conversation has come when the seed leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Planned,
    Preparing,
    Ready,
    Held,
    Drafted,
    AwaitingEmployee,
    Signed,
    Cancelled,
}

impl Stage {
    fn current(dice: &mut Dice) -> Stage {
        match dice.below(100) {
            0..25 => Stage::Planned,
            25..50 => Stage::Preparing,
            50..60 => Stage::Ready,
            60..70 => Stage::Held,
            70..80 => Stage::Drafted,
            80..85 => Stage::AwaitingEmployee,
            85..98 => Stage::Signed,
            _ => Stage::Cancelled,
        }
    }

    fn past(dice: &mut Dice) -> Stage {
        match dice.below(100) {
            0..93 => Stage::Signed,
            93..95 => Stage::AwaitingEmployee,
            95..97 => Stage::Drafted,
            _ => Stage::Cancelled,
        }
    }
}

/// One round's dates, `years_ago` before the current one.
struct RoundPlan {
    model: round::Model,
    /// Latest possible meeting: today for the current round.
    last_meeting: NaiveDate,
}

fn round_plan(template: Uuid, today: NaiveDate, years_ago: u32, dice: &mut Dice) -> RoundPlan {
    let shift = |date: NaiveDate| {
        date.checked_sub_months(chrono::Months::new(12 * years_ago))
            .unwrap_or(date)
    };
    let opened = shift(today - chrono::Duration::days(21));
    let meetings_from = shift(today - chrono::Duration::days(14));
    let meetings_until = shift(today + chrono::Duration::days(45));
    let created_at = at(opened, 8);
    RoundPlan {
        model: round::Model {
            id: dice.uuid(),
            name: format!("MUS {}", meetings_from.year()),
            template_id: template,
            format: mus_domain::RoundFormat::Individual.as_str().into(),
            group_template_id: None,
            preparation_deadline: shift(today + chrono::Duration::days(7)),
            meetings_from,
            meetings_until,
            departments: "[]".into(),
            simultaneous_reveal: false,
            reminder_days: "[7,1]".into(),
            created_at,
            updated_at: created_at,
        },
        last_meeting: if years_ago == 0 {
            today - chrono::Duration::days(1)
        } else {
            meetings_until
        },
    }
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

/// Answers to the text questions of `side` in the form.
fn answers_for(form: &TemplateContent, side: Party, dice: &mut Dice) -> String {
    const TEXTS: &[&str] = &[
        "Det går godt, og jeg er glad for opgaverne.",
        "Travlt i perioder, men en god stemning i teamet.",
        "Jeg vil gerne lære mere om projektledelse.",
        "Mere tid til fordybelse ville hjælpe.",
        "Samarbejdet med de andre afdelinger kan blive bedre.",
    ];
    let answers: BTreeMap<String, Answer> = form
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| {
            matches!(
                (q.answered_by, side),
                (Answerer::Both, _)
                    | (Answerer::Employee, Party::Employee)
                    | (Answerer::Manager, Party::Manager)
            ) && q.kind == QuestionKind::Text
        })
        .map(|q| (q.key.clone(), Answer::Text((*dice.pick(TEXTS)).to_owned())))
        .collect();
    serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into())
}

/// Plays `events` through the domain's state machine, as the server would.
fn play(events: &[ConversationEvent]) -> Result<ConversationState, AppError> {
    events
        .iter()
        .try_fold(ConversationState::new(), |state, event| {
            state.apply(event).map_err(|e| {
                AppError::Internal(anyhow::anyhow!("seed event {}: {e}", event.name()))
            })
        })
}

/// The agreements of the employee's last signed conversation (indices into
/// `Rows::agreements`), which the next round reviews.
struct LastSigned {
    agreements: Vec<usize>,
}

struct Generator<'a> {
    dice: Dice,
    today: NaiveDate,
    form: &'a TemplateContent,
    rows: Rows,
    last_signed: HashMap<Uuid, LastSigned>,
}

impl Generator<'_> {
    fn conversation(
        &mut self,
        plan: &RoundPlan,
        employee: &Member,
        manager: &Member,
        stage: Stage,
    ) -> Result<(), AppError> {
        use ConversationEvent as E;
        let round = &plan.model;
        let id = self.dice.uuid();
        let opened = round.created_at;
        let window = (plan.last_meeting - round.meetings_from).num_days().max(1);
        let meeting_day =
            round.meetings_from + chrono::Duration::days(self.dice.below(window as usize) as i64);
        let meeting = at(
            meeting_day,
            u32::try_from(self.dice.between(8, 14)).unwrap_or(9),
        );
        let mut events = Vec::new();
        let (mut employee_saved, mut manager_saved) = (false, false);
        let (mut employee_shared, mut manager_shared) = (false, false);
        let mut scheduled = false;
        let held = matches!(
            stage,
            Stage::Held | Stage::Drafted | Stage::AwaitingEmployee | Stage::Signed
        );
        match stage {
            Stage::Planned => {}
            Stage::Preparing => {
                employee_saved = true;
                manager_saved = self.dice.percent(50);
                employee_shared = self.dice.percent(40);
            }
            Stage::Cancelled => employee_saved = self.dice.percent(30),
            _ => {
                employee_saved = true;
                manager_saved = true;
                employee_shared = true;
                manager_shared = !held || self.dice.percent(90);
            }
        }
        if employee_saved {
            events.push(E::PreparationSaved {
                by: Party::Employee,
            });
        }
        if manager_saved {
            events.push(E::PreparationSaved { by: Party::Manager });
        }
        if employee_shared {
            events.push(E::PreparationShared {
                by: Party::Employee,
            });
        }
        if manager_shared {
            events.push(E::PreparationShared { by: Party::Manager });
        }
        if held || (stage == Stage::Ready && self.dice.percent(70)) {
            scheduled = true;
            events.push(E::MeetingScheduled);
        }
        if held {
            events.push(E::MeetingHeld);
        }
        if stage == Stage::Cancelled {
            events.push(E::Cancelled);
        }
        let mut signed_at = None;
        let mut updated_at = if held { meeting } else { opened };
        if matches!(
            stage,
            Stage::Drafted | Stage::AwaitingEmployee | Stage::Signed
        ) {
            let written = meeting + chrono::Duration::hours(2);
            let signed = written + chrono::Duration::days(self.dice.between(1, 6) as i64);
            let content = self.summary(
                id,
                (employee.id, manager.id),
                meeting_day,
                stage == Stage::Signed,
            );
            let stored = serde_json::to_string(&content)?;
            let hash = summary::hash_stored(&stored)?;
            events.push(E::SummaryEdited {
                content_hash: hash.clone(),
            });
            let mut records = Vec::new();
            if stage != Stage::Drafted {
                events.push(E::Signed(Signature::agreed(
                    Party::Manager,
                    SummaryVersion::FIRST,
                    hash.clone(),
                )));
                records.push(SignatureRecord {
                    by: Party::Manager,
                    signer: manager.id.into(),
                    signed_at: signed - chrono::Duration::hours(20),
                    seen_not_agreed: None,
                });
            }
            if stage == Stage::Signed {
                let seen_not_agreed = self.dice.percent(4).then(|| SeenNotAgreed {
                    comment: SeenNotAgreedComment::parse(
                        "Jeg er ikke enig i vurderingen af samarbejdet i teamet.",
                    )
                    .expect("a valid comment"),
                });
                let signature = match &seen_not_agreed {
                    Some(s) => Signature::seen_not_agreed(
                        SummaryVersion::FIRST,
                        hash.clone(),
                        s.comment.clone(),
                    ),
                    None => Signature::agreed(Party::Employee, SummaryVersion::FIRST, hash.clone()),
                };
                events.push(E::Signed(signature));
                records.push(SignatureRecord {
                    by: Party::Employee,
                    signer: employee.id.into(),
                    signed_at: signed,
                    seen_not_agreed,
                });
                signed_at = Some(signed);
            }
            updated_at = records.last().map_or(written, |r| r.signed_at);
            self.rows.summaries.push(summary_version::Model {
                id: self.dice.uuid(),
                conversation_id: id,
                version: 1,
                revision: i32::try_from(self.dice.between(1, 5)).unwrap_or(1),
                content: stored,
                content_hash: hash.to_string(),
                signatures: serde_json::to_string(&records)?,
                updated_by: Some(manager.id),
                created_at: written,
                updated_at: written,
            });
        }
        let state = play(&events)?;
        for (side, saved, shared) in [
            (Party::Employee, employee_saved, employee_shared),
            (Party::Manager, manager_saved, manager_shared),
        ] {
            if !saved {
                continue;
            }
            let written = opened + chrono::Duration::days(self.dice.between(1, 10) as i64);
            self.rows.preparations.push(preparation::Model {
                id: self.dice.uuid(),
                conversation_id: id,
                side: side.as_str().to_owned(),
                answers: answers_for(self.form, side, &mut self.dice),
                version: i32::try_from(self.dice.between(1, 12)).unwrap_or(1),
                shared_at: shared.then_some(written + chrono::Duration::hours(1)),
                author_id: Some(match side {
                    Party::Employee => employee.id,
                    Party::Manager => manager.id,
                }),
                created_at: written - chrono::Duration::hours(1),
                updated_at: written,
            });
        }
        self.rows.conversations.push(conversation::Model {
            id,
            round_id: round.id,
            employee_id: employee.id,
            manager_id: manager.id,
            department_id: None,
            status: state.status().as_str().to_owned(),
            state: serde_json::to_string(&state.snapshot())?,
            meeting_starts_at: scheduled.then_some(meeting),
            meeting_minutes: scheduled.then_some(60),
            meeting_location: scheduled.then(|| (*self.dice.pick(LOCATIONS)).to_owned()),
            signed_at,
            created_at: opened,
            updated_at,
        });
        if let Some(signed) = signed_at {
            self.follow_up(id, employee.id, manager.id, signed)?;
        }
        Ok(())
    }

    /// The summary: last year's agreements reviewed (some carried over), a
    /// few new ones, the assessment and feedback.
    fn summary(
        &mut self,
        conversation: Uuid,
        (employee, manager): (Uuid, Uuid),
        meeting: NaiveDate,
        signed: bool,
    ) -> SummaryContent {
        let mut drafts = Vec::new();
        // Last year's agreements, settled by this conversation's reviews once
        // it is signed; until then they stay the ones to review.
        if let Some(last) = self.last_signed.remove(&employee) {
            for &index in &last.agreements {
                let decision = match self.dice.below(100) {
                    0..55 => Some(ReviewDecision::Done),
                    55..75 => Some(ReviewDecision::CarryOver),
                    75..90 => Some(ReviewDecision::Drop),
                    _ => None,
                };
                let Some(decision) = decision else { continue };
                let old = &self.rows.agreements[index];
                let old_id = old.id;
                for (side, by) in [(Party::Employee, employee), (Party::Manager, manager)] {
                    self.rows.reviews.push(agreement_review::Model {
                        id: self.dice.uuid(),
                        conversation_id: conversation,
                        agreement_id: old_id,
                        side: side.as_str().to_owned(),
                        decision: decision.as_str().to_owned(),
                        updated_by: by,
                        updated_at: at(meeting, 7),
                    });
                }
                if !signed {
                    continue;
                }
                let category =
                    AgreementCategory::parse(&old.category).unwrap_or(AgreementCategory::Other);
                let (title, description) = (old.title.clone(), old.description.clone());
                let old = &mut self.rows.agreements[index];
                match decision {
                    ReviewDecision::Done => old.status = AgreementStatus::Done.as_str().into(),
                    ReviewDecision::Drop => old.status = AgreementStatus::Dropped.as_str().into(),
                    ReviewDecision::CarryOver => {
                        let new = AgreementId::new();
                        old.carried_into = Some(new.0);
                        drafts.push(AgreementDraft {
                            id: Some(new),
                            title,
                            description,
                            owner: AgreementOwner::Employee,
                            category,
                            due_on: None,
                            origin: Some(AgreementId::from(old_id)),
                        });
                    }
                }
            }
            if !signed {
                self.last_signed.insert(employee, last);
            }
        }
        for _ in 0..self.dice.between(1, 4) {
            let (category, titles) = if self.dice.percent(35) {
                TITLES[0]
            } else {
                *self.dice.pick(TITLES)
            };
            drafts.push(AgreementDraft {
                id: Some(AgreementId::new()),
                title: (*self.dice.pick(titles)).to_owned(),
                description: "Aftalt ved MUS-samtalen.".into(),
                owner: *self.dice.pick(&[
                    AgreementOwner::Employee,
                    AgreementOwner::Manager,
                    AgreementOwner::Both,
                ]),
                category,
                due_on: None,
                origin: None,
            });
        }
        for draft in &mut drafts {
            let months = u32::try_from(self.dice.between(2, 12)).unwrap_or(6);
            draft.due_on = meeting.checked_add_months(chrono::Months::new(months));
        }
        SummaryContent {
            agreements: drafts,
            decisions: "Vi holder opfølgning hvert kvartal.".into(),
            assessment: Assessment {
                performance: "Løser opgaverne sikkert og til tiden.".into(),
                strengths: "Overblik og godt samarbejde.".into(),
                areas_to_develop: "At sige fra i travle perioder.".into(),
            },
            employee_feedback: "Tak for en god og ærlig samtale.".into(),
        }
    }

    /// A signed summary's agreements and quarterly check-ins.
    fn follow_up(
        &mut self,
        conversation: Uuid,
        employee: Uuid,
        manager: Uuid,
        signed: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let summary = self
            .rows
            .summaries
            .last()
            .filter(|s| s.conversation_id == conversation)
            .ok_or_else(|| anyhow::anyhow!("a signed conversation without a summary"))?;
        let content: SummaryContent = serde_json::from_str(&summary.content)?;
        let mut indices = Vec::new();
        for draft in &content.agreements {
            let due = draft.due_on;
            let status = match self.dice.below(100) {
                0..35 => AgreementStatus::Open,
                35..65 => AgreementStatus::InProgress,
                65..90 => AgreementStatus::Done,
                _ => AgreementStatus::Dropped,
            };
            indices.push(self.rows.agreements.len());
            self.rows.agreements.push(agreement::Model {
                id: draft.id.map_or_else(Uuid::new_v4, |id| id.0),
                conversation_id: conversation,
                employee_id: employee,
                title: draft.title.clone(),
                description: draft.description.clone(),
                owner: draft.owner.as_str().to_owned(),
                category: draft.category.as_str().to_owned(),
                due_on: due,
                status: status.as_str().to_owned(),
                note: if status == AgreementStatus::InProgress {
                    "Godt i gang.".into()
                } else {
                    String::new()
                },
                origin_id: draft.origin.map(|o| o.0),
                carried_into: None,
                created_at: signed,
                updated_at: signed,
            });
        }
        for (months, due_on) in check_in_schedule(danish_date(signed)) {
            let done = due_on < self.today && self.dice.percent(85);
            let entries: Vec<CheckInEntry> = if done {
                content
                    .agreements
                    .iter()
                    .filter_map(|a| a.id)
                    .map(|agreement_id| CheckInEntry {
                        agreement_id,
                        status: AgreementStatus::InProgress,
                        note: "Status gennemgået.".into(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            self.rows.check_ins.push(check_in::Model {
                id: self.dice.uuid(),
                conversation_id: conversation,
                employee_id: employee,
                months_after: i32::try_from(months).unwrap_or(i32::MAX),
                due_on,
                completed_at: done.then(|| at(due_on, 10)),
                completed_by: done.then_some(manager),
                entries: serde_json::to_string(&entries)?,
            });
        }
        self.last_signed.insert(
            employee,
            LastSigned {
                agreements: indices,
            },
        );
        Ok(())
    }
}

/// Inserts `rows` in batches of [`LARGE_BATCH`].
async fn insert_batched<M, A>(db: &impl ConnectionTrait, rows: Vec<M>) -> Result<(), AppError>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows
            .by_ref()
            .take(LARGE_BATCH)
            .map(IntoActiveModel::into_active_model)
            .collect();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Creates an organisation of `people` people (see the module's `LargeSeed`)
/// in one transaction: departments, a management hierarchy with teams of
/// 3–25, HR, three past rounds with signed summaries, agreements and
/// check-ins, and a current round under way. Refuses a database that
/// already holds one.
pub async fn large(db: &DatabaseConnection, people: usize) -> Result<LargeSeed, AppError> {
    let started = std::time::Instant::now();
    let mut dice = Dice(0x4D55_5320_0000_0000 ^ people as u64);
    let (members, departments) = organisation(people, &mut dice)?;
    let already = user::Entity::find()
        .filter(user::Column::Email.like(format!("%@{LARGE_DOMAIN}")))
        .one(db)
        .await?;
    if already.is_some() {
        return Err(AppError::Conflict(
            "this database already holds a large organisation; seed a fresh one".into(),
        ));
    }
    crate::services::forms::ensure_shipped(db).await?;
    let template = template::Entity::find()
        .filter(template::Column::Shipped.eq("classic-da"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the classic form is not installed"))?;
    let form = crate::services::forms::get(db, template.id.into())
        .await?
        .content;
    // One hash for everyone: argon2 on ten thousand passwords would take minutes.
    let password_hash = crate::auth::hash_password(
        DEMO_PASSWORD.to_owned(),
        crate::auth::password::Wait::Unbounded,
    )
    .await?;
    let now = Utc::now();
    let today = danish_date(now);

    let department_rows: Vec<department::Model> = department_names(departments - 2)
        .into_iter()
        .map(|name| department::Model {
            id: dice.uuid(),
            name,
            created_at: now,
        })
        .collect();
    let user_rows: Vec<user::Model> = members
        .iter()
        .enumerate()
        .map(|(i, m)| user::Model {
            id: m.id,
            email: large_email(&m.name, i),
            name: m.name.clone(),
            role: m.role.as_str().to_owned(),
            manager_id: m.manager.map(|i| members[i].id),
            department_id: Some(department_rows[m.department].id),
            password_hash: password_hash.clone(),
            left_on: None,
            language: "da".into(),
            oidc_issuer: None,
            oidc_subject: None,
            external_id: None,
            deprovisioned_at: None,
            created_at: now,
            updated_at: now,
        })
        .collect();
    let login = |i: usize| LargeLogin {
        id: user_rows[i].id,
        name: user_rows[i].name.clone(),
        email: user_rows[i].email.clone(),
    };
    let full_team = members
        .iter()
        .position(|m| {
            m.role == Role::Manager
                && members
                    .iter()
                    .filter(|r| r.manager.is_some_and(|i| members[i].id == m.id))
                    .count()
                    == LARGE_FULL_TEAM
        })
        .ok_or_else(|| anyhow::anyhow!("no full team"))?;
    let manager = login(full_team);
    let employee = login(
        members
            .iter()
            .position(|m| m.manager == Some(full_team))
            .ok_or_else(|| anyhow::anyhow!("an empty full team"))?,
    );
    let hr_admin = login(
        members
            .iter()
            .position(|m| m.role == Role::HrAdmin)
            .ok_or_else(|| anyhow::anyhow!("no HR"))?,
    );

    let plans: Vec<RoundPlan> = [3, 2, 1, 0]
        .into_iter()
        .map(|years_ago| round_plan(template.id, today, years_ago, &mut dice))
        .collect();
    let mut generator = Generator {
        dice,
        today,
        form: &form,
        rows: Rows::default(),
        last_signed: HashMap::new(),
    };
    for (n, plan) in plans.iter().enumerate() {
        let current = n + 1 == plans.len();
        for member in &members {
            let Some(manager) = member.manager else {
                continue;
            };
            if member.new_hire && !current {
                continue;
            }
            let stage = if current {
                Stage::current(&mut generator.dice)
            } else {
                Stage::past(&mut generator.dice)
            };
            generator.conversation(plan, member, &members[manager], stage)?;
        }
    }
    let mut rows = generator.rows;
    let department_of: HashMap<Uuid, Uuid> = user_rows
        .iter()
        .filter_map(|u| Some((u.id, u.department_id?)))
        .collect();
    for row in &mut rows.conversations {
        row.department_id = department_of.get(&row.employee_id).copied();
    }
    let goals = development_goals(&members, &mut generator_dice(&rows), today);
    let seeded = LargeSeed {
        people: user_rows.len(),
        departments: department_rows.len(),
        managers: members.iter().filter(|m| m.role == Role::Manager).count(),
        rounds: plans.len(),
        conversations: rows.conversations.len(),
        preparations: rows.preparations.len(),
        summary_versions: rows.summaries.len(),
        agreements: rows.agreements.len(),
        agreement_reviews: rows.reviews.len(),
        check_ins: rows.check_ins.len(),
        development_goals: goals.len(),
        current_round: plans.last().map_or(Uuid::nil(), |p| p.model.id),
        manager,
        employee,
        hr_admin,
        elapsed: std::time::Duration::ZERO,
    };

    let (_turn, txn) = crate::store::begin_write(db).await?;
    crate::services::forms::freeze(&txn, template.id.into()).await?;
    insert_batched(&txn, department_rows).await?;
    insert_batched(&txn, user_rows).await?;
    insert_batched(&txn, plans.into_iter().map(|p| p.model).collect()).await?;
    insert_batched(&txn, rows.conversations).await?;
    insert_batched(&txn, rows.preparations).await?;
    insert_batched(&txn, rows.summaries).await?;
    insert_batched(&txn, rows.agreements).await?;
    insert_batched(&txn, rows.reviews).await?;
    insert_batched(&txn, rows.check_ins).await?;
    insert_batched(&txn, goals).await?;
    txn.commit().await?;
    // Statistics for the planner, as a long-running database would have.
    crate::store::analyze(db).await?;
    Ok(LargeSeed {
        elapsed: started.elapsed(),
        ..seeded
    })
}

/// A fresh die for what comes after the conversations, so that adding
/// goals does not change the conversations a seed of the same size makes.
fn generator_dice(rows: &Rows) -> Dice {
    Dice(0x504C_414E ^ rows.conversations.len() as u64)
}

const GOAL_TITLES: &[(&str, AgreementCategory)] = &[
    ("Diplommodul i ledelse", AgreementCategory::CourseEducation),
    (
        "Kursus i konflikthåndtering",
        AgreementCategory::CourseEducation,
    ),
    (
        "Certificering i projektledelse",
        AgreementCategory::CourseEducation,
    ),
    (
        "Superbruger på sagssystemet",
        AgreementCategory::TaskProject,
    ),
    ("Mentor for en ny kollega", AgreementCategory::Collaboration),
    ("Jobrotation i nabofunktionen", AgreementCategory::Rotation),
    (
        "Bedre balance mellem arbejde og fritid",
        AgreementCategory::WellBeing,
    ),
];

/// Two in three employees have development goals added between
/// conversations over the last two years: one to three each, the older
/// ones mostly done, the newer ones open or under way.
fn development_goals(
    members: &[Member],
    dice: &mut Dice,
    today: NaiveDate,
) -> Vec<development_goal::Model> {
    let mut goals = Vec::new();
    for member in members {
        if member.role == Role::HrAdmin || !dice.percent(66) {
            continue;
        }
        for _ in 0..dice.between(1, 3) {
            let age_days = dice.between(5, 730);
            let created = today - chrono::Duration::days(age_days as i64);
            let (title, category) = *dice.pick(GOAL_TITLES);
            let status = match (age_days, dice.below(10)) {
                (0..180, 0..6) => AgreementStatus::Open,
                (0..180, _) => AgreementStatus::InProgress,
                (_, 0..6) => AgreementStatus::Done,
                (_, 6..8) => AgreementStatus::InProgress,
                (_, 8) => AgreementStatus::Open,
                _ => AgreementStatus::Dropped,
            };
            let due_on =
                created.checked_add_months(chrono::Months::new(dice.between(3, 12) as u32));
            let at = at(created, 10);
            goals.push(development_goal::Model {
                id: dice.uuid(),
                employee_id: member.id,
                title: title.to_owned(),
                description: String::new(),
                category: category.as_str().to_owned(),
                status: status.as_str().to_owned(),
                due_on,
                note: String::new(),
                created_by: member.id,
                created_at: at,
                updated_at: at,
            });
        }
    }
    goals
}

/// The text `mus seed --large` prints.
pub fn describe_large(seed: &LargeSeed) -> String {
    let mut out = format!(
        "Storå Kommune (large): {} people ({} managers) in {} departments, {} rounds; \
         {} conversations, {} preparations, {} summaries, {} agreements, {} reviews, \
         {} check-ins, {} development goals; seeded in {:.1} s.\nEvery password is {DEMO_PASSWORD}\n\n",
        seed.people,
        seed.managers,
        seed.departments,
        seed.rounds,
        seed.conversations,
        seed.preparations,
        seed.summary_versions,
        seed.agreements,
        seed.agreement_reviews,
        seed.check_ins,
        seed.development_goals,
        seed.elapsed.as_secs_f64(),
    );
    for (what, login) in [
        (
            format!("manager ({LARGE_FULL_TEAM} reports)"),
            &seed.manager,
        ),
        ("employee".to_owned(), &seed.employee),
        ("hr_admin".to_owned(), &seed.hr_admin),
    ] {
        let _ = writeln!(
            out,
            "  {what:<22} {:<28} {:<44} {}",
            login.name, login.email, login.id
        );
    }
    out
}
