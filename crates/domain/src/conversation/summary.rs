//! What identifies one exact text of a summary: its version and content hash.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The number of a summary version: 1 for the summary written after the
/// meeting, one more for each amendment of a signed summary.
///
/// Edits to a draft do not change the number (the content hash tells drafts
/// apart); only an amendment does, because each number is a version both
/// parties sign and that stays readable at `…/summary/versions/{n}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = u32, minimum = 1, example = 1))]
#[serde(transparent)]
pub struct SummaryVersion(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SummaryVersionError {
    #[error("summary versions start at 1")]
    Zero,
}

impl SummaryVersion {
    /// The summary written after the meeting.
    pub const FIRST: SummaryVersion = SummaryVersion(1);

    pub fn new(number: u32) -> Result<SummaryVersion, SummaryVersionError> {
        if number == 0 {
            Err(SummaryVersionError::Zero)
        } else {
            Ok(SummaryVersion(number))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// The version an amendment creates, or `None` once the numbers run out
    /// (after four billion amendments; the summary then simply stays locked).
    pub fn next(self) -> Option<SummaryVersion> {
        self.0.checked_add(1).map(SummaryVersion)
    }

    /// The version before this one, which an amendment replaces.
    pub fn previous(self) -> Option<SummaryVersion> {
        self.0
            .checked_sub(1)
            .and_then(|number| SummaryVersion::new(number).ok())
    }
}

impl TryFrom<u32> for SummaryVersion {
    type Error = SummaryVersionError;

    fn try_from(number: u32) -> Result<Self, Self::Error> {
        SummaryVersion::new(number)
    }
}

impl From<SummaryVersion> for u32 {
    fn from(version: SummaryVersion) -> Self {
        version.0
    }
}

impl<'de> Deserialize<'de> for SummaryVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u32::deserialize(deserializer)?;
        SummaryVersion::new(number).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for SummaryVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The SHA-256 of a summary's content, as 64 lowercase hexadecimal digits.
///
/// A signature names the hash of the text its signer read, so a signature can
/// never be attached to words the signer did not see. The server computes it;
/// clients only pass back what they were given, which is why the parse is
/// strict (no trimming, no upper case) rather than forgiving.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        value_type = String,
        pattern = "^[0-9a-f]{64}$",
        example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    )
)]
#[serde(transparent)]
pub struct ContentHash(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentHashError {
    #[error("a content hash has exactly {len} hexadecimal digits", len = ContentHash::LEN)]
    WrongLength,
    #[error("a content hash consists of the digits 0-9 and lowercase a-f only")]
    NotLowercaseHex,
}

impl ContentHash {
    /// Hexadecimal digits in a SHA-256.
    pub const LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<ContentHash, ContentHashError> {
        let lowercase_hex = |byte: &u8| byte.is_ascii_digit() || (b'a'..=b'f').contains(byte);
        if !raw.as_bytes().iter().all(lowercase_hex) {
            return Err(ContentHashError::NotLowercaseHex);
        }
        // Every byte is an ASCII digit or letter by now, so bytes count characters.
        if raw.len() != Self::LEN {
            return Err(ContentHashError::WrongLength);
        }
        Ok(ContentHash(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ContentHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        ContentHash::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of "test".
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn a_sha256_in_lowercase_hex_is_a_content_hash() {
        let hash = ContentHash::parse(HASH).unwrap();
        assert_eq!(hash.as_str(), HASH);
        assert_eq!(hash.to_string(), HASH);
        assert!(ContentHash::parse(&"0".repeat(64)).is_ok());
        assert!(ContentHash::parse(&"f".repeat(64)).is_ok());
    }

    #[test]
    fn hashes_of_the_wrong_length_are_rejected() {
        for raw in [
            String::new(),
            HASH[..63].to_owned(),
            format!("{HASH}0"),
            HASH[..32].to_owned(),
        ] {
            assert_eq!(
                ContentHash::parse(&raw),
                Err(ContentHashError::WrongLength),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn anything_but_lowercase_hex_digits_is_rejected() {
        for raw in [
            HASH.to_uppercase(),
            format!("A{}", &HASH[1..]),
            format!("g{}", &HASH[1..]),
            format!(" {}", &HASH[1..]),
            format!("{HASH} "),
            format!("{}\n", &HASH[1..]),
            format!("æ{}", &HASH[2..]),
            format!("0x{}", &HASH[2..]),
            "-".repeat(64),
        ] {
            assert_eq!(
                ContentHash::parse(&raw),
                Err(ContentHashError::NotLowercaseHex),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn content_hashes_serialise_as_bare_strings_and_are_checked_when_read() {
        let hash = ContentHash::parse(HASH).unwrap();
        assert_eq!(serde_json::to_value(&hash).unwrap(), HASH);
        assert_eq!(
            serde_json::from_value::<ContentHash>(HASH.into()).unwrap(),
            hash
        );
        assert!(serde_json::from_value::<ContentHash>(HASH.to_uppercase().into()).is_err());
        assert!(serde_json::from_value::<ContentHash>("abc".into()).is_err());
    }

    #[test]
    fn versions_start_at_one_and_count_up() {
        assert_eq!(SummaryVersion::new(0), Err(SummaryVersionError::Zero));
        assert_eq!(SummaryVersion::new(1), Ok(SummaryVersion::FIRST));
        assert_eq!(SummaryVersion::FIRST.get(), 1);
        assert_eq!(
            SummaryVersion::FIRST.next(),
            Some(SummaryVersion::new(2).unwrap())
        );
        assert_eq!(SummaryVersion::new(u32::MAX).unwrap().next(), None);
        assert_eq!(SummaryVersion::FIRST.previous(), None);
        assert_eq!(
            SummaryVersion::new(3).unwrap().previous(),
            Some(SummaryVersion::new(2).unwrap())
        );
    }

    #[test]
    fn versions_serialise_as_numbers_and_zero_is_refused() {
        let version = SummaryVersion::new(2).unwrap();
        assert_eq!(serde_json::to_string(&version).unwrap(), "2");
        assert_eq!(
            serde_json::from_str::<SummaryVersion>("2").unwrap(),
            version
        );
        assert!(serde_json::from_str::<SummaryVersion>("0").is_err());
        assert!(serde_json::from_str::<SummaryVersion>("-1").is_err());
        assert!(serde_json::from_str::<SummaryVersion>("\"2\"").is_err());
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn the_schemas_tell_clients_the_rules() {
        use utoipa::PartialSchema;

        let hash = serde_json::to_value(ContentHash::schema()).unwrap();
        assert_eq!(hash["type"], "string");
        assert_eq!(hash["pattern"], "^[0-9a-f]{64}$");
        let version = serde_json::to_value(SummaryVersion::schema()).unwrap();
        assert_eq!(version["type"], "integer");
        assert_eq!(version["minimum"], 1);
    }
}
