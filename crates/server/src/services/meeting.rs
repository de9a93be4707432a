//! Scheduling and holding the meeting, and its calendar invitation.

use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};
use mus_domain::agreements::danish_date;
use mus_domain::{
    AuditAction, Conversation, ConversationEvent, ConversationId, Meeting, Party, Problem,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

use super::audit::{self, Event};
use super::preparations::{apply, as_party_to_write};
use super::rounds;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::store::begin_write;
use crate::store::entities::{audit_event, conversation};

/// Sets or moves the meeting; either party may. Not after it was held.
pub async fn schedule(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    meeting: &Meeting,
) -> Result<Conversation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let party = as_party_to_write(&txn, actor, id).await?;
    meeting
        .validate(party.round.meetings_from, party.round.meetings_until)
        .map_err(AppError::Validation)?;
    apply(
        &txn,
        &party.conversation,
        &ConversationEvent::MeetingScheduled,
    )
    .await?;
    conversation::Entity::update_many()
        .col_expr(
            conversation::Column::MeetingStartsAt,
            Expr::value(meeting.starts_at),
        )
        .col_expr(
            conversation::Column::MeetingMinutes,
            Expr::value(i32::try_from(meeting.minutes).unwrap_or(480)),
        )
        .col_expr(
            conversation::Column::MeetingLocation,
            Expr::value(meeting.location.trim()),
        )
        .col_expr(conversation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(conversation::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let event = Event::new(actor.id, AuditAction::MeetingScheduled, "conversation")
        .about(party.conversation.employee_id.into())
        .on(id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    rounds::conversation_for(db, actor, id).await
}

/// The manager records that the meeting took place; preparation closes.
/// Not before the meeting's day ([`Meeting::may_be_held_on`]).
pub async fn held(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<Conversation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let party = as_party_to_write(&txn, actor, id).await?;
    if party.side != Party::Manager {
        return Err(AppError::Forbidden(
            "the manager records that the meeting was held".into(),
        ));
    }
    // Without a time the state machine refuses it as not scheduled.
    if let Some(starts_at) = party.conversation.meeting_starts_at {
        let meeting = Meeting {
            starts_at,
            minutes: 0,
            location: String::new(),
        };
        if !meeting.may_be_held_on(danish_date(Utc::now())) {
            let from = meeting.held_from();
            return Err(AppError::Problem(Box::new(Problem::too_early(
                "meeting_not_yet",
                from,
                format!("the meeting is on {from}; it can be recorded as held from that day"),
            ))));
        }
    }
    apply(&txn, &party.conversation, &ConversationEvent::MeetingHeld).await?;
    let event = Event::new(actor.id, AuditAction::MeetingHeld, "conversation")
        .about(party.conversation.employee_id.into())
        .on(id);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    rounds::conversation_for(db, actor, id).await
}

/// Which revision of the invitation this is. A calendar that imported an
/// earlier one replaces it only when `sequence` is higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// 0 for the first time the meeting was set, one more for every move.
    pub sequence: u32,
    /// When the meeting was last set or moved.
    pub last_modified: DateTime<Utc>,
}

/// An RFC 5545 invitation for both parties; 404 until a meeting is set.
pub async fn calendar(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
) -> Result<String, AppError> {
    let conversation = rounds::conversation_for(db, actor, id).await?;
    let meeting = conversation.meeting.as_ref().ok_or(AppError::NotFound)?;
    let revision = revision(db, &conversation).await?;
    Ok(ics(&conversation, meeting, revision, Utc::now()))
}

/// Every setting of the meeting is in the audit log, written in the same
/// transaction as the meeting itself, so the log counts the moves.
async fn revision(
    db: &impl ConnectionTrait,
    conversation: &Conversation,
) -> Result<Revision, AppError> {
    let times: Vec<DateTime<Utc>> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::At)
        .filter(audit_event::Column::ResourceType.eq("conversation"))
        .filter(audit_event::Column::ResourceId.eq(conversation.id.0))
        .filter(audit_event::Column::Action.eq(AuditAction::MeetingScheduled.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Revision {
        sequence: u32::try_from(times.len().saturating_sub(1)).unwrap_or(u32::MAX),
        last_modified: times.into_iter().max().unwrap_or(conversation.updated_at),
    })
}

/// Times are written in UTC (`…Z`), which every calendar shows in the
/// reader's own zone, Danish time included, without shipping a zone table.
pub fn ics(
    conversation: &Conversation,
    meeting: &Meeting,
    revision: Revision,
    now: DateTime<Utc>,
) -> String {
    let stamp = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    let end = meeting.starts_at + Duration::minutes(i64::from(meeting.minutes));
    let summary = format!(
        "MUS: {} og {}",
        conversation.employee.name, conversation.manager.name
    );
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//MUS//Medarbejderudviklingssamtale//DA".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@mus", conversation.id),
        format!("DTSTAMP:{}", stamp(now)),
        format!("SEQUENCE:{}", revision.sequence),
        format!("LAST-MODIFIED:{}", stamp(revision.last_modified)),
        format!("DTSTART:{}", stamp(meeting.starts_at)),
        format!("DTEND:{}", stamp(end)),
        format!("SUMMARY:{}", escape(&summary)),
        format!("LOCATION:{}", escape(&meeting.location)),
        format!(
            "DESCRIPTION:{}",
            escape(&format!(
                "{} – medarbejderudviklingssamtale",
                conversation.round_name
            ))
        ),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for line in lines.drain(..) {
        fold(&line, &mut out);
    }
    out
}

/// RFC 5545 text escaping.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// Lines longer than 75 octets continue on the next line after a space,
/// never splitting a UTF-8 character (æ, ø, å are two octets each).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "ø".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "ø".repeat(60))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Lokale 2, 1. sal; ved kantinen"),
            "Lokale 2\\, 1. sal\\; ved kantinen"
        );
    }
}
