//! Crash consistency: preparation autosaves, sign-offs and check-ins run at
//! once against a server in its own process, which is killed with SIGKILL
//! in the middle of them and started again on the same database. Every
//! write that was answered 2xx must be there afterwards, whole, and a write
//! cut off by the kill must be there whole or not at all.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mus_client::{Client, ClientError};
use mus_domain::{
    AgreementId, AgreementQuery, AgreementStatus, Answer, CheckInCompletion, CheckInEntry,
    CheckInId, ContentHash, ConversationId, Party, PreparationWrite, Role, SignRequest,
    SummaryContent, SummaryWrite,
};

use crate::dashboards::sign_with_agreements;
use crate::helpers::{Backend, PASSWORD, TestApp, TestUser, spawn_app_in_child};
use crate::lifecycle::{employee_text_question, hold_meeting, open_round};

/// Employees saving their preparation over and over.
const AUTOSAVERS: usize = 6;
/// Conversations whose drafted summary both sides sign during the load.
const SIGNING: usize = 8;
/// Signed conversations whose quarterly check-ins are completed during it.
const FOLLOWED_UP: usize = 3;

/// The load is cut off once each stream has this many acknowledged writes,
/// so every kind of write is under way when the server dies.
const KILL_AFTER: [usize; 3] = [60, 4, 3];

struct Autosaver {
    user: TestUser,
    conversation: ConversationId,
    question: String,
}

struct Signing {
    employee: TestUser,
    conversation: ConversationId,
    sign: SignRequest,
    text: String,
}

struct FollowUp {
    conversation: ConversationId,
    check_ins: Vec<CheckInId>,
    agreement: AgreementId,
}

struct Fixture {
    manager: TestUser,
    autosavers: Vec<Autosaver>,
    signing: Vec<Signing>,
    follow_ups: Vec<FollowUp>,
}

/// One manager with a report for each conversation; a round open; some
/// conversations drafted and ready to sign, some signed with agreements.
async fn fixture(app: &TestApp) -> Fixture {
    let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
    let manager_user = app.create_user("Mette Kjær", Role::Manager, None).await;
    let mut reports = Vec::new();
    for i in 0..AUTOSAVERS + SIGNING + FOLLOWED_UP {
        let name = format!("Medarbejder {i}");
        reports.push(
            app.create_user(&name, Role::Employee, Some(&manager_user))
                .await,
        );
    }
    let hr = app.signed_in(&hr_user).await;
    let manager = app.signed_in(&manager_user).await;
    let form = open_round(app, &hr, 2025).await;
    let question = employee_text_question(&hr, form).await.key;

    let mut reports = reports.into_iter();
    let mut autosavers = Vec::new();
    for user in reports.by_ref().take(AUTOSAVERS) {
        let conversation = conversation_of(app, &user).await;
        autosavers.push(Autosaver {
            user,
            conversation,
            question: question.clone(),
        });
    }
    let mut signing = Vec::new();
    for (i, employee) in reports.by_ref().take(SIGNING).enumerate() {
        let conversation = conversation_of(app, &employee).await;
        hold_meeting(&manager, conversation, "2025-02-10T08:00:00Z").await;
        let proposal = manager.summary(conversation).await.unwrap();
        let text = format!("Beslutning {i}: superbruger på sagssystemet fra 1. april.");
        let drafted = manager
            .save_summary(
                conversation,
                &SummaryWrite {
                    version: proposal.version,
                    revision: proposal.revision,
                    content: SummaryContent {
                        decisions: text.clone(),
                        ..SummaryContent::default()
                    },
                },
            )
            .await
            .unwrap();
        signing.push(Signing {
            employee,
            conversation,
            sign: SignRequest {
                version: drafted.version,
                content_hash: drafted.content_hash,
                seen_not_agreed: None,
            },
            text,
        });
    }
    let mut follow_ups = Vec::new();
    for employee in reports {
        sign_with_agreements(app, &manager, &employee, 2025).await;
        let conversation = conversation_of(app, &employee).await;
        let check_ins = manager.check_ins(conversation).await.unwrap();
        // The year passes: every check-in is due, so each can be completed.
        for check_in in &check_ins {
            app.check_in_falls_due(check_in.id).await;
        }
        let agreement = manager
            .agreements(&AgreementQuery {
                person: Some(employee.id),
                ..AgreementQuery::default()
            })
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|a| a.conversation_id == conversation)
            .unwrap();
        follow_ups.push(FollowUp {
            conversation,
            check_ins: check_ins.into_iter().map(|c| c.id).collect(),
            agreement: agreement.id,
        });
    }
    Fixture {
        manager: manager_user,
        autosavers,
        signing,
        follow_ups,
    }
}

async fn conversation_of(app: &TestApp, user: &TestUser) -> ConversationId {
    app.signed_in(user).await.conversations().await.unwrap()[0].id
}

/// What the text of a preparation saved as `version` is.
fn draft(version: u32) -> String {
    format!("Udkast nummer {version}: kompetencer, trivsel og næste år.")
}

