//! What a party to a conversation should do next, as one clear link.

use mus_domain::{Conversation, ConversationStatus, Party};

use crate::i18n::Key;
use crate::routing;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Write (or finish) one's preparation and share it.
    Prepare,
    /// Both the time and the place are still open.
    ScheduleMeeting,
    /// Everything is ready: read the agenda before the meeting (and, for the
    /// manager, mark it held afterwards).
    OpenAgenda,
    /// The meeting is held: the summary is being written.
    Summary,
    /// The summary awaits signatures.
    Sign,
    /// Signed: the year of follow-up.
    FollowUp,
    /// Cancelled: the conversation's own page.
    Open,
}

pub fn next_step(conversation: &Conversation, side: Party) -> NextStep {
    match conversation.status {
        ConversationStatus::Cancelled => return NextStep::Open,
        ConversationStatus::Held => return NextStep::Summary,
        ConversationStatus::SummaryDraft | ConversationStatus::AwaitingSignatures => {
            return NextStep::Sign;
        }
        ConversationStatus::Signed => return NextStep::FollowUp,
        ConversationStatus::Planned | ConversationStatus::Preparing | ConversationStatus::Ready => {
        }
    }
    let own_shared = match side {
        Party::Employee => conversation.employee_shared,
        Party::Manager => conversation.manager_shared,
    };
    if !own_shared {
        NextStep::Prepare
    } else if conversation.meeting.is_none() {
        NextStep::ScheduleMeeting
    } else {
        NextStep::OpenAgenda
    }
}

impl NextStep {
    /// The link's words. Someone's own conversation is "your conversation";
    /// a manager preparing for a report's is "the conversation".
    pub fn label(self, side: Party) -> Key {
        match (self, side) {
            (NextStep::Prepare, Party::Employee) => Key::NextPrepareOwn,
            (NextStep::Prepare, Party::Manager) => Key::NextPrepareReport,
            (NextStep::ScheduleMeeting, _) => Key::NextScheduleMeeting,
            (NextStep::OpenAgenda, _) => Key::NextOpenAgenda,
            (NextStep::Summary, Party::Manager) => Key::NextWriteSummary,
            (NextStep::Summary, Party::Employee) => Key::NextReadSummary,
            (NextStep::Sign, _) => Key::NextSignSummary,
            (NextStep::FollowUp, _) => Key::NextFollowUp,
            (NextStep::Open, _) => Key::NextOpenConversation,
        }
    }

    /// How soon the step asks for the manager's hand, lowest first: the
    /// order of a manager's list of reports. A held meeting waits for its
    /// summary and a summary for signatures before anything else; a meeting
    /// to plan before a preparation to write; a conversation on its way or
    /// in follow-up asks for nothing today.
    pub fn manager_urgency(self) -> u8 {
        match self {
            NextStep::Summary => 0,
            NextStep::Sign => 1,
            NextStep::ScheduleMeeting => 2,
            NextStep::Prepare => 3,
            NextStep::OpenAgenda => 4,
            NextStep::FollowUp => 5,
            NextStep::Open => 6,
        }
    }

    pub fn href(self, conversation: &Conversation) -> String {
        match self {
            NextStep::Prepare => routing::preparation(conversation.id),
            NextStep::ScheduleMeeting | NextStep::OpenAgenda => routing::meeting(conversation.id),
            NextStep::Summary | NextStep::Sign => routing::summary(conversation.id),
            NextStep::FollowUp => routing::follow_up(conversation.id),
            NextStep::Open => routing::conversation(conversation.id),
        }
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
        assert_eq!(next_step(&c, Party::Employee), NextStep::Prepare);
        c.employee_shared = true;
        c.status = ConversationStatus::Preparing;
        assert_eq!(next_step(&c, Party::Employee), NextStep::ScheduleMeeting);
        assert_eq!(next_step(&c, Party::Manager), NextStep::Prepare);
        c.meeting = Some(Meeting {
            starts_at: Utc::now(),
            minutes: 60,
            location: "Lokale 2".into(),
        });
        assert_eq!(next_step(&c, Party::Employee), NextStep::OpenAgenda);
    }

    #[test]
    fn after_the_meeting_the_summary_then_the_follow_up() {
        let step = |status| next_step(&conversation(status), Party::Manager);
        assert_eq!(step(ConversationStatus::Held), NextStep::Summary);
        assert_eq!(step(ConversationStatus::SummaryDraft), NextStep::Sign);
        assert_eq!(step(ConversationStatus::AwaitingSignatures), NextStep::Sign);
        assert_eq!(step(ConversationStatus::Signed), NextStep::FollowUp);
        assert_eq!(step(ConversationStatus::Cancelled), NextStep::Open);
    }

    #[test]
    fn a_manager_meets_what_waits_for_them_first() {
        let mut prepare = conversation(ConversationStatus::Preparing);
        prepare.employee_shared = true;
        let mut schedule = prepare.clone();
        schedule.manager_shared = true;
        let mut follow_up = conversation(ConversationStatus::Signed);
        follow_up.manager_shared = true;
        let mut list = vec![
            conversation(ConversationStatus::Cancelled),
            follow_up,
            prepare,
            schedule,
            conversation(ConversationStatus::AwaitingSignatures),
            conversation(ConversationStatus::Held),
        ];
        list.sort_by_key(|c| next_step(c, Party::Manager).manager_urgency());
        let steps: Vec<_> = list.iter().map(|c| next_step(c, Party::Manager)).collect();
        assert_eq!(
            steps,
            [
                NextStep::Summary,
                NextStep::Sign,
                NextStep::ScheduleMeeting,
                NextStep::Prepare,
                NextStep::FollowUp,
                NextStep::Open,
            ]
        );
    }

    #[test]
    fn the_words_say_whose_conversation_it_is() {
        assert_eq!(
            NextStep::Prepare.label(Party::Employee),
            Key::NextPrepareOwn
        );
        assert_eq!(
            NextStep::Prepare.label(Party::Manager),
            Key::NextPrepareReport
        );
    }
}
