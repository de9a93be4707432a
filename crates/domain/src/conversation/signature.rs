//! Signing a summary ("underskrift"), including as "seen, not agreed".

use std::fmt;

use serde::{Deserialize, Serialize};

use super::party::Party;
use super::summary::{ContentHash, SummaryVersion};

/// One party's signature on one exact text of the summary.
///
/// It names both the version and the content hash its signer read: the
/// version so that a signature on version 1 cannot be counted for an
/// amendment, the hash so that it cannot be counted for a draft that changed
/// after the signer loaded it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub by: Party,
    pub version: SummaryVersion,
    pub content_hash: ContentHash,
    /// Present when the employee signed to confirm having read the summary
    /// while disagreeing with it ("set, men ikke enig"). Absent means agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_not_agreed: Option<SeenNotAgreed>,
}

impl Signature {
    /// A signature that agrees with the summary.
    pub fn agreed(by: Party, version: SummaryVersion, content_hash: ContentHash) -> Signature {
        Signature {
            by,
            version,
            content_hash,
            seen_not_agreed: None,
        }
    }

    /// The employee's signature confirming they have read the summary, with
    /// the comment saying what they disagree with.
    pub fn seen_not_agreed(
        version: SummaryVersion,
        content_hash: ContentHash,
        comment: SeenNotAgreedComment,
    ) -> Signature {
        Signature {
            by: Party::Employee,
            version,
            content_hash,
            seen_not_agreed: Some(SeenNotAgreed { comment }),
        }
    }

    /// Whether this signature covers exactly that text.
    pub fn covers(&self, version: SummaryVersion, content_hash: &ContentHash) -> bool {
        self.version == version && &self.content_hash == content_hash
    }
}

/// Signing as "seen, not agreed" ("set, men ikke enig"), which Danish public
/// sector practice allows the employee. The comment is required: a bare
/// disagreement tells the manager, and a later reader, nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeenNotAgreed {
    pub comment: SeenNotAgreedComment,
}

/// What the employee disagrees with: trimmed, not empty, at most
/// [`SeenNotAgreedComment::MAX_LEN`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        value_type = String,
        min_length = 1,
        max_length = 2000,
        example = "Jeg er ikke enig i vurderingen af samarbejdet i teamet."
    )
)]
#[serde(transparent)]
pub struct SeenNotAgreedComment(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeenNotAgreedCommentError {
    #[error("signing as seen, not agreed needs a comment saying what you disagree with")]
    Empty,
    #[error("the comment is at most {max} characters", max = SeenNotAgreedComment::MAX_LEN)]
    TooLong,
}

impl SeenNotAgreedCommentError {
    /// A stable, snake_case name for the problem, for field errors.
    pub fn code(&self) -> &'static str {
        match self {
            SeenNotAgreedCommentError::Empty => "comment_required",
            SeenNotAgreedCommentError::TooLong => "comment_too_long",
        }
    }
}

impl SeenNotAgreedComment {
    /// Counted in characters, not bytes, so Danish letters cost one each.
    pub const MAX_LEN: usize = 2000;

    pub fn parse(raw: &str) -> Result<SeenNotAgreedComment, SeenNotAgreedCommentError> {
        let comment = raw.trim();
        if comment.is_empty() {
            return Err(SeenNotAgreedCommentError::Empty);
        }
        if comment.chars().count() > Self::MAX_LEN {
            return Err(SeenNotAgreedCommentError::TooLong);
        }
        Ok(SeenNotAgreedComment(comment.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for SeenNotAgreedComment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        SeenNotAgreedComment::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for SeenNotAgreedComment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash() -> ContentHash {
        ContentHash::parse(&"a".repeat(64)).unwrap()
    }

    #[test]
    fn a_comment_is_trimmed_but_keeps_its_inner_lines() {
        let comment = SeenNotAgreedComment::parse("  Uenig i punkt 2.\n\nOg punkt 3.  \n").unwrap();
        assert_eq!(comment.as_str(), "Uenig i punkt 2.\n\nOg punkt 3.");
    }

    #[test]
    fn an_empty_or_blank_comment_is_refused() {
        for raw in ["", " ", "\n\t  \r\n"] {
            assert_eq!(
                SeenNotAgreedComment::parse(raw),
                Err(SeenNotAgreedCommentError::Empty),
                "{raw:?}"
            );
        }
        assert_eq!(SeenNotAgreedCommentError::Empty.code(), "comment_required");
    }

    #[test]
    fn a_comment_may_be_2000_characters_but_not_2001() {
        let longest = "æ".repeat(SeenNotAgreedComment::MAX_LEN);
        assert!(
            longest.len() > SeenNotAgreedComment::MAX_LEN,
            "counts chars, not bytes"
        );
        assert!(SeenNotAgreedComment::parse(&longest).is_ok());
        assert!(SeenNotAgreedComment::parse(&format!("  {longest}  ")).is_ok());
        assert_eq!(
            SeenNotAgreedComment::parse(&format!("{longest}ø")),
            Err(SeenNotAgreedCommentError::TooLong)
        );
        assert_eq!(
            SeenNotAgreedCommentError::TooLong.code(),
            "comment_too_long"
        );
    }

    #[test]
    fn comments_are_checked_when_read_from_json() {
        assert!(serde_json::from_value::<SeenNotAgreedComment>("  ".into()).is_err());
        assert!(serde_json::from_value::<SeenNotAgreed>(serde_json::json!({})).is_err());
        assert!(
            serde_json::from_value::<SeenNotAgreed>(serde_json::json!({ "comment": "" })).is_err()
        );
        let read: SeenNotAgreed =
            serde_json::from_value(serde_json::json!({ "comment": " Uenig " })).unwrap();
        assert_eq!(read.comment.as_str(), "Uenig");
    }

    #[test]
    fn an_agreed_signature_leaves_out_seen_not_agreed() {
        let signature = Signature::agreed(Party::Manager, SummaryVersion::FIRST, hash());
        let json = serde_json::to_value(&signature).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "by": "manager", "version": 1, "content_hash": "a".repeat(64) })
        );
        assert_eq!(
            serde_json::from_value::<Signature>(json).unwrap(),
            signature
        );
    }

    #[test]
    fn a_seen_not_agreed_signature_is_the_employees_and_carries_its_comment() {
        let comment = SeenNotAgreedComment::parse("Uenig").unwrap();
        let signature = Signature::seen_not_agreed(SummaryVersion::FIRST, hash(), comment);
        assert_eq!(signature.by, Party::Employee);
        let json = serde_json::to_value(&signature).unwrap();
        assert_eq!(json["seen_not_agreed"]["comment"], "Uenig");
        assert_eq!(
            serde_json::from_value::<Signature>(json).unwrap(),
            signature
        );
    }

    #[test]
    fn a_signature_covers_only_its_exact_version_and_hash() {
        let signature = Signature::agreed(Party::Employee, SummaryVersion::FIRST, hash());
        assert!(signature.covers(SummaryVersion::FIRST, &hash()));
        assert!(!signature.covers(SummaryVersion::new(2).unwrap(), &hash()));
        let other = ContentHash::parse(&"b".repeat(64)).unwrap();
        assert!(!signature.covers(SummaryVersion::FIRST, &other));
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn the_comment_schema_states_its_length_limits() {
        use utoipa::PartialSchema;

        let schema = serde_json::to_value(SeenNotAgreedComment::schema()).unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["minLength"], 1);
        assert_eq!(schema["maxLength"], SeenNotAgreedComment::MAX_LEN);
    }
}