fn note(check_in: CheckInId) -> String {
    format!("Opfølgning {check_in}: kurset er booket.")
}

/// How a stream of writes ended: what was acknowledged, and the error that
/// stopped it.
struct Outcome<T> {
    acknowledged: Vec<T>,
    stopped_by: Option<ClientError>,
}

impl<T> Outcome<T> {
    /// Only the kill may stop a stream: an answer from the server that is
    /// not 2xx would be a failure of the workload or of the server.
    fn assert_stopped_by_the_kill(&self, stream: &str) {
        if let Some(ClientError::Api(problem)) = &self.stopped_by {
            panic!("{stream} got an answer that was not 2xx: {problem:?}");
        }
    }
}

/// Saves the preparation again and again, each time with the version the
/// last save returned. Acknowledged: the versions the server confirmed.
async fn autosave(
    client: Client,
    a: (ConversationId, String),
    acks: Arc<AtomicUsize>,
) -> Outcome<u32> {
    let (conversation, question) = a;
    let mut acknowledged = Vec::new();
    let mut version = 0;
    let stopped_by = loop {
        let write = PreparationWrite {
            version,
            answers: BTreeMap::from([(question.clone(), Answer::Text(draft(version + 1)))]),
        };
        match client
            .save_preparation(conversation, Party::Employee, &write)
            .await
        {
            Ok(saved) => {
                version = saved.version;
                acknowledged.push(version);
                acks.fetch_add(1, Ordering::SeqCst);
            }
            Err(error) => break Some(error),
        }
    };
    Outcome {
        acknowledged,
        stopped_by,
    }
}

