//! Answers typed but not yet confirmed by the server, kept in the browser.
//!
//! Every keystroke lands here before it is sent, so a text typed while the
//! connection is down, during a server restart or just before a reload is
//! still there when the page comes back. A draft is removed once the server
//! has confirmed exactly these answers, or when its author signs out.
//!
//! Drafts are kept under the signed-in person's id: someone else signing
//! in on the same browser never sees them, and signing out removes them,
//! so nothing private stays behind on a shared computer. A session that
//! merely expires keeps them, so no word is lost to a timeout.

use std::collections::BTreeMap;

use mus_domain::{Answer, ConversationId, GroupConversationId, Party, UserId};
use serde::{Deserialize, Serialize};

use crate::storage;

/// What was typed, and the server version it was typed on top of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub base_version: u32,
    pub answers: BTreeMap<String, Answer>,
    /// The answers of a save sent on top of `base_version` and not yet
    /// answered: if the page went away meanwhile, the server may have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<BTreeMap<String, Answer>>,
}

/// What to do with a draft found when the preparation is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing to recover: there is no draft, or the server has the same.
    Nothing,
    /// The draft continues the server's version: show it and save it.
    Resume(BTreeMap<String, Answer>),
    /// The server's version moved on since the draft was begun (another tab
    /// or device): the author must choose.
    Conflict(BTreeMap<String, Answer>),
}

/// Compares a stored draft with what the server has now.
pub fn recover(
    draft: Option<Draft>,
    server_version: u32,
    server: &BTreeMap<String, Answer>,
) -> Recovery {
    match draft {
        None => Recovery::Nothing,
        Some(draft) if &draft.answers == server => Recovery::Nothing,
        Some(draft) if draft.base_version == server_version => Recovery::Resume(draft.answers),
        // The last save reached the server just before the page went away.
        Some(draft)
            if draft.base_version + 1 == server_version && draft.sent.as_ref() == Some(server) =>
        {
            Recovery::Resume(draft.answers)
        }
        Some(draft) => Recovery::Conflict(draft.answers),
    }
}

/// Which preparation a draft is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prepared {
    /// One side of a conversation.
    Conversation {
        conversation: ConversationId,
        side: Party,
    },
    /// The author's own preparation for a group conversation.
    Group(GroupConversationId),
}

/// Whose draft of which preparation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftKey {
    pub author: UserId,
    pub of: Prepared,
}

const PREFIX: &str = "mus.preparation-draft.";

impl DraftKey {
    pub fn conversation(author: UserId, conversation: ConversationId, side: Party) -> DraftKey {
        DraftKey {
            author,
            of: Prepared::Conversation { conversation, side },
        }
    }

    pub fn group(author: UserId, group: GroupConversationId) -> DraftKey {
        DraftKey {
            author,
            of: Prepared::Group(group),
        }
    }

    fn storage_key(&self) -> String {
        let author = self.author;
        match self.of {
            Prepared::Conversation { conversation, side } => {
                format!("{PREFIX}{author}.{conversation}.{side}")
            }
            Prepared::Group(group) => format!("{PREFIX}{author}.group.{group}"),
        }
    }
}

pub fn load(key: DraftKey) -> Option<Draft> {
    storage::get_json(&key.storage_key())
}

/// Keeps the draft. Returns false when the browser would not store it
/// (storage disabled or full), so the page can warn that only the server
/// copy protects the text.
pub fn store(key: DraftKey, draft: &Draft) -> bool {
    storage::set_json(&key.storage_key(), draft)
}

pub fn clear(key: DraftKey) {
    // If removal fails the draft equals the server's text next time, and
    // `recover` drops it then.
    storage::remove(&key.storage_key());
}

/// Removes every preparation draft this browser keeps, whoever wrote it,
/// and the drafts of group agendas and summaries:
/// run at sign-out. Drafts of anyone who left without signing out go too,
/// as do those kept before drafts carried their author.
pub fn forget_all() {
    for prefix in [PREFIX, crate::doc_autosave::PREFIX] {
        for key in storage::keys_with_prefix(prefix) {
            storage::remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> BTreeMap<String, Answer> {
        [("q".to_owned(), Answer::Text(text.to_owned()))].into()
    }

    #[test]
    fn a_draft_equal_to_the_server_is_dropped() {
        let draft = Draft {
            base_version: 1,
            answers: answers("a"),
            sent: None,
        };
        assert_eq!(recover(Some(draft), 2, &answers("a")), Recovery::Nothing);
        assert_eq!(recover(None, 2, &answers("a")), Recovery::Nothing);
    }

    #[test]
    fn a_draft_on_the_current_version_is_resumed() {
        let draft = Draft {
            base_version: 2,
            answers: answers("ab"),
            sent: None,
        };
        assert_eq!(
            recover(Some(draft), 2, &answers("a")),
            Recovery::Resume(answers("ab"))
        );
    }

    #[test]
    fn a_save_that_landed_before_a_reload_is_continued() {
        let draft = Draft {
            base_version: 2,
            answers: answers("abc"),
            sent: Some(answers("ab")),
        };
        assert_eq!(
            recover(Some(draft.clone()), 3, &answers("ab")),
            Recovery::Resume(answers("abc"))
        );
        // Something else was saved as version 3: the author chooses.
        assert_eq!(
            recover(Some(draft), 3, &answers("x")),
            Recovery::Conflict(answers("abc"))
        );
    }

    #[test]
    fn a_draft_on_an_older_version_is_a_conflict() {
        let draft = Draft {
            base_version: 1,
            answers: answers("mine"),
            sent: None,
        };
        assert_eq!(
            recover(Some(draft), 3, &answers("theirs")),
            Recovery::Conflict(answers("mine"))
        );
    }

    #[test]
    fn drafts_read_back_as_written() {
        let draft = Draft {
            base_version: 4,
            answers: [
                ("t".to_owned(), Answer::Text("Godt".into())),
                ("s".to_owned(), Answer::Scale(4)),
                ("m".to_owned(), Answer::Choices(vec!["Kursus".into()])),
            ]
            .into(),
            sent: Some(answers("Go")),
        };
        let raw = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&raw).unwrap(), draft);
    }
}
