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
use uuid::Uuid;

use super::audit::{self, Event};
use super::lifecycle::AsParty;
use super::notifications::{self, MeetingChange, Message, Notice, Recipients};
use super::preparations::{apply, as_party_to_write};
use super::rounds;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::outbox::Invite;
use crate::store::begin_write;
use crate::store::entities::{audit_event, conversation};

/// Sets or moves the meeting; either party may. Not after it was held.
/// Both parties get a calendar invitation by e-mail, the other party also a
/// notification; a move sends the same invitation with a higher `SEQUENCE`.
pub async fn schedule(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    meeting: &Meeting,
    site: &url::Url,
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
    let now = Utc::now();
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
        .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
        .filter(conversation::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let event = Event::new(actor.id, AuditAction::MeetingScheduled, "conversation")
        .about(party.conversation.employee_id.into())
        .on(id);
    audit::record(&txn, event).await?;
    let change = if party.conversation.meeting_starts_at.is_some() {
        MeetingChange::Moved
    } else {
        MeetingChange::Set
    };
    let meeting = Meeting {
        location: meeting.location.trim().to_owned(),
        ..meeting.clone()
    };
    invite(&txn, actor, &party, &meeting, change, site, now).await?;
    txn.commit().await?;
    rounds::conversation_for(db, actor, id).await
}

/// Takes the meeting off the calendar before it was held; either party may.
/// Both parties get the cancellation (`METHOD:CANCEL`), which removes it
/// from their calendars; a new time may be set later.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ConversationId,
    site: &url::Url,
) -> Result<Conversation, AppError> {
    let (_turn, txn) = begin_write(db).await?;
    let party = as_party_to_write(&txn, actor, id).await?;
    apply(
        &txn,
        &party.conversation,
        &ConversationEvent::MeetingCancelled,
    )
    .await?;
    let was = Meeting {
        starts_at: party
            .conversation
            .meeting_starts_at
            .ok_or(AppError::NotFound)?,
        minutes: party
            .conversation
            .meeting_minutes
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(60),
        location: party
            .conversation
            .meeting_location
            .clone()
            .unwrap_or_default(),
    };
    let now = Utc::now();
    conversation::Entity::update_many()
        .col_expr(
            conversation::Column::MeetingStartsAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(
            conversation::Column::MeetingMinutes,
            Expr::value(None::<i32>),
        )
        .col_expr(
            conversation::Column::MeetingLocation,
            Expr::value(None::<String>),
        )
        .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
        .filter(conversation::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let event = Event::new(actor.id, AuditAction::MeetingCancelled, "conversation")
        .about(party.conversation.employee_id.into())
        .on(id);
    audit::record(&txn, event).await?;
    invite(
        &txn,
        actor,
        &party,
        &was,
        MeetingChange::Cancelled,
        site,
        now,
    )
    .await?;
    txn.commit().await?;
    rounds::conversation_for(db, actor, id).await
}

/// Sends both parties the invitation (or its cancellation) for `meeting`,
/// inside the transaction that changed it.
async fn invite(
    txn: &impl ConnectionTrait,
    actor: &AuthUser,
    party: &AsParty,
    meeting: &Meeting,
    change: MeetingChange,
    site: &url::Url,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let c = &party.conversation;
    let people = [c.employee_id, c.manager_id];
    let recipients = Recipients::of(txn, &people).await?;
    let (Some(employee), Some(manager)) =
        (recipients.get(c.employee_id), recipients.get(c.manager_id))
    else {
        return Ok(());
    };
    let revision = revision(txn, c.id, now).await?;
    let title = Invitation::title_of(&employee.name, &manager.name);
    let description = Invitation::description_of(&party.round.name);
    let invitation = Invitation {
        uid: c.id,
        title: &title,
        organiser: (&manager.name, Some(&manager.email)),
        attendees: &[(&employee.name, Some(&employee.email))],
        description: &description,
        meeting,
        revision,
        method: if change == MeetingChange::Cancelled {
            Method::Cancel
        } else {
            Method::Request
        },
    };
    let invite = Invite {
        method: invitation.method.as_str().to_owned(),
        ics: invitation.ics(now),
    };
    let notices = people
        .into_iter()
        .map(|person| {
            let with = if person == c.employee_id {
                manager
            } else {
                employee
            };
            Notice {
                user: person,
                reason: format!("meeting:{}:{}:{person}", c.id, revision.sequence),
                message: Message::Meeting {
                    change,
                    with: with.name.clone(),
                    starts_at: meeting.starts_at,
                    invite: invite.clone(),
                },
                link: format!("/conversations/{}/meeting", c.id),
            }
        })
        .collect();
    let told = notifications::tell(txn, site, &recipients, notices).await?;
    tracing::debug!(actor = %actor.id, conversation = %c.id, mails = told.mails, "meeting invitations written");
    Ok(())
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
    let revision = revision(db, conversation.id.0, conversation.updated_at).await?;
    // Stamped with the revision it shows, so two downloads of one revision
    // are the same file, byte for byte.
    let stamped = revision.last_modified;
    let title = Invitation::title_of(&conversation.employee.name, &conversation.manager.name);
    let description = Invitation::description_of(&conversation.round_name);
    Ok(Invitation {
        uid: conversation.id.0,
        title: &title,
        organiser: (&conversation.manager.name, None),
        attendees: &[(&conversation.employee.name, None)],
        description: &description,
        meeting,
        revision,
        method: Method::Publish,
    }
    .ics(stamped))
}

/// Every setting and cancelling of the meeting is in the audit log, written
/// in the same transaction as the meeting itself, so the log counts the
/// changes.
async fn revision(
    db: &impl ConnectionTrait,
    conversation: Uuid,
    fallback: DateTime<Utc>,
) -> Result<Revision, AppError> {
    let times: Vec<DateTime<Utc>> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::At)
        .filter(audit_event::Column::ResourceType.eq("conversation"))
        .filter(audit_event::Column::ResourceId.eq(conversation))
        .filter(audit_event::Column::Action.is_in([
            AuditAction::MeetingScheduled.as_str(),
            AuditAction::MeetingCancelled.as_str(),
        ]))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Revision {
        sequence: u32::try_from(times.len().saturating_sub(1)).unwrap_or(u32::MAX),
        last_modified: times.into_iter().max().unwrap_or(fallback),
    })
}

