//! Group conversations (GRUS) and development plans over the API: a whole
//! group conversation of five, whose private preparations stay private,
//! with a member leaving and one joining; plans read and written by the
//! employee and their manager only, and HR's figures without text.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Utc};
use mus_client::Client;
use mus_domain::agreements::danish_date;
use mus_domain::{
    AgreementCategory, AgreementOwner, AgreementStatus, Answer, DevelopmentGoalPatch, ErrorCode,
    GroupAgendaWrite, GroupCheckInCompletion, GroupConversationId, GroupMembers, GroupRole,
    GroupSignRequest, GroupStatus, GroupSummaryContent, GroupSummaryWrite, Language,
    NewDevelopmentGoal, PreparationWrite, Role, RoundDates, RoundFormat, TeamAgreementDraft,
    TeamCheckInEntry, TemplateId, UserId,
};

use crate::db_test;
use crate::helpers::TestApp;
use crate::lifecycle::{meeting, open_round_as, problem, this_morning};

/// The shipped Danish group form.
async fn group_form(hr: &Client) -> TemplateId {
    hr.templates(Some(Language::Da), None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.shipped.as_deref() == Some("group"))
        .expect("the group form ships")
        .id
}

/// A group round with its meetings around today.
async fn open_group_round(app: &TestApp, hr: &Client) -> mus_domain::Round {
    let form = group_form(hr).await;
    let today = danish_date(Utc::now());
    let dates = RoundDates {
        preparation_deadline: today + Days::new(7),
        meetings_from: today - Days::new(14),
        meetings_until: today + Days::new(45),
    };
    open_round_as(app, hr, "GRUS 2027", form, dates, RoundFormat::Group, None).await
}

fn answers(text: &str) -> BTreeMap<String, Answer> {
    BTreeMap::from([("team_success".to_owned(), Answer::Text(text.to_owned()))])
}

async fn prepare(client: &Client, id: GroupConversationId, text: &str) {
    let mine = client.group_preparation(id).await.unwrap();
    client
        .save_group_preparation(
            id,
            &PreparationWrite {
                version: mine.version,
                answers: answers(text),
            },
        )
        .await
        .unwrap();
}

