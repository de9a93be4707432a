//! What a party to a conversation should do next, as one clear link. The
//! rule is the domain's ([`NextStep::for_party`]); the web app only words
//! the step and points it at a page.

use mus_domain::{Conversation, ConversationStatus, MyConversation, NextStep, Party};

use crate::i18n::Key;
use crate::routing;

/// A step with the facts its words and link depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// `None` for a cancelled conversation: there is only its page to see.
    pub step: Option<NextStep>,
    pub side: Party,
    /// Whether a meeting time is set: "schedule the meeting" or "see it".
    pub meeting_set: bool,
}

impl Step {
    /// The step for one side of a conversation in a list. A list does not
    /// show how far a preparation has come or who has signed, so an
    /// unshared preparation reads as "prepare" and an open summary as
    /// "sign"; where the server says more ([`Step::mine`]), that is used.
    pub fn of(conversation: &Conversation, side: Party) -> Step {
        let shared = match side {
            Party::Employee => conversation.employee_shared,
            Party::Manager => conversation.manager_shared,
        };
        let step = (conversation.status != ConversationStatus::Cancelled)
            .then(|| NextStep::for_party(conversation.status, 0, shared, false));
        Step {
            step,
            side,
            meeting_set: conversation.meeting.is_some(),
        }
    }

    /// The employee's own step as `GET /dashboard/me` says it, knowing the
    /// preparation's progress and the signatures.
    pub fn mine(mine: &MyConversation) -> Step {
        Step {
            step: Some(mine.next_step),
            side: Party::Employee,
            meeting_set: mine.meeting.is_some(),
        }
    }

    /// The link's words. Someone's own conversation is "your conversation";
    /// a manager preparing for a report's is "the conversation".
    pub fn label(self) -> Key {
        let Some(step) = self.step else {
            return Key::NextOpenConversation;
        };
        match (step, self.side) {
            (NextStep::Prepare, Party::Employee) => Key::NextPrepareOwn,
            (NextStep::Prepare, Party::Manager) => Key::NextPrepareReport,
            (NextStep::Share, _) => Key::NextShare,
            (NextStep::WaitForMeeting, _) if self.meeting_set => Key::NextOpenAgenda,
            (NextStep::WaitForMeeting, _) => Key::NextScheduleMeeting,
            (NextStep::WaitForSummary, Party::Manager) => Key::NextWriteSummary,
            (NextStep::WaitForSummary, Party::Employee) => Key::NextReadSummary,
            (NextStep::Sign, _) => Key::NextSignSummary,
            (NextStep::WaitForSignature, _) => Key::NextReadSummary,
            (NextStep::FollowUp, _) => Key::NextFollowUp,
        }
    }

    pub fn href(self, id: mus_domain::ConversationId) -> String {
        match self.step {
            None => routing::conversation(id),
            Some(NextStep::Prepare | NextStep::Share) => routing::preparation(id),
            Some(NextStep::WaitForMeeting) => routing::meeting(id),
            Some(NextStep::WaitForSummary | NextStep::Sign | NextStep::WaitForSignature) => {
                routing::summary(id)
            }
            Some(NextStep::FollowUp) => routing::follow_up(id),
        }
    }

    /// For ordering a list: what waits for this side first.
    pub fn urgency(self) -> u8 {
        self.step
            .map_or(u8::MAX, |step| step.urgency_for(self.side))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use mus_domain::{ConversationId, Meeting, PersonRef, RoundId, TemplateId, UserId};

    fn conversation(status: ConversationStatus) -> Conversation {
        let person = |name: &str| PersonRef {
            id: UserId::new(),
            name: name.into(),
        };
        Conversation {
            id: ConversationId::new(),
            round_id: RoundId::new(),
            round_name: "MUS 2027".into(),
            template_id: TemplateId::new(),
            employee: person("Anne"),
            manager: person("Mette"),
            status,
            employee_shared: false,
            manager_shared: false,
            meeting: None,
            preparation_deadline: "2027-02-15".parse().unwrap(),
            meetings_from: "2027-02-01".parse().unwrap(),
            meetings_until: "2027-03-31".parse().unwrap(),
            updated_at: "2027-01-10T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn prepare_until_shared_then_schedule_then_agenda() {
        let mut c = conversation(ConversationStatus::Planned);
        let label = |c: &Conversation, side| Step::of(c, side).label();
        assert_eq!(label(&c, Party::Employee), Key::NextPrepareOwn);
        c.employee_shared = true;
        c.status = ConversationStatus::Preparing;
        assert_eq!(label(&c, Party::Employee), Key::NextScheduleMeeting);
        assert_eq!(label(&c, Party::Manager), Key::NextPrepareReport);
        c.meeting = Some(Meeting {
            starts_at: Utc::now(),
            minutes: 60,
            location: "Lokale 2".into(),
        });
        assert_eq!(label(&c, Party::Employee), Key::NextOpenAgenda);
        assert_eq!(
            Step::of(&c, Party::Employee).href(c.id),
            routing::meeting(c.id)
        );
    }

    #[test]
    fn after_the_meeting_the_summary_then_the_follow_up() {
        let step = |status| Step::of(&conversation(status), Party::Manager);
        assert_eq!(
            step(ConversationStatus::Held).label(),
            Key::NextWriteSummary
        );
        assert_eq!(
            Step::of(&conversation(ConversationStatus::Held), Party::Employee).label(),
            Key::NextReadSummary
        );
        assert_eq!(
            step(ConversationStatus::SummaryDraft).label(),
            Key::NextSignSummary
        );
        assert_eq!(step(ConversationStatus::Signed).label(), Key::NextFollowUp);
        let cancelled = conversation(ConversationStatus::Cancelled);
        assert_eq!(
            Step::of(&cancelled, Party::Manager).href(cancelled.id),
            routing::conversation(cancelled.id)
        );
    }

    #[test]
    fn a_manager_meets_what_waits_for_them_first() {
        let mut prepare = conversation(ConversationStatus::Preparing);
        prepare.employee_shared = true;
        let mut waiting = prepare.clone();
        waiting.manager_shared = true;
        let mut follow_up = conversation(ConversationStatus::Signed);
        follow_up.manager_shared = true;
        let mut list = vec![
            conversation(ConversationStatus::Cancelled),
            follow_up,
            waiting,
            prepare,
            conversation(ConversationStatus::AwaitingSignatures),
            conversation(ConversationStatus::Held),
        ];
        list.sort_by_key(|c| Step::of(c, Party::Manager).urgency());
        let labels: Vec<_> = list
            .iter()
            .map(|c| Step::of(c, Party::Manager).label())
            .collect();
        assert_eq!(
            labels,
            [
                Key::NextWriteSummary,
                Key::NextSignSummary,
                Key::NextPrepareReport,
                Key::NextScheduleMeeting,
                Key::NextFollowUp,
                Key::NextOpenConversation,
            ]
        );
    }
}
