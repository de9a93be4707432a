//! Group conversations (GRUS): a manager and their team hold the yearly
//! conversation together.

use super::Routes;
use actix_web::{HttpResponse, get, http::header, post, put, web};
use mus_domain::{
    CheckInId, GroupAgendaWrite, GroupCheckIn, GroupCheckInCompletion, GroupConversation,
    GroupConversationId, GroupConversationRow, GroupMembers, GroupPreparation, GroupQuery,
    GroupSignRequest, GroupSummary, GroupSummaryWrite, Meeting, NewGroupConversation,
    PreparationWrite, Problem,
};

use crate::auth::{AuthUser, Writer};
use crate::error::AppError;
use crate::services::groups;
use crate::state::AppState;

pub fn configure(cfg: &mut impl Routes) {
    cfg.service(list_groups)
        .service(create_group)
        .service(read_group)
        .service(set_members)
        .service(write_agenda)
        .service(schedule_meeting)
        .service(calendar)
        .service(read_preparation)
        .service(write_preparation)
        .service(share_preparation)
        .service(read_summary)
        .service(write_summary)
        .service(sign_summary)
        .service(complete_check_in);
}

/// The group conversations the caller holds or is (or was) in; every one
/// for HR administrators, who read their shape and progress only.
#[utoipa::path(
    operation_id = "list_group_conversations",
    tag = "group conversations",
    security(("bearer" = [])),
    params(GroupQuery),
    responses(
        (status = 200, description = "The groups, newest first", body = Vec<GroupConversationRow>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-conversations")]
#[tracing::instrument(name = "list groups", skip_all, fields(user = %user.id))]
async fn list_groups(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<GroupQuery>,
) -> Result<web::Json<Vec<GroupConversationRow>>, AppError> {
    Ok(web::Json(
        groups::list(&state.db, &user, query.round).await?,
    ))
}

/// Create a group conversation in a round that holds them.
///
/// Opening such a round makes one group per manager with their direct
/// reports; this adds another, e.g. when a large team meets in two halves.
/// A manager creates their own with their direct reports; HR names the
/// manager and may add anyone active.
#[utoipa::path(
    operation_id = "create_group_conversation",
    tag = "group conversations",
    security(("bearer" = [])),
    request_body = NewGroupConversation,
    responses(
        (status = 201, description = "Created", body = GroupConversation,
            headers(("Location" = String, description = "The new group conversation"))),
        (status = 403, description = "A manager naming another manager, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such round or one without groups, a bad name, too many, doubled or unknown participants, someone not the manager's report (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-conversations")]
#[tracing::instrument(name = "create group", skip_all, fields(user = %user.id))]
async fn create_group(
    state: web::Data<AppState>,
    Writer(user): Writer,
    body: web::Json<NewGroupConversation>,
) -> Result<HttpResponse, AppError> {
    let group = groups::create(&state.db, &user, &body).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/group-conversations/{}", group.id),
        ))
        .json(group))
}