/// Both sides sign each drafted summary at the same moment, one
/// conversation after the other.
async fn sign_off(
    pairs: Vec<(Client, Client, ConversationId, SignRequest)>,
    acks: Arc<AtomicUsize>,
) -> Outcome<(ConversationId, Party)> {
    let mut acknowledged = Vec::new();
    for (employee, manager, conversation, sign) in pairs {
        let (by_employee, by_manager) = tokio::join!(
            employee.sign_summary(conversation, &sign),
            manager.sign_summary(conversation, &sign)
        );
        for (party, result) in [(Party::Employee, by_employee), (Party::Manager, by_manager)] {
            match result {
                Ok(_) => {
                    acknowledged.push((conversation, party));
                    acks.fetch_add(1, Ordering::SeqCst);
                }
                Err(error) => {
                    return Outcome {
                        acknowledged,
                        stopped_by: Some(error),
                    };
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Outcome {
        acknowledged,
        stopped_by: None,
    }
}

/// Completes the check-ins one after the other, each setting the agreement
/// in progress with a note naming the check-in.
async fn follow_up(
    manager: Client,
    work: Vec<(CheckInId, AgreementId)>,
    acks: Arc<AtomicUsize>,
) -> Outcome<CheckInId> {
    let mut acknowledged = Vec::new();
    for (check_in, agreement) in work {
        let completion = CheckInCompletion {
            entries: vec![CheckInEntry {
                agreement_id: agreement,
                status: AgreementStatus::InProgress,
                note: note(check_in),
            }],
        };
        match manager.complete_check_in(check_in, &completion).await {
            Ok(_) => {
                acknowledged.push(check_in);
                acks.fetch_add(1, Ordering::SeqCst);
            }
            Err(error) => {
                return Outcome {
                    acknowledged,
                    stopped_by: Some(error),
                };
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Outcome {
        acknowledged,
        stopped_by: None,
    }
}

async fn signed_in(app: &TestApp, user: &TestUser) -> Client {
    let client = Client::new(&app.address).unwrap();
    client.login(&user.email, PASSWORD).await.unwrap();
    client
}

async fn writes_survive_a_sigkill(backend: Backend) {
    let Some(mut app) = spawn_app_in_child(backend).await else {
        eprintln!("skipped: set MUS_TEST_POSTGRES_URL to run on PostgreSQL");
        return;
    };
    let f = fixture(&app).await;
    let manager = signed_in(&app, &f.manager).await;
    let counters: [Arc<AtomicUsize>; 3] = Default::default();

    let mut saves = Vec::new();
    for a in &f.autosavers {
        let client = signed_in(&app, &a.user).await;
        let work = (a.conversation, a.question.clone());
        saves.push(tokio::spawn(autosave(client, work, counters[0].clone())));
    }
    let mut pairs = Vec::new();
    for s in &f.signing {
        let employee = signed_in(&app, &s.employee).await;
        pairs.push((employee, manager.clone(), s.conversation, s.sign.clone()));
    }
    let signatures = tokio::spawn(sign_off(pairs, counters[1].clone()));
    let work = f
        .follow_ups
        .iter()
        .flat_map(|u| u.check_ins.iter().map(|c| (*c, u.agreement)))
        .collect();
    let check_ins = tokio::spawn(follow_up(manager.clone(), work, counters[2].clone()));

    let deadline = Instant::now() + Duration::from_secs(120);
    while counters
        .iter()
        .zip(KILL_AFTER)
        .any(|(count, enough)| count.load(Ordering::SeqCst) < enough)
    {
        // A stream that ended before the kill is looked at below.
        if signatures.is_finished()
            || check_ins.is_finished()
            || saves.iter().any(|s| s.is_finished())
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the load did not get going: {counters:?}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    app.kill();

    let mut outcomes = Vec::new();
    for save in saves {
        outcomes.push(save.await.unwrap());
    }
    let saves = outcomes;
    let signatures = signatures.await.unwrap();
    let check_ins = check_ins.await.unwrap();
    for outcome in &saves {
        outcome.assert_stopped_by_the_kill("an autosave");
    }
    signatures.assert_stopped_by_the_kill("a signature");
    check_ins.assert_stopped_by_the_kill("a check-in");
    assert!(
        signatures.stopped_by.is_some() && check_ins.stopped_by.is_some(),
        "the kill came after the sign-offs or the check-ins were done"
    );

    app.restart().await;

    // Autosaves: the last acknowledged version is there, or the one after it
    // when the save cut off by the kill had committed; the text is the one
    // sent for that version, never a mix.
    let mut saves_found = 0;
    for (a, outcome) in f.autosavers.iter().zip(&saves) {
        let last = *outcome.acknowledged.last().unwrap();
        let client = signed_in(&app, &a.user).await;
        let found = client
            .preparation(a.conversation, Party::Employee)
            .await
            .unwrap();
        assert!(
            found.version == last || found.version == last + 1,
            "acknowledged version {last}, found {}",
            found.version
        );
        assert_eq!(
            found.answers.get(&a.question),
            Some(&Answer::Text(draft(found.version)))
        );
        saves_found += outcome
            .acknowledged
            .iter()
            .filter(|v| **v <= found.version)
            .count();
    }

    // Signatures: every acknowledged one is there; each one there is on the
    // text and hash that were signed; the summary is locked exactly when
    // both have signed.
    let manager = signed_in(&app, &f.manager).await;
    let mut signatures_found = 0;
    for s in &f.signing {
        let summary = manager.summary(s.conversation).await.unwrap();
        let parties: Vec<Party> = summary.signatures.iter().map(|g| g.by).collect();
        for acknowledged in signatures
            .acknowledged
            .iter()
            .filter(|(c, _)| *c == s.conversation)
        {
            assert!(parties.contains(&acknowledged.1), "{acknowledged:?} lost");
            signatures_found += 1;
        }
        assert_eq!(summary.content.decisions, s.text);
        let signed_hash: &ContentHash = &s.sign.content_hash;
        assert_eq!(&summary.content_hash, signed_hash);
        assert_eq!(summary.locked, parties.len() == 2, "{parties:?}");
        let conversation = manager.conversation(s.conversation).await.unwrap();
        assert_eq!(
            conversation.status == mus_domain::ConversationStatus::Signed,
            summary.locked,
            "the conversation's status and its summary disagree"
        );
    }

    // Check-ins: every acknowledged one is completed, with the note sent;
    // every completed one (acknowledged or cut off) moved its agreement.
    let mut check_ins_found = 0;
    for u in &f.follow_ups {
        let agreement_moved = manager
            .agreements(&AgreementQuery::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|a| a.id == u.agreement)
            .map(|a| a.status);
        for found in manager.check_ins(u.conversation).await.unwrap() {
            let acknowledged = check_ins.acknowledged.contains(&found.id);
            match found.completed_at {
                Some(_) => {
                    assert_eq!(found.entries.len(), 1);
                    assert_eq!(found.entries[0].note, note(found.id));
                    assert_eq!(agreement_moved, Some(AgreementStatus::InProgress));
                    check_ins_found += usize::from(acknowledged);
                }
                None => assert!(!acknowledged, "check-in {} lost", found.id),
            }
        }
    }

    let saves_acknowledged: usize = saves.iter().map(|o| o.acknowledged.len()).sum();
    eprintln!(
        "crash consistency ({backend:?}): autosaves acknowledged {saves_acknowledged}, found {saves_found}; \
         signatures acknowledged {}, found {signatures_found}; check-ins acknowledged {}, found {check_ins_found}",
        signatures.acknowledged.len(),
        check_ins.acknowledged.len(),
    );
    assert_eq!(saves_found, saves_acknowledged);
    assert_eq!(signatures_found, signatures.acknowledged.len());
    assert_eq!(check_ins_found, check_ins.acknowledged.len());
}

#[tokio::test]
async fn acknowledged_writes_survive_a_sigkill_sqlite() {
    writes_survive_a_sigkill(Backend::Sqlite).await;
}

#[tokio::test]
async fn acknowledged_writes_survive_a_sigkill_postgres() {
    writes_survive_a_sigkill(Backend::Postgres).await;
}
