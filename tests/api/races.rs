//! Both sides edit and sign the same summary at the same moment, many times
//! over: a signature must only ever stand on the exact text its signer saw.

use mus_client::{Client, ClientError};
use mus_domain::{ContentHash, Party, Role, SignRequest, Summary, SummaryWrite};

use crate::db_test;
use crate::lifecycle::{hold_meeting, open_round};

const CONVERSATIONS: usize = 10;
const ROUNDS: usize = 6;

/// What a signer had in front of them when their signature was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    decisions: String,
    feedback: String,
    hash: ContentHash,
}

impl Seen {
    fn of(summary: &Summary) -> Seen {
        Seen {
            decisions: summary.content.decisions.clone(),
            feedback: summary.content.employee_feedback.clone(),
            hash: summary.content_hash.clone(),
        }
    }
}

#[derive(Debug, Default)]
struct Tally {
    attempts: usize,
    accepted: usize,
    refused: usize,
    locked: usize,
}

fn sign(summary: &Summary) -> SignRequest {
    SignRequest {
        version: summary.version,
        content_hash: summary.content_hash.clone(),
        seen_not_agreed: None,
    }
}

/// Only a conflict may refuse a write in a race; anything else is a bug.
fn refused<T: std::fmt::Debug>(result: &Result<T, ClientError>) -> bool {
    match result {
        Ok(_) => false,
        Err(ClientError::Api(problem)) if problem.status == 409 => true,
        Err(other) => panic!("a racing write failed with something else than 409: {other:?}"),
    }
}

/// Every signature on the summary now must be on what its signer saw.
fn check(summary: &Summary, seen: &[Option<Seen>; 2]) {
    for signature in &summary.signatures {
        let index = usize::from(signature.by == Party::Manager);
        let Some(seen) = &seen[index] else {
            panic!("a signature by {:?} that was never accepted", signature.by);
        };
        assert_eq!(
            seen,
            &Seen::of(summary),
            "signed text differs from what was seen"
        );
    }
}

/// Rounds of: each side reads the summary; then at once the manager (or, in
/// odd rounds, the employee) edits it and both sign what they read.
async fn race(employee: Client, manager: Client, id: mus_domain::ConversationId) -> Tally {
    let mut tally = Tally::default();
    let mut seen: [Option<Seen>; 2] = [None, None];
    for round in 0..ROUNDS {
        let (by_employee, by_manager) = tokio::join!(employee.summary(id), manager.summary(id));
        let (read_e, read_m) = (by_employee.unwrap(), by_manager.unwrap());
        if read_m.locked {
            tally.locked += 1;
            break;
        }
        let (editor, base) = if round % 2 == 0 {
            (&manager, &read_m)
        } else {
            (&employee, &read_e)
        };
        let mut content = base.content.clone();
        if round % 2 == 0 {
            content.decisions = format!("Beslutning, runde {round}");
        } else {
            content.employee_feedback = format!("Tilbagemelding, runde {round}");
        }
        let write = SummaryWrite {
            version: base.version,
            revision: base.revision,
            content,
        };
        let (sign_e, sign_m) = (sign(&read_e), sign(&read_m));
        let (edited, signed_e, signed_m) = tokio::join!(
            editor.save_summary(id, &write),
            employee.sign_summary(id, &sign_e),
            manager.sign_summary(id, &sign_m),
        );
        tally.attempts += 3;
        tally.refused += usize::from(refused(&edited));
        for (index, read, result) in [(0, &read_e, signed_e), (1, &read_m, signed_m)] {
            if refused(&result) {
                tally.refused += 1;
                continue;
            }
            let answer = result.unwrap();
            // The server signed what the signer saw, and says so.
            assert_eq!(answer.content_hash, read.content_hash);
            seen[index] = Some(Seen::of(read));
            tally.accepted += 1;
        }
        check(&manager.summary(id).await.unwrap(), &seen);
    }
    tally
}

db_test!(
    async fn a_signature_only_ever_stands_on_the_text_its_signer_saw(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let manager_user = app.create_user("Mette Kjær", Role::Manager, None).await;
        let hr = app.signed_in(&hr_user).await;
        let manager = app.signed_in(&manager_user).await;
        let mut employees = Vec::new();
        for i in 0..CONVERSATIONS {
            let name = format!("Medarbejder {i}");
            let user = app
                .create_user(&name, Role::Employee, Some(&manager_user))
                .await;
            employees.push(user);
        }
        open_round(&app, &hr, 2025).await;
        let mut races = tokio::task::JoinSet::new();
        for user in &employees {
            let employee = app.signed_in(user).await;
            let id = employee.conversations().await.unwrap()[0].id;
            hold_meeting(&manager, id, "2025-02-10T08:00:00Z").await;
            races.spawn(race(employee, manager.clone(), id));
        }

        let tallies = races.join_all().await;

        let sum = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>();
        eprintln!(
            "signing races: {} writes, {} signatures accepted, {} refused (409), {} summaries locked",
            sum(|t| t.attempts),
            sum(|t| t.accepted),
            sum(|t| t.refused),
            sum(|t| t.locked),
        );
        // The races really raced: some signatures went through, some were
        // refused because the text changed under them.
        assert!(sum(|t| t.accepted) > 0);
        assert!(sum(|t| t.refused) > 0);
    }
);