fn body(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

db_test!(
    async fn a_group_conversation_of_five_from_preparation_to_check_in(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let lars_user = app.create_user("Lars Holm", Role::Manager, None).await;
        let mut team = Vec::new();
        for name in [
            "Anne Sørensen",
            "Bo Jensen",
            "Carl Nielsen",
            "Dorte Friis",
            "Erik Lund",
        ] {
            team.push(
                app.create_user(name, Role::Employee, Some(&mette_user))
                    .await,
            );
        }
        let pia_user = app
            .create_user("Pia Dahl", Role::Employee, Some(&lars_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let mette = app.signed_in(&mette_user).await;
        let lars = app.signed_in(&lars_user).await;
        let pia = app.signed_in(&pia_user).await;
        let mut members = Vec::new();
        for user in &team {
            members.push(app.signed_in(user).await);
        }
        let [anne, bo, carl, dorte, erik] = &members[..] else {
            unreachable!()
        };

        let round = open_group_round(&app, &hr).await;
        assert_eq!(round.format, RoundFormat::Group);
        // A group round holds no individual conversations.
        assert!(anne.conversations().await.unwrap().is_empty());
        let groups = mette.group_conversations(Some(round.id)).await.unwrap();
        assert_eq!(groups.len(), 1, "one group per manager");
        let id = groups[0].id;
        assert_eq!(
            (groups[0].members, groups[0].my_role),
            (5, GroupRole::Manager)
        );
        assert_eq!(groups[0].status, GroupStatus::Preparing);
        assert_eq!(
            hr.group_conversations(Some(round.id)).await.unwrap().len(),
            2
        );
        // Lars's group is his and Pia's; neither reads Mette's.
        for outsider in [&lars, &pia] {
            let refused = problem(outsider.group_conversation(id).await);
            assert_eq!(refused.code, ErrorCode::NotFound);
            assert_eq!(problem(outsider.group_summary(id).await).status, 404);
        }
        // A welcome notice leads each participant to the group.
        let told = anne.notifications(None).await.unwrap();
        assert!(told.items.iter().any(|n| n.link == format!("/groups/{id}")));

        // Two share their preparation with the group, one keeps it private.
        prepare(anne, id, "Anne: omlægningen af telefontiden").await;
        prepare(bo, id, "Bo: vi hjælper hinanden").await;
        prepare(carl, id, "Carl: PRIVAT-NOTE-7781").await;
        anne.share_group_preparation(id).await.unwrap();
        bo.share_group_preparation(id).await.unwrap();
        // A stale version saves nothing and says what is current.
        let stale = problem(
            carl.save_group_preparation(
                id,
                &PreparationWrite {
                    version: 0,
                    answers: answers("overwritten"),
                },
            )
            .await,
        );
        assert_eq!(stale.code, ErrorCode::VersionConflict);
        let wrong = problem(
            carl.save_group_preparation(
                id,
                &PreparationWrite {
                    version: 1,
                    answers: BTreeMap::from([("nope".into(), Answer::Text("x".into()))]),
                },
            )
            .await,
        );
        assert_eq!(wrong.errors[0].field, "answers/nope");
        // One answer too long: the rest is saved, that one keeps its text.
        let mut long = answers("Carl: PRIVAT-NOTE-7781");
        long.insert(
            "team_dream".into(),
            Answer::Text("x".repeat(mus_domain::preparation::MAX_ANSWER_CHARS + 1)),
        );
        long.insert("team_at_best".into(), Answer::Text("Fredagsmødet".into()));
        let partly = carl
            .save_group_preparation(
                id,
                &PreparationWrite {
                    version: 1,
                    answers: long,
                },
            )
            .await
            .unwrap();
        assert_eq!(partly.not_saved[0].field, "answers/team_dream");
        assert!(!partly.answers.contains_key("team_dream"));
        assert_eq!(
            partly.answers.get("team_at_best"),
            Some(&Answer::Text("Fredagsmødet".into()))
        );
        for (reader, name) in [(&mette, "Mette"), (dorte, "Dorte"), (anne, "Anne")] {
            let group = reader.group_conversation(id).await.unwrap();
            let sharers: Vec<_> = group
                .shared_preparations
                .iter()
                .map(|p| p.person.name.as_str())
                .collect();
            assert_eq!(sharers, ["Anne Sørensen", "Bo Jensen"], "{name}");
            assert!(!body(&group).contains("PRIVAT-NOTE-7781"), "{name}");
        }
        // Anne's access log shows who read her shared preparation.
        let readers: Vec<String> = anne
            .access_log(None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|e| e.action == mus_domain::AuditAction::PreparationRead)
            .filter_map(|e| e.actor.map(|a| a.name))
            .collect();
        assert!(
            readers.contains(&"Mette Kjærgaard".to_owned()),
            "{readers:?}"
        );
        assert!(readers.contains(&"Dorte Friis".to_owned()), "{readers:?}");
        assert!(!readers.contains(&"Anne Sørensen".to_owned()));
        // Carl reads his own; nobody else can ask for it.
        assert_eq!(
            carl.group_preparation(id).await.unwrap().answers["team_success"],
            Answer::Text("Carl: PRIVAT-NOTE-7781".into())
        );
        assert_eq!(problem(mette.group_preparation(id).await).status, 404);
        // HR reads who and how far, nothing written.
        let seen_by_hr = hr.group_conversation(id).await.unwrap();
        assert_eq!(seen_by_hr.my_role, GroupRole::Administrator);
        assert!(seen_by_hr.shared_preparations.is_empty());
        assert!(!body(&seen_by_hr).contains("telefontiden"));
        assert_eq!(problem(hr.group_summary(id).await).status, 404);

        // The manager's agenda, from the version read.
        let agenda = mette
            .save_group_agenda(
                id,
                &GroupAgendaWrite {
                    version: 0,
                    text: "1. Det, der lykkes\n2. Næste år".into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(agenda.agenda_version, 1);
        let stale = problem(
            mette
                .save_group_agenda(
                    id,
                    &GroupAgendaWrite {
                        version: 0,
                        text: "lost".into(),
                    },
                )
                .await,
        );
        assert_eq!(stale.code, ErrorCode::VersionConflict);
        assert_eq!(
            problem(
                anne.save_group_agenda(
                    id,
                    &GroupAgendaWrite {
                        version: 1,
                        text: "x".into()
                    }
                )
                .await
            )
            .status,
            403
        );
        assert!(
            dorte
                .group_conversation(id)
                .await
                .unwrap()
                .agenda
                .contains("Næste år")
        );

        // No summary before the meeting; then the meeting, with invitations.
        let content = GroupSummaryContent {
            notes: "Vi er stolte af telefontiden.".into(),
            agreements: vec![
                TeamAgreementDraft {
                    id: None,
                    title: "Fagligt fokus hver fredag".into(),
                    description: "30 minutter".into(),
                    owner: AgreementOwner::Both,
                    category: AgreementCategory::Collaboration,
                    due_on: Some(danish_date(Utc::now()) + Days::new(90)),
                },
                TeamAgreementDraft {
                    id: None,
                    title: "Kursus i konflikthåndtering for teamet".into(),
                    description: String::new(),
                    owner: AgreementOwner::Manager,
                    category: AgreementCategory::CourseEducation,
                    due_on: None,
                },
            ],
        };
        let early = problem(
            mette
                .save_group_summary(
                    id,
                    &GroupSummaryWrite {
                        version: 0,
                        content: content.clone(),
                    },
                )
                .await,
        );
        assert_eq!(early.reason.as_deref(), Some("meeting_not_scheduled"));
        let scheduled = mette
            .schedule_group_meeting(id, &meeting(&this_morning()))
            .await
            .unwrap();
        assert_eq!(scheduled.status, GroupStatus::Held);
        let ics = mette.group_meeting_invitation(id).await.unwrap();
        assert!(ics.contains("SUMMARY:GRUS: Team Mette Kjærgaard"), "{ics}");
        app.mail_settled().await;
        let meeting_notices = erik.notifications(None).await.unwrap();
        assert!(
            meeting_notices
                .items
                .iter()
                .any(|n| n.kind == mus_domain::NotificationKind::Meeting)
        );

        // The manager writes and signs; a participant cannot write it.
        let write = GroupSummaryWrite {
            version: 0,
            content: content.clone(),
        };
        assert_eq!(
            problem(anne.save_group_summary(id, &write).await).status,
            403
        );
        let saved = mette.save_group_summary(id, &write).await.unwrap();
        assert_eq!(saved.version, 1);
        assert!(saved.content.agreements.iter().all(|a| a.id.is_some()));
        let not_yet = problem(
            anne.sign_group_summary(
                id,
                &GroupSignRequest {
                    version: 1,
                    disagreement: None,
                },
            )
            .await,
        );
        assert_eq!(not_yet.reason.as_deref(), Some("not_signed"));
        let stale_sign = problem(
            mette
                .sign_group_summary(id, &GroupSignRequest::default())
                .await,
        );
        assert_eq!(stale_sign.reason.as_deref(), Some("stale_summary_version"));
        let manager_disagrees = problem(
            mette
                .sign_group_summary(
                    id,
                    &GroupSignRequest {
                        version: 1,
                        disagreement: Some("nej".into()),
                    },
                )
                .await,
        );
        assert_eq!(manager_disagrees.status, 422);
        let signed = mette
            .sign_group_summary(
                id,
                &GroupSignRequest {
                    version: 1,
                    disagreement: None,
                },
            )
            .await
            .unwrap();
        assert!(signed.signed_at.is_some());
        let locked = problem(
            mette
                .save_group_summary(
                    id,
                    &GroupSummaryWrite {
                        version: 1,
                        content: content.clone(),
                    },
                )
                .await,
        );
        assert_eq!(locked.reason.as_deref(), Some("summary_locked"));
        let group = anne.group_conversation(id).await.unwrap();
        assert_eq!(group.status, GroupStatus::Signed);
        assert_eq!(group.team_agreements.len(), 2);
        assert_eq!(group.check_ins.len(), 4);

        // Acknowledgements: Anne agrees, Bo notes disagreement.
        let sign = |disagreement: Option<&str>| GroupSignRequest {
            version: 1,
            disagreement: disagreement.map(str::to_owned),
        };
        anne.sign_group_summary(id, &sign(None)).await.unwrap();
        let empty_note = problem(bo.sign_group_summary(id, &sign(Some("  "))).await);
        assert_eq!(empty_note.errors[0].field, "disagreement");
        bo.sign_group_summary(id, &sign(Some("Fredagsmødet bør være frivilligt")))
            .await
            .unwrap();
        dorte.sign_group_summary(id, &sign(None)).await.unwrap();
        let again = problem(anne.sign_group_summary(id, &sign(None)).await);
        assert_eq!(again.reason.as_deref(), Some("already_signed"));
        let note_of = |summary: &mus_domain::GroupSummary| {
            summary
                .acknowledgements
                .iter()
                .find(|a| a.person.name == "Bo Jensen")
                .map(|a| (a.disagrees, a.disagreement.clone()))
        };
        let bo_note = Some((true, Some("Fredagsmødet bør være frivilligt".to_owned())));
        assert_eq!(note_of(&mette.group_summary(id).await.unwrap()), bo_note);
        assert_eq!(note_of(&bo.group_summary(id).await.unwrap()), bo_note);
        assert_eq!(
            note_of(&anne.group_summary(id).await.unwrap()),
            Some((true, None))
        );

        // Dorte (acknowledged) and Erik (not) leave; Frida joins.
        let frida_user = app
            .create_user("Frida Holm", Role::Employee, Some(&mette_user))
            .await;
        let frida = app.signed_in(&frida_user).await;
        let pia_refused = problem(
            mette
                .set_group_members(
                    id,
                    &GroupMembers {
                        members: vec![pia_user.id],
                    },
                )
                .await,
        );
        assert_eq!(pia_refused.errors[0].field, "members/0");
        let stay: Vec<UserId> = [&team[0], &team[1], &team[2]]
            .iter()
            .map(|u| u.id)
            .chain([frida_user.id])
            .collect();
        let changed = mette
            .set_group_members(id, &GroupMembers { members: stay })
            .await
            .unwrap();
        let current: Vec<_> = changed
            .members
            .iter()
            .filter(|m| m.left_at.is_none())
            .map(|m| m.person.name.as_str())
            .collect();
        assert_eq!(current.len(), 4);
        assert!(current.contains(&"Frida Holm"));
        // Dorte keeps what she acknowledged; Erik reads the group's shape only.
        let dorte_view = dorte.group_conversation(id).await.unwrap();
        assert_eq!(dorte_view.my_role, GroupRole::FormerParticipant);
        assert_eq!(dorte_view.team_agreements.len(), 2);
        assert!(dorte_view.shared_preparations.is_empty());
        assert_eq!(dorte.group_summary(id).await.unwrap().version, 1);
        let erik_view = erik.group_conversation(id).await.unwrap();
        assert!(erik_view.team_agreements.is_empty());
        assert_eq!(problem(erik.group_summary(id).await).status, 404);
        assert_eq!(
            problem(erik.sign_group_summary(id, &sign(None)).await).status,
            403
        );
        // Frida sees the team agreements from now on, not what was shared
        // before she came.
        let frida_view = frida.group_conversation(id).await.unwrap();
        assert_eq!(frida_view.my_role, GroupRole::Participant);
        assert_eq!(frida_view.team_agreements.len(), 2);
        assert!(frida_view.shared_preparations.is_empty());
        frida.sign_group_summary(id, &sign(None)).await.unwrap();

        // A quarterly check-in on the team agreements, by the manager.
        let check_in = frida_view.check_ins[0].id;
        {
            use mus_server::store::entities::group_check_in;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
            group_check_in::Entity::update_many()
                .col_expr(
                    group_check_in::Column::DueOn,
                    Expr::value(danish_date(Utc::now())),
                )
                .filter(group_check_in::Column::Id.eq(check_in.0))
                .exec(&app.db)
                .await
                .unwrap();
        }
        let agreement = frida_view.team_agreements[0].id;
        let completion = GroupCheckInCompletion {
            entries: vec![TeamCheckInEntry {
                agreement_id: agreement,
                status: AgreementStatus::InProgress,
                note: "Tre fredage holdt".into(),
            }],
        };
        assert_eq!(
            problem(
                anne.complete_group_check_in(id, check_in, &completion)
                    .await
            )
            .status,
            403
        );
        let done = mette
            .complete_group_check_in(id, check_in, &completion)
            .await
            .unwrap();
        assert!(done.completed_at.is_some());
        let after = anne.group_conversation(id).await.unwrap();
        let followed = after
            .team_agreements
            .iter()
            .find(|a| a.id == agreement)
            .unwrap();
        assert_eq!(followed.status, AgreementStatus::InProgress);
        assert_eq!(followed.note, "Tre fredage holdt");
        let twice = problem(
            mette
                .complete_group_check_in(id, check_in, &completion)
                .await,
        );
        assert_eq!(twice.reason.as_deref(), Some("check_in_completed"));

        // The dashboards: the team's group and open team agreements; the
        // employee's group; HR's counts.
        let dashboard = mette.team_dashboard(None).await.unwrap();
        assert_eq!(dashboard.groups.len(), 1);
        assert_eq!(dashboard.team_agreements.len(), 2);
        assert_eq!(
            anne.my_dashboard().await.unwrap().group.map(|g| g.id),
            Some(id)
        );
        app.mail_settled().await;
        let figures = hr.organisation_dashboard(None).await.unwrap().groups;
        assert_eq!((figures.groups, figures.signed, figures.held), (2, 1, 1));
        assert_eq!((figures.members, figures.acknowledged), (5, 3));
        // Nothing of the group's text is in what anyone was told.
        for member in [anne, bo, carl, &mette] {
            let told = body(&member.notifications(None).await.unwrap());
            for secret in [
                "PRIVAT-NOTE-7781",
                "telefontiden",
                "frivilligt",
                "Fagligt fokus",
            ] {
                assert!(!told.contains(secret), "{secret} in a notice");
            }
        }
    }
);

db_test!(
    async fn a_development_plan_is_the_employee_and_manager_s_and_hr_counts_it(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let lars_user = app.create_user("Lars Holm", Role::Manager, None).await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let pia_user = app
            .create_user("Pia Dahl", Role::Employee, Some(&lars_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let mette = app.signed_in(&mette_user).await;
        let lars = app.signed_in(&lars_user).await;
        let anne = app.signed_in(&anne_user).await;

        // Last year's signed summary with a course agreement is in the plan.
        let year = danish_date(Utc::now()).year() - 1;
        crate::lifecycle::open_round(&app, &hr, year).await;
        crate::dashboards::sign_with_agreements(&app, &mette, &anne_user, year).await;
        let plan = anne.my_development_plan().await.unwrap();
        assert_eq!(plan.agreements.len(), 1, "{plan:?}");
        assert_eq!(
            plan.agreements[0].agreement.category,
            AgreementCategory::CourseEducation
        );
        // Signed last February: more than 12 months ago, or not.
        let fresh = plan.agreements[0].agreed_on
            >= mus_domain::plan::current_since(danish_date(Utc::now()));
        assert_eq!(plan.current, fresh);

        // Anne adds a goal; Mette adds one for her; not for Lars's Pia.
        let goal = anne
            .add_development_goal(&NewDevelopmentGoal {
                employee_id: None,
                title: "Certificering i Scrum".into(),
                description: "HEMMELIGT-MÅL-5521".into(),
                category: AgreementCategory::CourseEducation,
                due_on: Some(danish_date(Utc::now()) + Days::new(120)),
            })
            .await
            .unwrap();
        let by_manager = mette
            .add_development_goal(&NewDevelopmentGoal {
                employee_id: Some(anne_user.id),
                title: "Mentor for nye kolleger".into(),
                description: String::new(),
                category: AgreementCategory::TaskProject,
                due_on: None,
            })
            .await
            .unwrap();
        assert_eq!(by_manager.created_by.name, "Mette Kjærgaard");
        let not_hers = problem(
            mette
                .add_development_goal(&NewDevelopmentGoal {
                    employee_id: Some(pia_user.id),
                    title: "x".into(),
                    description: String::new(),
                    category: AgreementCategory::Other,
                    due_on: None,
                })
                .await,
        );
        assert_eq!(not_hers.errors[0].field, "employee_id");
        let blank = problem(
            anne.add_development_goal(&NewDevelopmentGoal {
                employee_id: None,
                title: " ".into(),
                description: String::new(),
                category: AgreementCategory::Other,
                due_on: None,
            })
            .await,
        );
        assert_eq!(blank.errors[0].field, "title");

        // Both change it; nobody else may.
        anne.update_development_goal(
            goal.id,
            &DevelopmentGoalPatch {
                status: Some(AgreementStatus::InProgress),
                note: Some("Tilmeldt maj".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let done = mette
            .update_development_goal(
                by_manager.id,
                &DevelopmentGoalPatch {
                    status: Some(AgreementStatus::Done),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(done.status, AgreementStatus::Done);
        for outsider in [&lars, &hr] {
            let refused = problem(
                outsider
                    .update_development_goal(goal.id, &DevelopmentGoalPatch::default())
                    .await,
            );
            assert_eq!(refused.status, 404);
            assert_eq!(
                problem(outsider.development_plan(anne_user.id).await).status,
                404
            );
        }

        // The manager reads the plan; the read is in Anne's access log.
        let plan = mette.development_plan(anne_user.id).await.unwrap();
        assert!(plan.current);
        assert_eq!(plan.goals.len(), 2);
        let next = plan.next_step.as_ref().expect("an open item is next");
        assert_ne!(
            next.title, "Mentor for nye kolleger",
            "a done goal is not next"
        );
        let log = anne.access_log(None).await.unwrap();
        assert!(
            log.items
                .iter()
                .any(|e| e.action == mus_domain::AuditAction::DevelopmentPlanRead)
        );
        assert!(anne.my_dashboard().await.unwrap().plan_next_step.is_some());

        // HR: counts per department and by category and status, no text.
        app.mail_settled().await;
        let dashboard = hr.organisation_dashboard(None).await.unwrap();
        let plans = &dashboard.plans;
        assert_eq!(plans.employees, 4, "{plans:?}");
        assert_eq!(plans.with_current_plan, 1);
        let count = |category, status| {
            plans
                .goals
                .iter()
                .find(|g| g.category == category && g.status == status)
                .map_or(0, |g| g.count)
        };
        assert_eq!(
            count(
                AgreementCategory::CourseEducation,
                AgreementStatus::InProgress
            ),
            1
        );
        assert_eq!(
            count(AgreementCategory::TaskProject, AgreementStatus::Done),
            1
        );
        assert!(!body(&dashboard).contains("HEMMELIGT-MÅL-5521"));

        // The liaison committee's report: HR only, counts only.
        let rounds = hr.rounds().await.unwrap();
        let report = hr.round_report(rounds[0].id).await.unwrap();
        assert_eq!(report.total.with_current_plan, 1);
        assert_eq!((report.total.conversations, report.total.signed), (2, 1));
        assert_eq!(report.total.check_ins_due, 0);
        assert!(!body(&report).contains("Certificering"));
        assert_eq!(problem(mette.round_report(rounds[0].id).await).status, 403);
        let csv = hr
            .round_report_csv(rounds[0].id, Language::En)
            .await
            .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[0].starts_with("Department;Employees;Conversations"),
            "{csv}"
        );
        assert!(
            lines.last().unwrap().starts_with("Total;4;2;1;1;0;0;1;"),
            "{csv}"
        );
    }
);

db_test!(
    async fn a_round_s_forms_fit_its_format(app: TestApp) {
        let hr_user = app.create_user("Hanne Løvgren", Role::HrAdmin, None).await;
        let mette_user = app
            .create_user("Mette Kjærgaard", Role::Manager, None)
            .await;
        let anne_user = app
            .create_user("Anne Sørensen", Role::Employee, Some(&mette_user))
            .await;
        let hr = app.signed_in(&hr_user).await;
        let group = group_form(&hr).await;
        let classic = crate::lifecycle::danish_form(&hr).await;
        let today = danish_date(Utc::now());
        let new = |format, template_id, group_template_id| mus_domain::NewRound {
            name: "MUS".into(),
            template_id,
            format,
            group_template_id,
            preparation_deadline: today + Days::new(3),
            meetings_from: today + Days::new(3),
            meetings_until: today + Days::new(40),
            departments: vec![],
            simultaneous_reveal: false,
            reminder_days: mus_domain::rounds::default_reminder_days(),
        };
        let fields = |problem: mus_domain::Problem| {
            problem
                .errors
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        for (round, field) in [
            (new(RoundFormat::Group, classic, None), "template_id"),
            (new(RoundFormat::Individual, group, None), "template_id"),
            (
                new(RoundFormat::GroupThenIndividual, classic, None),
                "group_template_id",
            ),
            (
                new(RoundFormat::GroupThenIndividual, classic, Some(classic)),
                "group_template_id",
            ),
            (
                new(RoundFormat::Individual, classic, Some(group)),
                "group_template_id",
            ),
        ] {
            let refused = problem(hr.open_round(&round).await);
            assert_eq!(fields(refused), [field], "{round:?}");
        }
        assert!(hr.rounds().await.unwrap().is_empty(), "nothing was opened");

        // Both: Anne has an individual conversation and a group.
        let opened = hr
            .open_round(&new(RoundFormat::GroupThenIndividual, classic, Some(group)))
            .await
            .unwrap();
        assert_eq!(opened.group_template_id, Some(group));
        let anne = app.signed_in(&anne_user).await;
        assert_eq!(anne.conversations().await.unwrap().len(), 1);
        let groups = anne.group_conversations(None).await.unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].my_role, GroupRole::Participant);
        let seen = anne.group_conversation(groups[0].id).await.unwrap();
        assert_eq!(
            seen.template_id, group,
            "the group prepares from the group form"
        );
    }
);