/// What a calendar is asked to do with the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A file to import (the download).
    Publish,
    /// An invitation by e-mail: add or update the event.
    Request,
    /// A cancellation by e-mail: remove the event.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// One meeting as a calendar event. One `UID` per conversation, so a
/// calendar that has the event replaces it when `SEQUENCE` is higher.
#[derive(Debug, Clone, Copy)]
pub struct Invitation<'a> {
    pub uid: Uuid,
    /// The event's title in the calendar.
    pub title: &'a str,
    /// The manager: name and, for an invitation by e-mail, address.
    pub organiser: (&'a str, Option<&'a str>),
    /// Everyone else invited, in the same form.
    pub attendees: &'a [(&'a str, Option<&'a str>)],
    pub description: &'a str,
    pub meeting: &'a Meeting,
    pub revision: Revision,
    pub method: Method,
}

impl<'a> Invitation<'a> {
    /// The title of an individual conversation's event.
    pub fn title_of(employee: &str, manager: &str) -> String {
        format!("MUS: {employee} og {manager}")
    }

    /// The description of an individual conversation's event.
    pub fn description_of(round: &str) -> String {
        format!("{round} – medarbejderudviklingssamtale")
    }
}

impl Invitation<'_> {
    /// Times are written in UTC (`…Z`), which every calendar shows in the
    /// reader's own zone, Danish time included, without shipping a zone
    /// table. An invitation by e-mail names the manager as organiser and
    /// both parties as attendees (RFC 5546), which is what makes Outlook and
    /// Gmail show it as an invitation.
    pub fn ics(&self, now: DateTime<Utc>) -> String {
        let stamp = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
        let meeting = self.meeting;
        let end = meeting.starts_at + Duration::minutes(i64::from(meeting.minutes));
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//MUS//Medarbejderudviklingssamtale//DA".to_owned(),
            "CALSCALE:GREGORIAN".to_owned(),
            format!("METHOD:{}", self.method.as_str()),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@mus", self.uid),
            format!("DTSTAMP:{}", stamp(now)),
            format!("SEQUENCE:{}", self.revision.sequence),
            format!("LAST-MODIFIED:{}", stamp(self.revision.last_modified)),
            format!("DTSTART:{}", stamp(meeting.starts_at)),
            format!("DTEND:{}", stamp(end)),
            format!("SUMMARY:{}", escape(self.title)),
            format!("LOCATION:{}", escape(&meeting.location)),
            format!("DESCRIPTION:{}", escape(self.description)),
        ];
        if self.method != Method::Publish {
            if let (name, Some(address)) = self.organiser {
                lines.push(format!("ORGANIZER;CN={}:mailto:{address}", param(name)));
            }
            for &(name, address) in self.attendees.iter().chain([&self.organiser]) {
                if let Some(address) = address {
                    lines.push(format!(
                        "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{address}",
                        param(name)
                    ));
                }
            }
        }
        lines.push(
            if self.method == Method::Cancel {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            }
            .to_owned(),
        );
        lines.push("END:VEVENT".to_owned());
        lines.push("END:VCALENDAR".to_owned());
        let mut out = String::new();
        for line in lines {
            fold(&line, &mut out);
        }
        out
    }
}

/// A parameter value (`CN=`): quoted, without the characters a quoted
/// value cannot hold.
fn param(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '"' | '\r' | '\n'))
        .collect();
    format!("\"{clean}\"")
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