/// One group conversation.
///
/// The manager and the participants read its agenda, the preparations
/// shared with the group (a participant those shared since they joined),
/// and once signed its team agreements and check-ins. Someone who left
/// reads what they acknowledged. HR reads who, when and how far: the
/// content fields are empty. Reading another participant's shared
/// preparation goes to their access log (once an hour per reader).
#[utoipa::path(
    operation_id = "read_group_conversation",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    responses(
        (status = 200, description = "The group conversation", body = GroupConversation),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-conversations/{id}")]
#[tracing::instrument(name = "read group", skip_all, fields(user = %user.id))]
async fn read_group(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<GroupConversationId>,
) -> Result<web::Json<GroupConversation>, AppError> {
    let group = groups::get(&state.db, &user, id.into_inner()).await?;
    groups::record_reads(&state.db, &user, &group).await?;
    Ok(web::Json(group))
}

/// Who is in the group from now on (HR or the manager).
///
/// Someone left out leaves: they keep reading what they acknowledged and
/// nothing new. Someone added joins: they read the team agreements, and
/// preparations shared from now on. A manager adds their direct reports.
#[utoipa::path(
    operation_id = "set_group_members",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = GroupMembers,
    responses(
        (status = 200, description = "The group as it is now", body = GroupConversation),
        (status = 403, description = "A participant, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too many, doubled or unknown people, the manager, an HR administrator, someone who left, or not the manager's report (`invalid_body`, field `members/<i>`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-conversations/{id}/members")]
#[tracing::instrument(name = "set group members", skip_all, fields(user = %user.id))]
async fn set_members(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<GroupMembers>,
) -> Result<web::Json<GroupConversation>, AppError> {
    Ok(web::Json(
        groups::set_members(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Save the shared agenda (the manager).
///
/// Replaces the text from the `version` read; a stale one saves nothing
/// (409 `version_conflict`, the group now in `current`). Closed once the
/// summary is signed (409 `wrong_state`, reason `summary_locked`).
#[utoipa::path(
    operation_id = "write_group_agenda",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = GroupAgendaWrite,
    responses(
        (status = 200, description = "Saved", body = GroupConversation),
        (status = 403, description = "Not the manager, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A stale version (`version_conflict`), or the summary is signed (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too long (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-conversations/{id}/agenda")]
#[tracing::instrument(name = "write group agenda", skip_all, fields(user = %user.id))]
async fn write_agenda(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<GroupAgendaWrite>,
) -> Result<web::Json<GroupConversation>, AppError> {
    Ok(web::Json(
        groups::save_agenda(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Set or move the meeting (the manager).
///
/// Everyone in the group and the manager get a calendar invitation by
/// e-mail (one event, the manager as organiser); a move sends it again with
/// a higher `SEQUENCE`.
#[utoipa::path(
    operation_id = "schedule_group_meeting",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = Meeting,
    responses(
        (status = 200, description = "The group with its meeting", body = GroupConversation),
        (status = 403, description = "Not the manager, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The summary is signed (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Outside the round's window, minutes out of range, no location (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-conversations/{id}/meeting")]
#[tracing::instrument(name = "schedule group meeting", skip_all, fields(user = %user.id))]
async fn schedule_meeting(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<Meeting>,
) -> Result<web::Json<GroupConversation>, AppError> {
    let group =
        groups::schedule(&state.db, &user, id.into_inner(), &body, &state.public_url).await?;
    state.outbox.wake();
    Ok(web::Json(group))
}

/// The group meeting as a calendar file (RFC 5545).
#[utoipa::path(
    operation_id = "download_group_meeting_calendar",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    responses(
        (status = 200, description = "The event", content_type = "text/calendar", body = String),
        (status = 404, description = "Not the caller's group, or no meeting yet (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-conversations/{id}/meeting.ics")]
#[tracing::instrument(name = "group meeting calendar", skip_all, fields(user = %user.id))]
async fn calendar(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<GroupConversationId>,
) -> Result<HttpResponse, AppError> {
    let ics = groups::calendar(&state.db, &user, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"grus.ics\"",
        ))
        .body(ics))
}

/// The caller's own preparation for the group: private until shared.
#[utoipa::path(
    operation_id = "read_group_preparation",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    responses(
        (status = 200, description = "The caller's preparation", body = GroupPreparation),
        (status = 404, description = "Not a participant (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-conversations/{id}/preparation")]
#[tracing::instrument(name = "read group preparation", skip_all, fields(user = %user.id))]
async fn read_preparation(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<GroupConversationId>,
) -> Result<web::Json<GroupPreparation>, AppError> {
    Ok(web::Json(
        groups::preparation(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Save the caller's own answers to the group form (autosave).
///
/// All answers, from the `version` read; a stale one saves nothing (409
/// `version_conflict` with `current`). Closed once the summary is signed.
#[utoipa::path(
    operation_id = "write_group_preparation",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = PreparationWrite,
    responses(
        (status = 200, description = "Saved", body = GroupPreparation),
        (status = 403, description = "Left the group, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a participant (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A stale version (`version_conflict`), or the summary is signed (`wrong_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown questions or answers of the wrong shape (`invalid_body`, field `answers/<key>`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-conversations/{id}/preparation")]
#[tracing::instrument(name = "write group preparation", skip_all, fields(user = %user.id))]
async fn write_preparation(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<PreparationWrite>,
) -> Result<web::Json<GroupPreparation>, AppError> {
    Ok(web::Json(
        groups::save_preparation(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Share the caller's preparation with the group. It cannot be unshared.
#[utoipa::path(
    operation_id = "share_group_preparation",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    responses(
        (status = 200, description = "Shared", body = GroupPreparation),
        (status = 403, description = "Left the group, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a participant (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-conversations/{id}/preparation/share")]
#[tracing::instrument(name = "share group preparation", skip_all, fields(user = %user.id))]
async fn share_preparation(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
) -> Result<web::Json<GroupPreparation>, AppError> {
    Ok(web::Json(
        groups::share_preparation(&state.db, &user, id.into_inner()).await?,
    ))
}

/// The group summary and its acknowledgements.
///
/// A note of disagreement is read by the manager and its author; the rest
/// of the group sees that there is one.
#[utoipa::path(
    operation_id = "read_group_summary",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    responses(
        (status = 200, description = "The summary", body = GroupSummary),
        (status = 404, description = "Not the caller's group, HR, or left without acknowledging (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-conversations/{id}/summary")]
#[tracing::instrument(name = "read group summary", skip_all, fields(user = %user.id))]
async fn read_summary(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<GroupConversationId>,
) -> Result<web::Json<GroupSummary>, AppError> {
    Ok(web::Json(
        groups::summary(&state.db, &user, id.into_inner()).await?,
    ))
}

/// Save the group summary (the manager; autosave).
///
/// From the meeting's day (Danish time). The body replaces the whole
/// content from the `version` read; a stale one saves nothing (409
/// `version_conflict` with `current`). Team agreements without an `id` get
/// one. Locked once signed.
#[utoipa::path(
    operation_id = "write_group_summary",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = GroupSummaryWrite,
    responses(
        (status = 200, description = "Saved", body = GroupSummary),
        (status = 403, description = "Not the manager, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A stale version (`version_conflict`); no meeting or signed (`wrong_state` with `reason`); before the meeting's day (`too_early`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too long, too many agreements, a due date outside the window (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-conversations/{id}/summary")]
#[tracing::instrument(name = "write group summary", skip_all, fields(user = %user.id))]
async fn write_summary(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<GroupSummaryWrite>,
) -> Result<web::Json<GroupSummary>, AppError> {
    Ok(web::Json(
        groups::save_summary(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Sign the group summary (the manager) or acknowledge it (a participant).
///
/// The manager signs the `version` read: the summary locks, its team
/// agreements are followed up from now on and check-ins are scheduled at
/// 3, 6, 9 and 12 months. Each participant then acknowledges it, and may
/// note that they do not agree (`disagreement`, "set, men ikke enig").
#[utoipa::path(
    operation_id = "sign_group_summary",
    tag = "group conversations",
    security(("bearer" = [])),
    params(("id" = GroupConversationId, Path, description = "The group conversation")),
    request_body = GroupSignRequest,
    responses(
        (status = 200, description = "Signed or acknowledged", body = GroupSummary),
        (status = 403, description = "Left the group, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing to sign, a stale version, already signed, or not yet signed by the manager (`wrong_state` with `reason`); before the meeting's day (`too_early`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The manager noting disagreement, or an empty or too long note (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-conversations/{id}/summary/sign")]
#[tracing::instrument(name = "sign group summary", skip_all, fields(user = %user.id))]
async fn sign_summary(
    state: web::Data<AppState>,
    Writer(user): Writer,
    id: web::Path<GroupConversationId>,
    body: web::Json<GroupSignRequest>,
) -> Result<web::Json<GroupSummary>, AppError> {
    Ok(web::Json(
        groups::sign(&state.db, &user, id.into_inner(), &body).await?,
    ))
}

/// Complete a quarterly check-in on the team agreements (the manager).
///
/// Each entry sets a team agreement's status and, unless empty, its note.
/// Opens two weeks before it is due.
#[utoipa::path(
    operation_id = "complete_group_check_in",
    tag = "group conversations",
    security(("bearer" = [])),
    params(
        ("id" = GroupConversationId, Path, description = "The group conversation"),
        ("check_in_id" = CheckInId, Path, description = "The check-in"),
    ),
    request_body = GroupCheckInCompletion,
    responses(
        (status = 200, description = "Completed", body = GroupCheckIn),
        (status = 403, description = "Not the manager, or a read-only API token (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's group or check-in (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed (`wrong_state`), or not open yet (`too_early`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a team agreement of this group, or a note too long (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-conversations/{id}/check-ins/{check_in_id}/complete")]
#[tracing::instrument(name = "complete group check-in", skip_all, fields(user = %user.id))]
async fn complete_check_in(
    state: web::Data<AppState>,
    Writer(user): Writer,
    path: web::Path<(GroupConversationId, CheckInId)>,
    body: web::Json<GroupCheckInCompletion>,
) -> Result<web::Json<GroupCheckIn>, AppError> {
    let (id, check_in) = path.into_inner();
    Ok(web::Json(
        groups::complete_check_in(&state.db, &user, id, check_in, &body).await?,
    ))
}
