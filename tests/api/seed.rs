//! `mus seed --large`: the organisation it writes is one the server could
//! have produced itself, and the dashboards answer for it.

use std::collections::{HashMap, HashSet};

use mus_domain::{
    AgreementQuery, ConversationId, ConversationSnapshot, ConversationState, ConversationStatus,
    Party, PreparationWrite, Role, SignatureRecord, SummaryContent,
};
use mus_server::seed::{self, DEMO_PASSWORD, LARGE_FULL_TEAM};
use mus_server::store::entities::{
    agreement, agreement_review, check_in, conversation, department, preparation, round,
    summary_version, user,
};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::db_test;

const PEOPLE: usize = 200;

db_test!(
    async fn a_large_seed_is_consistent_and_the_dashboards_answer_for_it(app: TestApp) {
        let seeded = seed::large(&app.db, PEOPLE).await.expect("the seed runs");
        println!("{}", seed::describe_large(&seeded));

        // The counts it reports are the rows it wrote.
        let users = user::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(users.len(), PEOPLE);
        assert_eq!(seeded.people, PEOPLE);
        let count = |n: u64| usize::try_from(n).unwrap();
        assert_eq!(
            count(department::Entity::find().count(&app.db).await.unwrap()),
            seeded.departments
        );
        assert_eq!(
            count(round::Entity::find().count(&app.db).await.unwrap()),
            4
        );
        let conversations = conversation::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(conversations.len(), seeded.conversations);
        let summaries = summary_version::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(summaries.len(), seeded.summary_versions);
        let agreements = agreement::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(agreements.len(), seeded.agreements);
        assert_eq!(
            count(check_in::Entity::find().count(&app.db).await.unwrap()),
            seeded.check_ins
        );
        assert_eq!(
            count(preparation::Entity::find().count(&app.db).await.unwrap()),
            seeded.preparations
        );
        assert_eq!(
            count(
                agreement_review::Entity::find()
                    .count(&app.db)
                    .await
                    .unwrap()
            ),
            seeded.agreement_reviews
        );

        // Teams of 3–25 under their nearest manager; the printed one has 25.
        let mut reports: HashMap<_, Vec<&user::Model>> = HashMap::new();
        for person in &users {
            if let Some(manager) = person.manager_id {
                reports.entry(manager).or_default().push(person);
            }
        }
        assert_eq!(reports[&seeded.manager.id].len(), LARGE_FULL_TEAM);
        for (manager, team) in &reports {
            let manager = users.iter().find(|u| u.id == *manager).unwrap();
            assert_eq!(manager.role, Role::Manager.as_str());
            if team.iter().all(|r| r.role == Role::Employee.as_str()) {
                assert!(
                    (3..=LARGE_FULL_TEAM).contains(&team.len()),
                    "{}",
                    team.len()
                );
            }
        }
        assert!(users.iter().any(|u| u.role == Role::HrAdmin.as_str()));
        assert_eq!(users.iter().filter(|u| u.manager_id.is_none()).count(), 1);

        // Every stored state is one the state machine restores, matching
        // its status column; signed ones have a signed summary whose hash is
        // that of the stored text, and their agreements and check-ins.
        let summary_of: HashMap<_, _> = summaries.iter().map(|s| (s.conversation_id, s)).collect();
        let with_agreements: HashSet<_> = agreements.iter().map(|a| a.conversation_id).collect();
        let mut statuses = HashSet::new();
        for row in &conversations {
            let snapshot: ConversationSnapshot = serde_json::from_str(&row.state).unwrap();
            let state = ConversationState::restore(snapshot).expect("a state the rules allow");
            assert_eq!(row.status, state.status().as_str());
            statuses.insert(state.status());
            if let Some(hash) = state.content_hash() {
                let summary = summary_of[&row.id];
                assert_eq!(summary.content_hash, hash.as_str());
                assert_eq!(
                    mus_server::services::summary::hash_stored(&summary.content)
                        .unwrap()
                        .as_str(),
                    hash.as_str()
                );
                let _: SummaryContent = serde_json::from_str(&summary.content).unwrap();
                let records: Vec<SignatureRecord> =
                    serde_json::from_str(&summary.signatures).unwrap();
                assert_eq!(records.len(), state.signatures().count());
            }
            let signed = state.status() == ConversationStatus::Signed;
            assert_eq!(row.signed_at.is_some(), signed);
            if signed {
                assert!(with_agreements.contains(&row.id));
            }
        }
        assert!(statuses.len() >= 6, "a mix of statuses: {statuses:?}");
        // Carried-over agreements point both ways.
        let by_id: HashMap<_, _> = agreements.iter().map(|a| (a.id, a)).collect();
        let carried: Vec<_> = agreements
            .iter()
            .filter(|a| a.carried_into.is_some())
            .collect();
        assert!(!carried.is_empty());
        for old in carried {
            assert_eq!(by_id[&old.carried_into.unwrap()].origin_id, Some(old.id));
        }

        // The dashboards answer for the printed logins.
        let manager = app.new_client(mus_client::RefreshStorage::Memory);
        manager
            .login(&seeded.manager.email, DEMO_PASSWORD)
            .await
            .unwrap();
        let team = manager.team_dashboard(None).await.unwrap();
        assert_eq!(team.rows.len(), LARGE_FULL_TEAM);
        assert_eq!(
            team.round.as_ref().map(|r| r.id.0),
            Some(seeded.current_round)
        );
        let overdue = manager
            .agreements(&AgreementQuery {
                team: Some(seeded.manager.id.into()),
                overdue: Some(true),
                ..AgreementQuery::default()
            })
            .await
            .unwrap();
        assert!(overdue.items.iter().all(|a| a.overdue));

        let hr = app.new_client(mus_client::RefreshStorage::Memory);
        hr.login(&seeded.hr_admin.email, DEMO_PASSWORD)
            .await
            .unwrap();
        let organisation = hr.organisation_dashboard(None).await.unwrap();
        let current_not_cancelled = conversations
            .iter()
            .filter(|c| c.round_id == seeded.current_round)
            .filter(|c| c.status != ConversationStatus::Cancelled.as_str())
            .count();
        assert_eq!(
            organisation.total.conversations as usize,
            current_not_cancelled
        );

        let employee = app.new_client(mus_client::RefreshStorage::Memory);
        employee
            .login(&seeded.employee.email, DEMO_PASSWORD)
            .await
            .unwrap();
        let mine = employee.my_dashboard().await.unwrap();
        let current = mine.conversation.expect("a conversation this round");
        assert_eq!(current.round_id.0, seeded.current_round);

        // An employee still preparing autosaves over the seeded version.
        let preparing = conversations
            .iter()
            .find(|c| {
                c.round_id == seeded.current_round
                    && c.status == ConversationStatus::Preparing.as_str()
            })
            .expect("someone is preparing");
        let author = users
            .iter()
            .find(|u| u.id == preparing.employee_id)
            .unwrap();
        let author_client = app.new_client(mus_client::RefreshStorage::Memory);
        author_client
            .login(&author.email, DEMO_PASSWORD)
            .await
            .unwrap();
        let id = ConversationId::from(preparing.id);
        let before = author_client
            .preparation(id, Party::Employee)
            .await
            .unwrap();
        assert!(before.version > 0);
        let saved = author_client
            .save_preparation(
                id,
                Party::Employee,
                &PreparationWrite {
                    version: before.version,
                    answers: before.answers.clone(),
                },
            )
            .await
            .unwrap();
        assert_eq!(saved.version, before.version + 1);
    }
);
